"""The documents feature driven as a user would: the demo case file, a fresh window per test, modal boxes replaced."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from helpers import only_features
from openpyxl import load_workbook
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.documents.issuing import issued_pdf, issued_versions
from ssdesk.enums import Classification
from ssdesk.store import Store
from ui import jobs
from ui.features.documents import DocumentDialog, DocumentsFeature
from ui.features.documents import dialog as dialog_module
from ui.features.documents.dialog import docx_filter, pdf_filter
from ui.features.documents.output import print_document
from ui.main_window import MainWindow


class Recorder:
    """Stands in for a static QMessageBox / QFileDialog call: records the texts, answers ``answer``."""

    def __init__(self, answer: object = None) -> None:
        self.calls: list[tuple[str, ...]] = []
        self.answer = answer

    def __call__(self, _parent: object, *texts: object, **_kwargs: object) -> object:
        self.calls.append(tuple(str(t) for t in texts[:2]))
        return self.answer


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    # Only the features under test: the others are written at the same time and are tested on their own.
    only_features(monkeypatch, "ui.features.documents", "ui.features.search")
    store = Store.open(tmp_path / "demo.ssdesk", create=True, user="test@host")
    build_demo(store)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def demo_visit(window: MainWindow) -> str:
    return window.model.row_at(0).id


def feature(window: MainWindow) -> DocumentsFeature:
    found = window.findChild(DocumentsFeature, "documentsFeature")
    assert found is not None
    return found


def open_dialog(window: MainWindow, kind: str = "minutes") -> DocumentDialog:
    dialog = feature(window).open_document(demo_visit(window), kind)
    assert dialog is not None
    return dialog


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_dialog_renders_the_minutes_preview(window: MainWindow) -> None:
    dialog = open_dialog(window)
    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() > 1
    assert dialog.view.document() is dialog.document
    assert dialog.form.signer.placeholderText() == "Nguyễn Thị Tuyến"  # the derived default is shown
    assert feature(window).open_document(demo_visit(window), "minutes") is dialog  # one dialog per visit and kind


def test_edits_re_render_the_preview_and_errors_show_under_the_form(window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_dialog(window)
    before = dialog.pdf_bytes
    qtbot.keyClicks(dialog.form.number, "125")
    qtbot.waitUntil(lambda: dialog.pdf_bytes != before, timeout=3000)
    assert "125-BB/ĐGS" in pdf_text(dialog.pdf_bytes)
    shown = dialog.pdf_bytes
    qtbot.keyClicks(dialog.form.number, "/x/y")
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=3000)
    assert "125/x/y" in dialog.message.text()
    assert dialog.pdf_bytes == shown  # the last good preview stays


def test_save_as_writes_a_pdf_with_the_attendees_and_a_docx(window: MainWindow, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = open_dialog(window)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", Recorder((str(tmp_path / "bien-ban"), pdf_filter())))
    saved = dialog.save_as()
    assert saved == tmp_path / "bien-ban.pdf"
    text = pdf_text(saved.read_bytes())
    for name in ("Nguyễn Thị Tuyến", "Phan Văn Mến", "Nguyễn Xuân Linh"):
        assert name in text
    monkeypatch.setattr(QFileDialog, "getSaveFileName", Recorder((str(tmp_path / "bien-ban.docx"), docx_filter())))
    docx = dialog.save_as()
    assert docx == tmp_path / "bien-ban.docx" and docx.read_bytes()[:2] == b"PK"


def test_issue_twice_makes_versions_and_shows_the_frozen_pdf(window: MainWindow, qtbot: QtBot,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = open_dialog(window, "conclusion")
    visit_id = demo_visit(window)
    question = Recorder(QMessageBox.StandardButton.Yes)
    info = Recorder()
    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "information", info)
    qtbot.keyClicks(dialog.form.number, "125")

    first = dialog.issue()
    assert first is not None and first.version == 1 and first.number == "125-TB/TU"
    assert "version 1" in question.calls[0][1]
    assert first.sha256 in info.calls[0][1] and "version 1" in info.calls[0][1]
    assert dialog.shown_issued == first.id and dialog.pdf_bytes == issued_pdf(window.store, first.id)
    assert first.sha256 in dialog.shown_label.text()

    second = dialog.issue()
    assert second is not None and second.version == 2
    assert [d.version for d in issued_versions(window.store, visit_id, "conclusion")] == [1, 2]
    assert dialog.pdf_bytes == issued_pdf(window.store, second.id)
    assert dialog.versions.count() == 2

    dialog.versions.setCurrentRow(0)  # "Open" on version 1 shows its frozen bytes again
    dialog.open_button.click()
    assert dialog.shown_issued == first.id and dialog.pdf_bytes == issued_pdf(window.store, first.id)
    dialog.draft_button.click()
    assert dialog.shown_issued is None and "Draft" in dialog.shown_label.text()


def test_issue_without_a_number_says_why_and_issues_nothing(window: MainWindow,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = open_dialog(window)
    monkeypatch.setattr(QMessageBox, "question", Recorder(QMessageBox.StandardButton.Yes))
    critical = Recorder()
    monkeypatch.setattr(QMessageBox, "critical", critical)
    assert dialog.issue() is None
    assert "number" in critical.calls[0][1]
    assert issued_versions(window.store, demo_visit(window), "minutes") == []


def test_a_secret_visit_asks_before_saving_or_printing(window: MainWindow, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    window.store.visits.update(demo_visit(window), classification=Classification.SECRET)
    dialog = open_dialog(window)
    assert dialog.secret and "MẬT" in dialog.shown_label.text()
    warning = Recorder(QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "warning", warning)
    chooser = Recorder((str(tmp_path / "mat.pdf"), pdf_filter()))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", chooser)
    assert dialog.save_as() is None and dialog.print_document() is False
    assert len(warning.calls) == 2 and "MẬT" in warning.calls[0][1]
    assert chooser.calls == [] and not (tmp_path / "mat.pdf").exists()
    warning.answer = QMessageBox.StandardButton.Yes
    assert dialog.save_as() == tmp_path / "mat.pdf"


def test_the_printers_document_name_is_one_file_name(window: MainWindow) -> None:
    """Printing to a file, Qt proposes "<document name>.pdf": the window title's date ("27/02/2024") made it a path
    into folders that do not exist, and the print dialog refused it in English (GUI walk)."""
    dialog = open_dialog(window)
    assert "/" in dialog.windowTitle()  # the sample's title carries its date
    name = dialog.make_printer().docName()
    assert name and "/" not in name and "\\" not in name and name.split(",")[0] == dialog.windowTitle().split(",")[0]


def test_the_conclusion_notice_has_a_key_beside_the_minutes(window: MainWindow) -> None:
    """Ctrl+P the minutes, Ctrl+Shift+P the conclusion notice, and both in the list of shortcuts (GUI walk)."""
    from PySide6.QtGui import QKeySequence

    from ui.features.help import shortcut_rows

    docs = feature(window)
    assert docs.action_conclusion.shortcut() == QKeySequence("Ctrl+Shift+P")
    assert any("Ctrl+Shift+P" in keys for keys, _what in shortcut_rows(window))


def test_print_paints_every_page(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = open_dialog(window)
    target = tmp_path / "printed.pdf"

    def pdf_printer() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return printer

    class AcceptingPrintDialog:
        def __init__(self, printer: QPrinter, parent: object) -> None:
            self.printer = printer

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialog, "make_printer", pdf_printer)
    monkeypatch.setattr(dialog_module, "QPrintDialog", AcceptingPrintDialog)
    assert dialog.print_document()
    assert len(pypdf.PdfReader(target).pages) == dialog.document.pageCount()
    assert print_document(dialog.document, pdf_printer()) == dialog.document.pageCount()


def test_ctrl_p_in_a_visit_editor_opens_the_minutes(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.open_visit(demo_visit(window))
    qtbot.addWidget(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=2000)
    qtbot.keyClick(editor, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: (demo_visit(window), "minutes") in feature(window).dialogs, timeout=3000)
    assert feature(window).dialogs[(demo_visit(window), "minutes")].isVisible()


def test_menu_opens_the_dialog_of_the_selected_visit(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    info = Recorder()
    monkeypatch.setattr(QMessageBox, "information", info)
    window.table.setCurrentIndex(QModelIndex())
    window.table.clearSelection()
    feature(window).action_conclusion.trigger()
    assert info.calls and not feature(window).dialogs  # nothing selected: says so
    window.table.selectRow(0)
    feature(window).action_conclusion.trigger()
    dialog = feature(window).dialogs[(demo_visit(window), "conclusion")]
    assert dialog.kind == "conclusion" and dialog.document.pageCount() >= 1
    assert feature(window).action_minutes in window.menu("file").actions()


def test_followup_report_job_writes_an_xlsx(window: MainWindow, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs.JobRunner, "synchronous", True)
    dialog = feature(window).open_followup()
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", Recorder((str(tmp_path / "theo-doi"), "")))
    job = dialog.make()
    assert job is not None and job.error is None
    assert dialog.saved == tmp_path / "theo-doi.xlsx"
    sheet = load_workbook(dialog.saved).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("Hoàng Mai" in c for c in cells)
    assert "Saved" in dialog.message.text()


def test_followup_report_cancel_writes_nothing(window: MainWindow, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.features.documents.followup import make_followup

    work = make_followup(window.store, "pdf", tmp_path / "x.pdf", {"unit": None, "delegation": None, "status": None})
    with pytest.raises(jobs.JobCancelled):
        work(lambda _f, _m: None, lambda: True)
    assert not (tmp_path / "x.pdf").exists()
