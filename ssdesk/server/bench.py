"""``ssdesk bench --server URL``: the search as each kind of login meets it on the office server, row-level security
included, beside the same search by the database's owner (whom the policies do not filter) in the same run.

Why a server bench of its own: on a file nobody is filtered, so ``ssdesk bench`` cannot show what the policies of
:mod:`ssdesk.server.access` cost. Here the synthetic case file (:func:`ssdesk.search.synthetic.build_synthetic`) is
built in the server database, every tenth session is made secret, and three logins search it:

- ``owner``: the URL's own role, which owns the tables — the policies do not apply (the peer, "no RLS");
- ``secretary``: an uncleared secretary of three of the twenty delegations — the policies filter hardest;
- ``reader``: an uncleared reader — sees every session but the secret ones.

Each query of :func:`ssdesk.search.bench.typical_queries` runs as the three in turn (interleaved, so that the load of a
shared machine falls on all three alike), three times each, the median kept; p50/p95 per login and the ratios to the
owner are reported, with CPU time beside wall time. ``EXPLAIN ANALYZE`` of the search's main statement as the
secretary shows where the time goes. The URL's role must be able to create roles (it adds the two users).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from ssdesk.search.bench import REPEAT, TODAY, median, p50_p95, percentile_ms, recorded_sql, timings, typical_queries

#: the bench's logins (made, or reset, by each run)
SECRETARY, READER = "ssdesk_bench_secretary", "ssdesk_bench_reader"
#: the delegations the bench's secretary serves (of the synthetic twenty)
SECRETARY_DELEGATIONS = ("Đoàn giám sát số 1", "Đoàn giám sát số 2", "Đoàn giám sát số 3")
#: one session in this many is made secret
SECRET_EVERY = 10
#: a query whose plan is shown (a common word: the policies meet many rows)
EXPLAINED = "giám sát"


def _login_url(url: str, login: str, password: str) -> str:
    from ssdesk import server

    return server.normalise_url(url).set(username=login, password=password).render_as_string(hide_password=False)


def _prepare(store: Any, password: str) -> dict[str, int]:
    """Secret sessions and the two bench users (made again with a new password on every run)."""
    from ssdesk.server import users

    with store.engine.begin() as conn:
        # (a rerun rewrites no row)
        conn.exec_driver_sql("UPDATE visit SET classification = 'secret' WHERE id IN (SELECT id FROM (SELECT id,"
                             " row_number() OVER (ORDER BY id) AS n FROM visit) AS x"
                             f" WHERE mod(x.n, {SECRET_EVERY}) = 0) AND classification <> 'secret'")
        for login, role, delegations in ((SECRETARY, "secretary", SECRETARY_DELEGATIONS), (READER, "reader", ())):
            if conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = ?", (login,)).first() is not None:
                if conn.exec_driver_sql("SELECT to_regclass('ssdesk_user') IS NOT NULL").scalar_one():
                    conn.exec_driver_sql("DELETE FROM ssdesk_user WHERE login = ?", (login,))
                conn.exec_driver_sql(f'DROP ROLE "{login}"')
            users.add_user(conn, login, role, delegations, cleared=False, password=password)
        secret = conn.exec_driver_sql("SELECT count(*) FROM visit WHERE classification = 'secret'").scalar_one()
        mine = conn.exec_driver_sql(
            "SELECT count(*) FROM visit v JOIN delegation d ON d.id = v.delegation_id WHERE d.name IN (?, ?, ?)"
            " AND v.classification <> 'secret'", SECRETARY_DELEGATIONS).scalar_one()
    return {"secret_visits": int(secret), "secretary_visible_visits": int(mine)}


def explain(store: Any, text: str, owner: Any = None) -> str:
    """The plans of the statements ``store.search.search(text)`` runs, as ``store``'s login (its policies included),
    with ``EXPLAIN (ANALYZE, BUFFERS)``. When ``owner`` (a store of the database's owner) is a superuser, the plans of
    the statements inside ``ssdesk_search_ids`` are shown too: auto_explain, as the login (SET SESSION
    AUTHORIZATION), its output sent to the client as notices."""
    statements = [(sql, params) for sql, params in recorded_sql(store, text)
                  if sql.lstrip().upper().startswith(("SELECT", "WITH")) and "to_regprocedure" not in sql]
    plans: list[str] = []
    with store.engine.connect() as conn:
        raw = conn.connection.driver_connection
        for statement, parameters in statements:
            rows = raw.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).fetchall()
            plans.append("\n".join(r[0] for r in rows))
        conn.rollback()
    if owner is not None:
        login = str(store.engine.url.username)
        with owner.engine.connect() as conn:
            raw = conn.connection.driver_connection
            if raw.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]:
                notes: list[str] = []
                raw.add_notice_handler(lambda diag: notes.append(diag.message_primary or ""))
                for setting in ("LOAD 'auto_explain'", "SET auto_explain.log_min_duration = 0",
                                "SET auto_explain.log_analyze = on", "SET auto_explain.log_nested_statements = on",
                                "SET auto_explain.log_level = notice", f'SET SESSION AUTHORIZATION "{login}"'):
                    raw.execute(setting)
                for statement, parameters in statements[:1]:  # the candidates: ssdesk_search_ids
                    raw.execute(statement, parameters).fetchall()
                raw.execute("RESET SESSION AUTHORIZATION")
                plans.append("-- inside ssdesk_search_ids, as " + login + " --\n" + "\n".join(notes))
            conn.rollback()
    return "\n\n".join(plans)


def _cpu() -> float:
    times = os.times()
    return times.user + times.system


def run_server_bench(url: str, scale: str = "100k", *, reuse: bool = False,
                     log: Callable[[str], None] | None = None, queries: int = 200) -> dict[str, Any]:
    """Build (or with ``reuse`` keep) the synthetic case file in the database at ``url`` and measure the search as
    the owner, an uncleared secretary and an uncleared reader, over the first ``queries`` of the typical queries
    (fewer only for a test of the bench itself). The database server's own CPU is not counted in ``cpu_s`` (only
    this process's); wall times include it."""
    from ssdesk.followup.dashboard import dashboard
    from ssdesk.search.synthetic import build_synthetic
    from ssdesk.store import Store

    log = log or (lambda _m: None)
    out: dict[str, Any] = {"scale": scale}
    with Store.open(url, user="bench") as owner:
        with owner.engine.connect() as conn:
            recs = conn.exec_driver_sql("SELECT count(*) FROM recommendation").scalar_one()
    if not (reuse and recs):
        if recs:
            from ssdesk.errors import SsdeskError

            raise SsdeskError(f"the database holds {recs} recommendations: give an empty one, or --reuse")
        t = time.perf_counter()
        log(f"[{scale}] building in the server database")
        build_synthetic(url, scale, log=log)  # type: ignore[arg-type]
        out["build_s"] = round(time.perf_counter() - t, 1)
    password = secrets.token_urlsafe(16)
    owner = Store.open(url, user="bench")
    try:
        out.update(_prepare(owner, password))
        with owner.engine.connect() as conn:
            out["recommendations"] = conn.exec_driver_sql("SELECT count(*) FROM recommendation").scalar_one()
            out["index_rows"] = conn.exec_driver_sql("SELECT count(*) FROM search_doc").scalar_one()
        # what autovacuum leaves after the secret sessions were marked: statistics, and the visibility map that
        # lets the policies read visit's index alone (without it the plans of a run depend on what the runs
        # before it rewrote)
        with owner.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        logins = {"owner": owner,
                  "secretary": Store.open(_login_url(url, SECRETARY, password), create=False, user="bench"),
                  "reader": Store.open(_login_url(url, READER, password), create=False, user="bench")}
        try:
            out.update(_measure(logins, log, queries))
            for name, store in logins.items():
                out[f"dashboard_{name}_p50_ms"] = percentile_ms(timings(partial(dashboard, store, TODAY), 5), 0.5)
            out["explain_secretary"] = explain(logins["secretary"], EXPLAINED, owner)
            out["explain_owner"] = explain(owner, EXPLAINED)
        finally:
            for name, store in logins.items():
                if name != "owner":
                    store.close()
    finally:
        owner.close()
    return out


def _measure(logins: dict[str, Any], log: Callable[[str], None], count: int = 200) -> dict[str, Any]:
    queries = typical_queries(count)
    times: dict[str, list[float]] = {name: [] for name in logins}
    cpu: dict[str, float] = dict.fromkeys(logins, 0.0)
    wall: dict[str, float] = dict.fromkeys(logins, 0.0)
    hits: dict[str, int] = dict.fromkeys(logins, 0)
    for store in logins.values():  # the statement caches warm, as in a running app
        store.search.search(queries[0], today=TODAY)
    log(f"searching {len(queries)} queries × {REPEAT} as {', '.join(logins)}")
    for q in queries:
        for name, store in logins.items():
            c, w = _cpu(), time.perf_counter()
            times[name].append(median(timings(partial(store.search.search, q, limit=50, today=TODAY), REPEAT)))
            cpu[name] += _cpu() - c
            wall[name] += time.perf_counter() - w
            hits[name] += len(store.search.search(q, limit=50, today=TODAY))
    out: dict[str, Any] = {"queries": len(queries), "at": dt.datetime.now().isoformat(timespec="seconds"),
                           "load_average": round(os.getloadavg()[0], 2)}
    for name in logins:
        out[f"search_{name}_p50_ms"], out[f"search_{name}_p95_ms"] = p50_p95(times[name])
        out[f"search_{name}_client_cpu_s"], out[f"search_{name}_wall_s"] = round(cpu[name], 2), round(wall[name], 2)
        out[f"search_{name}_hits"] = hits[name]
    base = max(out["search_owner_p95_ms"], 0.01)
    for name in logins:
        if name != "owner":
            out[f"search_{name}_vs_owner_p95"] = round(out[f"search_{name}_p95_ms"] / base, 2)
    return out
