"""``ssdesk bench``: how fast the case file is at a given scale, measured the way a secretary meets it.

Numbers are wall-clock on this machine, in one process: "cold open" means a new :class:`Store` on a file that the
OS may still have cached (a true cold cache needs root). Search is compared with the bare FTS5 query on the same
file, so the cost of our joins, filters and snippets is visible as a ratio, apart from the disk and the CPU.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import sqlite3
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from ssdesk.followup.dashboard import dashboard
from ssdesk.search import service
from ssdesk.search.index import FTS, WEIGHTS
from ssdesk.search.query import parse
from ssdesk.search.synthetic import DISTRICTS, SUBJECTS, build_synthetic

TODAY = dt.date(2025, 6, 30)
WORDS = ["an sinh", "hoang mai", "Đảng ủy", "kiem tra", "giám sát", "bao hiem y te", "truong chuan", "tham nhung",
         "chuyen doi so", "đất đai", "rac thai", "hop tac xa", "nong thon moi", "can bo", "don thu", "nguyen van",
         "tiến độ", "chi tieu", "ket luan", "thuc pham"]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def percentile_ms(values: list[float], p: float) -> float:
    """The ``p`` quantile (nearest rank) of ``values`` in seconds, in milliseconds: what every bench reports (the
    file's here, the office server's in :mod:`ssdesk.server.bench`)."""
    ordered = sorted(values)
    return _ms(ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))])


def p50_p95(values: list[float]) -> tuple[float, float]:
    """The median and the 95th percentile of ``values`` (seconds) in milliseconds, the pair every bench reports."""
    return percentile_ms(values, 0.5), percentile_ms(values, 0.95)


def typical_queries(n: int = 200, seed: int = 7) -> list[str]:
    """What people type: one or two words with or without diacritics, prefixes, a phrase, a filter now and then."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            out.append(rng.choice(WORDS))
        elif kind == 1:
            out.append(rng.choice(WORDS).split()[0][:4])  # a prefix being typed
        elif kind == 2:
            out.append(f'"{rng.choice(SUBJECTS).split(",")[0]}"')
        elif kind == 3:
            out.append(f"{rng.choice(WORDS)} {rng.choice(DISTRICTS)}")
        else:
            out.append(f"{rng.choice(WORDS)} status:overdue")
    return out


#: The dashboard's statement before revision 0013 (grouped by status too: SQLite sorted every recommendation), timed
#: beside today's whole :func:`dashboard` as its peer.
DASHBOARD_BEFORE = ("SELECT v.unit_id, v.delegation_id, r.status, COUNT(*), SUM(CASE WHEN r.deadline < ? THEN 1 ELSE 0"
                    " END), v.convening_body FROM recommendation r JOIN visit v ON v.id = r.visit_id"
                    " GROUP BY v.unit_id, v.delegation_id, v.convening_body, r.status")

#: Times each search query is run; its median is the query's time.
REPEAT = 5


def median(values: list[float]) -> float:
    """The middle value (the upper one of an even count), as the benches take it."""
    return sorted(values)[len(values) // 2]


def timings(fn: Callable[[], Any], repeat: int) -> list[float]:
    """``fn`` run ``repeat`` times: each run's wall time in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def _documents(store: Any) -> dict[str, Any]:
    """What a secretary waits for on this file: the minutes of one visit as PDF (median of 5) and the follow-up
    report PDF of about 5,000 recommendations (the delegation whose count is nearest 5,000; the whole file when
    smaller)."""
    from ssdesk.documents import render

    out: dict[str, Any] = {}
    with store.engine.connect() as conn:
        visit_id = conn.exec_driver_sql("SELECT visit_id FROM statement GROUP BY visit_id ORDER BY COUNT(*) DESC"
                                        " LIMIT 1").scalar()
        counts = conn.exec_driver_sql("SELECT d.name, COUNT(*) FROM recommendation r JOIN visit v ON v.id ="
                                      " r.visit_id JOIN delegation d ON d.id = v.delegation_id GROUP BY d.id").all()
    if visit_id:
        render(store, "minutes", "pdf", visit_id=visit_id)  # registers the fonts once, as a running app has
        runs = timings(lambda: render(store, "minutes", "pdf", visit_id=visit_id), 5)
        out["minutes_pdf_ms"] = percentile_ms(runs, 0.5)
    if counts:
        name, n = min(counts, key=lambda c: abs(c[1] - 5000))
        total = sum(c[1] for c in counts)
        filters = {} if total <= 5000 else {"delegation": name}
        out["followup_pdf_rows"] = total if total <= 5000 else n
        out["followup_pdf_ms"] = _ms(timings(lambda: render(store, "followup", "pdf", today=TODAY, **filters), 1)[0])
    return out


def recorded_sql(store: Any, text: str) -> list[tuple[str, Any]]:
    """Every SQL statement (with its parameters) that ``store.search.search(text)`` runs, in order.

    On a file the search ranks on the driver's own connection (:mod:`ssdesk.search.ranking`), which SQLAlchemy's
    events do not see: there SQLite's trace of each statement is recorded (the text with its values bound in);
    on the office server, SQLAlchemy's."""
    from sqlalchemy import event

    statements: list[tuple[str, Any]] = []
    if store.engine.dialect.name != "sqlite":
        def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
            statements.append((statement, parameters))

        event.listen(store.engine, "before_cursor_execute", record)
        try:
            store.search.search(text, limit=50, today=TODAY)
        finally:
            event.remove(store.engine, "before_cursor_execute", record)
        return statements

    traced: list[Any] = []

    def trace(statement: str) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):  # not BEGIN/ROLLBACK around them
            statements.append((statement, ()))

    def checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.set_trace_callback(trace)
        traced.append(dbapi_connection)

    event.listen(store.engine, "checkout", checkout)
    try:
        store.search.search(text, limit=50, today=TODAY)
    finally:
        event.remove(store.engine, "checkout", checkout)
        for connection in traced:
            connection.set_trace_callback(None)
    return statements


