"""Office server mode against a real PostgreSQL (tests/pg_cluster.py starts it): opening and migrating, the demo
and the exchange format, the CLI, search, optimistic locking between concurrent writers, and merging a laptop file."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import itertools
import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select

from ssdesk import migrations, server
from ssdesk.cli import main
from ssdesk.demo import build_demo
from ssdesk.errors import ConflictError, NotACaseFileError, ServerPasswordError
from ssdesk.exchange import dump_visit, export_visit, import_visit
from ssdesk.models import AuditEntry, Recommendation
from ssdesk.safety.merge import merge
from ssdesk.store import Store


def _strip_attachments(data: dict) -> dict:
    for r in data["recommendations"]:
        for f in r["follow_ups"]:
            f["attachments"] = []
    return data


@pytest.fixture
def pg_store(pg_url: str):
    s = Store.open(pg_url, user="office@server")
    yield s
    s.close()


# --- opening ---------------------------------------------------------------------------------------------------


def test_a_new_database_is_migrated_to_head_and_identified(pg_url: str) -> None:
    with Store.open(pg_url, user="a@pc") as store:
        assert store.is_server and store.path is None
        assert store.schema_revision() == migrations.head_revision()
        assert store.meta("file_id")
        assert {"search_doc", "ssdesk_meta", "recommendation"} <= set(store.table_names())
        assert store.verify() == [] and store.integrity() == ["ok"]
        assert store.name == _dbname(pg_url)
        file_id = store.meta("file_id")
    with Store.open(pg_url, create=False) as again:  # a second open changes nothing
        assert again.meta("file_id") == file_id and again.migrated_from is None


def test_every_connection_runs_without_jit_and_keeps_what_the_url_sets(pg_url: str) -> None:
    """JIT compiling added ~25 ms to a 25 ms search statement (issue 18): the app's connections turn it off, each
    one as the pool opens it, without replacing the connection options the URL gives."""
    url = pg_url + ("&" if "?" in pg_url else "?") + "options=-c%20statement_timeout%3D12345"
    with Store.open(url, user="a@pc") as store:
        for _ in range(2):  # a second connection from the pool as well
            with store.engine.connect() as conn, store.engine.connect() as other:
                for c in (conn, other):
                    assert c.exec_driver_sql("SHOW jit").scalar_one() == "off"
                    assert c.exec_driver_sql("SHOW statement_timeout").scalar_one() == "12345ms"


def test_the_password_never_shows_and_urls_are_normalised() -> None:
    url = "postgres://thuky:bí-mật@db.vp.local:5433/hoso"
    assert server.is_url(url) and server.is_url("postgresql+psycopg://h/d") and not server.is_url("/tmp/a.ssdesk")
    assert str(server.normalise_url(url).drivername) == "postgresql+psycopg"
    shown = server.display_location(url)
    assert "bí-mật" not in shown and "thuky@db.vp.local:5433/hoso" in shown
    assert server.database_name(url) == "hoso"


def test_a_server_that_asks_for_a_password_says_so_and_opens_with_the_right_one(
        pg_cluster, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    database = pg_cluster.new_database()
    url = pg_cluster.password_user("thu_ky", "Mật khẩu 1@/", database)  # over TCP: scram-sha-256
    with pytest.raises(ServerPasswordError) as info:
        Store.open(url)
    assert info.value.wrong is False and database in str(info.value) and "PGPASSWORD" in str(info.value)
    with pytest.raises(ServerPasswordError) as info:
        Store.open(server.with_password(url, "sai"))
    assert info.value.wrong is True and "sai" not in str(info.value)
    with Store.open(server.with_password(url, "Mật khẩu 1@/"), user="thu-ky@vp") as store:
        build_demo(store)
        assert store.location == server.display_location(url)  # no password in what is shown
        assert len(store.recommendations.rows()) == 8
    # the CLI: a one-line message, exit 1, no traceback; the password from libpq's own variable works
    assert main(["list", url, "visits"]) == 1
    assert "PGPASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("PGPASSWORD", "Mật khẩu 1@/")
    assert main(["list", url, "visits", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_a_database_of_another_program_is_refused_untouched(pg_cluster, pg_url: str) -> None:
    name = _dbname(pg_url)
    with psycopg.connect(host=pg_cluster.host, port=pg_cluster.port, user="ssdesk", dbname=name,
                         autocommit=True) as con:
        con.execute("CREATE TABLE invoices (id int)")
    with pytest.raises(NotACaseFileError, match="not empty"):
        Store.open(pg_url)
    with psycopg.connect(host=pg_cluster.host, port=pg_cluster.port, user="ssdesk", dbname=name) as con:
        tables = [r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    assert tables == ["invoices"]


def test_two_users_opening_a_new_database_at_once_set_it_up_once(pg_url: str) -> None:
    ids: list[str] = []
    errors: list[BaseException] = []

    def open_it(i: int) -> None:
        try:
            with Store.open(pg_url, user=f"u{i}@pc") as s:
                ids.append(s.meta("file_id") or "")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(ids) == 4 and len(set(ids)) == 1


# --- the same data as on SQLite --------------------------------------------------------------------------------


def test_demo_round_trips_and_exports_exactly_as_from_sqlite(tmp_path: Path, pg_store: Store) -> None:
    with Store.open(tmp_path / "demo.ssdesk", user="office@server") as lite:
        build_demo(lite)
        exported = {row.id: export_visit(lite, row.id) for row in lite.visits.rows()}
        lite_counts = lite.counts()
    for data in exported.values():
        import_visit(pg_store, copy.deepcopy(data))
    for visit_id, data in exported.items():
        assert dump_visit(_strip_attachments(export_visit(pg_store, visit_id))) == \
            dump_visit(_strip_attachments(copy.deepcopy(data)))
    counts = pg_store.counts()
    for table in ("visit", "recommendation", "statement", "finding", "attendee", "indicator_result"):
        assert counts[table] == lite_counts[table], table


def test_demo_built_on_the_server_reads_back_as_written(pg_store: Store) -> None:
    visit_id = build_demo(pg_store)
    visit = pg_store.visits.get(visit_id)
    assert visit.starts_at == dt.datetime(2024, 2, 27, 8, 0)
    assert any(a.presides for a in visit.attendees)
    recs = pg_store.recommendations.rows(overdue=True, today=dt.date(2025, 1, 1))
    assert recs and all(r.overdue for r in recs)
    follow = pg_store.recommendations.change_status(visit.recommendations[0].id, "in_progress", date="2024-05-02",
                                                    note="Đang triển khai", today=dt.date(2025, 1, 1))
    again = pg_store.recommendations.get(visit.recommendations[0].id)
    assert again.status.value == "in_progress" and again.follow_ups[-1].id == follow.id


def test_search_finds_the_demo_without_diacritics(pg_store: Store) -> None:
    build_demo(pg_store)
    for words in ("hoang mai", "dang uy"):
        hits = pg_store.search.search(words)
        assert hits, words
    assert any("Hoàng Mai" in h.title for h in pg_store.search.search("hoang mai"))
    assert any(h.spans for h in pg_store.search.search("dang uy"))
    overdue = pg_store.search.search('status:overdue unit:"Hoàng Mai"', today=dt.date(2025, 1, 1))
    assert overdue and all(h.entity == "recommendation" for h in overdue)
    assert pg_store.search.search("zzzkhongco") == []
    assert len(pg_store.visits.rows(text="hoang mai")) == 1 and pg_store.visits.rows(text="zzzkhongco") == []
    # the index follows edits, in the same transaction
    rec = pg_store.recommendations.rows()[0]
    pg_store.recommendations.update(rec.id, text="Xây dựng nhà văn hóa Thịnh Liệt")
    assert [h.id for h in pg_store.search.search("thinh liet")] == [rec.id]


def test_a_filtered_search_ranks_the_newest_matches_that_pass_however_far_back(pg_store: Store,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """With filters the server fetches more candidates while too few of the newest matches pass them
    (``pg.widened``); whatever the steps, the ranked hits are the newest ``RANK_CANDIDATES`` matches that pass, and
    the ranking statement looks up only what the filters read (a ``status:`` filter never reads the session)."""
    from ssdesk.enums import REC_CLOSED, RecStatus
    from ssdesk.search import pg, service
    from ssdesk.search.bench import recorded_sql
    from ssdesk.search.query import parse

    build_demo(pg_store)
    today = dt.date(2030, 1, 1)  # every open recommendation of the demo overdue
    monkeypatch.setattr(service, "RANK_CANDIDATES", 2)
    steps: list[tuple[int, int]] = []
    real = pg.widened
    monkeypatch.setattr(pg, "widened", lambda wanted, passed: steps.append((wanted, passed)) or real(wanted, passed))
    closed = [s.value for s in (*REC_CLOSED, RecStatus.REPORTED_DONE)]  # service's rule of "overdue"
    with pg_store.engine.begin() as conn:  # the three newest overdue recommendations done: searches look further
        conn.exec_driver_sql(
            "UPDATE recommendation SET status = 'done' WHERE id IN (SELECT d.rec_id FROM search_doc d JOIN"
            " recommendation r ON r.id = d.rec_id WHERE d.entity = 'recommendation' AND r.deadline < ? AND NOT"
            " r.status = ANY (?) ORDER BY d.id DESC LIMIT 3)", (today, closed))
    found = 0
    with pg_store.engine.connect() as conn:
        offered = pg.features(conn)
    assert offered.search_rows  # the rules' one-statement ranking; then, as where the rules predate it
    older = dataclasses.replace(offered, search_rows=False)
    for word, rules in itertools.product(("thuong vu", "ban thuong vu", "hoang mai", "xay dung"), (offered, older)):
        monkeypatch.setattr(pg, "features", lambda _conn, rules=rules: rules)
        hits = pg_store.search.search(f"{word} status:overdue", limit=100, today=today)
        with pg_store.engine.connect() as conn:
            expected = [r[0] for r in conn.exec_driver_sql(
                "SELECT d.entity_id FROM search_doc d JOIN recommendation r ON r.id = d.rec_id"
                " WHERE d.entity = 'recommendation' AND d.tsv @@ to_tsquery('simple', ?) AND r.deadline < ?"
                " AND NOT r.status = ANY (?) ORDER BY d.id DESC LIMIT 2",
                (pg.tsquery(parse(word)), today, closed)).all()]
        assert sorted(h.id for h in hits) == sorted(expected), word
        found += len(expected)
    assert found >= 8
    monkeypatch.setattr(pg, "features", lambda _conn: offered)
    assert any(wanted > passed for wanted, passed in steps)  # some search had to look further back
    for rules in (offered, older):  # the rows of recommendations and sessions only as the filters read them
        monkeypatch.setattr(pg, "features", lambda _conn, rules=rules: rules)
        for text, wanted in (("xay dung status:overdue", "r"), ('xay dung unit:"Hoàng Mai"', "rv"),
                             ("xay dung", "")):
            sent = [(s, p) for s, p in recorded_sql(pg_store, text) if "ts_rank" in s]
            assert sent, text
            for statement, params in sent:
                check_ranking(statement, params, rules.search_rows, wanted, text)
    monkeypatch.undo()  # RANK_CANDIDATES back to 500: a quarter more at least, eight times at most, else the share's
    assert [pg.widened(1000, 0), pg.widened(1000, 490), pg.widened(1000, 400), pg.widened(1000, 100)] == [
        8000, 1276, 1563, 6250]


def check_ranking(statement: str, params: Any, returned: bool, wanted: str, text: str) -> None:
    """The ranking statement reads the recommendation (``r``) and the session (``v``) of the candidates only as
    ``wanted``: returned by ``ssdesk_search_rows`` beside them, asked by its fifth argument, or (``returned`` false:
    rules that predate it) looked up under the caller's policies."""
    if returned:
        assert "ssdesk_search_rows" in statement and "FROM recommendation" not in statement, text
        assert params[4] is None if not wanted else sorted(params[4]) == sorted(wanted), text
        assert ("d.r_status AS status" in statement) == ("r" in wanted), text
        assert ("d.v_unit_id AS unit_id" in statement) == ("v" in wanted), text
    else:
        assert ("FROM recommendation r" in statement) == ("r" in wanted), text
        assert ("FROM visit v" in statement) == ("v" in wanted), text


