"""The window shows what the login may do on the office server (issue 18): a reader's editing actions are off with
the reason; Users of the server… lets the owner add a user (a bad name is told under the form, which keeps what was
typed) and shows a non-administrator why its buttons are off."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from typing import Any  # noqa: E402

import psycopg  # noqa: E402
import pytest  # noqa: E402
from helpers import private_settings  # noqa: E402

from ssdesk.demo import build_demo  # noqa: E402
from ssdesk.i18n import language, set_language  # noqa: E402
from ssdesk.server import users  # noqa: E402
from ssdesk.store import Store  # noqa: E402


@pytest.fixture
def english(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    private_settings(tmp_path_factory.mktemp("settings"), monkeypatch)
    before = language()
    set_language("en")
    yield
    set_language(before)


@pytest.fixture
def office(pg_url: str) -> Iterator[tuple[str, str]]:
    """The demo on a server database and a reader login; (owner's URL, reader's URL)."""
    tag = pg_url.split("?")[0].rsplit("/", 1)[1][-6:]
    with Store.open(pg_url) as store:
        build_demo(store)
        with store.engine.begin() as conn:
            users.add_user(conn, f"doc_{tag}", "reader")
    yield pg_url, pg_url.replace("ssdesk@", f"doc_{tag}@")


def _window(qtbot: Any, url: str) -> Any:
    from ui.main_window import MainWindow

    window = MainWindow(Store.open(url))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_reader_sees_editing_off_with_the_reason(qtbot: Any, english: None, office: tuple[str, str]) -> None:
    from PySide6.QtGui import QAction

    window = _window(qtbot, office[1])
    assert window.access.permissions.role == "reader"
    assert not window.action_new_visit.isEnabled() and "reader" in window.action_new_visit.toolTip()
    assert not window.action_import_visit.isEnabled()
    users_action = window.findChild(QAction, "serverUsers")
    assert users_action is not None and users_action.isVisible()
    from ui.features.access.dialog import UsersDialog

    dialog = UsersDialog(window.store, window.access.permissions, window)
    qtbot.addWidget(dialog)
    assert not dialog.add_button.isEnabled() and "administrator" in dialog.add_button.toolTip()
    assert dialog.table.rowCount() == 1  # their own row only
    qtbot.wait(300)  # the pages finish loading while the database is still there
    window.close()


def test_the_owner_adds_a_user_in_the_dialog(qtbot: Any, english: None, office: tuple[str, str],
                                             pg_cluster: Any) -> None:
    from PySide6.QtCore import Qt

    from ui.features.access.dialog import UsersDialog

    window = _window(qtbot, office[0])
    assert window.action_new_visit.isEnabled() and window.access.permissions.role == "owner"
    dialog = UsersDialog(window.store, window.access.permissions, window)
    qtbot.addWidget(dialog)
    assert dialog.add_button.isEnabled() and dialog.table.rowCount() == 1
    dialog.show()
    qtbot.keyClicks(dialog.name, "Thu Ky Moi")  # not a login name: told, and kept
    dialog.role.setCurrentIndex(dialog.role.findData("secretary"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "Thu Ky Moi" in dialog.message.text() and dialog.name.text() == "Thu Ky Moi"
    login = "tkmoi_" + office[0].split("?")[0].rsplit("/", 1)[1][-6:]
    dialog.name.setText(login)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # a secretary without a delegation: told
    assert "delegation" in dialog.message.text() and dialog.table.rowCount() == 1
    dialog.delegations.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 2 and login in dialog.message.text()
    with psycopg.connect(host=pg_cluster.host, port=pg_cluster.port, user=login,
                         dbname=office[0].split("?")[0].rsplit("/", 1)[1]) as con:
        assert con.execute("SELECT count(*) FROM visit").fetchone() == (1,)
    qtbot.wait(300)  # the pages finish loading while the database is still there
    window.close()


def test_a_change_refused_because_rights_changed_keeps_the_text_and_says_why(
        qtbot: Any, english: None, office: tuple[str, str]) -> None:
    from PySide6.QtWidgets import QLineEdit

    from ssdesk.server.rights import refusal_message

    tag = office[0].split("?")[0].rsplit("/", 1)[1][-6:]
    with Store.open(office[0]) as admin, admin.engine.begin() as conn:
        users.add_user(conn, f"tk_{tag}", "secretary", ["Đoàn giám sát số 1"])
    window = _window(qtbot, office[0].replace("ssdesk@", f"tk_{tag}@"))
    assert window.action_new_visit.isEnabled()
    qtbot.waitUntil(lambda: window.model.total_count() == 1)
    editor = window.open_visit(window.model.row_at(0).id)
    qtbot.waitExposed(editor)
    place = editor.findChild(QLineEdit, "place")
    qtbot.waitUntil(lambda: bool(place.text()))
    with Store.open(office[0]) as admin, admin.engine.begin() as conn:
        users.change_user(conn, f"tk_{tag}", role="reader")  # meanwhile, the administrator
    place.setFocus()
    place.selectAll()
    qtbot.keyClicks(place, "Hoi truong tang 7")
    assert not editor.flush()
    assert place.text() == "Hoi truong tang 7"  # nothing typed is lost
    assert refusal_message() in editor.status.text()
    editor.discard_unsaved()
    editor.close_now()  # (close() would ask about the unsaved text)
    qtbot.wait(300)
    window.close()


def _roles(office: tuple[str, str]) -> dict[str, str]:
    """A leader (cleared), a second reader and a secretary of the demo's delegation; role → URL."""
    tag = office[0].split("?")[0].rsplit("/", 1)[1][-6:]
    with Store.open(office[0]) as admin, admin.engine.begin() as conn:
        users.add_user(conn, f"ld_{tag}", "leader", cleared=True)
        users.add_user(conn, f"tk_{tag}", "secretary", ["Đoàn giám sát số 1"])
    return {"leader": office[0].replace("ssdesk@", f"ld_{tag}@"), "reader": office[1],
            "secretary": office[0].replace("ssdesk@", f"tk_{tag}@")}


