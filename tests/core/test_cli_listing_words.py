"""Listings of the command line speak the user's language, down to the small words (issue 15: the CLI in two
languages at once): `backups` printed "manual", "visits:" and "recommendations:" in a Vietnamese listing, because
_() inside an f-string is never extracted for translation."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssdesk.cli import main


def test_backups_listing_in_vietnamese(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSDESK_BACKUP_DIR", str(tmp_path / "backups"))
    case = tmp_path / "a.ssdesk"
    assert main(["demo", str(case)]) == 0
    assert main(["backup", str(case)]) == 0
    capsys.readouterr()
    assert main(["--lang", "vi", "backups", str(case)]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    fields = line.split("\t")
    assert fields[1] == "Sao lưu thủ công", line
    assert "buổi làm việc: 1" in line and "kiến nghị: 8" in line
    words = "\t".join(fields[:-1])  # the last field is the backup's path, whose name keeps the code
    for english in ("manual", "visits", "recommendations"):
        assert english not in words, line
