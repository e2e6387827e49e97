"""Who may see and change what on the office server, enforced by PostgreSQL itself (ssdesk.server.access): tried
through raw psycopg connections as several login roles — not through the app — so what is shown is what a user with
psql and their own password gets."""

from __future__ import annotations

import copy
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from ssdesk.demo import build_demo
from ssdesk.exchange import export_visit, import_visit
from ssdesk.server import access, users
from ssdesk.server.rights import permissions, refusal_message
from ssdesk.store import Store

SECOND = "Đoàn giám sát số 2"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class Office:
    cluster: Any  # tests/pg_cluster.py's Cluster
    database: str
    url: str
    open_visit: str  # Đoàn giám sát số 1, normal
    secret_visit: str  # Đoàn giám sát số 2, secret

    def connect(self, login: str) -> psycopg.Connection:
        c = self.cluster
        return psycopg.connect(host=c.host, port=c.port, user=login, dbname=self.database, autocommit=True)

    def login_url(self, login: str) -> str:
        return self.url.replace("postgresql://ssdesk@", f"postgresql://{login}@")


def _fresh_ids(value: object, ids: dict[str, str]) -> object:
    """Every id in an exported visit replaced by a new one (the same new one for the same old one)."""
    if isinstance(value, dict):
        return {k: _fresh_ids(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fresh_ids(v, ids) for v in value]
    if isinstance(value, str) and UUID.fullmatch(value):
        return ids.setdefault(value, str(uuid.uuid4()))
    return value


def _second_visit(store: Store, visit_id: str) -> str:
    data: dict = _fresh_ids(copy.deepcopy(export_visit(store, visit_id)), {})  # type: ignore[assignment]
    data["delegation"]["name"] = SECOND
    data["visit"]["title"] = "Phiên làm việc mật về quy hoạch cán bộ"
    data["visit"]["classification"] = "secret"
    for r in data["recommendations"]:
        for f in r["follow_ups"]:
            f["attachments"] = []
    return import_visit(store, data)


@pytest.fixture
def office(pg_cluster: Any, pg_url: str) -> Iterator[Office]:
    """A server database with two sessions (one per delegation, the second secret) and one login per role;
    names carry the database's so that tests sharing the cluster do not meet."""
    database = pg_url.split("?")[0].rsplit("/", 1)[1]
    tag = database[-6:]
    with Store.open(pg_url, user="setup@pc") as store:
        first = build_demo(store)
        second = _second_visit(store, first)
        with store.engine.begin() as conn:
            users.add_user(conn, f"tk1_{tag}", "secretary", ["Đoàn giám sát số 1"])
            users.add_user(conn, f"tk2_{tag}", "secretary", [SECOND], cleared=True)
            users.add_user(conn, f"ld_{tag}", "leader", cleared=True)
            users.add_user(conn, f"rd_{tag}", "reader")
            users.add_user(conn, f"ad_{tag}", "administrator")
    yield Office(pg_cluster, database, pg_url, first, second)


def _tag(office: Office) -> str:
    return office.database[-6:]


def test_setup_made_the_rules(office: Office) -> None:
    with office.connect("ssdesk") as con:
        rls = {r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE rowsecurity")}
    assert {"visit", "recommendation", "follow_up", "search_doc", "issued_document", "attachment",
            "statement", "finding", "attendee", "audit_log"} <= rls


def test_a_reader_cannot_update(office: Office) -> None:
    with office.connect(f"rd_{_tag(office)}") as con:
        assert con.execute("SELECT count(*) FROM visit").fetchone() == (1,)  # the normal one only
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("UPDATE visit SET title = 'x'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("DELETE FROM recommendation")


def test_a_secretary_cannot_touch_another_delegations_rows(office: Office) -> None:
    with office.connect(f"tk1_{_tag(office)}") as con:
        assert [r[0] for r in con.execute("SELECT id FROM visit")] == [office.open_visit]
        cur = con.execute("UPDATE visit SET title = 'đổi' WHERE id = %s", (office.secret_visit,))
        assert cur.rowcount == 0
        cur = con.execute("UPDATE recommendation SET text = 'đổi' WHERE visit_id = %s", (office.secret_visit,))
        assert cur.rowcount == 0
        assert con.execute("DELETE FROM statement WHERE visit_id = %s", (office.secret_visit,)).rowcount == 0
        # moving its own session into the other delegation is refused by the policy's WITH CHECK
        other = con.execute("SELECT id FROM delegation WHERE name = %s", (SECOND,)).fetchone()
        assert other is not None
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("UPDATE visit SET delegation_id = %s WHERE id = %s", (other[0], office.open_visit))
        assert con.execute("UPDATE visit SET place = 'Hội trường' WHERE id = %s", (office.open_visit,)).rowcount == 1
    with office.connect("ssdesk") as con:
        assert con.execute("SELECT title FROM visit WHERE id = %s", (office.secret_visit,)).fetchone() == (
            "Phiên làm việc mật về quy hoạch cán bộ",)


def test_an_uncleared_user_neither_sees_nor_counts_a_secret_visit(office: Office) -> None:
    tag = _tag(office)
    for login, expected in ((f"rd_{tag}", 0), (f"ld_{tag}", 1), (f"ad_{tag}", 0)):
        with office.connect(login) as con:
            assert con.execute("SELECT count(*) FROM visit WHERE id = %s",
                               (office.secret_visit,)).fetchone() == (expected,), login
            recs = con.execute("SELECT count(*) FROM recommendation WHERE visit_id = %s",
                               (office.secret_visit,)).fetchone()
            assert recs is not None and (recs[0] > 0) == bool(expected), login
            # the search index and a dashboard-like count by classification
            hits = con.execute("SELECT count(*) FROM search_doc WHERE tsv @@ to_tsquery('simple', 'quy:* & hoach:*')"
                               " AND visit_id = %s", (office.secret_visit,)).fetchone()
            assert hits is not None and (hits[0] > 0) == bool(expected), login
            secret = con.execute("SELECT count(*) FROM visit WHERE classification = 'secret'").fetchone()
            assert secret == (expected,)
            follow = con.execute("SELECT count(*) FROM follow_up f JOIN recommendation r ON r.id = f.recommendation_id"
                                 " WHERE r.visit_id = %s", (office.secret_visit,)).fetchone()
            assert follow is not None and (follow[0] == 0 or expected), login


def test_a_removed_user_cannot_connect(office: Office) -> None:
    login = f"rd_{_tag(office)}"
    office.connect(login).close()
    with Store.open(office.url) as store, store.engine.begin() as conn:
        users.remove_user(conn, login)
    with pytest.raises(psycopg.OperationalError):
        office.connect(login)


def test_the_audit_log_shows_the_session_user_not_the_name_the_client_sends(office: Office) -> None:
    login = f"tk1_{_tag(office)}"
    with Store.open(office.login_url(login), user="giám đốc@giả") as store:
        from ssdesk.models import Visit

        with store.write() as s:
            visit = s.get(Visit, office.open_visit)
            assert visit is not None
            visit.place = "Phòng họp số 2"
    with office.connect("ssdesk") as con:
        row = con.execute("SELECT \"user\" FROM audit_log WHERE entity = 'visit' AND field = 'place'"
                          " ORDER BY at DESC LIMIT 1").fetchone()
    assert row == (login,)
    with office.connect(login) as con:  # append-only
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("DELETE FROM audit_log")


def test_permissions_are_read_from_the_database(office: Office) -> None:
    tag = _tag(office)
    with Store.open(office.login_url(f"tk1_{tag}")) as store, store.engine.connect() as conn:
        p = permissions(conn)
    assert p.role == "secretary" and not p.cleared and len(p.delegations) == 1
    assert p.why_not_edit(next(iter(p.delegations))) is None and p.why_not_edit("khác") is not None
    assert p.why_not_manage_users() is not None
    with Store.open(office.url) as store, store.engine.connect() as conn:
        assert permissions(conn).role == "owner" and access.installed(conn)


def test_users_are_managed_from_the_command_line(office: Office, capsys: pytest.CaptureFixture[str]) -> None:
    from ssdesk.cli import main
    from ssdesk.i18n import _

    tag = _tag(office)
    name = f"moi_{tag}"
    assert main(["--db", office.url, "server", "users", "add", name, "--role", "secretary",
                 "--delegation", "Đoàn giám sát số 1", "--cleared"]) == 0
    assert main(["server", office.url, "users", "list", "--json"]) == 0
    listed = {r["login"]: r for r in json.loads(capsys.readouterr().out.split("\n", 1)[1])}
    assert listed[name] == {"login": name, "role": "secretary", "cleared": True,
                            "delegations": ["Đoàn giám sát số 1"]}
    # a delegation that does not exist: named, and nothing changed
    assert main(["server", office.url, "users", "change", name, "--delegation", "Đoàn số 9", "--no-cleared"]) == 1
    assert "Đoàn số 9" in capsys.readouterr().err
    with office.connect("ssdesk") as con:
        assert con.execute("SELECT cleared FROM ssdesk_user WHERE login = %s", (name,)).fetchone() == (True,)
    assert main(["server", office.url, "users", "change", name, "--role", "reader", "--no-cleared"]) == 0
    with office.connect(name) as con:
        assert con.execute("SELECT count(*) FROM visit").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("UPDATE visit SET place = 'x'")
    # a secretary is not an administrator: the database refuses, in one line
    assert main(["server", office.login_url(f"tk1_{tag}"), "users", "remove", name]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and _("The server refused: only an administrator manages users.") in err, err
    assert main(["server", office.url, "users", "remove", name]) == 0
    with pytest.raises(psycopg.OperationalError):
        office.connect(name)


def test_search_dashboard_and_follow_up_list_count_only_visible_rows(office: Office) -> None:
    """Through the app's own services as two logins: what the database hides is neither shown nor counted."""
    import datetime as dt

    from ssdesk.followup import filters
    from ssdesk.followup.dashboard import dashboard
    from ssdesk.followup.filters import Criteria

    tag, today = _tag(office), dt.date(2024, 6, 1)
    seen: dict[str, tuple[int, int, int, set[str | None]]] = {}
    for login in (f"ld_{tag}", f"rd_{tag}"):  # cleared leader, uncleared reader
        with Store.open(office.login_url(login), create=False) as store:
            board = dashboard(store, today)
            total = board.total() if callable(board.total) else board.total
            hits = store.search.search("quy hoach can bo", today=today)
            seen[login] = (total, filters.count_filter(store, Criteria(), today=today), len(hits),
                           {h.visit_id for h in hits})
    cleared, plain = seen[f"ld_{tag}"], seen[f"rd_{tag}"]
    assert cleared[0] == 2 * plain[0] > 0 and cleared[1] == 2 * plain[1]  # the secret visit has as many as the other
    assert office.secret_visit in cleared[3] and office.secret_visit not in plain[3]


def test_a_write_refused_because_rights_changed_is_told_and_nothing_is_written(office: Office) -> None:
    from ssdesk.errors import AccessRefusedError

    login = f"tk1_{_tag(office)}"
    with Store.open(office.login_url(login), create=False) as store:
        before = store.visits.get(office.open_visit).place
        with Store.open(office.url) as admin, admin.engine.begin() as conn:
            users.change_user(conn, login, role="reader")  # meanwhile, the administrator
        with pytest.raises(AccessRefusedError) as info:
            store.visits.update(office.open_visit, place="Hội trường mới")
        assert str(info.value) == refusal_message()
        assert store.visits.get(office.open_visit).place == before


def test_a_laptop_merged_by_a_reader_is_refused_whole(office: Office, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from ssdesk.cli import main
    from ssdesk.i18n import _

    laptop = tmp_path / "laptop.ssdesk"
    with Store.open(office.url) as store:
        data = export_visit(store, office.open_visit)
    with Store.open(laptop) as lap:
        import_visit(lap, _fresh_ids(copy.deepcopy(data), {}))  # type: ignore[arg-type]
    assert main(["merge", "--db", office.login_url(f"rd_{_tag(office)}"), str(laptop)]) == 1
    err = capsys.readouterr().err
    assert _("Your role on the server is reader: you may read, not change.") in err, err
    with office.connect("ssdesk") as con:
        assert con.execute("SELECT count(*) FROM visit").fetchone() == (2,)


def _laptop(office: Office, folder: Path, *visits: str) -> Path:
    """A laptop file holding these sessions of the office (same ids, as a package and a merge bring them), each with
    its place changed there — the changes a merge brings back."""
    from ssdesk.safety.merge import merge
    from ssdesk.safety.package import export_package

    paths = []
    with Store.open(office.url) as store:
        for i, visit in enumerate(visits):
            paths.append(export_package(store, visit, folder / f"package{i}.ssdesk"))
    with Store.open(paths[0], create=False) as lap:
        for other in paths[1:]:
            merge(lap, other, backup_folder=folder / "backups")
        for visit in visits:
            lap.visits.update(visit, place=f"Hội trường trên máy xách tay {visit[:4]}")
    return paths[0]


def _places(office: Office) -> dict[str, str]:
    with office.connect("ssdesk") as con:
        return {r[0]: r[1] for r in con.execute("SELECT id, place FROM visit")}


def test_a_secretary_merging_another_delegations_rows_is_refused_naming_them(office: Office,
                                                                            tmp_path: Path) -> None:
    """All or nothing (ssdesk.server.merging says why): the other delegation's session is named, the own one's
    change is not written either, and the laptop keeps both."""
    from ssdesk.errors import AccessRefusedError
    from ssdesk.safety.merge import merge

    laptop = _laptop(office, tmp_path, office.open_visit, office.secret_visit)
    before = _places(office)
    with Store.open(office.login_url(f"tk1_{_tag(office)}"), create=False) as store:
        with pytest.raises(AccessRefusedError) as info:
            merge(store, laptop)
    message = str(info.value)
    assert "Phiên làm việc mật về quy hoạch cán bộ" in message and "Đoàn giám sát số 2" in message, message
    assert "Hoàng Mai" not in message  # the secretary's own session is not among the refused
    assert _places(office) == before
    with Store.open(laptop, create=False) as lap:  # nothing lost on the laptop
        assert str(lap.visits.get(office.open_visit).place).startswith("Hội trường trên máy xách tay")
    # the secretary of that delegation (cleared) merges the same file: both changes arrive
    with Store.open(office.login_url(f"tk2_{_tag(office)}"), create=False) as store:
        with pytest.raises(AccessRefusedError) as info:
            merge(store, laptop)  # …not the first delegation's session: refused, named
    assert "Hoàng Mai" in str(info.value) and "quy hoạch" not in str(info.value)
    with Store.open(office.url) as store:  # the owner may write everything
        report = merge(store, laptop)
    assert report.applied and not report.unresolved
    assert all(p.startswith("Hội trường trên máy xách tay") for p in _places(office).values())


def test_an_uncleared_user_merging_a_secret_session_is_refused(office: Office, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from ssdesk.cli import main
    from ssdesk.i18n import _

    laptop = _laptop(office, tmp_path, office.secret_visit)
    before = _places(office)
    login = f"tk2_{_tag(office)}"
    with Store.open(office.url) as admin, admin.engine.begin() as conn:
        users.change_user(conn, login, cleared=False)  # the secretary of its delegation, no longer cleared
    assert main(["merge", "--db", office.login_url(login), str(laptop)]) == 1
    err = capsys.readouterr().err
    assert _("You are not cleared for secret sessions.") in err and "quy hoạch cán bộ" in err, err
    assert _places(office) == before
    with Store.open(office.url) as admin, admin.engine.begin() as conn:
        users.change_user(conn, login, cleared=True)
    assert main(["merge", "--db", office.login_url(login), str(laptop)]) == 0
    assert _places(office)[office.secret_visit].startswith("Hội trường trên máy xách tay")


def test_the_search_through_the_gin_index_returns_only_what_the_caller_may_read(office: Office) -> None:
    """ssdesk_search_ids reads the index as the owner (so that the GIN index may be used under row-level security):
    called straight through psql by an uncleared user or a secretary of another delegation, it gives no id of a
    secret session's rows; through the app, a secretary's hits are their own delegation's."""
    tag = _tag(office)
    with office.connect("ssdesk") as con:
        secret_docs = {r[0] for r in con.execute("SELECT id FROM search_doc WHERE visit_id = %s",
                                                 (office.secret_visit,))}
        everything = con.execute("SELECT ssdesk_search_ids(to_tsquery('simple', 'quy:* & hoach:*'), 500, NULL)"
                                 ).fetchone()
    assert everything is not None and secret_docs & set(everything[0])  # the owner finds the secret session's rows
    for login in (f"rd_{tag}", f"tk1_{tag}"):
        with office.connect(login) as con:
            row = con.execute("SELECT ssdesk_search_ids(to_tsquery('simple', 'quy:* & hoach:*'), 500, NULL)"
                              ).fetchone()
            assert row is not None and not secret_docs & set(row[0] or []), login
            # the candidates' rows, which the ranking reads through ssdesk_search_rows: the same rows, no other, and
            # of their recommendations and sessions only those the login reads through their own policies
            docs = con.execute("SELECT id, visit_id, rec_id, r_status, r_deadline, v_delegation_id, v_starts_at"
                               " FROM ssdesk_search_rows(to_tsquery('simple', 'quy:* & hoach:*'), 500, NULL, NULL,"
                               " 'rv')").fetchall()
            assert {d[0] for d in docs} == set(row[0] or []) and office.secret_visit not in {d[1] for d in docs}
            recs = {r[0]: (r[1], r[2]) for r in con.execute("SELECT id, status, deadline FROM recommendation")}
            visits = {v[0]: (v[1], v[2]) for v in con.execute("SELECT id, delegation_id, starts_at FROM visit")}
            for _id, visit_id, rec_id, *returned in docs:
                assert tuple(returned) == (*recs.get(rec_id, (None, None)), *visits.get(visit_id, (None, None)))
            assert any(d[2] in recs for d in docs) and all(d[1] is None or d[1] in visits for d in docs)
            bare = con.execute("SELECT count(*) FROM ssdesk_search_rows(to_tsquery('simple', 'quy:* & hoach:*'), 500,"
                               " NULL, NULL, NULL) WHERE r_status IS NOT NULL OR v_starts_at IS NOT NULL").fetchone()
            assert bare == (0,)  # nothing looked up that was not asked for
    with Store.open(office.login_url(f"tk1_{tag}"), create=False) as store:
        hits = store.search.search("can bo")
        assert hits and {h.visit_id for h in hits} <= {office.open_visit, None}
    with Store.open(office.login_url(f"tk2_{tag}"), create=False) as store:
        hits = store.search.search("quy hoach can bo")
        assert office.secret_visit in {h.visit_id for h in hits}
        assert office.open_visit not in {h.visit_id for h in hits}


def _rules_state(office: Office) -> tuple[str, str | None]:
    with office.connect("ssdesk") as con:
        language = con.execute("SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang"
                               " WHERE p.proname = 'ssdesk_scope'").fetchone()
        stamp = con.execute(f"SELECT value FROM ssdesk_meta WHERE key = '{access.RULES_KEY}'").fetchone()
    assert language is not None
    return language[0], None if stamp is None else stamp[0]


def test_rules_set_up_by_an_earlier_ssdesk_are_brought_up_to_date_by_the_next_owner_who_opens(office: Office) -> None:
    """A change of the rules alone needs no schema revision: the database keeps the version of its rules, and the
    next login that may set them up replaces older ones on opening; a login that may not opens it as it is."""
    assert _rules_state(office) == ("plpgsql", access.RULES_VERSION)
    with office.connect("ssdesk") as con:  # as revision 0014 left them: sql bodies, no stamp
        con.execute("DELETE FROM ssdesk_meta WHERE key = %s", (access.RULES_KEY,))
        con.execute("""CREATE OR REPLACE FUNCTION ssdesk_scope() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
                       SET search_path = public, pg_temp AS $$
                       SELECT CASE WHEN r IN ('administrator', 'leader', 'reader') THEN CASE WHEN ssdesk_cleared()
                                   THEN 'all' ELSE 'open' END WHEN r = 'secretary' THEN 'mine' ELSE 'none' END
                       FROM (SELECT ssdesk_role() AS r) AS me $$""")
    reader = f"rd_{_tag(office)}"
    with Store.open(office.login_url(reader), create=False, user="reader@pc") as store:
        assert store.search.search("kết luận") is not None  # a reader opens and searches under the old rules
    assert _rules_state(office) == ("sql", None)
    Store.open(office.url, create=False, user="admin@pc").close()
    assert _rules_state(office) == ("plpgsql", access.RULES_VERSION)
    with office.connect(reader) as con:  # the same answers: the normal session only
        assert con.execute("SELECT count(*) FROM visit").fetchone() == (1,)
        assert con.execute("SELECT ssdesk_scope()").fetchone() == ("open",)


@pytest.mark.parametrize(("walk", "banded"), [(2, False), (7, False), (2, True), (7, True)])
def test_search_ids_are_the_newest_matches_the_login_may_read_whichever_step_finds_them(
        office: Office, monkeypatch: pytest.MonkeyPatch, walk: int, banded: bool) -> None:
    """``ssdesk_search_ids`` walks a window of the newest rows the caller may read, then asks the GIN index: band by
    band of ids where the band index is there (``banded``; bands of 4 ids here, so that this small database
    has many), as a whole for what is older; without it, it walks on first. A window that was not full ends the
    search (every row the caller may read was tested). With a window of a few rows every step runs: for each login,
    query (a quoted phrase too: the bands ask for its words, the phrase is tested on tsv), kind and count, the ids
    must be exactly the newest matches the login reads under its own policies (asked plainly, in order)."""
    from ssdesk.search import pg
    from ssdesk.search.query import parse

    for name in ("SEARCH_WALK", "SEARCH_BAND_WALK", "SEARCH_BAND_WALK_KIND"):
        monkeypatch.setattr(access, name, walk)
    monkeypatch.setattr(access, "SEARCH_BAND_BITS", 2)
    with Store.open(office.url, user="setup@pc") as owner, owner.engine.begin() as conn:
        access.install(conn)  # the key index of bands of 4 ids (ix_search_doc_key1_bands2), any other dropped
        assert conn.exec_driver_sql("SELECT count(*) FROM pg_indexes WHERE (indexname LIKE 'ix_search_doc_band%%'"
                                    " OR indexname LIKE 'ix_search_doc_key%%') AND indexname <> ?",
                                    (access.band_index(),)).scalar_one() == 0
        if not banded:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {access.band_index()}")
        else:  # (no extension needed: the bands are an integer array, GIN's own)
            assert conn.exec_driver_sql(f"SELECT to_regclass('{access.band_index()}')").scalar_one() is not None
    tag = _tag(office)
    checked = 0
    for login in ("ssdesk", f"rd_{tag}", f"tk1_{tag}", f"tk2_{tag}", f"ld_{tag}"):
        with office.connect(login) as con:
            for text in ("can bo", "quy hoach", "ket luan", "kiem tra tien do", "giam", '"kiểm tra tiến độ"'):
                q = parse(text)
                plain, prefixed = pg.tsquery(q), pg.tsquery(q, prefixes=True)
                for kinds in (None, ["recommendation"], ["statement", "finding"]):
                    kind_test = "" if kinds is None else " AND entity = ANY (%(kinds)s)"
                    for n in (1, 3, 500):
                        args = {"q": plain, "p": prefixed, "n": n, "kinds": kinds}
                        truth = [r[0] for r in con.execute(
                            "SELECT id FROM search_doc WHERE tsv @@ to_tsquery('simple', %(q)s)" + kind_test
                            + " ORDER BY id DESC LIMIT %(n)s", args)]
                        for form in ("NULL", "CAST(%(p)s AS tsquery)"):
                            row = con.execute("SELECT ssdesk_search_ids(to_tsquery('simple', %(q)s), %(n)s,"
                                              f" CAST(%(kinds)s AS text[]), {form})", args).fetchone()
                            assert row is not None and list(row[0] or []) == truth, (login, text, kinds, n, form)
                        checked += bool(truth)
    assert checked > 50, "the queries must find something to compare"


def test_a_session_moved_to_another_delegation_is_found_by_that_delegations_secretary(
        office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key index holds each index row's delegation (``search_doc.access_delegation``, kept by triggers) and a
    secretary's search asks it of the index: when a session moves to another delegation, its rows must move with it
    in the index, or the new delegation's secretary would never find them (nor would anything be leaked: each row
    found is tested again). Bands of 4 ids and a walk of 2 rows, so the band and GIN steps run."""
    from ssdesk.search import pg
    from ssdesk.search.query import parse

    for name in ("SEARCH_WALK", "SEARCH_BAND_WALK", "SEARCH_BAND_WALK_KIND"):
        monkeypatch.setattr(access, name, 2)
    monkeypatch.setattr(access, "SEARCH_BAND_BITS", 2)
    with Store.open(office.url, user="setup@pc") as owner, owner.engine.begin() as conn:
        access.install(conn)
        assert conn.exec_driver_sql(f"SELECT to_regclass('{access.band_index()}')").scalar_one() is not None
        # rows written after the rules: the insert trigger sets their delegation
        pg.write_docs(conn, [("statement", f"moved-{i}", office.open_visit, None, "", f"ket luan kiem tra {i}")
                             for i in range(12)])
    tag = _tag(office)
    q = parse("ket luan")
    args = {"q": pg.tsquery(q), "p": pg.tsquery(q, prefixes=True), "n": 500}

    def ids(login: str) -> tuple[list[int], list[int]]:
        with office.connect(login) as con:
            truth = [r[0] for r in con.execute("SELECT id FROM search_doc WHERE tsv @@ to_tsquery('simple', %(q)s)"
                                               " ORDER BY id DESC LIMIT %(n)s", args)]
            row = con.execute("SELECT ssdesk_search_ids(to_tsquery('simple', %(q)s), %(n)s, NULL,"
                              " CAST(%(p)s AS tsquery))", args).fetchone()
        assert row is not None
        return list(row[0] or []), truth

    before = {login: ids(login) for login in (f"tk1_{tag}", f"tk2_{tag}")}
    with office.connect("ssdesk") as con:
        second = con.execute("SELECT id FROM delegation WHERE name = %s", (SECOND,)).fetchone()
        assert second is not None
        con.execute("UPDATE visit SET delegation_id = %s WHERE id = %s", (second[0], office.open_visit))
        assert con.execute("SELECT DISTINCT access_delegation FROM search_doc WHERE visit_id = %s",
                           (office.open_visit,)).fetchall() == [(second[0],)]
    after = {login: ids(login) for login in (f"tk1_{tag}", f"tk2_{tag}")}
    for login, (found, truth) in (before | {f"{k} after": v for k, v in after.items()}).items():
        assert found == truth, login
    assert len(after[f"tk2_{tag}"][0]) >= len(before[f"tk2_{tag}"][0]) + 12  # the moved session's rows came along
    assert len(after[f"tk1_{tag}"][0]) == 0


CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "drafting"


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the drafting corpus {CORPUS} is not available")
def test_search_ids_on_real_session_reports_are_what_each_login_may_read(
        office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    """On text we did not write: every paragraph of the drafting corpus's thirty public session reports becomes an
    index row, in turn of the normal session, of the secret one and of none, so that each login reads a different
    part. With bands of 4 ids and a walk of 3 rows every step of ``ssdesk_search_ids`` runs (band steps of every
    width, the hand-over to the plain GIN step). For the corpus's commonest words, neighbouring pairs and three-word
    phrases, the ids must be the newest matches the login reads under its own policies, asked plainly."""
    from collections import Counter

    from ssdesk.search import pg
    from ssdesk.search.folding import TOKEN, fold
    from ssdesk.search.query import parse

    paragraphs = [fold(p) for f in sorted(CORPUS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n")
                  if len(p.strip()) > 40]
    assert len(paragraphs) > 100
    visits = (office.open_visit, office.secret_visit, None)
    for name in ("SEARCH_WALK", "SEARCH_BAND_WALK", "SEARCH_BAND_WALK_KIND"):
        monkeypatch.setattr(access, name, 3)
    monkeypatch.setattr(access, "SEARCH_BAND_BITS", 2)
    with Store.open(office.url, user="setup@pc") as owner, owner.engine.begin() as conn:
        pg.write_docs(conn, [("statement", f"corpus-{i}", visits[i % 3], None, "", text)
                             for i, text in enumerate(paragraphs)])
        access.install(conn)
        assert conn.exec_driver_sql(f"SELECT to_regclass('{access.band_index()}')").scalar_one() is not None
    tokens = [TOKEN.findall(p) for p in paragraphs]
    common = [w for w, _n in Counter(w for t in tokens for w in set(t) if len(w) > 2).most_common(12)]
    pairs = [f"{a} {b}" for a, b in Counter((a, b) for t in tokens for a, b in zip(t, t[1:], strict=False)
                                            if len(a) > 1 and len(b) > 1).most_common(8)]
    phrases = [f'"{" ".join(t[:3])}"' for t in tokens[5:40:7] if len(t) >= 3]
    queries = [*common, *pairs, *phrases, common[0][:3]]
    offered = pg.Features(search_ids=True, prefixes=True)
    tag = _tag(office)
    counts: dict[str, set[int]] = {}
    for login in ("ssdesk", f"rd_{tag}", f"tk1_{tag}", f"tk2_{tag}"):
        with office.connect(login) as con:
            for text in queries:
                q = parse(text)
                args = {"q": pg.tsquery(q), "p": offered.prefix_form(q)}  # as the app passes it (phrase: None)
                for kinds, n in ((None, 7), (None, 500), (["statement"], 40)):
                    args |= {"n": n, "kinds": kinds}
                    truth = [r[0] for r in con.execute(
                        "SELECT id FROM search_doc WHERE tsv @@ to_tsquery('simple', %(q)s)"
                        + ("" if kinds is None else " AND entity = ANY (%(kinds)s)") + " ORDER BY id DESC LIMIT %(n)s",
                        args)]
                    row = con.execute("SELECT ssdesk_search_ids(to_tsquery('simple', %(q)s), %(n)s,"
                                      " CAST(%(kinds)s AS text[]), CAST(%(p)s AS tsquery))", args).fetchone()
                    assert row is not None and list(row[0] or []) == truth, (login, text, kinds, n)
                    counts.setdefault(login, set()).add(len(truth))
    assert all(max(found) > 20 for found in counts.values()), counts  # each login found many, of its own part
