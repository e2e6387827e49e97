"""Read commands never create, convert or write a file; a failed command leaves no new file; ``check`` of a file
with a leftover WAL does not rewrite the main file (issue 19 §8)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ssdesk.cli import main
from ssdesk.store import Store


def run(*args: str) -> int:
    return main(["--lang", "en", *args])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("kind", ["zero-byte", "blank-sqlite", "foreign-sqlite"])
def test_read_commands_leave_empty_and_foreign_files_alone(tmp_path: Path, kind: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.ssdesk"
    if kind == "zero-byte":
        path.write_bytes(b"")
    else:
        con = sqlite3.connect(path)
        if kind == "foreign-sqlite":
            con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
    before = files(tmp_path)
    for argv in (["list", str(path), "visits"], ["search", str(path), "hoang mai"], ["check", str(path)],
                 ["export", str(path), "--kind", "followup", "--format", "xlsx", "-o", str(tmp_path / "o.xlsx")],
                 ["followup", str(path), "nope", "--date", "2024-03-01", "--note", "x"]):
        assert run(*argv) == 1, argv
        assert "Traceback" not in capsys.readouterr().err
        assert files(tmp_path) == before, argv  # not converted, nothing beside it


def test_a_failed_import_into_a_missing_file_leaves_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    source = tmp_path / "visit.json"
    source.write_text('{"format": "ssdesk-visit", "version": 1, "visit": {"title": "x"}}', encoding="utf-8")
    assert run("import", str(tmp_path / "new.ssdesk"), str(source)) == 1
    assert "nothing was written" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["visit.json"]


def test_check_and_reads_of_a_file_with_a_leftover_wal_do_not_rewrite_it(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "case.ssdesk"
    assert run("demo", str(path)) == 0
    capsys.readouterr()
    # a writer killed with committed pages still in its WAL: copy the file and the WAL while it holds them
    code = ("import shutil, sys, sqlite3\n"
            "from ssdesk.store import Store\n"
            "s = Store.open(sys.argv[1])\n"
            "s.catalog.add_unit('Phường Tương Mai', 'ward_committee')\n"
            "shutil.copyfile(sys.argv[1], sys.argv[2]); shutil.copyfile(sys.argv[1] + '-wal', sys.argv[2] + '-wal')\n")
    crashed = tmp_path / "crashed" / "case.ssdesk"
    crashed.parent.mkdir()
    subprocess.run([sys.executable, "-c", code, str(path), str(crashed)], check=True)
    assert (crashed.parent / "case.ssdesk-wal").stat().st_size > 0
    main_before = digest(crashed)
    wal_before = digest(crashed.parent / "case.ssdesk-wal")
    assert run("check", str(crashed)) == 0
    assert "Integrity:" in capsys.readouterr().out  # exit 0: sound
    assert run("list", str(crashed), "units") == 0
    assert "Phường Tương Mai" in capsys.readouterr().out  # the WAL's commit is read…
    assert digest(crashed) == main_before  # …without being folded into the main file
    assert digest(crashed.parent / "case.ssdesk-wal") == wal_before
    with Store.open(crashed) as store:  # the app still recovers it when it opens it for writing
        assert "Phường Tương Mai" in {u.name for u in store.catalog.units()}
    shutil.rmtree(crashed.parent)


def test_read_commands_work_while_another_process_edits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "case.ssdesk"
    assert run("demo", str(path)) == 0
    capsys.readouterr()
    code = "import sys, time; from ssdesk.store import Store; s = Store.open(sys.argv[1]); " \
           "print('open', flush=True); " \
           "time.sleep(30)"
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"open"
        assert run("list", str(path), "visits") == 0
        assert run("search", str(path), "hoang mai") == 0
        assert run("export", str(path), "--kind", "followup", "--format", "xlsx", "-o", str(tmp_path / "f.xlsx")) == 0
    finally:
        proc.kill()
        proc.wait()
