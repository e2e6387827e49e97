"""Draft from text: the sample press report, two other shapes of text, scored against hand-written expectations."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from ssdesk.drafting import draft_from_text
from ssdesk.drafting.corpus import match_items
from ssdesk.exchange import validate_visit_data

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "drafting"
SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "hoang-mai-2024-02-27.txt"
needs_sample = pytest.mark.skipif(not SAMPLE.exists(), reason=f"sample text {SAMPLE} is not available")


def prf(got: list[Any], want: list[Any], same: Any) -> tuple[float, float]:
    """Precision and recall, each expected item matched at most once."""
    hits = match_items(got, want, same).hits
    return (hits / len(got) if got else 1.0), (hits / len(want) if want else 1.0)


def score(ex: dict[str, Any], want: dict[str, Any]) -> dict[str, Any]:
    def person(g: dict[str, Any], w: dict[str, Any]) -> bool:
        return (g["name"] == w["name"] and g["title"] == w["title"] and g["organisation"] == w["organisation"]
                and g["side"] == w["side"] and (w.get("role") is None or g["delegation_role"] == w["role"]))

    recs = ex["recommendations"]
    return {
        "attendees": prf(ex["attendees"], want["attendees"], person),
        "figures": prf(ex["indicator_results"], want["figures"],
                       lambda g, w: g["reported"] == w[0] and w[1].casefold() in g["label"].casefold()),
        "statements": prf([(s["speaker_name"], s["kind"]) for s in ex["statements"]],
                          [tuple(s) for s in want["statements"]], lambda g, w: g == w),
        "requests": prf([r["text"] for r in recs if r["direction"] == "request"], want["requests"],
                        lambda g, w: w.casefold() in g.casefold()),
        "petitions": prf([r["text"] for r in recs if r["direction"] == "petition"], want["petitions"],
                         lambda g, w: w.casefold() in g.casefold()),
        # the expected findings are the key ones only, so only their recall is measured
        "findings_recall": prf([(f["kind"], f["text"]) for f in ex["findings"]], want["findings"],
                               lambda g, w: g[0] == w[0] and w[1].casefold() in g[1].casefold())[1],
    }


def check_against(text: str, name: str) -> dict[str, Any]:
    want = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    draft = draft_from_text(text)
    ex = draft.to_exchange()
    validate_visit_data(ex)
    assert ex["visit"]["starts_at"] == want["starts_at"]
    for key in ("ends_at", "place"):
        if key in want:
            assert ex["visit"][key] == want[key]
    for key in ("delegation", "unit"):  # null: a session of this kind has none (a review meeting)
        got = ex[key] and {k: ex[key][k] for k in want[key]}
        assert got == want[key], (key, got)
    for key in ("kind", "convening_body"):
        if key in want:
            assert ex["visit"][key] == want[key], (key, ex["visit"][key])
    assert ex["programme"]["code"] == want["programme"]
    related = ex["visit"]["related_documents"] or ""
    assert all(doc in related for doc in want["documents"])
    if "indicators_met" in want:
        assert [ex["visit"]["indicators_met"], ex["visit"]["indicators_total"]] == want["indicators_met"]
    assert len([m for m in draft.messages if m["level"] == "warning"]) == want.get("warnings", 0)
    recs = [r for r in ex["recommendations"] if r["direction"] == "request"]
    for key, deadline in want.get("request_deadlines", {}).items():
        assert next(r for r in recs if key in r["text"])["deadline"] == deadline
    for key, unit in want.get("request_responsible", {}).items():
        assert next(r for r in recs if key in r["text"])["responsible_text"] == unit
    return score(ex, want)


@needs_sample
def test_sample_press_report_precision_recall(capsys: pytest.CaptureFixture[str]) -> None:
    scores = check_against(SAMPLE.read_text(encoding="utf-8"), "hoang-mai-expected.json")
    with capsys.disabled():
        print("\nsample scores (precision, recall):", json.dumps(scores))
    for key in ("attendees", "figures"):
        assert min(scores[key]) >= 0.9, (key, scores[key])
    for key in ("statements", "requests", "petitions"):
        assert min(scores[key]) >= 0.9, (key, scores[key])
    assert scores["findings_recall"] >= 0.7


@pytest.mark.parametrize("name", ["notes-ba-vi", "steering-q1"])
def test_other_shapes_of_text(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    scores = check_against((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"), f"{name}-expected.json")
    with capsys.disabled():
        print(f"\n{name} scores (precision, recall):", json.dumps(scores))
    for key in ("attendees", "figures", "statements", "requests", "petitions"):
        assert min(scores[key]) >= 0.9, (key, scores[key])
    assert scores["findings_recall"] >= 0.9


def _content(text: str) -> dict[str, Any]:
    """The draft without ids: what must not depend on how the text was encoded."""
    data = draft_from_text(text).to_json()

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("id", "attendee_id")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(data)


@pytest.mark.parametrize("name", ["notes-ba-vi", "steering-q1", "sample"])
def test_encodings_and_layout_give_the_same_draft(name: str) -> None:
    if name == "sample":
        if not SAMPLE.exists():
            pytest.skip(f"sample text {SAMPLE} is not available")
        text = SAMPLE.read_text(encoding="utf-8")
    else:
        text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    base = _content(text)
    assert base["draft"]["items"]
    nfd = unicodedata.normalize("NFD", text)
    crlf = text.replace("\n", "\r\n")
    odd = "\ufeff" + text.replace(" ", "  ").replace("\n", " \t\n").replace("Đoàn", "Đoàn\u200b")
    bullets = "\n".join(("• " + line) if line.strip() and not line.startswith("- ") else line
                        for line in text.split("\n"))
    for variant in (nfd, crlf, odd, bullets, "\n\n" + text + "\n\n\n"):
        assert _content(variant) == base


@pytest.mark.parametrize("text", ["", "   \n\t", "\x00\x01\x02binary\xff\xfe" * 50,
                                  "The quick brown fox jumps over the lazy dog. " * 20, "12345 678 90/12",
                                  "Ôi trời ơi, hôm nay trời đẹp quá; chúng tôi đi chơi công viên và ăn kem."])
def test_garbage_gives_an_empty_draft_with_a_message(text: str) -> None:
    draft = draft_from_text(text)
    assert draft.empty and draft.messages and draft.messages[0]["level"] == "error"
    data = draft.to_json()
    assert data["draft"]["empty"] is True and data["exchange"]["attendees"] == []


def test_bytes_are_accepted() -> None:
    draft = draft_from_text(b"\x89PNG\r\n\x1a\n\x00\x00" * 100)  # type: ignore[arg-type]
    assert draft.empty and draft.messages


@needs_sample
def test_every_item_points_at_its_sentence() -> None:
    draft = draft_from_text(SAMPLE.read_text(encoding="utf-8"))
    data = draft.to_json()
    text = data["draft"]["text"]
    items = data["draft"]["items"]
    assert {i["kind"] for i in items} >= {"visit", "delegation", "unit", "programme", "attendee", "figure",
                                          "statement", "request", "petition", "document"}
    for item in items:
        src = item["source"]
        assert 0.0 <= item["confidence"] <= 1.0
        assert text[src["sentence_start"]:src["sentence_end"]] == src["sentence"]
        assert src["sentence_start"] <= src["start"] < src["end"] <= len(text)
    figure = next(i for i in items if i["path"] == "indicator_results[6]")
    assert text[figure["source"]["start"]:figure["source"]["end"]] == "94,1%"


def test_session_date_written_with_dashes_and_not_a_document_date() -> None:
    import datetime as dt

    text = ("Thực hiện Nghị quyết số 14/2014/NQ-HĐND ngày 10/12/2014 của HĐND tỉnh, sáng 16-7-2021, Đoàn giám sát số 3 "
            "của Thường trực HĐND tỉnh làm việc với UBND huyện Bù Đốp; kiểm tra 3-4 đơn vị. Phó Chủ tịch HĐND tỉnh "
            "Trần Văn Bình, Trưởng đoàn, đề nghị huyện rà soát hộ cận nghèo.")
    draft = draft_from_text(text, today=dt.date(2026, 1, 1))
    assert draft.starts_at == dt.datetime(2021, 7, 16, 8, 0) and draft.when is not None
    assert not draft.when.year_inferred
    assert "14/2014/NQ-HĐND" in [d.number for d in draft.documents]
    assert draft_from_text("Chiều 19 - 12, UBND tỉnh họp phiên thường kỳ. Chủ tịch UBND tỉnh Phạm Minh Huấn chủ trì.",
                           today=dt.date(2026, 1, 1)).starts_at.date() == dt.date(2025, 12, 19)


@pytest.mark.parametrize("text", [
    "Sáng 5/3/2024, Giám đốc Sở Lao động, Thương binh và Xã hội Nguyễn Văn An báo cáo kết quả.",
    "Sáng 5/3/2024, ông Nguyễn Văn An, Giám đốc Sở Lao động, Thương binh và Xã hội cho biết: đã giải quyết việc làm "
    "cho 1.200 lao động."])
def test_comma_inside_a_long_name_does_not_cut_the_title(text: str) -> None:
    person = draft_from_text(text).people[0]
    assert (person.name, person.title) == ("Nguyễn Văn An", "Giám đốc Sở Lao động, Thương binh và Xã hội")
    assert person.organisation == "Sở Lao động, Thương binh và Xã hội"
