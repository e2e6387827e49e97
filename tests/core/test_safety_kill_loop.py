"""The kill-loop in CI (issue 19): every writing command SIGKILLed at random moments; nothing reported done is lost
and every file stays sound. ``SSDESK_KILL_LOOP_KILLS`` sets the number of kills (default 10, each up to 8 s after the
worker starts: about a minute); the note's figures come from longer runs of ``python tools/kill_loop.py``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sqlcipher3")  # encrypt and decrypt are part of the loop

TOOL = Path(__file__).resolve().parents[2] / "tools" / "kill_loop.py"
KILLS = int(os.environ.get("SSDESK_KILL_LOOP_KILLS", "10"))


@pytest.mark.heavy
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_kill_loop_over_every_writing_command_loses_nothing(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    env = {**os.environ, "SSDESK_BACKUP_DIR": str(tmp_path / "auto-backups"), "SSDESK_LANG": "en"}
    done = subprocess.run([sys.executable, str(TOOL), "--kills", str(KILLS), "--max-wait", "8", "--seed", "19",
                           "--dir", str(tmp_path / "loop"), "--json", str(out)], env=env, capture_output=True,
                          text=True, timeout=900)
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["failures"] == [], done.stderr[-2000:]
    assert done.returncode == 0
    assert figures["kills"] == KILLS and sum(figures["done"].values()) > 0  # commands did complete between kills
    print("\nkill-loop:", json.dumps(figures, ensure_ascii=False))