def _editor(qtbot: Any, window: Any) -> Any:
    qtbot.waitUntil(lambda: window.model.total_count() == 1)
    editor = window.open_visit(window.model.row_at(0).id)
    qtbot.waitExposed(editor)
    qtbot.waitUntil(lambda: editor.session.loaded and editor.tabs.isEnabled())
    return editor


def test_the_editor_opens_read_only_with_the_reason_for_a_leader_and_a_reader(
        qtbot: Any, english: None, office: tuple[str, str], tmp_path: Any) -> None:
    """Read-only before anyone types: the reason above the pages, fields read-only, the editing actions off — on
    every page, also those built later; the find box and the tabs keep working. A leader still verifies follow-up
    and issues documents; a reader does neither. A secretary of the session's delegation edits as before."""
    import datetime as dt

    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QPushButton, QTableView

    from ssdesk.models import Recommendation
    from ui.features.access.readonly import BANNER
    from ui.features.documents.dialog import DocumentDialog
    from ui.features.followup.dialogs import FollowupDialog

    urls, shots = _roles(office), tmp_path
    for role, words in (("leader", "leader"), ("reader", "reader")):
        window = _window(qtbot, urls[role])
        live = window.findChild(QAction, "actionLiveMinutes")
        assert live is not None and not live.isEnabled() and words in live.toolTip()
        editor = _editor(qtbot, window)
        banner = editor.findChild(QLabel, BANNER)
        assert banner is not None and banner.isVisible() and words in banner.text(), role
        place = editor.findChild(QLineEdit, "place")
        assert place.isReadOnly()
        place.setFocus()
        qtbot.keyClicks(place, "x")
        assert "x" not in place.text()  # nothing can be typed
        for name in ("actionSave", "actionLiveMinutes", "actionUndo", "actionPickUp"):
            action = editor.findChild(QAction, name)
            assert action is not None and not action.isEnabled() and words in action.toolTip(), (role, name)
        editor.tabs.setCurrentIndex(editor.tabs.count() - 1)  # requests & petitions: built now, locked too
        qtbot.waitUntil(lambda e=editor: bool(e.tabs.currentWidget().findChildren(QPushButton)))
        page = editor.tabs.currentWidget()
        qtbot.waitUntil(lambda p=page: not any(b.isEnabled() for b in p.findChildren(QPushButton)))
        table = page.findChild(QTableView)
        assert table is not None and table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
        if role == "reader":
            editor.grab().save(str(shots / "reader_editor.png"))
        find = editor.findChild(QLineEdit, "findBox")
        assert not find.isReadOnly()
        qtbot.keyClicks(find, "kinh")
        assert find.text() == "kinh"
        with window.store.read() as s:
            rec = s.query(Recommendation.id).first()
        assert rec is not None
        steps = FollowupDialog(window.store, rec[0], dt.date(2024, 6, 1), window)
        qtbot.addWidget(steps)
        documents = DocumentDialog(window.store, editor.visit_id, "minutes", window)
        qtbot.addWidget(documents)
        if role == "leader":
            assert steps.record_button.isEnabled() and documents.issue_button.isEnabled()
        else:
            assert not steps.record_button.isEnabled() and "reader" in steps.record_button.toolTip()
            assert not documents.issue_button.isEnabled() and "reader" in documents.issue_button.toolTip()
        steps.close()
        documents.close()
        editor.close_now()
        qtbot.wait(200)
        window.close()
    window = _window(qtbot, urls["secretary"])
    editor = _editor(qtbot, window)
    assert editor.findChild(QLabel, BANNER) is None
    place = editor.findChild(QLineEdit, "place")
    assert not place.isReadOnly() and editor.findChild(QAction, "actionSave").isEnabled()
    editor.close_now()
    qtbot.wait(200)
    window.close()


def test_the_first_opening_after_an_update_says_what_it_waits_for(qtbot: Any, english: None,
                                                                  office: tuple[str, str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """An administrator's first opening after an update brings the server's access rules up to date in one
    transaction (13 s at 10,000 recommendations, minutes at 100,000): a busy dialog says so meanwhile, where the app
    used to show nothing before its window; the case file then opens with the rules current."""
    from functools import partial

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from ssdesk.server import access
    from ui import jobs
    from ui.features.safety import opening

    with Store.open(office[0]) as store, store.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE ssdesk_meta SET value = 'older' WHERE key = '{access.RULES_KEY}'")
    monkeypatch.setattr(opening, "wait_for", partial(jobs.wait_for, show_after_ms=0))
    shown: list[str] = []
    timer = QTimer()
    timer.timeout.connect(lambda: shown.extend(w.labelText() for w in QApplication.topLevelWidgets()
                                               if isinstance(w, QProgressDialog) and w.isVisible()))
    timer.start(5)
    store = opening.open_case_file(None, office[0])
    timer.stop()
    assert store is not None
    try:
        assert any("access rules up to date" in text for text in shown), shown
        with store.engine.connect() as conn:
            assert not access.outdated(conn)
    finally:
        store.close()
