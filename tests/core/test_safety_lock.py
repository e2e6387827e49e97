"""One writer at a time: real processes hold the lock; a second opener is told who holds it; stale locks go."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ssdesk.errors import CaseFileError, CaseFileLockedError
from ssdesk.safety.lock import FileLock, LockInfo, lock_path, read_lock
from ssdesk.store import Store

HOLDER = textwrap.dedent("""
    import sys, time
    from ssdesk.store import Store
    store = Store.open(sys.argv[1], user="holder@test")
    print("ready", flush=True)
    sys.stdin.readline()
    store.close()
""")


@pytest.fixture
def holder(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "shared.ssdesk"
    with Store.open(path) as store:
        store.catalog.add_unit("Ban Thường vụ Quận ủy Hoàng Mai", "district_committee")
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    yield path, proc
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def test_second_process_is_refused_with_the_holder_named(holder) -> None:  # type: ignore[no-untyped-def]
    path, proc = holder
    info = read_lock(lock_path(path))
    assert info is not None and info.pid == proc.pid and info.host == socket.gethostname()
    with pytest.raises(CaseFileLockedError) as err:
        Store.open(path)
    message = str(err.value)
    assert info.user in message and socket.gethostname() in message and "since" in message
    assert "read-only" in message


def test_read_only_open_works_while_locked_and_refuses_writes(holder) -> None:  # type: ignore[no-untyped-def]
    path, _proc = holder
    with Store.open(path, readonly=True) as store:
        assert [u.name for u in store.catalog.units()] == ["Ban Thường vụ Quận ủy Hoàng Mai"]
        with pytest.raises(CaseFileError, match="read-only"):
            store.catalog.add_unit("Huyện ủy Ba Vì", "district_committee")
        assert store.lock is None
    assert read_lock(lock_path(path)) is not None  # the holder's lock is untouched


def test_lock_is_released_when_the_holder_closes(holder) -> None:  # type: ignore[no-untyped-def]
    path, proc = holder
    proc.communicate("\n", timeout=20)
    assert not lock_path(path).exists()
    Store.open(path).close()


def test_killed_holder_leaves_a_stale_lock_that_is_taken_over(holder) -> None:  # type: ignore[no-untyped-def]
    path, proc = holder
    proc.kill()
    proc.wait()
    assert read_lock(lock_path(path)).pid == proc.pid  # type: ignore[union-attr]
    with Store.open(path) as store:
        mine = read_lock(lock_path(path))
        assert mine is not None and mine.pid == os.getpid()
        assert store.lock.owned()
    assert not lock_path(path).exists()


def _fake_lock(path: Path, *, host: str, pid: int, beat: dt.datetime) -> None:
    info = LockInfo(user="khac", host=host, pid=pid, since=beat.isoformat(), heartbeat=beat.isoformat(),
                    app_version="0.0", token="t")
    lock_path(path).write_bytes(info.as_json())


def test_other_host_lock_is_respected_until_its_heartbeat_is_old(tmp_path: Path) -> None:
    path = tmp_path / "net.ssdesk"
    Store.open(path).close()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    _fake_lock(path, host="PC-VANPHONG", pid=1, beat=now - dt.timedelta(seconds=30))
    with pytest.raises(CaseFileLockedError, match="PC-VANPHONG"):
        Store.open(path)
    _fake_lock(path, host="PC-VANPHONG", pid=1, beat=now - dt.timedelta(hours=1))
    with Store.open(path):
        assert read_lock(lock_path(path)).host == socket.gethostname()  # type: ignore[union-attr]


def test_garbled_lock_file_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "g.ssdesk"
    Store.open(path).close()
    lock_path(path).write_text("{half", encoding="utf-8")
    os.utime(lock_path(path), (0, 0))
    Store.open(path).close()


def test_same_process_may_open_twice_and_the_lock_is_counted(tmp_path: Path) -> None:
    path = tmp_path / "r.ssdesk"
    a = Store.open(path)
    b = Store.open(path)
    assert a.lock is b.lock
    a.close()
    assert lock_path(path).exists()
    b.close()
    assert not lock_path(path).exists()


def test_lock_file_content_and_heartbeat(tmp_path: Path) -> None:
    path = tmp_path / "h.ssdesk"
    with Store.open(path) as store:
        data = json.loads(lock_path(path).read_text(encoding="utf-8"))
        assert {"user", "host", "pid", "since", "heartbeat", "app_version"} <= set(data)
        store.lock.heartbeat()
        assert read_lock(lock_path(path)).token == store.lock.info.token  # type: ignore[union-attr]
    assert FileLock._held == {}


def test_release_at_interpreter_exit(tmp_path: Path) -> None:
    path = tmp_path / "x.ssdesk"
    code = f"from ssdesk.store import Store; Store.open({str(path)!r})"  # never closed
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert path.exists() and not lock_path(path).exists()


def test_cli_reports_a_locked_file_on_one_line(holder, capsys) -> None:  # type: ignore[no-untyped-def]
    from ssdesk.cli import main

    path, _proc = holder
    assert main(["--lang", "en", "reindex", str(path)]) == 1  # a writing command; reading ones open read-only
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "open for editing by" in err
    assert main(["--lang", "en", "list", str(path), "units"]) == 0
