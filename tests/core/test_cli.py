"""The ``ssdesk`` command as scripts use it: exit codes, one-line errors, JSON output, Vietnamese help."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ssdesk.cli import main
from ssdesk.store import Store


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def demo_id(capsys: pytest.CaptureFixture[str], path: Path) -> str:
    """``ssdesk demo`` says what it made: the sample session's ID, in a sentence naming the file."""
    code, out, _ = run(capsys, "demo", str(path))
    found = UUID.findall(out)
    assert code == 0 and len(found) == 1 and str(path) in out and out.count("\n") == 1
    return found[0]


def test_demo_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.ssdesk"
    demo_id(capsys, path)
    code, out, _ = run(capsys, "check", str(path), "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] is True and report["integrity"] == ["ok"]
    assert report["counts"]["visit"] == 1 and report["counts"]["statement"] >= 8
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0 and "Integrity: sound" in out and "Working session" in out


def test_check_damaged_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.ssdesk"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    code, _, err = run(capsys, "check", str(path))
    assert code == 1 and err.count("\n") == 1 and "damaged" in err


def test_list_json_for_scripts(demo_copy: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    path = demo_copy[0]
    for kind in ("visits", "recommendations", "units", "delegations"):
        code, out, _ = run(capsys, "list", str(path), kind, "--json")
        rows = json.loads(out)
        assert code == 0 and rows and all("id" in r for r in rows)
    code, out, _ = run(capsys, "list", str(path), "recommendations", "--overdue", "--today", "2030-01-01", "--json")
    overdue = json.loads(out)
    assert overdue and all(r["overdue"] and r["deadline"] < "2030-01-01" for r in overdue)
    code, out, _ = run(capsys, "list", str(path), "recommendations", "--overdue", "--today", "2024-03-01", "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "list", str(path), "units")
    assert "Ban Thường vụ Quận ủy Hoàng Mai" in out


def test_export_import_export_is_identical(tmp_path: Path, demo_copy: tuple[Path, str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (a, visit_id), b = demo_copy, tmp_path / "b.ssdesk"
    first = str(tmp_path / "1.json")
    assert run(capsys, "export", str(a), "--visit", visit_id, "--format", "json", "-o", first)[0] == 0
    code, out, _ = run(capsys, "import", str(b), str(tmp_path / "1.json"))
    assert code == 0 and visit_id in out and str(b) in out
    assert run(capsys, "export", str(b), "--visit", visit_id, "-o", str(tmp_path / "2.json"))[0] == 0
    assert (tmp_path / "1.json").read_bytes() == (tmp_path / "2.json").read_bytes()


def test_import_of_bad_json_writes_nothing(tmp_path: Path, demo_copy: tuple[Path, str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (a, visit_id), b = demo_copy, tmp_path / "b.ssdesk"
    run(capsys, "export", str(a), "--visit", visit_id, "-o", str(tmp_path / "v.json"))
    data = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    data["visit"]["starts_at"] = "27/02/2024 sáng"
    data["attendees"][1]["side"] = "khách"
    (tmp_path / "bad.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    Store.open(b).close()
    before = b.read_bytes()
    code, _, err = run(capsys, "import", str(b), str(tmp_path / "bad.json"))
    assert code == 1
    assert "visit.starts_at" in err and "attendees[1].side" in err
    with Store.open(b) as store:
        assert store.counts()["visit"] == 0 and store.counts()["audit_log"] == 0
    assert len(before) > 0


def test_errors_are_one_line_and_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "list", str(tmp_path / "missing.ssdesk"), "visits")
    assert code == 1 and err.count("\n") == 1 and "does not exist" in err
    assert not (tmp_path / "missing.ssdesk").exists()
    code, _, err = run(capsys, "export", str(tmp_path / "missing.ssdesk"))
    assert code == 2 and "--visit" in err
    code, _, err = run(capsys, "list", "x", "bogus")
    assert code == 2 and "invalid choice" in err and err.count("\n") == 1


def test_help_is_vietnamese_by_default() -> None:
    exe = shutil.which("ssdesk", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "ssdesk"]
    env = {"PATH": "/usr/bin:/bin", "SSDESK_LANG": ""}
    result = subprocess.run([*cmd, "--help"], capture_output=True, text=True, env=env)
    assert result.returncode == 0
    assert "hồ sơ" in result.stdout and "cách dùng" in result.stdout
    result = subprocess.run([*cmd, "--lang", "en", "--help"], capture_output=True, text=True, env=env)
    assert "usage:" in result.stdout and "case file" in result.stdout


def test_secret_visit_needs_a_confirmation_to_leave_the_file(tmp_path: Path, demo_copy: tuple[Path, str],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path, visit_id = demo_copy
    with Store.open(path) as store:
        store.visits.update(visit_id, classification="secret")
    for fmt, extra in (("json", []), ("pdf", ["--kind", "minutes"])):
        out = tmp_path / f"v.{fmt}"
        code, _, err = run(capsys, "export", str(path), "--visit", visit_id, "--format", fmt, *extra, "-o", str(out))
        assert code == 1 and "--allow-secret" in err and not out.exists()
        code, _, _ = run(capsys, "export", str(path), "--visit", visit_id, "--format", fmt, *extra, "-o", str(out),
                         "--allow-secret")
        assert code == 0 and out.stat().st_size > 0
