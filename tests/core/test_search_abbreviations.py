"""Search finds an abbreviation from its long form and back ("bảo hiểm y tế" ↔ "BHYT"), on a real case file."""

from __future__ import annotations

import datetime as dt

import pytest

from ssdesk.abbreviations import expand, load, search_alternatives
from ssdesk.search.pg import tsquery
from ssdesk.search.query import parse
from ssdesk.store import Store

TODAY = dt.date(2025, 6, 30)


def ids(store: Store, query: str) -> set[str]:
    return {h.id for h in store.search.search(query, today=TODAY)}


@pytest.fixture
def written(store: Store, basics: dict[str, str]) -> dict[str, str]:
    v = store.visits.create(delegation_id=basics["delegation"], unit_id=basics["unit"], starts_at="27/02/2024 08:00",
                            title="Làm việc với Quận ủy Hoàng Mai").id
    short = store.recommendations.add(v, direction="request", text="Nâng tỷ lệ bao phủ BHYT lên 95%").id
    long = store.recommendations.add(v, direction="request", text="Tuyên truyền về bảo hiểm y tế toàn dân").id
    dept = store.visits.add_finding(v, "result", "Sở Lao động - Thương binh và Xã hội đã hoàn thành 11/12 chỉ tiêu").id
    other = store.visits.add_finding(v, "limitation", "Bảo hiểm xã hội quận chậm chi trả").id
    return {"short": short, "long": long, "dept": dept, "other": other}


def test_long_form_finds_the_abbreviation_and_back(store: Store, written: dict[str, str]) -> None:
    both = {written["short"], written["long"]}
    assert ids(store, "bảo hiểm y tế") >= both
    assert ids(store, "bao hiem y te") >= both          # without diacritics, as people type
    assert ids(store, "BHYT") >= both and ids(store, "bhyt") >= both
    assert ids(store, '"bảo hiểm y tế"') >= both        # a quoted phrase too
    assert written["other"] not in ids(store, "BHYT")    # "Bảo hiểm xã hội" is another thing
    assert ids(store, "LĐTB&XH") >= {written["dept"]} and ids(store, "LĐ-TB&XH") >= {written["dept"]}
    assert ids(store, "BHYT toàn dân") == {written["long"]}  # the other words still must hold


def test_the_hit_highlights_the_spelling_found(store: Store, written: dict[str, str]) -> None:
    hit = next(h for h in store.search.search("bảo hiểm y tế", today=TODAY) if h.id == written["short"])
    assert any(hit.snippet[a:b] == "BHYT" for a, b in hit.spans)


def test_query_is_an_or_of_spellings_and_plain_words_are_untouched() -> None:
    assert parse("bhyt").fts() == '(("bhyt"*) OR ("bao hiem y te"))'
    assert parse("hoang mai").fts() == '"hoang"* AND "mai"*'
    assert tsquery(parse("bhyt hoang")) == "hoang:* & ((bhyt:*) | ((bao <-> hiem <-> y <-> te)))"
    assert parse("tư pháp").fts() == '"tu"* AND "phap"*'  # "TU" (Tỉnh ủy) is for drafting only: "tư" is a word


def test_dictionary_is_data_and_expands_words_only() -> None:
    shorts = {a.short for a in load()}
    assert {"BHYT", "BHXH", "UBND", "HĐND", "MTTQ", "BTV", "LĐTB&XH", "LĐ-TB&XH", "GD&ĐT", "ĐBQH", "NTM", "KT-XH",
            "CTMTQG", "QĐ", "NQ"} <= shorts
    assert expand("Sở LĐTB&XH, UBND quận") == "Sở Lao động - Thương binh và Xã hội, Ủy ban nhân dân quận"
    assert expand("BHYTX và xUBND") == "BHYTX và xUBND"  # inside a longer word: left alone
    assert search_alternatives(("bhyt",)) == (("bao", "hiem", "y", "te"),)
