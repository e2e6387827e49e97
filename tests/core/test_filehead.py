"""Nothing in the app takes SQLite's locks away from its own connections (ssdesk.filehead).

The bug, as a tester met it: with the app open, one ``sqlite3 file.ssdesk "select …"`` in a terminal, then the app
killed — everything saved after the shell ran was gone. A background job of the app had read the file's first bytes
with ``open()``; closing that descriptor dropped every POSIX lock the process held on the file, so the shell saw no
one else there and deleted the ``-wal`` as it closed, and the app went on "saving" into the deleted file.

Real processes, a real file: the app's side runs in a child that is killed (``os._exit``) without closing, as a
crash or a kill -9 would leave it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ssdesk import crypto, filehead
from ssdesk.store import Store

APP_SIDE = textwrap.dedent("""
    import os, sys
    from ssdesk import crypto
    from ssdesk.safety.backups import list_backups
    from ssdesk.store import Store
    path = sys.argv[1]
    store = Store.open(path, user="tester@test")
    store.catalog.add_unit("Đơn vị trước", "department")
    crypto.is_encrypted(path)  # what the opening's background job did: read the file's head
    list_backups(path, None, counts=False)
    print("ready", flush=True)
    sys.stdin.readline()  # the other program has come and gone
    store.catalog.add_unit("Đơn vị sau", "department")  # committed: the status bar says "saved"
    print("written", flush=True)
    os._exit(0)  # killed: no close, no checkpoint
""")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX advisory locks: Windows locks files another way")
def test_work_saved_after_another_program_read_the_file_survives_a_kill(tmp_path: Path) -> None:
    path = tmp_path / "case.ssdesk"
    Store.open(path, user="tester@test").close()
    app = subprocess.Popen([sys.executable, "-c", APP_SIDE, str(path)], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        assert app.stdout is not None and app.stdin is not None
        assert app.stdout.readline().strip() == "ready"
        other = sqlite3.connect(path)  # the sqlite3 shell, DB Browser: another process reads and closes
        assert other.execute("SELECT COUNT(*) FROM unit").fetchone()[0] >= 0
        other.close()
        assert (tmp_path / "case.ssdesk-wal").exists()  # the app's connection kept it: it was not deleted
        app.stdin.write("go\n")
        app.stdin.flush()
        assert app.stdout.readline().strip() == "written"
    finally:
        app.wait(timeout=60)
    with Store.open(path, user="tester@test") as store:
        names = {u.name for u in store.catalog.units()}
    assert {"Đơn vị trước", "Đơn vị sau"} <= names


def test_a_held_file_is_read_through_its_own_descriptor(tmp_path: Path) -> None:
    path = tmp_path / "case.ssdesk"
    with Store.open(path, user="tester@test"):
        assert filehead.held(path)
        assert not crypto.is_encrypted(path)
        assert filehead.read_head(path, 16) == b"SQLite format 3\x00"
        fd_before = set(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else set()
        for _ in range(3):
            filehead.read_head(path)
        if fd_before:
            assert set(os.listdir("/proc/self/fd")) == fd_before  # no descriptor opened (and closed) to read it
    assert not filehead.held(path)  # released with the store


def test_the_open_case_file_is_refused_as_evidence(tmp_path: Path) -> None:
    """Attaching the case file itself as evidence would read it with a descriptor of its own, and close it."""
    from ssdesk.safety.intake import InputError, read_regular

    path = tmp_path / "case.ssdesk"
    with Store.open(path, user="tester@test"):
        with pytest.raises(InputError) as refused:
            read_regular(path, limit=10**9, what="Evidence")
        assert "case file open" in str(refused.value)
    assert read_regular(path, limit=10**9, what="Evidence")[:16] == b"SQLite format 3\x00"  # closed: an ordinary file
