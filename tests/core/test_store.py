"""The case file itself: creation, pragmas, reopening, refusing foreign/newer/damaged files, migrating old ones."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text

from ssdesk import migrations
from ssdesk.casefile import APPLICATION_ID, set_pragmas
from ssdesk.errors import CaseFileError, DamagedCaseFileError, NewerCaseFileError, NotACaseFileError, ValidationError
from ssdesk.filecheck import check_file
from ssdesk.store import Store


def make_visit(store: Store) -> str:
    d = store.catalog.add_delegation("Đoàn giám sát số 1", "Ban Thường vụ Thành ủy Hà Nội")
    u = store.catalog.add_unit("Ban Thường vụ Quận ủy Hoàng Mai", "district_committee")
    v = store.visits.create(delegation_id=d.id, unit_id=u.id, starts_at="2024-02-27 08:00",
                            place="Trụ sở Quận ủy Hoàng Mai")
    return v.id


def test_new_file_has_pragmas_and_private_permissions(tmp_path: Path) -> None:
    path = tmp_path / "a.ssdesk"
    with Store.open(path) as store:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
        assert store.schema_revision() == migrations.head_revision()
        assert store.meta("file_id")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_data_round_trips_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.ssdesk"
    with Store.open(path) as store:
        visit_id = make_visit(store)
    with Store.open(path, create=False) as store:
        visit = store.visits.get(visit_id)
        assert visit.place == "Trụ sở Quận ủy Hoàng Mai"
        assert visit.unit.name == "Ban Thường vụ Quận ủy Hoàng Mai"
        assert visit.starts_at.isoformat() == "2024-02-27T08:00:00"
        assert len(visit.id) == 36


def test_missing_file_without_create(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError):
        Store.open(tmp_path / "none.ssdesk", create=False)
    assert not (tmp_path / "none.ssdesk").exists()


def test_text_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.ssdesk"
    path.write_text("Biên bản làm việc\n", encoding="utf-8")
    with pytest.raises(NotACaseFileError, match="not an ssdesk case file"):
        Store.open(path)
    assert path.read_text(encoding="utf-8") == "Biên bản làm việc\n"


def test_foreign_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.ssdesk"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t(x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(NotACaseFileError, match="another program"):
        Store.open(path)
    assert path.read_bytes() == before


def test_newer_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.ssdesk"
    Store.open(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(NewerCaseFileError, match="newer version"):
        Store.open(path)
    assert path.read_bytes() == before


def test_truncated_file_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "t.ssdesk"
    with Store.open(path) as store:
        make_visit(store)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    with pytest.raises(DamagedCaseFileError):
        Store.open(path)
    assert not check_file(path).ok


def test_bit_flipped_file_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "b.ssdesk"
    with Store.open(path) as store:
        make_visit(store)
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name='visit'").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    offset = (root - 1) * page_size
    for i in range(offset + 8, offset + 64):  # scribble over the visit table's b-tree page header/cell pointers
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    report = check_file(path)
    assert not report.ok
    with pytest.raises(DamagedCaseFileError):
        Store.open(path)


def _file_at_first_revision(path: Path) -> None:
    """A case file exactly as ssdesk's first schema revision made it, with one visit and one recommendation."""
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", set_pragmas)
    migrations.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        now = "2024-02-27 10:00:00"
        conn.execute(text("INSERT INTO delegation(id,name,issuing_body,created_at,updated_at) "
                          "VALUES('d1','Đoàn giám sát số 1','Ban Thường vụ Thành ủy',:n,:n)"), {"n": now})
        conn.execute(text("INSERT INTO unit(id,name,kind,created_at,updated_at) "
                          "VALUES('u1','Ban Thường vụ Quận ủy Hoàng Mai','district_committee',:n,:n)"), {"n": now})
        conn.execute(text("INSERT INTO visit(id,delegation_id,unit_id,starts_at,form,classification,state,"
                          "created_at,updated_at) VALUES('v1','d1','u1','2024-02-27 08:00:00.000000','thematic',"
                          "'normal','concluded',:n,:n)"), {"n": now})
        conn.execute(text("INSERT INTO recommendation(id,visit_id,direction,text,status,priority,order_no,"
                          "created_at,updated_at) VALUES('r1','v1','request','Tăng cường công tác tuyên truyền',"
                          "'new','normal',1,:n,:n)"), {"n": now})
    engine.dispose()


def test_file_of_first_revision_is_backed_up_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.ssdesk"
    _file_at_first_revision(path)
    assert check_file(path).needs_migration
    with Store.open(path) as store:
        assert store.migrated_from == "0001"
        assert store.schema_revision() == migrations.head_revision()
        assert store.backup_path is not None and store.backup_path.parent == tmp_path
        rec = store.recommendations.get("r1")
        assert rec.text == "Tăng cường công tác tuyên truyền"
        assert rec.ref is None
        store.recommendations.update("r1", ref="4.1")
        assert store.integrity() == ["ok"]
    backup = sqlite3.connect(store.backup_path)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert backup.execute("SELECT text FROM recommendation").fetchone()[0] == "Tăng cường công tác tuyên truyền"
    backup.close()
    with Store.open(path) as store:  # second open: nothing left to migrate, no new backup
        assert store.migrated_from is None and store.backup_path is None
        assert store.recommendations.get("r1").ref == "4.1"


def test_check_report_counts(tmp_path: Path) -> None:
    path = tmp_path / "c.ssdesk"
    with Store.open(path) as store:
        make_visit(store)
    report = check_file(path)
    assert report.ok and report.integrity == ["ok"]
    assert report.counts["visit"] == 1 and report.counts["unit"] == 1
    assert report.schema_revision == migrations.head_revision()


def test_listeners_hear_committed_changes_only(store: Store) -> None:
    heard = []
    store.subscribe(heard.append)
    d = store.catalog.add_delegation("Đoàn giám sát số 2", "Ban Thường vụ Thành ủy Hà Nội")
    assert heard and heard[-1].inserted["delegation"] == {d.id}
    n = len(heard)
    with pytest.raises(ValidationError):
        with store.write():
            store.catalog.add_unit("Quận ủy Ba Đình", "district_committee")
            store.catalog.add_unit("", "district_committee")
    assert len(heard) == n
    assert [u.name for u in store.catalog.units()] == []