def replay(con: sqlite3.Connection, statements: list[tuple[str, Any]]) -> None:
    """The search as raw SQL: the app's own statements straight on ``sqlite3``, rows fetched, nothing else. What
    the app adds on top (bm25 in Python, titles, snippets, SQLAlchemy) is the overhead the ratio shows."""
    for statement, parameters in statements:
        con.execute(statement, parameters).fetchall()


def _first_screen(store: Any, text: str) -> int:
    """A search and its first screen of hits (20) dressed, as the results page shows them."""
    hits = store.search.search(text, limit=50, today=TODAY)
    return len(hits[:20])


def naive_statement(store: Any, text: str) -> tuple[str, tuple[Any, ...]] | None:
    """The naive peer of one query (None for a query without text): FTS5's own bm25 over the same candidates as
    the app — the newest ``service.RANK_CANDIDATES`` matches that pass the query's filters (``status:overdue``,
    ``kind:``…, built by the app's own filter code) — scored in the one statement that finds them, the best 50
    sorted by SQLite. What the app ran before it had two ranking paths; a peer that ignored the filters would rank
    other, cheaper candidates (until 2026-12-04 it did, for the 20 % of queries that carry ``status:overdue``). The
    peer finds them the plain way, reading ``search_doc`` for every match to test its kind; the app tests the kind
    on the index row's id first (revision 0013) — part of what is compared."""
    q = parse(text)
    kinds = store.search.kinds(q)
    if not q.has_text or kinds is None:
        return None
    joins, where, params = store.search.text_sql(q, kinds, TODAY, by_id=False)
    sql = (f"SELECT entity, entity_id, s FROM (SELECT d.entity, d.entity_id, bm25({FTS}, {WEIGHTS[0]}, {WEIGHTS[1]})"
           f" AS s, {FTS}.rowid AS id{joins} WHERE {' AND '.join(where)} ORDER BY {FTS}.rowid DESC LIMIT ?)"
           " ORDER BY s, id LIMIT 50")
    return sql, (*params, service.RANK_CANDIDATES)  # read now: the app's count, whatever it is set to


def fts5_bm25(con: sqlite3.Connection, statement: tuple[str, tuple[Any, ...]]) -> int:
    """Run the naive peer's statement (:func:`naive_statement`) on a bare ``sqlite3`` connection."""
    return len(con.execute(*statement).fetchall())


