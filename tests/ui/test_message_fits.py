"""The app's questions and progress boxes, walked like its dialogs (issue 14.12): the delete confirmation, "close
and lose the unsaved changes?", the language restart, the sample-data prompt, issuing a document, a secret
document's warning, the progress of a long task — each opened the way the app opens it, in Vietnamese and English:
no text cut (buttons, the window title, wrapped sentences, the progress line), no English word in the Vietnamese app.

A blocking question (``QMessageBox.question``) is measured from a timer while it waits for its answer, then
answered with its Escape button (No, Cancel): the app goes on as the user who says no would see it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QMessageBox, QProgressDialog, QWidget
from pytestqt.qtbot import QtBot
from text_fits import cut_texts, plain, shot, too_large, wrapped_cut

from ssdesk.demo import build_demo
from ssdesk.i18n import _, set_language
from ssdesk.store import Store
from ui.main_window import MainWindow

#: What Qt or the app may show as is in Vietnamese too.
SAME_IN_BOTH = {"OK", "PDF", "SHA-256"}
#: Room a title bar takes besides its title: the window icon and the close (minimise, maximise) buttons.
TITLE_BAR_CHROME = 110


def problems(box: QDialog, lang: str) -> list[str]:
    """What the user of ``box`` cannot read: cut texts, a title longer than its title bar, English in Vietnamese."""
    found = list(cut_texts(box)) + too_large(box, opening=True)
    labels = [w for w in box.findChildren(QLabel) if w.isVisible() and w.text()]
    for label in labels:
        if label.wordWrap() and (why := wrapped_cut(label)):
            found.append(f"label “{label.text()[:40]}…” {why}")
    title = box.windowTitle()
    need = box.fontMetrics().horizontalAdvance(title) + TITLE_BAR_CHROME
    if need > box.width():
        found.append(f"title “{title}” needs {need}px with the title bar's buttons, the box is {box.width()}px")
    if lang == "vi":  # line by line: one English heading in a Vietnamese message ("What depends on it:") is found
        texts = [title] + [line for w in labels for line in plain(w.text()).splitlines()] + \
                [plain(b.text()) for b in box.findChildren(QAbstractButton) if b.isVisible() and b.text()]
        found += [f"English in the Vietnamese app: “{t}”" for t in texts if english(t)]
    return found


def english(line: str) -> bool:
    """A line that reads as English: no Vietnamese letter, and a word of letters not shown alike in both languages
    (a number, a date or a checksum alone is neither)."""
    words = [w for w in re.findall(r"[A-Za-z]{2,}", line) if w not in SAME_IN_BOTH]
    return line.isascii() and bool(words)


def answered(qtbot: QtBot, name: str, opens: Callable[[], object], lang: str) -> list[str]:
    """Call ``opens`` (which shows a modal question and waits), measure the question, answer it with Escape."""
    found: list[str] = []
    seen: list[QWidget] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box in seen or not box.isVisible():
            return
        seen.append(box)
        found.extend(f"[{name}] {p}" for p in problems(box, lang))
        shot(box, f"{lang}-message-{name}")
        escape = box.escapeButton()
        if escape is not None:
            escape.click()
        else:
            box.reject()

    timer = QTimer(interval=20)
    timer.timeout.connect(look)
    timer.start()
    try:
        opens()
    finally:
        timer.stop()
    assert seen, f"{name}: no question was shown"
    return found


def shown_box(qtbot: QtBot, name: str, box: QDialog | None, lang: str) -> list[str]:
    """A question the app shows without waiting (the language restart, the sample prompt): measured, then closed."""
    assert box is not None, f"{name}: no question was shown"
    qtbot.waitUntil(box.isVisible, timeout=3000)
    qtbot.wait(20)
    found = [f"[{name}] {p}" for p in problems(box, lang)]
    shot(box, f"{lang}-message-{name}")
    box.reject()
    return found


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, request: pytest.FixtureRequest) -> MainWindow:
    store = Store.open(tmp_path / "demo.ssdesk", create=True, user="test@host")
    build_demo(store)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture(params=["vi", "en"])
def lang(request: pytest.FixtureRequest) -> str:
    """The app's language for the test (set before the window is built; Qt's own buttons in it too)."""
    from PySide6.QtCore import QCoreApplication

    from ui import qt_strings

    set_language(request.param)
    installed = qt_strings.install(QApplication.instance())
    request.addfinalizer(lambda: (QCoreApplication.removeTranslator(installed), set_language("en")))
    return str(request.param)


def test_confirmations_fit_and_speak_the_apps_language(qtbot: QtBot, lang: str, window: MainWindow) -> None:
    from ssdesk.models.catalog import Unit
    from ui.features.catalog.deleting import confirm_delete
    from ui.features.documents.output import confirm_secret
    from ui.forms.fields import may_close_unsaved

    store = window.store
    used = store.visits.get(store.visits.rows()[0].id).unit_id
    assert used is not None
    spare = store.catalog.add_unit("Ban Tuyên giáo Quận ủy Hoàng Mai", "district_committee")
    found = answered(qtbot, "delete", lambda: confirm_delete(window, store, Unit, spare.id, spare.name), lang)
    found += answered(qtbot, "delete refused",
                      lambda: confirm_delete(window, store, Unit, used, store.catalog.unit(used).name), lang)
    problem = _("Place") + ": 31/02/2024"  # a form's field and the typing the core refused
    found += answered(qtbot, "unsaved", lambda: may_close_unsaved(window, [problem]), lang)
    found += answered(qtbot, "secret", lambda: confirm_secret(window, _("It will be printed.")), lang)

    from ui.features.documents import DocumentsFeature

    documents = window.findChild(DocumentsFeature)
    assert documents is not None
    dialog = documents.open_document(store.visits.rows()[0].id, "minutes")
    assert dialog is not None
    qtbot.waitExposed(dialog)
    found += answered(qtbot, "issue", dialog.issue, lang)  # "Issue this document as version 1?" — No
    dialog.close()
    assert found == [], "\n".join(found)


def test_prompts_fit_and_speak_the_apps_language(qtbot: QtBot, lang: str, window: MainWindow,
                                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ssdesk import store as store_module
    from ui.features.files import choose_language
    from ui.features.files.sample import offer_sample
    from ui.features.files.settings import store_language

    store_language("en" if lang == "vi" else "vi")  # the language was just changed to ``lang``
    found = shown_box(qtbot, "language", choose_language(window, lang), lang)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the empty default file, not the user's own
    default = MainWindow(Store.open(store_module.default_case_file()))
    qtbot.addWidget(default)
    default.show()
    qtbot.waitExposed(default)
    box = default.findChild(QMessageBox, "samplePrompt") or offer_sample(default)
    found += shown_box(qtbot, "sample", box, lang)
    default.close()
    assert found == [], "\n".join(found)


def test_progress_fits_and_speaks_the_apps_language(qtbot: QtBot, lang: str, window: MainWindow) -> None:
    """A long task's progress box (what every export and import shows), with the longest line it says."""
    from ui.jobs import run_job

    go_on = threading.Event()
    name = "Đoàn giám sát số 1 - Quận ủy Hoàng Mai - buổi làm việc 27-02-2024.json"

    def work(progress: Callable[[float, str], None], cancelled: Callable[[], bool]) -> None:
        progress(0.1, _("Reading “{name}”…").format(name=name))
        go_on.wait(10)

    job = run_job(window, _("Import working session"), work, show_after_ms=0)
    try:
        qtbot.waitUntil(lambda: job.dialog is not None and job.dialog.isVisible()
                        and "…" in job.dialog.labelText(), timeout=5000)
        qtbot.wait(50)
        assert isinstance(job.dialog, QProgressDialog)
        found = [f"[progress] {p}" for p in problems(job.dialog, lang)]
        shot(job.dialog, f"{lang}-message-progress")
    finally:
        go_on.set()
    qtbot.waitUntil(lambda: job.dialog is None, timeout=5000)
    assert found == [], "\n".join(found)