def test_cli_lists_and_checks_the_server_database(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--db", pg_url]) == 0
    capsys.readouterr()
    assert main(["list", "visits", "--db", pg_url, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 1 and rows[0]["unit"] == "Ban Thường vụ Quận ủy Hoàng Mai"
    assert main(["check", "--db", pg_url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["schema_revision"] == migrations.head_revision()
    assert report["counts"]["recommendation"] == 8
    assert main(["search", pg_url, "hoang mai", "--json"]) == 0  # a URL in place of FILE works too
    assert json.loads(capsys.readouterr().out)


# --- several users writing at once -----------------------------------------------------------------------------


def test_two_stores_update_the_same_recommendation_one_wins_the_other_is_told(pg_store: Store, pg_url: str) -> None:
    build_demo(pg_store)
    rec_id = pg_store.recommendations.rows()[0].id
    (lan, lan_url), (_minh, minh_url) = _logins(pg_store, pg_url, "lan", "minh")
    with Store.open(lan_url, user="lan@vp") as a, Store.open(minh_url, user="minh@vp") as b:
        mine, theirs = a.recommendations.get(rec_id), b.recommendations.get(rec_id)
        assert mine.row_version == theirs.row_version
        a.recommendations.update(rec_id, text="Bản của Lan", expected_version=mine.row_version)
        with pytest.raises(ConflictError) as info:
            b.recommendations.update(rec_id, text="Bản của Minh", deadline="2025-12-31",
                                     expected_version=theirs.row_version)
        message = str(info.value)
        # who changed it is the database's word: Lan's login (issue 18), not the name her client sent
        assert lan in message and "text" in message and info.value.user == lan
        final = pg_store.recommendations.get(rec_id)
        assert final.text == "Bản của Lan" and final.deadline == theirs.deadline
        assert final.row_version == mine.row_version + 1
        with pg_store.read() as s:
            users = s.scalars(select(AuditEntry.user).where(AuditEntry.entity_id == rec_id,
                                                            AuditEntry.action == "update")).all()
        assert users == [lan]  # Minh's attempt left no trace


def test_two_sessions_racing_without_a_version_one_gets_a_conflict(pg_store: Store) -> None:
    build_demo(pg_store)
    rec_id = pg_store.recommendations.rows()[0].id
    both_loaded = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def edit(name: str) -> None:
        try:
            with pg_store.write() as s:
                rec = s.get(Recommendation, rec_id)
                both_loaded.wait(timeout=10)
                assert rec is not None
                rec.text = f"Bản của {name}"
            outcome[name] = "saved"
        except ConflictError as exc:
            outcome[name] = "conflict: " + str(exc)

    threads = [threading.Thread(target=edit, args=(n,)) for n in ("Lan", "Minh")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(v.split(":")[0] for v in outcome.values()) == ["conflict", "saved"], outcome
    winner = next(n for n, v in outcome.items() if v == "saved")
    final = pg_store.recommendations.get(rec_id)
    assert final.text == f"Bản của {winner}" and final.row_version == 2


CHILD = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from ssdesk.errors import ConflictError
    from ssdesk.store import Store
    url, rec_id, name, folder = sys.argv[1:5]
    folder = Path(folder)
    with Store.open(url, user=name + "@vp") as store:
        loaded = store.recommendations.get(rec_id).row_version
        (folder / ("ready-" + name)).write_text("1")
        while len(list(folder.glob("ready-*"))) < 2:
            time.sleep(0.01)
        try:
            store.recommendations.update(rec_id, text="Bản của " + name, expected_version=loaded)
            print(json.dumps({"name": name, "result": "saved"}))
        except ConflictError as exc:
            print(json.dumps({"name": name, "result": "conflict", "message": str(exc)}))
""")


def test_two_processes_update_the_same_recommendation(pg_store: Store, pg_url: str, tmp_path: Path) -> None:
    build_demo(pg_store)
    rec_id = pg_store.recommendations.rows()[0].id
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    logins = dict(_logins(pg_store, pg_url, "lan", "minh"))
    procs = [subprocess.Popen([sys.executable, str(script), url, rec_id, name.split("_")[0], str(tmp_path)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name, url in logins.items()]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert sorted(r["result"] for r in results) == ["conflict", "saved"], results
    winner = next(r["name"] for r in results if r["result"] == "saved")
    loser = next(r for r in results if r["result"] == "conflict")
    assert next(login for login in logins if login.startswith(winner)) in loser["message"]
    final = pg_store.recommendations.get(rec_id)
    assert final.text == f"Bản của {winner}" and final.row_version == 2


def test_many_threads_updating_different_rows_all_land(pg_store: Store) -> None:
    build_demo(pg_store)
    recs = [r.id for r in pg_store.recommendations.rows()]
    start = {r: pg_store.recommendations.get(r).row_version for r in recs}
    threads_n, updates = len(recs), 20
    errors: list[BaseException] = []

    def work(rec_id: str) -> None:
        try:
            version = pg_store.recommendations.get(rec_id).row_version
            for i in range(updates):
                version = pg_store.recommendations.update(rec_id, text=f"lần {i}",
                                                          expected_version=version).row_version
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(r,)) for r in recs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with pg_store.read() as s:
        versions = dict(s.execute(select(Recommendation.id, Recommendation.row_version)).all())
        texts = set(s.scalars(select(Recommendation.text)))
        logged = s.execute(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "recommendation", AuditEntry.action == "update",
            AuditEntry.field == "text")).scalar_one()
    assert all(versions[r] == start[r] + updates for r in recs)
    assert texts == {f"lần {updates - 1}"}
    assert logged == threads_n * updates


# --- merge from a laptop ---------------------------------------------------------------------------------------


def test_merge_a_laptop_file_into_the_server_database(tmp_path: Path, pg_store: Store,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    laptop = tmp_path / "laptop.ssdesk"
    with Store.open(laptop, user="thuky@laptop") as lap:
        visit_id = build_demo(lap)
    first = merge(pg_store, laptop)  # the office gets the older copy
    assert first.applied and not first.conflicts and first.backup is None
    assert pg_store.visits.count() == 1 and pg_store.counts()["recommendation"] == 8
    rec_id = pg_store.recommendations.rows()[0].id
    office_version = pg_store.recommendations.get(rec_id).row_version
    with Store.open(laptop, create=False, user="thuky@laptop") as lap:
        old = lap.visits.get(visit_id)
        lap.recommendations.update(rec_id, text="Sửa trên máy xách tay")
        new_visit = lap.visits.create(delegation_id=old.delegation_id, unit_id=old.unit_id,
                                      starts_at="2024-09-10 14:00", place="Phường Thịnh Liệt", title="Tái giám sát")
    assert main(["merge", "--db", _url(pg_store),
                 str(laptop), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["inserts"].get("visit") == [new_visit.id] and report["updates"]["recommendation"] == [rec_id]
    assert not report["conflicts"]
    rec = pg_store.recommendations.get(rec_id)
    assert rec.text == "Sửa trên máy xách tay" and rec.row_version == office_version + 1
    assert pg_store.visits.count() == 2
    assert [h.id for h in pg_store.search.search("thinh liet kind:visit")] == [new_visit.id]
    again = merge(pg_store, laptop)  # a second merge of the same file changes nothing
    assert again.changes == 0 and not again.conflicts


def test_merge_into_the_server_reports_a_conflict_instead_of_overwriting(tmp_path: Path, pg_store: Store) -> None:
    laptop = tmp_path / "laptop.ssdesk"
    with Store.open(laptop, user="thuky@laptop") as lap:
        build_demo(lap)
    merge(pg_store, laptop)
    rec_id = pg_store.recommendations.rows()[0].id
    pg_store.recommendations.update(rec_id, text="Sửa ở văn phòng")
    with Store.open(laptop, create=False, user="thuky@laptop") as lap:
        lap.recommendations.update(rec_id, text="Sửa trên máy xách tay")
    report = merge(pg_store, laptop)
    assert not report.applied and [(c.table, c.id) for c in report.conflicts] == [("recommendation", rec_id)]
    assert pg_store.recommendations.get(rec_id).text == "Sửa ở văn phòng"
    taken = merge(pg_store, laptop, resolve="laptop")
    assert taken.applied and pg_store.recommendations.get(rec_id).text == "Sửa trên máy xách tay"


def _url(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def _logins(store: Store, url: str, *names: str) -> list[tuple[str, str]]:
    """Secretaries of the demo's delegation, each a login of their own (the audit log records the login, not the
    name a client sends); their names carry the database's so that tests sharing the cluster do not meet."""
    from ssdesk.server import users

    tag = _dbname(url)[-6:]
    made = [(f"{name}_{tag}", url.replace("postgresql://ssdesk@", f"postgresql://{name}_{tag}@")) for name in names]
    with store.engine.begin() as conn:
        for login, _url in made:
            users.add_user(conn, login, "secretary", ["Đoàn giám sát số 1"])
    return made


def _dbname(url: str) -> str:
    return url.split("?")[0].rsplit("/", 1)[1]
