"""Start-up stays light: opening a case file that is at this ssdesk's schema imports neither Alembic nor the
features a user reaches later (documents, drafting, merge, the exchange format, the server driver); the app's own
start-up path is checked in ``tests/ui/test_startup_imports_ui.py`` (issue 15)."""

from __future__ import annotations

from pathlib import Path

from startup_check import late_modules, sample_file

from ssdesk import migrations
from ssdesk.store import Store


def test_revisions_read_without_alembic_agree_with_alembic() -> None:
    script = migrations.script()
    assert migrations.head_revision() == script.get_current_head()
    assert migrations.known_revisions() == {rev.revision for rev in script.walk_revisions()}
    assert migrations.is_known(migrations.head_revision()) and not migrations.is_known("9999_from_the_future")


def test_opening_a_current_file_imports_no_feature_and_no_alembic(tmp_path: Path) -> None:
    sample = sample_file(tmp_path)
    code = ("import sys\nfrom ssdesk.store import Store\n"
            "with Store.open(sys.argv[1]) as s:\n"
            "    s.visits.rows(limit=50)\n    s.recommendations.rows()\n    s.search\n")
    assert late_modules(code, str(sample)) == []


def test_an_older_file_is_still_migrated(tmp_path: Path) -> None:
    """The other side of the lazy import: a file at an older revision brings Alembic in and is brought to head."""
    from sqlalchemy import create_engine, event

    from ssdesk.casefile import APPLICATION_ID, set_pragmas

    path = tmp_path / "old.ssdesk"
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", set_pragmas)
    migrations.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
    engine.dispose()
    with Store.open(path) as store:
        assert store.migrated_from == "0001"
        assert store.schema_revision() == migrations.head_revision()


def test_showing_the_visit_list_leaves_the_mappers_unconfigured(tmp_path: Path) -> None:
    """What start-up asks of the core (open, claim the file's identity, is it the sample, the visit list and its
    count) goes through the tables: the ~40 ms of configuring every ORM mapper come after the window is up."""
    import subprocess
    import sys

    sample = sample_file(tmp_path)
    moved = tmp_path / "moved.ssdesk"  # a file opened at a new place rewrites its home (ssdesk.safety.lineage)
    sample.rename(moved)
    code = ("import sys\nfrom ssdesk.store import Store\nfrom ssdesk.demo import holds_sample\n"
            "from ssdesk.models import Visit\n"
            "with Store.open(sys.argv[1]) as s:\n"
            "    rows, n, sample = s.visits.rows(limit=50), s.visits.count(), holds_sample(s)\n"
            "    home = s.meta('file_home')\n"
            "    print(len(rows), n, sample, home == sys.argv[1], Visit.__mapper__.configured)\n")
    done = subprocess.run([sys.executable, "-c", code, str(moved)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["1", "1", "True", "True", "False"]
