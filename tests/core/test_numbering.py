"""The "Số TT" of requests and petitions: in order when added, renumbered on reorder, frozen once a notice is issued."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from ssdesk.demo import build_demo
from ssdesk.documents import DocOptions
from ssdesk.documents.issuing import issue_document, issued_pdf
from ssdesk.models import Recommendation
from ssdesk.store import Store


def _refs(store: Store, visit_id: str, direction: str = "request") -> list[tuple[str | None, str]]:
    """(number, text) of the visit's requests (or petitions), in the visit's order."""
    with store.read() as s:
        recs = s.query(Recommendation).filter_by(visit_id=visit_id).order_by(Recommendation.order_no).all()
        return [(r.ref, r.text) for r in recs if r.direction.value == direction]


def _fresh_visit(store: Store) -> str:
    """A second session of the sample delegation at the sample unit, without requests yet."""
    demo = store.visits.get(build_demo(store))
    return store.visits.create(delegation_id=demo.delegation_id, unit_id=demo.unit_id, programme_id=demo.programme_id,
                               starts_at="05/03/2024 08:00").id


def test_requests_are_numbered_in_order_and_apart_from_petitions(store: Store) -> None:
    visit_id = _fresh_visit(store)
    for text in ("Một", "Hai", "Ba"):
        store.recommendations.add(visit_id, direction="request", text=text)
    store.recommendations.add(visit_id, direction="petition", text="Kiến nghị", addressee="Thành ủy")
    assert _refs(store, visit_id) == [("1", "Một"), ("2", "Hai"), ("3", "Ba")]
    assert _refs(store, visit_id, "petition") == [("1", "Kiến nghị")]
    with store.write():  # several adds in one transaction still count each other
        store.recommendations.add(visit_id, direction="request", text="Bốn")
        store.recommendations.add(visit_id, direction="request", text="Năm")
    assert [r for r, _t in _refs(store, visit_id)] == ["1", "2", "3", "4", "5"]


def test_a_move_or_a_removal_renumbers_without_gap(store: Store) -> None:
    visit_id = _fresh_visit(store)
    ids = [store.recommendations.add(visit_id, direction="request", text=t).id for t in ("Một", "Hai", "Ba")]
    store.recommendations.move(ids[2], 0)
    assert _refs(store, visit_id) == [("1", "Ba"), ("2", "Một"), ("3", "Hai")]
    store.recommendations.remove(ids[0])
    assert _refs(store, visit_id) == [("1", "Ba"), ("2", "Hai")]


def test_the_users_own_numbers_are_kept(store: Store) -> None:
    visit_id = _fresh_visit(store)
    a = store.recommendations.add(visit_id, direction="request", text="Một", ref="4.1").id
    store.recommendations.add(visit_id, direction="request", text="Hai", ref="4.2")
    store.recommendations.add(visit_id, direction="request", text="Không số", ref=None)  # an import: as given
    store.recommendations.move(a, 2)
    assert _refs(store, visit_id) == [("4.2", "Hai"), (None, "Không số"), ("4.1", "Một")]


def test_numbers_cited_by_an_issued_notice_stay_as_printed(store: Store) -> None:
    visit_id = _fresh_visit(store)
    ids = [store.recommendations.add(visit_id, direction="request", text=t, deadline="2024-06-30").id
           for t in ("Rà soát hồ sơ đảng viên", "Kiện toàn chi bộ", "Báo cáo kết quả")]
    doc = issue_document(store, visit_id, "conclusion", DocOptions(number="125", issued_on=dt.date(2024, 3, 5)))
    printed = "".join(p.extract_text() for p in PdfReader(io.BytesIO(issued_pdf(store, doc.id))).pages)
    assert "3. Báo cáo kết quả" in " ".join(printed.split())

    store.recommendations.move(ids[2], 0)  # the order changes, the numbers the unit reports against do not
    assert _refs(store, visit_id) == [("3", "Báo cáo kết quả"), ("1", "Rà soát hồ sơ đảng viên"),
                                      ("2", "Kiện toàn chi bộ")]
    store.recommendations.remove(ids[1])  # "2" is left unused, never given to another request
    new = store.recommendations.add(visit_id, direction="request", text="Bổ sung")
    assert new.ref == "4"
    assert [r for r, _t in _refs(store, visit_id)] == ["3", "1", "4"]
