"""A read-only editing session refuses every write itself (issue 18: rights shown in advance). The widget lock of
ui.features.access.readonly missed the table's Delete key, Alt+Up/Down, the statements' shortcuts and the
checkboxes; the session is the one gate they all pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ssdesk.demo import build_demo
from ssdesk.errors import AccessRefusedError
from ssdesk.models import Attendee, Recommendation
from ssdesk.store import Store
from ui.visit_editor.part_models import ATTENDEE_COLUMNS, PartTableModel
from ui.visit_editor.session import EditSession


def test_every_write_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.ssdesk")
    visit_id = build_demo(store)
    session = EditSession(store, visit_id)
    before = store.visits.get(visit_id)
    n_recs, title = len(before.recommendations), before.title
    session.read_only = "Chỉ được đọc."
    first = session.rows(Recommendation)[0]["id"]
    attempts = [
        lambda: session.add_part(Recommendation, {"text": "Mới"}, label="x"),
        lambda: session.update_part(Recommendation, first, {"text": "Sửa"}, label="x"),
        lambda: session.remove_part(Recommendation, first, label="x"),
        lambda: session.move_part(Recommendation, first, 2),
        lambda: session.update_visit({"title": "Khác"}),
    ]
    for attempt in attempts:
        with pytest.raises(AccessRefusedError, match="Chỉ được đọc"):
            attempt()
    after = store.visits.get(visit_id)
    assert len(after.recommendations) == n_recs and after.title == title
    assert after.recommendations[0].id == first
    model = PartTableModel(session, Attendee, ATTENDEE_COLUMNS, "attendee")
    assert any(c.kind == "bool" for c in ATTENDEE_COLUMNS)  # "presides", "takes minutes": checkboxes
    for col in range(model.columnCount()):
        flags = model.flags(model.index(0, col))
        assert flags & Qt.ItemFlag.ItemIsSelectable
        assert not flags & (Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable)
    store.close()


def test_the_rights_are_asked_once_per_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window and every follow-up or issuing dialog read the same answer; the store that replaces it is asked
    anew (a server's round trip per dialog was the cost)."""
    from contextlib import nullcontext
    from types import SimpleNamespace

    from ssdesk.server import rights
    from ui.features.access.readonly import read_permissions

    asked: list[object] = []

    def permissions(conn: object) -> rights.Permissions:
        asked.append(conn)
        return rights.Permissions(login="doc", role="reader", cleared=False)

    monkeypatch.setattr(rights, "permissions", permissions)

    class Server:  # a server store as read_permissions sees it
        is_server = True
        engine = SimpleNamespace(connect=lambda: nullcontext("conn"))

    first, second = Server(), Server()
    assert read_permissions(first).role == "reader"  # type: ignore[arg-type]
    assert read_permissions(first) is read_permissions(first)  # type: ignore[arg-type]
    assert len(asked) == 1
    assert read_permissions(second).role == "reader" and len(asked) == 2  # type: ignore[arg-type]
