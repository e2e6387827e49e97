"""The app's start-up path — ``ssdesk FILE`` until the window is usable on the sample file — imports none of the
features a user reaches later (documents and ReportLab, drafting, merge, the exchange format, Qt PDF and printing):
they load on first use (issue 15)."""

from __future__ import annotations

from pathlib import Path

from startup_check import late_modules, sample_file


def test_the_app_start_up_imports_no_feature(tmp_path: Path) -> None:
    """From ``ssdesk FILE`` to the usable window (the ready marker closes it): nothing of :data:`LATE`."""
    sample = sample_file(tmp_path)
    code = "import sys\nfrom ssdesk.cli import main\nassert main([sys.argv[1]]) == 0\n"
    env = {"SSDESK_READY_MARKER": "1", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "SSDESK_BACKUP_DIR": str(tmp_path / "backups"), "HOME": str(tmp_path)}
    assert late_modules(code, str(sample), env=env) == []
