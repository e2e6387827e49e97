"""A review meeting (no delegation, no unit) on the office server's PostgreSQL (issue 13): the same services, but
PostgreSQL's own SQL — outer joins in the lists, the tsvector search, the dashboard's GROUP BY on the convening
body, the nullable links made so by revision 0009's ALTER TABLE."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from ssdesk.enums import VisitKind
from ssdesk.errors import ValidationError
from ssdesk.exchange import export_visit
from ssdesk.store import Store

BODY = "Ban Chỉ đạo các chương trình mục tiêu quốc gia tỉnh Lai Châu"


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    s = Store.open(pg_url, user="office@server")
    yield s
    s.close()


def test_a_review_meeting_on_the_server(pg_store: Store) -> None:
    store = pg_store
    agri = store.catalog.add_unit("Sở Nông nghiệp và Môi trường", "department")
    review = store.visits.create(kind="review_meeting", convening_body=BODY, starts_at="2025-03-12 08:00",
                                 title="Hội nghị giao ban quý I năm 2025")
    store.recommendations.add(review.id, direction="request", text="Hoàn thành giải ngân vốn sự nghiệp",
                              responsible_unit_id=agri.id, deadline="2025-04-30")
    with pytest.raises(ValidationError) as exc:
        store.visits.create(kind="inspection", convening_body=BODY, starts_at="2025-03-12 08:00")
    assert {e.field for e in exc.value.errors} == {"delegation_id", "unit_id"}

    [row] = [r for r in store.visits.rows() if r.id == review.id]
    assert (row.delegation, row.unit, row.kind, row.recommendations) == (BODY, "", VisitKind.REVIEW_MEETING, 1)
    assert [r.id for r in store.visits.rows(text="ban chi dao lai chau")] == [review.id]
    assert [r.id for r in store.visits.rows(sort="kind", descending=False)][-1] == review.id
    assert review.id in {h.visit_id for h in store.search.search("giao ban quy I")}
    [rec] = store.recommendations.rows(visit_id=review.id)
    assert (rec.delegation, rec.unit, rec.responsible) == (BODY, "", "Sở Nông nghiệp và Môi trường")
    board = store.followup.dashboard(dt.date(2025, 6, 1))
    assert ("Sở Nông nghiệp và Môi trường", 1, 1) in {(u.unit, u.total, u.overdue) for u in board.by_unit}
    assert (BODY, 1) in {(c.delegation, c.total) for c in board.completion}
    assert [i.delegation for i in store.followup.overdue(dt.date(2025, 6, 1)) if i.rec_id == rec.id] == [BODY]
    data = export_visit(store, review.id)
    assert data["delegation"] is None and data["visit"]["kind"] == "review_meeting"
