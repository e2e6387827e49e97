"""bm25 computed in Python (ssdesk.search.ranking) against FTS5's own bm25 on the same file.

On a small file every phrase frequency is counted, so the search must order hits exactly as FTS5's ``bm25()`` with
the same column weights does; on a big one frequencies are estimated from the newest matches, tested here by
shrinking the sample so that a few hundred rows count as "big".
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest

from ssdesk.search import ranking
from ssdesk.search.index import FTS, WEIGHTS
from ssdesk.search.query import parse
from ssdesk.store import Store

TODAY = dt.date(2025, 6, 30)
WORDS = ["an sinh", "bảo hiểm y tế", "hộ nghèo", "Hoàng Mai", "đất đai", "cán bộ", "đơn thư", "kiểm tra",
         "giám sát", "trường chuẩn", "Đảng ủy", "tiến độ", "kinh phí", "chỉ tiêu"]


@pytest.fixture
def varied(store: Store, basics: dict[str, str]) -> Store:
    """120 recommendations of different lengths and word mixes, some words repeated, in one transaction."""
    rng = random.Random(3)
    with store.write():
        visit = store.visits.create(delegation_id=basics["delegation"], unit_id=basics["unit"],
                                    starts_at="27/02/2024 08:00").id
        for i in range(120):
            words = [rng.choice(WORDS) for _ in range(rng.randint(1, 12))]
            store.recommendations.add(visit, direction="request", text=f"Yêu cầu {i}: " + ", ".join(words),
                                      ref=rng.choice(["Hoàng Mai", "an sinh", None, None]), deadline="2025-12-31")
    return store


def fts5_order(store: Store, text: str) -> list[str]:
    """FTS5's own ranking of the same query, as the app ran it before (ties broken by rowid like the app)."""
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            f"SELECT d.entity_id, bm25({FTS}, {WEIGHTS[0]}, {WEIGHTS[1]}) AS s FROM {FTS} JOIN search_doc d"
            f" ON d.id = {FTS}.rowid WHERE {FTS} MATCH ? AND d.entity = 'recommendation' ORDER BY s, {FTS}.rowid",
            (parse(text).fts(),)).all()
    return [r[0] for r in rows]


@pytest.mark.parametrize("text", ["bao hiem", "hoang mai", "dang uy kiem", '"ho ngheo"', "an", "chi tieu tien do"])
def test_order_equals_fts5_bm25_on_a_small_file(varied: Store, text: str) -> None:
    expected = fts5_order(varied, text)
    assert len(expected) >= 3, "the corpus must give this query something to rank"
    hits = varied.search.search(text + " kind:recommendation", limit=500, today=TODAY)
    assert [h.id for h in hits] == expected
    scores = [h.rank for h in hits]
    assert scores == sorted(scores)


def test_table_stats_are_fts5_totals(varied: Store) -> None:
    with varied.engine.connect() as conn:
        n_rows, avgdl = ranking.table_stats(driver(conn), FTS)
        texts = conn.exec_driver_sql(f"SELECT head, body, z.sz FROM {FTS} JOIN {FTS}_docsize z"
                                     f" ON z.id = {FTS}.rowid").all()
    assert n_rows == len(texts)
    lengths = [len(ranking._TOKEN.findall(h or "")) + len(ranking._TOKEN.findall(b or "")) for h, b, _sz in texts]
    assert avgdl == pytest.approx(sum(lengths) / len(texts))
    assert [ranking.row_length(sz) for _h, _b, sz in texts] == lengths
    long_row = bytes([0x81, 0x10, 0x05])  # varints 144 and 5: a column of more than 127 tokens
    assert ranking.row_length(long_row) == 149


