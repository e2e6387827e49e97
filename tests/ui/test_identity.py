"""Who recorded it: the name and title asked once on the first start are what follow-up steps and the audit log
record, with the computer login kept beside them in the audit log (issue 14.4)."""

from __future__ import annotations

import pytest
from helpers import MakeStore, only_features
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ssdesk.identity import Identity
from ssdesk.models import AuditEntry, FollowUp
from ssdesk.store import Store
from ui.features.identity import IdentityDialog, ask_once
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def only_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    only_features(monkeypatch, "ui.features.identity")


def _window(qtbot: QtBot, store: Store) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _type(widget: QWidget, text: str) -> None:
    """Key presses carrying ``text`` (QTest's keyClicks only knows ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def _press(qtbot: QtBot, dialog: IdentityDialog, which: QDialogButtonBox.StandardButton) -> None:
    button = dialog.findChild(QDialogButtonBox).button(which)  # type: ignore[union-attr]
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_first_start_asks_once_and_steps_record_the_person(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    window = _window(qtbot, store)
    assert store.identity.person == "test@host"  # nobody named yet: the login stands in

    dialog = ask_once(window)
    assert dialog is not None and dialog.isVisible()
    _type(dialog.name, "  Nguyễn Thị   Lan ")
    _type(dialog.title, "Chuyên viên Ban Tuyên giáo")
    _press(qtbot, dialog, QDialogButtonBox.StandardButton.Save)
    assert not dialog.isVisible()

    assert store.identity == Identity("test@host", "Nguyễn Thị Lan", "Chuyên viên Ban Tuyên giáo")
    visit_id = store.visits.rows()[0].id
    rec = store.recommendations.add(visit_id, direction="request", text="Tăng cường tuyên truyền")
    store.recommendations.add_progress(rec.id, date="2024-03-05", note="Đã triển khai")
    with store.read() as s:
        step = s.scalars(select(FollowUp)).one()
        assert step.recorded_by == "Nguyễn Thị Lan, Chuyên viên Ban Tuyên giáo"
        who = set(s.scalars(select(AuditEntry.user).where(AuditEntry.entity == "follow_up")))
    assert who == {"Nguyễn Thị Lan, Chuyên viên Ban Tuyên giáo [test@host]"}
    assert "Nguyễn Thị Lan" in window.statusBar().currentMessage()

    assert ask_once(window) is None  # asked once: never again at start
    # a file opened later names the same person
    other = Store.open(store.path.with_name("other.ssdesk"), user="test@host")  # type: ignore[union-attr]
    window.replace_store(other)
    assert other.identity.name == "Nguyễn Thị Lan"


def test_later_is_not_asked_again_and_the_menu_edits(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    window = _window(qtbot, store)
    dialog = ask_once(window)
    assert dialog is not None
    _press(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
    assert ask_once(window) is None
    assert store.identity.person == "test@host"

    action = next(a for a in window.menu("tools").actions() if a.objectName() == "actionIdentity")
    action.trigger()
    [edit] = [d for d in window.findChildren(IdentityDialog) if d.isVisible()]
    assert edit.name.text() == ""
    _type(edit.name, "Trần Văn Bình")
    _press(qtbot, edit, QDialogButtonBox.StandardButton.Save)
    assert store.identity.person == "Trần Văn Bình"
    assert store.identity.audit_user == "Trần Văn Bình [test@host]"


def test_identity_shortens_instead_of_refusing() -> None:
    long = Identity("me@pc", "A" * 100, "B" * 100)
    assert len(long.person) == 128 and long.person.endswith("…")
    assert len(long.audit_user) == 128 and long.audit_user.endswith("[me@pc]")
    assert Identity("me@pc").audit_user == "me@pc"
