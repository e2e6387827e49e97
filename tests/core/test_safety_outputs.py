"""No command ever writes its output over a case file (issue 19 §1), whatever name or link leads there; outputs go
through a temporary file renamed into place; a secret visit's export is created 0600 (§11)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ssdesk.cli import main
from ssdesk.store import Store


def run(*args: str) -> int:
    return main(["--lang", "en", *args])


@pytest.fixture
def demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    path = tmp_path / "office.ssdesk"
    assert run("demo", str(path)) == 0
    visit = re.findall(r"[0-9a-f]{8}-[0-9a-f-]{27}", capsys.readouterr().out)[-1]
    return path, visit


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def outputs(path: Path, visit: str) -> list[list[str]]:
    """Every command that writes an output file, with ``-o`` left for the caller to append."""
    return [["export", str(path), "--visit", visit, "--format", "json", "-o"],
            ["export", str(path), "--visit", visit, "--kind", "minutes", "--format", "docx", "-o"],
            ["export", str(path), "--kind", "followup", "--format", "xlsx", "-o"],
            ["remind", str(path), "--unit", "Ban Thường vụ Quận ủy Hoàng Mai", "--today", "2030-01-01",
             "--format", "pdf", "-o"],
            ["report-upward", str(path), "--as-of", "2030-01-01", "--format", "json", "-o"]]


def test_no_output_lands_on_the_case_file_or_its_companions(demo: tuple[Path, str], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path, visit = demo
    other = tmp_path / "other.ssdesk"
    with Store.open(other) as s:
        s.catalog.add_unit("Phường Tương Mai", "ward_committee")
    (tmp_path / "link.json").symlink_to(path)
    backup = tmp_path / "office.ssdesk.before-x.bak"
    backup.write_bytes(other.read_bytes())
    os.link(backup, tmp_path / "hard.json")
    holder = Store.open(other)  # a second case file held open (locked, with its -wal) while the outputs try
    try:
        before = {p: digest(p) for p in (path, other, backup)}
        targets = [path, tmp_path / "link.json", tmp_path / "hard.json", backup, Path(str(other) + "-wal"),
                   Path(str(other) + "-shm"), Path(str(other) + ".lock"), Path(str(path) + "-wal"),
                   tmp_path / "sub" / ".." / "office.ssdesk"]
        for command in outputs(path, visit):
            for target in targets:
                code = run(*command, str(target))
                err = capsys.readouterr().err
                assert code == 1, (command, target)
                assert "Nothing was written" in err and "Traceback" not in err
        assert {p: digest(p) for p in before} == before
        assert not Path(str(path) + "-wal").exists()
        assert Store.open(other).integrity() == ["ok"]
    finally:
        holder.close()
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left by a refused output


def test_outputs_are_written_through_a_renamed_temporary(demo: tuple[Path, str], tmp_path: Path) -> None:
    path, visit = demo
    out = tmp_path / "visit.json"
    out.write_text("old")
    os.chmod(out, 0o640)
    inode = out.stat().st_ino
    assert run("export", str(path), "--visit", visit, "-o", str(out)) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["visit"]["id"] == visit
    assert out.stat().st_ino != inode  # renamed into place, not written in place
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # an existing output keeps its permissions
    assert run("export", str(path), "--visit", visit, "-o", "/dev/null") == 0  # a device is written straight


def test_a_secret_visits_exports_are_private(demo: tuple[Path, str], tmp_path: Path) -> None:
    path, visit = demo
    with Store.open(path) as store:
        store.visits.update(visit, classification="secret")
    old = os.umask(0o022)
    try:
        for fmt, kind in (("json", None), ("pdf", "minutes"), ("docx", "conclusion")):
            out = tmp_path / f"secret.{fmt}"
            extra = ["--kind", kind] if kind else []
            assert run("export", str(path), "--visit", visit, "--format", fmt, *extra, "--allow-secret",
                       "-o", str(out)) == 0
            assert stat.S_IMODE(out.stat().st_mode) == 0o600, fmt
        report = tmp_path / "report.xlsx"  # the follow-up report holds the secret visit's items (issue 20 §8)
        assert run("export", str(path), "--kind", "followup", "--format", "xlsx", "-o", str(report)) == 1
        assert run("export", str(path), "--kind", "followup", "--format", "xlsx", "--allow-secret",
                   "-o", str(report)) == 0
        assert stat.S_IMODE(report.stat().st_mode) == 0o600
        with Store.open(path) as store:
            store.visits.update(visit, classification="normal")
        plain = tmp_path / "plain.xlsx"
        assert run("export", str(path), "--kind", "followup", "--format", "xlsx", "-o", str(plain)) == 0
        assert stat.S_IMODE(plain.stat().st_mode) == 0o644
    finally:
        os.umask(old)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process")
def test_output_over_a_case_file_another_process_holds(demo: tuple[Path, str], tmp_path: Path) -> None:
    path, visit = demo
    other = tmp_path / "held.ssdesk"
    with Store.open(other) as s:
        s.catalog.add_unit("Phường Tương Mai", "ward_committee")
    code = ("import sys, time; from ssdesk.store import Store; s = Store.open(sys.argv[1]); print('open', flush=True);"
            " time.sleep(30)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(other)], stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"open"
        before = digest(other)
        assert run("export", str(path), "--visit", visit, "-o", str(other)) == 1
        assert digest(other) == before
    finally:
        proc.kill()
        proc.wait()


def test_a_bad_output_is_refused_before_anything_is_made(demo: tuple[Path, str], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """The output path is checked first: a document made only to be refused cost a second, for nothing."""
    import ssdesk.documents as documents
    import ssdesk.exchange as exchange
    from ssdesk.followup import reminders, upward

    def made(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the output was made before its path was refused")

    for module, name in ((documents, "render"), (exchange, "export_visit"), (reminders, "collect"),
                         (upward, "collect")):
        monkeypatch.setattr(module, name, made)
    path, visit = demo
    for command in outputs(path, visit):
        assert run(*command, str(path)) == 1, command
        assert "Nothing was written" in capsys.readouterr().err
    assert not Path(str(path) + "-wal").exists()