def test_common_phrase_frequency_is_estimated_from_the_newest_matches(varied: Store,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ranking, "SAMPLE", 15)
    with varied.engine.connect() as conn:
        n_rows, _avg = ranking.table_stats(driver(conn), FTS)
        for text in ("yeu", "hoang", "bao hiem"):  # common (past SAMPLE): estimated
            phrase = parse(text).fts_phrases()[-1] if text != "bao hiem" else ranking.Phrase(("bao", "hiem"), False)
            exact = count(conn, phrase)
            estimate = ranking.doc_frequency(driver(conn), FTS, phrase, n_rows)
            assert exact > 15 and estimate != exact
            assert estimate == pytest.approx(exact, rel=0.5), text
        rare = ranking.Phrase(("yeu", "cau", "7"), False)
        assert ranking.doc_frequency(driver(conn), FTS, rare, n_rows) == 1.0  # few: counted


def driver(conn: Any) -> Any:
    """The file's own DB-API connection, which the ranking functions take (ssdesk.search.ranking)."""
    return conn.connection.driver_connection


def count(conn: Any, phrase: ranking.Phrase) -> int:
    return int(conn.exec_driver_sql(f"SELECT COUNT(*) FROM {FTS} WHERE {FTS} MATCH ?", (phrase.fts(),)).scalar_one())


