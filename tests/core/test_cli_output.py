"""What people read from ``ssdesk`` (issue 15): Vietnamese everywhere by default — argparse's own words too —,
labels and a header row in ``list`` and ``check`` (codes kept in ``--json``), every command saying what it did,
and no ``-wal``/``-shm`` left beside a file that had none."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ssdesk.cli import main

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def vi(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "vi", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sample(demo_copy: tuple[Path, str]) -> Path:
    return demo_copy[0]


def test_demo_says_what_it_made(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mau.ssdesk"
    code, out, _ = vi(capsys, "demo", str(path))
    assert code == 0 and len(UUID.findall(out)) == 1
    assert out == f"Đã ghi buổi làm việc mẫu vào “{path}”; mã buổi làm việc: {UUID.findall(out)[0]}.\n"


def sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(path.name + "-*"))


def test_argparse_speaks_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "vi", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("cách dùng: ssdesk")
    assert "hiển thị hướng dẫn này rồi thoát" in out and "hiển thị phiên bản rồi thoát" in out
    for english in ("usage:", "show this help", "show program's version", "options:"):
        assert english not in out
    code, _, err = vi(capsys, "check")
    assert code == 2 and err == "ssdesk: lỗi: thiếu các tham số bắt buộc: TỆP\n"
    code, _, err = vi(capsys, "list", "x.ssdesk", "bogus")
    assert code == 2 and err.startswith("ssdesk: lỗi: ") and "error" not in err and err.count("\n") == 1


def test_check_is_labelled(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = vi(capsys, "check", str(sample))
    lines = out.splitlines()
    assert code == 0 and lines[0] == f"Tệp: {sample}"
    assert lines[1].startswith("Phiên bản cấu trúc: ") and lines[2] == "Tính toàn vẹn: tốt"
    counts = {" ".join(line.split()[:-1]): int(line.split()[-1]) for line in lines[4:]}
    assert counts["Buổi làm việc"] == 1 and counts["Kiến nghị"] == 8
    for english in ("File:", "Schema version", "Integrity", "visit ", "recommendation "):
        assert english not in out


def test_list_has_a_header_and_labels_json_keeps_codes(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = vi(capsys, "list", str(sample), "visits")
    header, row = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and header[:3] == ["Mã", "Bắt đầu", "Đoàn giám sát"] and len(header) == len(row)
    assert dict(zip(header, row, strict=True))["Bắt đầu"] == "27/02/2024 08:00"
    assert "Đã kết luận" in row and "concluded" not in row and "normal" not in row
    code, out, _ = vi(capsys, "list", str(sample), "recommendations", "--today", "2030-01-01")
    table = [line.split("\t") for line in out.splitlines()]
    header, rows = table[0], table[1:]
    assert len(rows) == 8 and all(len(r) == len(header) for r in rows)
    status = header.index("Tình trạng")
    assert {r[status] for r in rows} <= {"Chưa thực hiện", "Đang thực hiện", "Đã thực hiện", "Đã kết thúc"}
    assert "True" not in out and "False" not in out and "in_progress" not in out
    code, out, _ = vi(capsys, "list", str(sample), "recommendations", "--json")
    rows_json = json.loads(out)
    assert {r["status"] for r in rows_json} <= {"new", "in_progress", "done", "closed", "verified", "dropped"}
    assert all(isinstance(r["overdue"], bool) for r in rows_json)


def test_export_search_and_backup_say_what_they_did(sample: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = vi(capsys, "list", str(sample), "visits", "--json")
    visit_id = json.loads(out)[0]["id"]
    target = tmp_path / "phien.json"
    code, out, _ = vi(capsys, "export", str(sample), "--visit", visit_id, "-o", str(target))
    assert code == 0 and out == f"Đã ghi: {target}\n" and json.loads(target.read_text(encoding="utf-8"))
    code, out, _ = vi(capsys, "export", str(sample), "--visit", visit_id, "-o", "-")
    assert code == 0 and json.loads(out)["visit"]["id"] == visit_id  # standard output: only the data
    code, out, _ = vi(capsys, "search", str(sample), "khongcochunay")
    assert code == 0 and out == "Không tìm thấy kết quả nào cho “khongcochunay”.\n"
    code, out, _ = vi(capsys, "search", str(sample), "hoang mai")
    assert code == 0 and "Kiến nghị\t" in out and "recommendation\t" not in out


def test_no_wal_or_shm_left_behind(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sidecars(sample) == []
    for args in (["check"], ["list", "visits"], ["search", "hoang mai"], ["backup"], ["backups"]):
        code, out, err = vi(capsys, args[0], str(sample), *args[1:])
        assert code == 0, err
        assert sidecars(sample) == [], args
    code, out, _ = vi(capsys, "backup", str(sample))
    backup = Path(out.split("Đã sao lưu vào ", 1)[1].strip())
    assert backup.is_file() and sidecars(backup) == []
