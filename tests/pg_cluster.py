"""A throw-away PostgreSQL cluster for the office-server tests (tests/server, and the frozen app's in
tests/test_bundle.py): started once per session, one fresh database per test. ``tests/conftest.py`` re-exports the
fixtures ``pg_cluster`` and ``pg_url``.

Finds ``initdb``/``pg_ctl`` on PATH or under ``/usr/lib/postgresql/*/bin``; without them the tests are skipped, unless
``SSDESK_REQUIRE_PG=1`` (CI) makes that a failure. PostgreSQL refuses to run as root: as root the cluster is made and
run as the user ``nobody`` (``runuser``/``setpriv``) in a folder it owns; the tests connect over a Unix socket with
trust authentication, so no password is involved — except over TCP on 127.0.0.1, where the server asks for a password
(scram-sha-256), as an office server does: :meth:`Cluster.password_user` makes a user that has one.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_user() -> list[str]:
    """Prefix that runs a command as an unprivileged user when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return []
    for tool in (["runuser", "-u", "nobody", "--"], ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]):
        if shutil.which(tool[0]):
            return tool
    pytest.fail("running as root and neither runuser nor setpriv is available to start PostgreSQL")


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("SSDESK_REQUIRE_PG") == "1":
        pytest.fail(f"SSDESK_REQUIRE_PG=1 but {reason}")
    pytest.skip(reason)


class Cluster:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port

    def url(self, database: str) -> str:
        return f"postgresql://ssdesk@/{database}?host={self.host}&port={self.port}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user="ssdesk", dbname="postgres",
                             autocommit=True) as con:
            con.execute(sql)

    def password_user(self, name: str, password: str, database: str) -> str:
        """A login with ``password`` that owns ``database``; the URL to reach it over TCP, without the password."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(host=self.host, port=self.port, user="ssdesk", dbname="postgres",
                             autocommit=True) as con:
            con.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(name),
                                                                            sql.Literal(password)))
            con.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(database),
                                                                        sql.Identifier(name)))
        with psycopg.connect(host=self.host, port=self.port, user="ssdesk", dbname=database,
                             autocommit=True) as con:
            con.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(name)))
        return f"postgresql://{name}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        self.admin(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
        return name


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _skip_or_fail("the PostgreSQL driver psycopg is not installed (pip install 'ssdesk[server]')")
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        _skip_or_fail("no PostgreSQL server binaries (initdb, pg_ctl) found; install postgresql")
    assert initdb and pg_ctl
    prefix = _as_user()
    root = Path(tempfile.mkdtemp(prefix="ssdesk-pg-"))
    os.chmod(root, 0o777 if prefix else 0o700)
    data, sock, port = root / "data", root, _free_port()
    log = root / "server.log"
    subprocess.run([*prefix, initdb, "-D", str(data), "-U", "ssdesk", "--auth-local=trust",
                    "--auth-host=scram-sha-256", "-E", "UTF8",
                    "--locale=C", "--no-sync"], check=True, capture_output=True)
    started = subprocess.run(
        [*prefix, pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o",
         f"-k {sock} -p {port} -c listen_addresses='127.0.0.1' -c fsync=off -c synchronous_commit=off "
         "-c full_page_writes=off -c max_connections=100", "start"], capture_output=True, text=True)
    if started.returncode != 0:
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else started.stderr
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {started.stderr}\n{detail}")
    try:
        yield Cluster(str(sock), port)
    finally:
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """The URL of a new, empty database (from template0) for this test."""
    return pg_cluster.url(pg_cluster.new_database())