def test_fts5_cost_is_estimated_from_the_denser_end(store: Store, basics: dict[str, str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows are not written evenly: a word in every one of the oldest rows and in one in ten of the newest is
    estimated from the oldest end (the denser), not under-estimated from the newest, which made FTS5 rank "Đảng"
    at 100k in 10 ms where Python takes 3."""
    with store.write():
        visit = store.visits.create(delegation_id=basics["delegation"], unit_id=basics["unit"],
                                    starts_at="27/02/2024 08:00").id
        for i in range(120):
            text = f"Việc {i}: kiểm tra" + (" ngân sách" if i < 60 or i % 10 == 0 else "")
            store.recommendations.add(visit, direction="request", text=text)
    monkeypatch.setattr(ranking, "DECIDE_SAMPLE", 5)
    monkeypatch.setattr(ranking, "EXACT_LIMIT", 0)
    with store.engine.connect() as conn:
        n_rows, _avg = ranking.table_stats(driver(conn), FTS)
        word = ranking.Phrase(("ngan",), False)
        assert count(conn, word) == 66
        assert ranking.fts5_count_cost(driver(conn), FTS, [word], n_rows) >= 66
        low, high = ranking.id_range(driver(conn), FTS)
        newest = conn.exec_driver_sql(f"SELECT MIN(rowid) FROM (SELECT rowid FROM {FTS} WHERE {FTS} MATCH ?"
                                      " ORDER BY rowid DESC LIMIT 5)", (word.fts(),)).scalar_one()
        newest_only = 5 / ((high - newest + 1) * n_rows / (high - low + 1)) * n_rows
        assert newest_only < 66 / 2  # what the newest end alone would say
        both_ends = ranking.doc_frequency(driver(conn), FTS, word, n_rows)
        assert abs(both_ends - 66) < abs(newest_only - 66)  # both ends: nearer


def test_fts5_cost_is_what_it_walks_to_count_the_phrases(varied: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The decision's cost: every token's doclist (a phrase of several words merges all of its words'). A small
    file is decided from its row count alone."""
    with varied.engine.connect() as conn:
        n_rows, _avg = ranking.table_stats(driver(conn), FTS)

        def cost(text: str) -> float:
            return ranking.fts5_count_cost(driver(conn), FTS, parse(text).fts_phrases(), n_rows)

        assert cost("hoang mai") == 2 * n_rows  # under EXACT_LIMIT on any small file: no statement
        monkeypatch.setattr(ranking, "EXACT_LIMIT", 0)
        words = [ranking.Phrase(("hoang",), True), ranking.Phrase(("mai",), True)]
        assert cost("hoang mai") == sum(count(conn, w) for w in words) > 0  # few rows: counted exactly
        tokens = [ranking.Phrase(("hoang",), False), ranking.Phrase(("mai",), False)]
        assert cost('"hoang mai"') == sum(count(conn, t) for t in tokens)
        assert cost('"hoang mai"') > count(conn, ranking.Phrase(("hoang", "mai"), False))


@pytest.mark.parametrize("text", ["bao hiem", "hoang mai", "dang uy kiem", '"ho ngheo"', "chi tieu tien do",
                                  "an status:overdue", "kinh phi kind:petition"])
def test_both_ranking_paths_give_one_order_at_the_switch(varied: Store, monkeypatch: pytest.MonkeyPatch,
                                                         text: str) -> None:
    """FTS5 ranks in SQL while counting the query's phrases costs it at most EXACT_LIMIT; one entry past it,
    Python ranks. On both sides of that point (frequencies counted: the file is smaller than SAMPLE; a candidate
    cap that cuts the matches; filters among them) both give FTS5's order of the same newest candidates."""
    from ssdesk.search import service

    with varied.write():  # some overdue, some petitions: the filters have something to keep and to drop
        for i, rec in enumerate(varied.recommendations.rows(limit=500, today=TODAY)):
            if i % 3 == 0:
                varied.recommendations.update(rec.id, deadline="2025-01-31")
            if i % 4 == 0:
                varied.recommendations.update(rec.id, direction="petition", addressee="Thành ủy")
    query = text if ":" in text else text + " kind:recommendation"
    everything = varied.search.search(query, limit=500, today=TODAY)
    monkeypatch.setattr(service, "RANK_CANDIDATES", 40)
    monkeypatch.setattr(ranking, "EXACT_LIMIT", 0)
    with varied.engine.connect() as conn:
        n_rows, _avg = ranking.table_stats(driver(conn), FTS)
        at = ranking.fts5_count_cost(driver(conn), FTS, parse(query).fts_phrases(), n_rows)
    monkeypatch.setattr(ranking, "EXACT_LIMIT", at)  # at the limit: FTS5 ranks
    in_sql = varied.search.search(query, limit=500, today=TODAY)
    ran_sql = [s for s in recorded(varied, query) if "bm25(" in s]
    monkeypatch.setattr(ranking, "EXACT_LIMIT", at - 1)  # one entry past it: Python ranks
    in_python = varied.search.search(query, limit=500, today=TODAY)
    assert ran_sql and not [s for s in recorded(varied, query) if "bm25(" in s]
    assert len(in_sql) == min(40, len(everything)) >= 3, "the query must give the paths something to rank"
    assert {h.id for h in in_sql} <= {h.id for h in everything}
    assert [h.id for h in in_python] == [h.id for h in in_sql]
    assert [h.rank for h in in_python] == pytest.approx([h.rank for h in in_sql], rel=1e-9)


@pytest.mark.parametrize("text", ["bao hiem", '"ho ngheo"', "chi tieu tien do kind:recommendation", "an"])
def test_query_without_filters_ranks_on_the_index_alone(varied: Store, monkeypatch: pytest.MonkeyPatch,
                                                       text: str) -> None:
    """A query without filters is ranked on FTS5's tables and reads ``search_doc`` for the hits it returns only;
    the same query with a filter every row passes takes the joined statement: both give the same hits in the same
    order with the same scores, the candidate cap and the limit cutting both."""
    from ssdesk.search import service

    unfiltered = [s for s in recorded(varied, text) if "bm25(" in s]
    filtered = [s for s in recorded(varied, text + " from:01/01/2000") if "bm25(" in s]
    assert unfiltered and filtered and unfiltered != filtered
    inner = unfiltered[0].split("FROM (SELECT s, id FROM (")[1]
    assert "search_doc" not in inner.split(") best")[0], "the candidates are read from FTS5 alone"
    for cap, limit in ((500, 500), (40, 10)):
        monkeypatch.setattr(service, "RANK_CANDIDATES", cap)
        plain = varied.search.search(text, limit=limit, today=TODAY)
        joined = varied.search.search(text + " from:01/01/2000", limit=limit, today=TODAY)
        assert len(plain) >= min(limit, 3)
        assert [(h.entity, h.id) for h in plain] == [(h.entity, h.id) for h in joined]
        assert [h.rank for h in plain] == [h.rank for h in joined]


def recorded(store: Store, query: str) -> list[str]:
    from ssdesk.search.bench import recorded_sql

    return [statement for statement, _params in recorded_sql(store, query)]


def test_big_file_path_still_finds_and_orders(varied: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the candidate cap and the frequency sample both small, every hit still matches every word and the
    newest candidates are the ones ranked."""
    from ssdesk.search import service

    monkeypatch.setattr(ranking, "SAMPLE", 10)
    monkeypatch.setattr(service, "RANK_CANDIDATES", 25)
    hits = varied.search.search("bao hiem kind:recommendation", limit=10, today=TODAY)
    assert len(hits) == 10
    full = fts5_order(varied, "bao hiem")
    assert len(full) > 25
    assert {h.id for h in hits} <= set(full)
    assert all("bảo hiểm" in h.snippet.lower() for h in hits)


def test_phrases_are_counted_on_token_boundaries() -> None:
    texts = ["an an, an-sinh (an)", "bao hiem y te; bao hiem", None, "khang an", "an_sinh"]
    spaced = ranking.spaced(texts)
    assert len(spaced) == len(texts)
    exact, prefix = ranking.Phrase(("an",), False), ranking.Phrase(("an",), True)
    assert [t.count(exact.needle()) for t in spaced] == [4, 0, 0, 1, 1]  # "_" separates tokens, as in unicode61
    assert [t.count(prefix.needle()) for t in spaced] == [4, 0, 0, 1, 1]
    phrase = ranking.Phrase(("bao", "hiem"), False)
    assert [t.count(phrase.needle()) for t in spaced] == [0, 2, 0, 0, 0]
    assert spaced[3].count(ranking.Phrase(("kha",), True).needle()) == 1
    assert spaced[3].count(ranking.Phrase(("kha",), False).needle()) == 0


CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "drafting"


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the drafting corpus {CORPUS} is not available")
def test_real_session_reports_rank_as_fts5_ranks_them(store: Store, basics: dict[str, str]) -> None:
    """On text we did not write: the thirty public session reports of the drafting corpus, one session each, every
    paragraph a statement. For every word they share with others, pairs of neighbouring words, three-word phrases
    and a kind filter, the search (FTS5's tables alone, ``search_doc`` for the hits) gives the hits, the order and
    the scores of the naive peer: FTS5's bm25 over the same newest candidates, joined the plain way."""
    import sqlite3

    from ssdesk.search.bench import fts5_bm25, naive_statement
    from ssdesk.search.folding import TOKEN, fold

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    assert len(texts) >= 25
    with store.write():
        for i, text in enumerate(texts):
            visit = store.visits.create(delegation_id=basics["delegation"], unit_id=basics["unit"],
                                        starts_at=f"{1 + i % 28:02d}/03/2024 08:00").id
            for paragraph in (p.strip() for p in text.split("\n")):
                if len(paragraph) > 20:
                    store.visits.add_statement(visit, "Báo cáo", paragraph)
    tokens = [TOKEN.findall(fold(t)) for t in texts]
    common = sorted({w for ws in tokens for w in ws if len(w) > 1 and sum(w in set(o) for o in tokens) >= 5})
    queries = common[::7] + [f"{ws[k]} {ws[k + 1]}" for ws in tokens[:6] for k in range(0, len(ws) - 1, 40)]
    queries += [f'"{" ".join(ws[k:k + 3])}"' for ws in tokens[:6] for k in range(0, len(ws) - 3, 60)]
    queries += [f"{w} kind:statement" for w in common[::40]]
    raw = sqlite3.connect(store.path)
    compared = 0
    try:
        for text in queries:
            naive = naive_statement(store, text)
            assert naive is not None
            expected = raw.execute(*naive).fetchall()
            hits = store.search.search(text, limit=50, today=TODAY)
            assert [(h.entity, h.id) for h in hits] == [(e, i) for e, i, _s in expected], text
            assert [h.rank for h in hits] == pytest.approx([s for _e, _i, s in expected], rel=1e-9), text
            compared += bool(expected) and fts5_bm25(raw, naive) > 1
    finally:
        raw.close()
    assert compared > 90, "the queries must give the ranking something to order (104 of 133 here)"
