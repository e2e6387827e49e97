"""The office server's search as its three kinds of login meet it (issue 18): the same hits through the rules'
``ssdesk_search_ids`` and through plain SQL on a database without them, ranked newest candidates first; and
``ssdesk bench --server`` on a tiny synthetic file, where row-level security visibly filters."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ssdesk.demo import build_demo
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
            plan = "\n".join(r[0] for r in conn.exec_driver_sql(
                "EXPLAIN SELECT id FROM search_doc WHERE ssdesk_with_prefixes(tsv) @@ CAST(? AS tsquery)",
                (tsquery(parse("hoang mai"), prefixes=True),)))
        assert found_some >= 8
        assert "ix_search_doc_prefixes" in plan


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
