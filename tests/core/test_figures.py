"""A figure's verdict has three values — met, not met, not assessed (None) — and keeps them everywhere (issue 20 §2):
the service, the exchange JSON (null allowed and kept), the minutes (a verdict only for an assessed figure)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from ssdesk.demo import build_demo
from ssdesk.documents import render
from ssdesk.errors import ValidationError
from ssdesk.exchange import dump_visit, export_visit, import_visit, parse_visit_json, validate_visit_data
from ssdesk.models import IndicatorResult
from ssdesk.store import Store


@pytest.fixture
def sample(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "case.ssdesk", user="tester@test")
    visit_id = build_demo(store)
    yield store, visit_id
    store.close()


def verdicts(store: Store, visit_id: str) -> dict[str, bool | None]:
    return {r.label or (r.indicator.name if r.indicator else ""): r.achieved
            for r in store.visits.get(visit_id).indicator_results}


def test_the_service_keeps_none_and_refuses_a_guess(sample) -> None:  # type: ignore[no-untyped-def]
    store, visit_id = sample
    row = store.visits.add_indicator_result(visit_id, label="Số lượt vay vốn", reported="14.740")
    assert row.achieved is None  # never ticked: not assessed, not "not met"
    for wrong in ("yes", 1, 0, "Đạt"):
        with pytest.raises(ValidationError) as info:
            store.visits.add_indicator_result(visit_id, label="x", reported="1", achieved=wrong)
        assert [e.field for e in info.value.errors] == ["achieved"]
    store.visits.update_part(IndicatorResult, row.id, achieved=False)
    assert verdicts(store, visit_id)["Số lượt vay vốn"] is False
    store.visits.update_part(IndicatorResult, row.id, reported="14.741")  # another field: the verdict stays
    assert verdicts(store, visit_id)["Số lượt vay vốn"] is False
    store.visits.update_part(IndicatorResult, row.id, achieved=None)  # back to "not assessed"
    assert verdicts(store, visit_id)["Số lượt vay vốn"] is None


def test_null_round_trips_through_the_exchange_json(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, visit_id = sample
    store.visits.add_indicator_result(visit_id, label="Số lượt vay vốn", reported="14.740")
    store.visits.add_indicator_result(visit_id, label="Trường chuẩn", reported="12/30", achieved=False)
    data = export_visit(store, visit_id)
    by_label = {r["label"]: r for r in data["indicator_results"] if r.get("label")}
    assert by_label["Số lượt vay vốn"]["achieved"] is None and by_label["Trường chuẩn"]["achieved"] is False
    text = dump_visit(data)
    assert '"achieved": null' in text
    validate_visit_data(parse_visit_json(text))  # the schema allows null
    with Store.open(tmp_path / "other.ssdesk") as other:
        import_visit(other, parse_visit_json(text))
        again = verdicts(other, visit_id)
        assert again["Số lượt vay vốn"] is None and again["Trường chuẩn"] is False
        assert again == verdicts(store, visit_id)
        assert dump_visit(export_visit(other, visit_id)) == text


def test_only_an_assessed_figure_prints_a_verdict(sample) -> None:  # type: ignore[no-untyped-def]
    store, visit_id = sample
    store.visits.add_indicator_result(visit_id, label="Số lượt vay vốn từ Quỹ", reported="14.740 lượt")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        render(store, "minutes", "pdf", visit_id=visit_id))).pages)
    assert "Số lượt vay vốn từ Quỹ" in " ".join(text.split())
    assert "Chưa đạt" not in text  # the sample's figures are met or not assessed; none is "not met"
