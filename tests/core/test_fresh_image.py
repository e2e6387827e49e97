"""A new case file is a copy of the first one the process made by running the migrations (issue 15: ~150 ms a new
file saved in the app's New, ``demo``, ``import`` and the test fixtures). The copy must be the file the migrations
make — schema, pragmas, application id, revision — with its own identity."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ssdesk import migrations
from ssdesk.casefile import APPLICATION_ID, fresh_image, make_engine
from ssdesk.store import Store


def described(path: Path) -> dict[str, object]:
    con = sqlite3.connect(path)
    try:
        return {
            # a table's lines as a set: batch migrations write a table's foreign keys in no fixed order
            "schema": sorted((kind, name, table, tuple(sorted(line.strip().rstrip(",") for line in
                                                             (sql or "").splitlines())))
                             for kind, name, table, sql in con.execute(
                                 "SELECT type, name, tbl_name, sql FROM sqlite_master")),
            "pragmas": [con.execute(f"PRAGMA {p}").fetchone()[0]
                        for p in ("application_id", "user_version", "page_size", "auto_vacuum", "journal_mode",
                                  "encoding")],
            "revision": con.execute("SELECT version_num FROM alembic_version").fetchall(),
            "rows": {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                     for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                                                "LIKE 'sqlite_%' AND name NOT LIKE '%search%'")},
        }
    finally:
        con.close()


def test_a_new_file_is_the_file_the_migrations_make(tmp_path: Path) -> None:
    reference = tmp_path / "migrated.ssdesk"
    reference.touch()
    engine = make_engine(reference)
    migrations.upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
    engine.dispose()

    first, second = tmp_path / "a.ssdesk", tmp_path / "b.ssdesk"
    Store.open(first).close()
    assert fresh_image(migrations.head_revision()) is not None  # kept by the first new file
    Store.open(second).close()
    expected = described(reference)
    expected["rows"] = {**expected["rows"], "ssdesk_meta": 3}  # type: ignore[dict-item]  # id, created, home
    for path in (first, second):
        assert described(path) == expected, path.name
    ids = set()
    for path in (first, second):
        with Store.open(path) as store:
            assert store.integrity() == ["ok"]
            store.catalog.add_unit("Phường Tương Mai", "ward_committee")
        con = sqlite3.connect(path)
        ids.add(con.execute("SELECT value FROM ssdesk_meta WHERE key = 'file_id'").fetchone()[0])
        con.close()
    assert len(ids) == 2  # each its own identity (its own backups)
