"""The case file on disk when the user or the disk does the unexpected (issue 19 §2, §9, §10): several names for one
file, a read-only folder, a lock left by a dead process mid-takeover, leftovers of killed runs."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ssdesk.cli import main
from ssdesk.errors import CaseFileLockedError
from ssdesk.safety.lock import FileLock, LinkedCaseFileError, LockInfo, ReadOnlyLocationError, lock_path
from ssdesk.store import Store

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links, mounts and pids")


def make(path: Path) -> None:
    with Store.open(path) as s:
        s.catalog.add_unit("Ban Thường vụ Quận ủy Hoàng Mai", "district_committee")


@posix
def test_a_file_with_two_names_is_refused_for_writing_and_readable(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.ssdesk", tmp_path / "b.ssdesk"
    make(a)
    os.link(a, b)
    for name in (a, b):
        with pytest.raises(LinkedCaseFileError, match="2 names"):
            Store.open(name)
    assert not lock_path(a).exists() and not lock_path(b).exists()
    with Store.open(b, readonly=True) as ro:
        assert [u.name for u in ro.catalog.units()] == ["Ban Thường vụ Quận ủy Hoàng Mai"]
    assert main(["--lang", "en", "reindex", str(b)]) == 1
    assert "hard links" in capsys.readouterr().err
    os.unlink(b)
    Store.open(a).close()  # one name again: fine


@posix
def test_one_process_shares_its_lock_by_identity(tmp_path: Path) -> None:
    a = tmp_path / "a.ssdesk"
    make(a)
    (tmp_path / "link.ssdesk").symlink_to(a)
    with Store.open(a) as first, Store.open(tmp_path / "link.ssdesk") as second:
        assert first.lock is second.lock and first.lock.count == 2


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    """``folder`` made read-only for this process: a read-only bind mount as root, else its mode."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        try:
            yield
        finally:
            os.chmod(folder, 0o755)
        return
    done = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if done.returncode:
        pytest.skip("root without the right to mount: cannot make a read-only folder")
    try:
        if subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True).returncode:
            pytest.skip("cannot remount read-only")
        yield
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


@posix
def test_a_read_only_folder_is_said_and_read_only_offered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "case.ssdesk"
    make(path)
    with read_only_folder(folder):
        with pytest.raises(ReadOnlyLocationError, match="read-only"):
            Store.open(path)
        assert main(["--lang", "en", "reindex", str(path)]) == 1
        err = capsys.readouterr().err
        assert "read-only" in err and "damaged" not in err
        with Store.open(path, readonly=True) as ro:  # what is offered instead
            assert ro.catalog.units()
        assert main(["--lang", "en", "list", str(path), "units"]) == 0


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@posix
def test_a_dead_owners_lock_is_taken_over_even_mid_takeover(tmp_path: Path) -> None:
    path = tmp_path / "case.ssdesk"
    make(path)
    ghost = LockInfo(**{**LockInfo.mine().__dict__, "user": "ghost", "pid": dead_pid(), "token": "dead"})
    lock_path(path).write_bytes(ghost.as_json())
    guard = lock_path(path).with_name(lock_path(path).name + ".takeover")
    guard.write_text(json.dumps({"host": ghost.host, "pid": ghost.pid}))  # the taker died too, a second ago
    with Store.open(path) as store:
        assert store.lock.info.token != "dead"
    assert not guard.exists()


@posix
def test_a_lock_that_cannot_be_taken_over_yet_does_not_name_the_dead_as_editing(tmp_path: Path) -> None:
    path = tmp_path / "case.ssdesk"
    make(path)
    ghost = LockInfo(**{**LockInfo.mine().__dict__, "user": "ghost", "pid": dead_pid(), "token": "dead"})
    lock_path(path).write_bytes(ghost.as_json())
    guard = lock_path(path).with_name(lock_path(path).name + ".takeover")
    guard.write_bytes(b"")  # an older ssdesk's takeover file: no taker named, fresh
    with pytest.raises(CaseFileLockedError) as caught:
        Store.open(path)
    assert "open for editing" not in str(caught.value) and "program that ended" in str(caught.value)


@posix
def test_leftovers_of_killed_runs_are_cleaned_on_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "case.ssdesk"
    make(path)
    plain = tmp_path / ".case.ssdesk.0badc0de.tmp"  # a killed decrypt's plaintext copy
    con = sqlite3.connect(plain)
    con.execute("CREATE TABLE secret (x)")
    con.commit()
    con.close()
    leftovers = [plain, tmp_path / ".case.ssdesk.0badc0de.tmp-journal", tmp_path / ".case.ssdesk.restore",
                 tmp_path / ".case.ssdesk.lock.12345678.tmp"]
    for extra in leftovers[1:]:
        extra.write_bytes(b"x")
    others = [tmp_path / ".other.ssdesk.0badc0de.tmp", tmp_path / "case.ssdesk.notes.tmp"]
    for other in others:
        other.write_bytes(b"x")
    with Store.open(path):
        assert not any(p.exists() for p in leftovers)
    assert all(p.exists() for p in others)
    FileLock.release_all()


def test_leftovers_of_killed_backups_are_cleaned_from_the_backup_folder(tmp_path: Path) -> None:
    import time

    from ssdesk.safety.backups import backup_now

    path = tmp_path / "case.ssdesk"
    make(path)
    folder = tmp_path / "bk"
    folder.mkdir()
    old = [folder / ".case_20240101-000000-000000_manual.ssdesk.0badc0de.tmp",
           folder / ".case_20240101-000000-000000_manual.ssdesk.0badc0de.tmp-journal"]
    fresh = folder / ".case_20240101-000001-000000_manual.ssdesk.feedf00d.tmp"  # maybe a live copy: kept
    for p in [*old, fresh]:
        p.write_bytes(b"x")
    hour_ago = time.time() - 3600
    for p in old:
        os.utime(p, (hour_ago, hour_ago))
    backup_now(path, folder)
    assert not any(p.exists() for p in old) and fresh.exists()
