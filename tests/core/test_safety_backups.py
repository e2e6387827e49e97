"""Backups: consistent copies, rotation as data, listing with counts, verified atomic restore, newest good one."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import stat
from pathlib import Path

import pytest

from ssdesk.errors import DamagedCaseFileError
from ssdesk.safety.backups import (
    AutoBackup,
    Rotation,
    backup_due,
    backup_now,
    list_backups,
    newest_good_backup,
    restore,
    rotate,
    to_keep,
    verify_case_file,
)
from ssdesk.store import Store


def _visit(store: Store) -> str:
    d = store.catalog.add_delegation("Đoàn giám sát số 1", "Ban Thường vụ Thành ủy Hà Nội")
    u = store.catalog.add_unit("Ban Thường vụ Quận ủy Hoàng Mai", "district_committee")
    return store.visits.create(delegation_id=d.id, unit_id=u.id, starts_at="2024-02-27 08:00").id


def test_backup_is_private_named_and_counted(store: Store, tmp_path: Path) -> None:
    visit = _visit(store)
    store.recommendations.add(visit, direction="request", text="Tăng cường công tác tuyên truyền")
    when = dt.datetime(2024, 2, 27, 11, 30)
    path = backup_now(store, tmp_path / "bk", reason="Before merge!", now=when)
    assert path.name == "case_20240227-113000-000000_before-merge.ssdesk"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert verify_case_file(path) is None
    [info] = list_backups(store, tmp_path / "bk")
    assert (info.taken_at, info.reason, info.visits, info.recommendations) == (when, "before-merge", 1, 1)


def test_default_folder_is_per_file_id(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSDESK_BACKUP_DIR", str(tmp_path / "root"))
    path = backup_now(store)
    assert path.parent == tmp_path / "root" / store.meta("file_id")
    assert [b.path for b in list_backups(store.path)] == [path]


def test_backup_while_another_connection_writes_is_consistent(store: Store, tmp_path: Path) -> None:
    visit = _visit(store)
    with store.write():
        store.recommendations.add(visit, direction="request", text="pending, not committed")
        path = backup_now(store.path, tmp_path / "bk")  # taken mid-transaction: sees the last commit only
    assert list_backups(folder=tmp_path / "bk")[0].recommendations == 0
    assert verify_case_file(path) is None


def test_rotation_policy_with_fake_times(tmp_path: Path) -> None:
    start = dt.datetime(2024, 1, 1, 9, 0)
    times = [start + dt.timedelta(hours=6 * i) for i in range(4 * 400)]  # four a day for 400 days
    kept = sorted(times[i] for i in to_keep(times, Rotation()))
    newest = times[-1]
    assert times[-10:] == kept[-10:]  # the ten most recent
    days = {t.date() for t in kept}
    assert {newest.date() - dt.timedelta(days=d) for d in range(7)} <= days
    assert len({t.isocalendar()[:2] for t in kept}) >= 8
    assert len({(t.year, t.month) for t in kept}) == 12
    assert len(kept) <= 10 + 7 + 8 + 12
    assert len(to_keep(times, Rotation(recent=2, daily=0, weekly=0, monthly=0))) == 2


def test_rotate_deletes_files_the_policy_drops(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "bk"
    start = dt.datetime(2024, 1, 1, 9, 0)
    for i in range(30):
        backup_now(store, folder, reason="auto", now=start + dt.timedelta(days=i), rotation=None)
    deleted = rotate(folder, Rotation(recent=3, daily=5, weekly=2, monthly=1))
    left = list_backups(folder=folder, counts=False)
    assert len(left) + len(deleted) == 30
    assert [b.taken_at.day for b in left[:5]] == [30, 29, 28, 27, 26]
    assert len(left) == 5  # 30/01 is a Tuesday: the newest of this week and of last week (28/01) are among them


def test_restore_keeps_the_current_file_first(tmp_path: Path) -> None:
    path, folder = tmp_path / "c.ssdesk", tmp_path / "bk"
    with Store.open(path) as store:
        _visit(store)
        good = backup_now(store, folder, reason="manual")
        store.catalog.add_unit("Huyện ủy Ba Vì", "district_committee")
    kept = restore(good, path, folder)
    assert kept is not None and kept.name.endswith("_before-restore.ssdesk")
    assert not Path(str(path) + "-wal").exists()
    with Store.open(path) as store:
        assert [u.name for u in store.catalog.units()] == ["Ban Thường vụ Quận ủy Hoàng Mai"]
    with Store.open(kept, readonly=True) as before:
        assert len(before.catalog.units()) == 2
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_restore_refuses_a_damaged_backup_and_leaves_the_target(tmp_path: Path) -> None:
    path = tmp_path / "c.ssdesk"
    Store.open(path).close()
    bad = tmp_path / "bad.ssdesk"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage" * 100)
    before = path.read_bytes()
    with pytest.raises(DamagedCaseFileError):
        restore(bad, path, tmp_path / "bk")
    assert path.read_bytes() == before


def _damage(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name='visit'").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    for i in range((root - 1) * page + 8, (root - 1) * page + 64):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def test_damaged_file_offers_the_newest_good_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSDESK_BACKUP_DIR", str(tmp_path / "root"))
    path = tmp_path / "c.ssdesk"
    with Store.open(path) as store:
        _visit(store)
        older = backup_now(store, now=dt.datetime(2024, 3, 1, 8, 0))
        newer = backup_now(store, now=dt.datetime(2024, 3, 2, 8, 0))
    _damage(newer)
    _damage(path)  # the case file too: its id can no longer be read, the index still finds its backups
    with pytest.raises(DamagedCaseFileError):
        Store.open(path)
    offer = newest_good_backup(path)
    assert offer is not None and offer.path == older
    restore(offer.path, path)
    with Store.open(path) as store:
        assert store.visits.count() == 1


def test_backup_due_rule_and_auto_backup(store: Store, tmp_path: Path) -> None:
    t0 = dt.datetime(2024, 2, 27, 8, 0)
    assert not backup_due(None, 0, t0)
    assert backup_due(None, 1, t0)
    assert not backup_due(t0, 5, t0 + dt.timedelta(minutes=9))
    assert backup_due(t0, 5, t0 + dt.timedelta(minutes=10))
    auto = AutoBackup(store, every=dt.timedelta(minutes=10), folder=tmp_path / "bk")
    assert auto.tick(t0) is None  # nothing changed yet
    _visit(store)
    assert auto.tick(t0) is not None
    store.catalog.add_unit("Huyện ủy Ba Vì", "district_committee")
    assert auto.tick(t0 + dt.timedelta(minutes=5)) is None
    assert auto.tick(t0 + dt.timedelta(minutes=11)) is not None
    assert len(list_backups(folder=tmp_path / "bk")) == 2


def test_migration_backup_goes_beside_the_file(tmp_path: Path) -> None:
    """Store.open already backs up before migrating; the safety layer relies on it (no second mechanism)."""
    from sqlalchemy import create_engine, event

    from ssdesk import migrations
    from ssdesk.casefile import APPLICATION_ID, set_pragmas

    path = tmp_path / "old.ssdesk"
    engine = create_engine(f"sqlite:///{path}")  # a file exactly as revision 0003 made it
    event.listen(engine, "connect", set_pragmas)
    migrations.upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
    engine.dispose()
    with Store.open(path) as store:
        assert store.migrated_from == "0003" and store.backup_path is not None
        assert verify_case_file(store.backup_path) is None
        assert store.schema_revision() == migrations.head_revision()


def test_cli_backup_backups_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from ssdesk.cli import main

    path = tmp_path / "c.ssdesk"
    with Store.open(path) as store:
        _visit(store)
    assert main(["backup", str(path), "--to", str(tmp_path / "bk")]) == 0
    made = Path(capsys.readouterr().out.split("Backed up to ", 1)[1].strip())  # the command says where
    assert made.exists()
    assert main(["backups", str(path), "--in", str(tmp_path / "bk"), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["visits"] == 1
    assert main(["restore", str(made), str(path)]) == 0
    assert main(["restore", str(tmp_path / "none.ssdesk"), str(path)]) == 1
    assert "error" in capsys.readouterr().err


def test_import_takes_a_backup_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ssdesk.cli import main
    from ssdesk.safety.backups import list_backups

    a, b = tmp_path / "a.ssdesk", tmp_path / "b.ssdesk"
    assert main(["demo", str(a)]) == 0
    visit_id = re.findall(r"[0-9a-f-]{36}", capsys.readouterr().out)[0]  # `demo` says the sample visit's ID
    assert main(["export", str(a), "--visit", visit_id, "-o", str(tmp_path / "v.json")]) == 0
    with Store.open(b) as store:
        _visit(store)
    before = {x.path for x in list_backups(b)}
    assert main(["import", str(b), str(tmp_path / "v.json")]) == 0
    made = [x for x in list_backups(b) if x.path not in before]
    assert len(made) == 1 and "import" in made[0].path.name and made[0].visits == 1
