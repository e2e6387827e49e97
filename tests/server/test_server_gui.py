"""The desktop app on the office server's database (PostgreSQL): the window opens on it, lists and edits its
visits, turns off what only a file has (backups, copies), reports a change by another user as a conflict; and the
follow-up list's text filter runs on PostgreSQL's search index."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402

from ssdesk.demo import build_demo  # noqa: E402
from ssdesk.followup import filters  # noqa: E402
from ssdesk.followup.filters import Criteria  # noqa: E402
from ssdesk.i18n import language, set_language  # noqa: E402
from ssdesk.store import Store  # noqa: E402

TODAY = dt.date(2024, 6, 1)


@pytest.fixture
def server_store(pg_url: str) -> Iterator[Store]:
    store = Store.open(pg_url, user="thu-ky@may-1")
    build_demo(store)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def gui(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """English strings and private settings (recent files, backups) for the GUI tests."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))  # QSettings(org, app)
    monkeypatch.setenv("SSDESK_BACKUP_DIR", str(folder / "backups"))
    before = language()
    set_language("en")
    yield
    set_language(before)


def test_followup_text_filter_uses_the_postgresql_index(server_store: Store) -> None:
    every = filters.apply(server_store, Criteria(), today=TODAY)
    assert len(every) >= 5
    hospital = filters.apply(server_store, Criteria(text="benh vien"), today=TODAY)  # folded: "bệnh viện"
    assert [r.text for r in hospital] == ["Kiến nghị của quận về xây dựng bệnh viện của quận."]
    assert len(filters.apply(server_store, Criteria(text="ra soat"), today=TODAY)) >= 1  # a prefix: "rà soát"
    by_unit = filters.apply(server_store, Criteria(text="hoang mai"), today=TODAY)  # the session's unit (head)
    assert {r.id for r in by_unit} == {r.id for r in every}
    assert filters.apply(server_store, Criteria(text="khongcotunay"), today=TODAY) == []
    assert filters.count_filter(server_store, Criteria(text="benh vien"), today=TODAY) == 1


def test_main_window_on_the_server_lists_edits_and_reports_conflicts(qtbot, gui: None, pg_url: str,
                                                                    server_store: Store) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLabel, QLineEdit

    from ui.features.files import recent_files
    from ui.main_window import MainWindow

    window = MainWindow(server_store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert server_store.name in window.windowTitle()
    where = window.findChild(QLabel, "storeLocation")
    assert where is not None and server_store.location in where.text()
    qtbot.waitUntil(lambda: window.model.total_count() == 1)
    visit_id = window.model.row_at(0).id
    assert "password" not in str(recent_files())  # the URL is remembered, without a password
    assert server_store.location in [str(p) for p in recent_files()]
    for name in ("actionSaveCopy", "actionLaptopCopy"):  # file-only: off, with the reason
        action = window.findChild(QAction, name)
        assert action is not None and not action.isEnabled() and "pg_dump" in action.toolTip()
    backups = window.show_page("backups")
    assert "office server" in backups.heading.text() and not backups.backup_button.isEnabled()

    editor = window.open_visit(visit_id)
    qtbot.waitExposed(editor)
    qtbot.waitUntil(lambda: editor.session.loaded)  # the editor reads the visit on a worker, its fields wait
    place = editor.findChild(QLineEdit, "place")
    place.setFocus()
    place.selectAll()
    qtbot.keyClicks(place, "Hoi truong tang 5")
    assert editor.flush()
    from ssdesk.server import users

    login = "phoban_" + pg_url.split("?")[0].rsplit("/", 1)[1][-6:]  # a login of their own: the audit log's name
    with server_store.engine.begin() as conn:
        users.add_user(conn, login, "secretary", ["Đoàn giám sát số 1"])
    with Store.open(pg_url.replace("ssdesk@", login + "@"), user="pho-ban@may-2") as other:
        assert other.visits.get(visit_id).place == "Hoi truong tang 5"
        other.visits.update(visit_id, place="Phong hop so 2")  # another computer: no change notice here

    place.setFocus()
    place.selectAll()
    qtbot.keyClicks(place, "Hoi truong tang 6")
    assert not editor.flush()
    assert editor.conflict_bar.isVisible()
    assert login in editor.conflict_bar.message.text()  # the database's session_user (issue 18)
    assert server_store.visits.get(visit_id).place == "Phong hop so 2"  # theirs is kept
    editor.conflict_bar.reload_button.click()
    assert place.text() == "Phong hop so 2"
    assert editor.close()
    qtbot.wait(300)  # the pages' reloads after the change notices run while the database is still there
    window.close()


def test_file_menu_opens_a_password_protected_server_database(qtbot, gui: None, pg_cluster, tmp_path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """File → Open a database on the office server…: the form is checked field by field, the password the server
    asks for is asked (again when refused), an empty database becomes a case file, and nothing remembered holds the
    password."""
    import uuid

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication, QInputDialog

    from ssdesk import server
    from ui.features.files import recent_files
    from ui.features.files.server_dialog import LAST_SERVER_KEY, ServerDialog
    from ui.main_window import MainWindow

    database = pg_cluster.new_database()
    user = "thu_ky_" + uuid.uuid4().hex[:6]
    pg_cluster.password_user(user, "Mật khẩu đúng", database)
    window = MainWindow(Store.open(tmp_path / "laptop.ssdesk"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    # a form with holes stays open, every hole named under its field
    form = ServerDialog(window)
    qtbot.addWidget(form)
    form.show()
    form.host.clear()
    form.connect_button.click()
    assert form.isVisible() and form.location is None
    for key in ("host", "database", "user"):
        assert form.errors[key].isVisible() and form.errors[key].text(), key
    assert not form.errors["port"].isVisible()
    form.close()

    asked: list[str] = []
    answers = iter([("sai", True), ("Mật khẩu đúng", True)])

    def fake_get_text(parent, title, label, *args):  # noqa: ANN001, ANN202 - QInputDialog.getText's shape
        asked.append(label)
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", fake_get_text)
    seen: list[str] = []

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ServerDialog)
        seen.append(dialog.windowTitle())
        qtbot.keyClicks(dialog.host, "127.0.0.1")
        dialog.port.setValue(pg_cluster.port)
        qtbot.keyClicks(dialog.database, database)
        qtbot.keyClicks(dialog.user, user)
        dialog.connect_button.click()

    QTimer.singleShot(0, fill_in)
    action = window.findChild(QAction, "actionOpenServer")
    assert action is not None and action.shortcut().toString() == "Ctrl+Shift+O"
    action.trigger()
    assert seen, "the form was not shown"
    assert len(asked) == 2 and user in asked[0] and "refused" in asked[1]
    store = window.store
    assert store.is_server and database in window.windowTitle()
    assert store.visits.rows() == []  # the empty database was set up as a case file
    location = server.display_location(server.make_location("127.0.0.1", database, user, pg_cluster.port))
    assert location in [str(p) for p in recent_files()]
    ini = QSettings("ssdesk", "ssdesk").fileName()
    assert "Mật khẩu" not in open(ini, encoding="utf-8", errors="replace").read()
    assert QSettings("ssdesk", "ssdesk").value(LAST_SERVER_KEY) == location

    again = ServerDialog(window)  # filled in from last time, except the password
    qtbot.addWidget(again)
    assert (again.host.text(), again.port.value(), again.database.text(), again.user.text(),
            again.password.text()) == ("127.0.0.1", pg_cluster.port, database, user, "")
    qtbot.wait(300)
    window.close()
