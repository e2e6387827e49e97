"""The office server's search as its three kinds of login meet it (issue 18): the same hits through the rules'
``ssdesk_search_ids`` and through plain SQL on a database without them, ranked newest candidates first; and
``ssdesk bench --server`` on a tiny synthetic file, where row-level security visibly filters."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ssdesk.demo import build_demo
from ssdesk.server import access
from ssdesk.store import Store


def _hits(store: Store, text: str) -> list[tuple[str, str]]:
    return [(h.entity, h.id) for h in store.search.search(text, today=dt.date(2025, 1, 1))]


def test_the_search_is_the_same_through_the_function_and_through_plain_sql(pg_url: str) -> None:
    with Store.open(pg_url) as store:
        build_demo(store)
        queries = ("hoang mai", "dang uy", '"an sinh xã hội"', "tuyen truyen status:overdue", "bhyt",
                   'kind:petition kien nghi')
        through_rules = {q: _hits(store, q) for q in queries}
        assert all(through_rules[q] for q in ("hoang mai", "dang uy", '"an sinh xã hội"'))
        with store.engine.begin() as conn:  # a database whose owner never set users up: no function
            conn.exec_driver_sql("DROP FUNCTION ssdesk_search_rows(tsquery, integer, text[], tsquery, text)")
            conn.exec_driver_sql("DROP FUNCTION ssdesk_search_ids(tsquery, integer, text[])")
            conn.exec_driver_sql("DROP FUNCTION ssdesk_search_ids(tsquery, integer, text[], tsquery)")
    with Store.open(pg_url) as store:  # (what a database offers is asked once per engine: ssdesk.search.pg)
        assert {q: _hits(store, q) for q in queries} == through_rules


def test_the_index_of_prefixes_finds_what_the_prefix_query_finds(pg_url: str) -> None:
    """Revision 0014: a typed word is one lexeme of the index of prefixes (``'hoan~'``) instead of ``hoan:*``, the OR
    of every word that starts with it. On the sample and the bench's typical queries, both select the same rows,
    and the search asks that index (its plan names it)."""
    from ssdesk.search.bench import typical_queries
    from ssdesk.search.pg import tsquery
    from ssdesk.search.query import parse

    with Store.open(pg_url) as store:
        build_demo(store)
        queries = [*typical_queries(60), "hoang mai", "h", "an sinh", "bhyt", "nguyen thi tuyen", "qu", '"an sinh"',
                   "BHXH tuyen", "so 08", "ctr"]
        found_some = 0
        with store.engine.connect() as conn:
            for text in queries:
                q = parse(text)
                plain = tsquery(q)
                if not plain:
                    continue
                by_prefix = conn.exec_driver_sql("SELECT array_agg(id ORDER BY id) FROM search_doc"
                                                 " WHERE ssdesk_with_prefixes(tsv) @@ CAST(? AS tsquery)",
                                                 (tsquery(q, prefixes=True),))
                by_scan = conn.exec_driver_sql("SELECT array_agg(id ORDER BY id) FROM search_doc"
                                               " WHERE tsv @@ to_tsquery('simple', ?)", (plain,))
                rows = by_prefix.scalar_one()
                assert rows == by_scan.scalar_one(), text
                found_some += bool(rows)
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a sample this small would be read whole
            # revision 0014's index of prefixes, or where the access rules are set up their key index that
            # replaces it (the words and their prefixes beside each row's band and keys: ssdesk_search_key)
            keyed = conn.exec_driver_sql(f"SELECT to_regclass('{access.band_index()}')").scalar_one() is not None
            matched = ("ssdesk_search_key(tsv, entity, access_delegation)" if keyed else "ssdesk_with_prefixes(tsv)")
            plan = "\n".join(r[0] for r in conn.exec_driver_sql(
                f"EXPLAIN SELECT id FROM search_doc WHERE {matched} @@ CAST(? AS tsquery)",
                (tsquery(parse("hoang mai"), prefixes=True),)))
        assert found_some >= 8
        assert (access.band_index() if keyed else "ix_search_doc_prefixes") in plan, plan


def test_the_server_bench_measures_the_three_logins(pg_url: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from ssdesk.server.bench import run_server_bench

    out = run_server_bench(pg_url, "tiny", queries=40)  # the command line below runs all 200
    assert out["recommendations"] == 100 and out["secret_visits"] >= 1
    for login in ("owner", "secretary", "reader"):
        assert out[f"search_{login}_p95_ms"] >= out[f"search_{login}_p50_ms"] > 0
    # the secretary of 3 of 20 delegations finds fewer than the owner on the same queries: RLS filtered
    assert out["search_secretary_hits"] < out["search_reader_hits"] <= out["search_owner_hits"]
    assert "search_doc" in out["explain_secretary"] and "ANY" in out["explain_secretary"]
    # again, on the data already there, through the command line
    from ssdesk.cli import main

    assert main(["bench", "--server", pg_url, "--reuse", "--scale", "1k", "--json", str(tmp_path / "b.json")]) == 0
    assert "search_secretary_p95_ms" in capsys.readouterr().out
    assert json.loads((tmp_path / "b.json").read_text())["1k"]["recommendations"] == 100


CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "drafting"


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the drafting corpus {CORPUS} is not available")
def test_the_index_of_prefixes_agrees_on_real_session_reports(pg_url: str) -> None:
    """The same check on text we did not write: the thirty public session reports of the drafting corpus (numbers
    such as "14.740", codes such as "08-CTr/TU", hyphens, percentages), indexed as PostgreSQL parses them. Every
    distinct word, each of its prefixes of 2 to 7 letters and each pair of neighbouring words, as typed into the
    search, selects the same reports through the index of prefixes as through ``word:*``."""
    from ssdesk.search import pg
    from ssdesk.search.folding import TOKEN, fold
    from ssdesk.search.query import parse

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    assert len(texts) >= 25
    with Store.open(pg_url) as store:
        with store.engine.begin() as conn:
            pg.write_docs(conn, [("statement", f"corpus-{i}", None, None, "", fold(t)) for i, t in enumerate(texts)])
        words = sorted({w for t in texts for w in TOKEN.findall(fold(t))})
        typed = {w[:n] for w in words for n in range(2, 8)} | set(words)
        for t in texts[:10]:
            tokens = TOKEN.findall(fold(t))
            typed |= {f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)}
        assert len(typed) > 3000
        differ, found = [], 0
        with store.engine.connect() as conn:  # what the index holds for each report, computed once
            conn.exec_driver_sql("CREATE TEMP TABLE indexed AS SELECT entity_id, tsv,"
                                 " ssdesk_with_prefixes(tsv) AS prefixes FROM search_doc")
            for text in sorted(typed):
                q = parse(text)
                plain, prefixed = pg.tsquery(q), pg.tsquery(q, prefixes=True)
                if not plain:
                    continue
                by_prefix, by_scan = conn.exec_driver_sql(
                    "SELECT array_agg(entity_id ORDER BY entity_id) FILTER (WHERE prefixes @@ CAST(? AS tsquery)),"
                    " array_agg(entity_id ORDER BY entity_id) FILTER (WHERE tsv @@ to_tsquery('simple', ?))"
                    " FROM indexed", (prefixed, plain)).one()
                if by_prefix != by_scan:
                    differ.append(text)
                found += by_scan is not None
        assert differ == [], differ[:20]
        assert found > 2000  # thousands of them find some report (2,718 here)
