"""The kind proposed for each statement from who speaks and when (issue 20 §1), on real visits in real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssdesk.demo import build_demo
from ssdesk.enums import MemberRole, Side, StatementKind
from ssdesk.models import Attendee
from ssdesk.services.statement_kinds import Speaker, kind_for, propose_kind, propose_kinds
from ssdesk.store import Store

K = StatementKind


def test_the_sample_session_is_proposed_as_it_was_held(tmp_path: Path) -> None:
    """Phong reports, Mến, Hưng and Giang give opinions, Tâm, Phong and Linh explain, Tuyến concludes (domain §5)."""
    with Store.open(tmp_path / "case.ssdesk") as store:
        visit = store.visits.get(build_demo(store))
        by_id = {a.id: a for a in visit.attendees}
        statements = sorted(visit.statements, key=lambda st: st.order_no)
        speakers = [Speaker.of(by_id.get(st.attendee_id or "")) for st in statements]
        assert propose_kinds(speakers) == [st.kind for st in statements] == [
            K.REPORT, K.OPINION, K.OPINION, K.OPINION, K.EXPLANATION, K.EXPLANATION, K.EXPLANATION, K.CONCLUSION]
        # statement by statement, from what the file holds before each one
        for i, st in enumerate(statements):
            assert kind_for(visit.attendees, statements[:i], st.attendee_id) is st.kind, st.speaker_name


def test_the_head_opening_and_a_speaker_not_on_the_list(tmp_path: Path) -> None:
    with Store.open(tmp_path / "case.ssdesk") as store:
        visit = store.visits.get(build_demo(store))
        head = next(a for a in visit.attendees if a.delegation_role is MemberRole.HEAD)
        leader = next(a for a in visit.attendees if a.side is Side.UNIT)
        member = next(a for a in visit.attendees if a.delegation_role is MemberRole.MEMBER)
        assert kind_for(visit.attendees, [], head.id) is K.OTHER  # opens the session, gives the floor
        assert kind_for(visit.attendees, [], leader.id) is K.REPORT
        assert kind_for(visit.attendees, [], member.id) is K.OPINION
        assert kind_for(visit.attendees, [], None) is K.OPINION  # typed in, not on the list
        report = [{"kind": "report", "order_no": 1}]
        assert kind_for(visit.attendees, report, head.id) is K.OTHER  # "the members may now speak"
        assert kind_for(visit.attendees, report, leader.id) is K.REPORT  # adds to the report


def test_the_secretarys_corrections_steer_the_next_proposal() -> None:
    unit, member, head = Speaker(Side.UNIT), Speaker(Side.DELEGATION, MemberRole.MEMBER), \
        Speaker(Side.DELEGATION, MemberRole.HEAD, presides=True)
    # the unit's speaker was marked as giving an opinion: the unit speaking next explains
    assert propose_kind(unit, [K.OPINION]) is K.EXPLANATION
    assert propose_kind(unit, ["report"]) is K.REPORT
    assert propose_kind(head, ["report", "explanation"]) is K.CONCLUSION
    assert propose_kind(member, ["report", "opinion", "conclusion"]) is K.OPINION
    assert propose_kind(Speaker(Side.INVITED), []) is K.OPINION


def test_a_review_meeting_is_concluded_by_whoever_presides() -> None:
    """No delegation: the chair presides; departments report and are asked, the chair concludes."""
    chair = {"id": "c", "side": "invited", "delegation_role": None, "presides": True}
    agency = {"id": "a", "side": "unit", "delegation_role": None, "presides": False}
    other = {"id": "o", "side": "invited", "delegation_role": None, "presides": False}
    rows = [chair, agency, other]
    said: list[dict[str, object]] = []
    for n, who in enumerate(("c", "a", "o", "a", "c"), 1):
        said.append({"order_no": n, "kind": kind_for(rows, said, who)})
    assert [s["kind"] for s in said] == [K.OTHER, K.REPORT, K.OPINION, K.EXPLANATION, K.CONCLUSION]


def test_speaker_of_a_model_object_and_of_a_row_agree() -> None:
    obj = Attendee(name="x", side=Side.UNIT, delegation_role=None, presides=False)
    assert Speaker.of(obj) == Speaker.of({"side": "unit", "delegation_role": None, "presides": False}) \
        == Speaker(Side.UNIT)
    assert Speaker.of({"side": "nonsense"}) == Speaker()


SAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "hoang-mai-2024-02-27.txt"


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared sample press report (../shared/samples) is absent")
def test_a_visit_drafted_from_the_real_press_report(tmp_path: Path) -> None:
    """The session as the press reported it, drafted into a file: who spoke in which order gives its kinds."""
    from ssdesk.drafting import draft_from_text
    from ssdesk.drafting.review import create_visit

    with Store.open(tmp_path / "case.ssdesk") as store:
        visit = store.visits.get(create_visit(store, draft_from_text(SAMPLE.read_text("utf-8"))))
        by_id = {a.id: a for a in visit.attendees}
        statements = sorted(visit.statements, key=lambda st: st.order_no)
        proposed = propose_kinds([Speaker.of(by_id.get(st.attendee_id or "")) for st in statements])
        assert proposed == [K.REPORT, K.OPINION, K.OPINION, K.OPINION, K.EXPLANATION, K.EXPLANATION,
                            K.EXPLANATION, K.CONCLUSION]
        assert proposed == [st.kind for st in statements]  # the drafter read the same from the words
