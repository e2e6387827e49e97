"""Draft from text on thirty real texts (``../shared/corpus/drafting``), scored against hand labels.

The labels (``tests/fixtures/drafting/corpus-labels.json``) were written by the same person as the rules, so these
scores are an upper bound: texts the rules never saw score lower (``docs/drafting-corpus.md``). The test fails when
a score drops below the level recorded there, so a rule change that helps one text and breaks three is seen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ssdesk.drafting.corpus import LISTS, loose, score_corpus, score_text, totals

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "drafting"
LABELS = ROOT / "tests" / "fixtures" / "drafting" / "corpus-labels.json"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the drafting corpus {CORPUS} is not available")

#: The recorded levels (docs/drafting-corpus.md): (precision, recall) of each list, share right of each choice.
FLOOR = {"attendees": (1.00, 1.00), "figures": (0.93, 1.00), "requests": (0.91, 1.00), "petitions": (1.00, 0.80)}
FLOOR_RIGHT = {"body": 30 / 30, "unit": 30 / 30, "kind": 29 / 30, "chair": 20 / 22}


@needs_corpus
def test_every_text_of_the_corpus_is_labelled() -> None:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    texts = {p.name for p in CORPUS.glob("*.txt")}
    assert texts == {k for k in labels if not k.startswith("_")}


@needs_corpus
def test_scores_over_the_corpus_stay_at_the_recorded_level(capsys: pytest.CaptureFixture[str]) -> None:
    scores = score_corpus(CORPUS, json.loads(LABELS.read_text(encoding="utf-8")))
    tot = totals(scores)
    with capsys.disabled():
        print("\ncorpus:", {k: (round(tot[k].precision, 2), round(tot[k].recall, 2)) for k in LISTS},
              {k: f"{tot[k][0]}/{tot[k][1]}" for k in FLOOR_RIGHT})
    for key, (precision, recall) in FLOOR.items():
        assert round(tot[key].precision, 2) >= precision and round(tot[key].recall, 2) >= recall, (key, tot[key])
    for key, share in FLOOR_RIGHT.items():
        right, n = tot[key]
        assert right >= round(share * n), (key, right, n)


def test_scorer_counts_each_expected_item_once_and_reads_both_spellings() -> None:
    """The scorer itself: a made-up text and label (no corpus needed)."""
    text = ("Sáng 5/3/2024, Đoàn giám sát số 4 của Ban Thường vụ Thành ủy làm việc với Sở LĐTB&XH. "
            "Phó Chủ tịch HĐND Thành phố Trần Văn Bình, Trưởng đoàn, chủ trì. Sở đã giải quyết việc làm cho 1.200 "
            "lao động, giảm 31,2% số hộ nghèo. Đoàn giám sát đề nghị Sở rà soát hộ cận nghèo; hoàn thành báo cáo.")
    label = {"kind": ["supervision"], "body": ["Đoàn giám sát số 4 của Ban Thường vụ Thành ủy"],
             "unit": ["Sở Lao động - Thương binh và Xã hội"],
             "attendees": [["Trần Văn Bình", "Phó Chủ tịch Hội đồng nhân dân Thành phố", True]],
             "figures": [["1.200", "lao động"], ["31,2%", "giảm"], ["1.200", "lao động"]],
             "requests": ["rà soát hộ cận nghèo", "hoàn thành báo cáo"], "petitions": []}
    s = score_text("made-up", text, label)
    assert (s.lists["attendees"].hits, s.lists["attendees"].want) == (1, 1)
    assert (s.lists["figures"].hits, s.lists["figures"].want) == (2, 3)  # one expected twice, found once
    assert s.lists["requests"].hits == 2
    assert s.right == {"body": True, "unit": True, "kind": True, "chair": True}
    assert loose("Uỷ ban MTTQ") == loose("Ủy ban Mặt trận Tổ quốc")
