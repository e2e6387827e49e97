"""A visit's state follows the work recorded, forward only (ssdesk/services/progress.py)."""

from __future__ import annotations

import datetime as dt

from ssdesk.demo import build_demo
from ssdesk.documents import DocOptions
from ssdesk.documents.issuing import issue_document
from ssdesk.enums import VisitState
from ssdesk.store import Store


def _visit(store: Store, starts_at: str) -> str:
    """A new session of the sample delegation at a ward committee that exists at any date."""
    demo = store.visits.get(build_demo(store))
    unit = store.catalog.add_unit("Đảng ủy phường Tương Mai", "ward_committee")
    return store.visits.create(delegation_id=demo.delegation_id, unit_id=unit.id,
                               programme_id=demo.programme_id, starts_at=starts_at).id


def _state(store: Store, visit_id: str) -> VisitState:
    return store.visits.get(visit_id).state


def test_attendees_of_a_future_session_are_its_expected_list_a_statement_means_it_was_held(store: Store) -> None:
    later = (dt.datetime.now() + dt.timedelta(days=30)).strftime("%d/%m/%Y 08:00")
    visit_id = _visit(store, later)
    store.visits.add_attendee(visit_id, "Nguyễn Văn A", "unit")
    assert _state(store, visit_id) is VisitState.PLANNED
    store.visits.add_statement(visit_id, "Nguyễn Văn A", "Báo cáo kết quả thực hiện")
    assert _state(store, visit_id) is VisitState.HELD


def test_attendees_after_the_start_mean_held_and_documents_move_it_on(store: Store) -> None:
    visit_id = _visit(store, "05/03/2024 08:00")
    assert _state(store, visit_id) is VisitState.PLANNED
    store.visits.add_attendee(visit_id, "Nguyễn Văn A", "unit")
    assert _state(store, visit_id) is VisitState.HELD
    assert store.visits.minutes_printed(visit_id)
    assert _state(store, visit_id) is VisitState.MINUTES_DRAFTED
    assert not store.visits.minutes_printed(visit_id)  # already there: nothing moves
    issue_document(store, visit_id, "conclusion", DocOptions(number="126", issued_on=dt.date(2024, 3, 6)))
    assert _state(store, visit_id) is VisitState.CONCLUDED
    store.visits.add_statement(visit_id, "Nguyễn Văn A", "Bổ sung")  # never back
    assert _state(store, visit_id) is VisitState.CONCLUDED


def test_issuing_the_minutes_of_a_planned_session_marks_them_drafted(store: Store) -> None:
    visit_id = _visit(store, "05/03/2024 08:00")
    issue_document(store, visit_id, "minutes", DocOptions(number="12", issued_on=dt.date(2024, 3, 5)))
    assert _state(store, visit_id) is VisitState.MINUTES_DRAFTED