def run_bench(scale: str, *, keep: str | None = None, reuse: bool = False,
              log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Build (or, with ``reuse`` and ``keep``, reuse the file an earlier run kept) and measure."""
    from ssdesk.store import Store

    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="ssdesk-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-{scale}.ssdesk"
    log = log or (lambda _m: None)
    t = time.perf_counter()
    if reuse and keep and path.exists():
        log(f"[{scale}] reusing {path}")
        Store.open(path, create=False, verify="defer").close()  # brings an older file to the current schema
        con = sqlite3.connect(path)
        counts = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("recommendation", "visit", "statement", "search_doc")}
        con.close()
    else:
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        log(f"[{scale}] building {path}")
        counts = build_synthetic(path, scale, log=log)
    out: dict[str, Any] = {"build_s": round(time.perf_counter() - t, 2),
                           "file_mb": round(path.stat().st_size / 2**20, 1),
                           "recommendations": counts.get("recommendation", 0), "visits": counts.get("visit", 0),
                           "statements": counts.get("statement", 0), "index_rows": counts.get("search_doc", 0)}

    t = time.perf_counter()
    store = Store.open(path, create=False)  # verify="auto": a big file defers quick_check to Store.verify()
    out["open_ms"] = _ms(time.perf_counter() - t)
    t1 = time.perf_counter()
    store.visits.rows(limit=200)
    out["visits_first_page_ms"] = _ms(time.perf_counter() - t1)
    t2 = time.perf_counter()
    store.recommendations.rows(limit=200, today=TODAY)
    out["recommendations_first_page_ms"] = _ms(time.perf_counter() - t2)
    out["open_first_page_ms"] = _ms(time.perf_counter() - t)
    try:
        queries = typical_queries()
        store.search.search(queries[0], today=TODAY)  # warm the statement cache once, as a running app has it
        # each query REPEAT (5) times, its median kept: one garbage collection or scheduler hiccup in 200 single
        # shots moved the p95 by ±5 ms from run to run. The app, the replay of its own SQL and the naive peer run
        # query by query in turn, so that a burst of load on a shared machine hits all three alike; CPU seconds are
        # summed beside.
        raw = sqlite3.connect(path)
        times: list[float] = []
        raw_times: list[float] = []
        bm25_times: list[float] = []
        cpu = [0.0, 0.0]
        for q in queries:
            recorded = recorded_sql(store, q)
            naive = naive_statement(store, q)
            c = time.process_time()
            times.append(median(timings(partial(store.search.search, q, limit=50, today=TODAY), REPEAT)))
            cpu[0] += time.process_time() - c
            raw_times.append(median(timings(partial(replay, raw, recorded), REPEAT)))
            if naive is not None:
                c = time.process_time()
                bm25_times.append(median(timings(partial(fts5_bm25, raw, naive), REPEAT)))
                cpu[1] += time.process_time() - c
        raw.close()
        out["search_p50_ms"], out["search_p95_ms"] = p50_p95(times)
        out["search_cpu_s"], out["fts5_bm25_cpu_s"] = round(cpu[0], 2), round(cpu[1], 2)
        out["search_raw_p50_ms"], out["search_raw_p95_ms"] = p50_p95(raw_times)
        out["search_ratio_p95"] = round(out["search_p95_ms"] / max(out["search_raw_p95_ms"], 0.01), 2)
        out["fts5_bm25_p50_ms"], out["fts5_bm25_p95_ms"] = p50_p95(bm25_times)
        out["search_vs_fts5_p95"] = round(out["search_p95_ms"] / max(out["fts5_bm25_p95_ms"], 0.01), 2)
        # what the results page waits for: the ranked hits and the first screen of them dressed (title, snippet)
        screen = [median(timings(partial(_first_screen, store, q), REPEAT)) for q in queries]
        out["search_screen_p50_ms"], out["search_screen_p95_ms"] = p50_p95(screen)
        out["screen_vs_fts5_p95"] = round(out["search_screen_p95_ms"] / max(out["fts5_bm25_p95_ms"], 0.01), 2)
        unit = DISTRICTS[0]
        times = timings(lambda: store.search.search(f'status:overdue unit:"{unit}"', limit=200, today=TODAY), 20)
        out["filter_overdue_unit_p50_ms"] = percentile_ms(times, 0.5)
        times = timings(lambda: store.recommendations.rows(overdue=True, today=TODAY, limit=200), 10)
        out["rows_overdue_p50_ms"] = percentile_ms(times, 0.5)

        c = time.process_time()
        out["dashboard_p50_ms"] = percentile_ms(timings(lambda: dashboard(store, TODAY), 10), 0.5)
        out["dashboard_cpu_ms"] = _ms((time.process_time() - c) / 10)
        raw = sqlite3.connect(path)  # the peer: the one GROUP BY of the dashboard before revision 0013, alone
        c = time.process_time()
        before = timings(lambda: raw.execute(DASHBOARD_BEFORE, (TODAY.isoformat(),)).fetchall(), 10)
        out["dashboard_before_p50_ms"] = percentile_ms(before, 0.5)
        out["dashboard_before_cpu_ms"] = _ms((time.process_time() - c) / 10)
        raw.close()
        out.update(_documents(store))
        out["verified_on_open"] = store.verified
        t = time.perf_counter()
        out["verify_problems"] = len(store.verify())
        out["verify_background_ms"] = _ms(time.perf_counter() - t)
    finally:
        store.close()
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if not keep:
        for leftover in folder.iterdir():
            leftover.unlink()
        folder.rmdir()
    return out
