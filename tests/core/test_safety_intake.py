"""Evidence and notes have limits (issue 19 §6): evidence must be a regular file, read in chunks up to a limit the
office sets; notes to draft from must be text within a limit. Refused early, with the file named, nothing written."""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path

import pytest

from ssdesk.cli import main
from ssdesk.safety.intake import evidence_limit, looks_binary
from ssdesk.store import Store

posix = pytest.mark.skipif(sys.platform == "win32", reason="devices and FIFOs")


@pytest.fixture
def rec(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    case = tmp_path / "case.ssdesk"
    assert main(["--lang", "en", "demo", str(case)]) == 0
    capsys.readouterr()
    with Store.open(case) as s:
        return case, s.recommendations.rows()[0].id


def followup(case: Path, rec_id: str, evidence: str) -> int:
    return main(["--lang", "en", "followup", str(case), rec_id, "--date", "2024-03-01", "--note", "x",
                 "--evidence", evidence])


def steps(case: Path, rec_id: str) -> int:
    with Store.open(case, readonly=True) as s:
        return len(s.followup.history(rec_id))


@posix
def test_devices_and_fifos_are_not_evidence(rec: tuple[Path, str], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    case, rec_id = rec
    before, size = steps(case, rec_id), case.stat().st_size
    os.mkfifo(tmp_path / "fifo")
    old = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("hung on a FIFO"))
    signal.alarm(20)
    try:
        for bad in ("/dev/zero", str(tmp_path / "fifo"), str(tmp_path)):
            assert followup(case, rec_id, bad) == 1, bad
            assert "not an ordinary file" in capsys.readouterr().err
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert steps(case, rec_id) == before and case.stat().st_size <= size + 65536


def test_the_office_sets_the_evidence_limit(rec: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    case, rec_id = rec
    big, small = tmp_path / "scan.pdf", tmp_path / "letter.pdf"
    big.write_bytes(b"%PDF" + os.urandom(3 * 2**20))
    small.write_bytes(b"%PDF" + os.urandom(2**19))
    monkeypatch.setenv("SSDESK_EVIDENCE_MAX_MB", "1")
    assert followup(case, rec_id, str(big)) == 1
    assert "larger than the limit of 1 MB" in capsys.readouterr().err
    assert followup(case, rec_id, str(small)) == 0
    monkeypatch.delenv("SSDESK_EVIDENCE_MAX_MB")
    config = tmp_path / "config"
    (config / "ssdesk").mkdir(parents=True)
    (config / "ssdesk" / "limits.toml").write_text("[evidence]\nmax_mb = 2\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    if sys.platform.startswith("linux"):
        assert evidence_limit() == 2 * 2**20
    monkeypatch.setenv("SSDESK_EVIDENCE_MAX_MB", "not a number")
    assert evidence_limit() > 0  # a bad setting falls back to a limit, never to none


def test_notes_to_draft_must_be_text_within_a_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "random.bin"
    binary.write_bytes(os.urandom(2**20))
    assert main(["--lang", "en", "draft", str(binary)]) == 1
    assert "not text" in capsys.readouterr().err
    huge = tmp_path / "huge.txt"
    huge.write_text("Đoàn giám sát làm việc với Quận ủy Hoàng Mai. " * 500_000, encoding="utf-8")  # ~25 MB
    assert main(["--lang", "en", "draft", str(huge)]) == 1
    assert re.search(r"larger than the limit of \d+ MB", capsys.readouterr().err)
    utf16 = tmp_path / "utf16.txt"
    utf16.write_text("Buổi làm việc ngày 27/02/2024 với Quận ủy Hoàng Mai.", encoding="utf-16")
    assert not looks_binary(utf16.read_bytes())  # UTF-16 has NUL bytes but is text
    assert main(["--lang", "en", "draft", str(utf16)]) in (0, 1)
    assert "not text" not in capsys.readouterr().err
