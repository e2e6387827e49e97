"""What start-up may not import, and a fresh interpreter to check it in (``tests/core/test_startup_imports.py``,
``tests/ui/test_startup_imports_ui.py``): ``sys.modules`` of the test process holds everything other tests imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ssdesk.demo import build_demo
from ssdesk.store import Store

ROOT = Path(__file__).resolve().parents[1]

#: Imported on first use only, never to open a file and show it.
LATE = ("alembic", "reportlab", "docx", "openpyxl", "pypdf", "jsonschema", "psycopg", "PIL",
        "ssdesk.documents", "ssdesk.drafting", "ssdesk.safety.merge", "ssdesk.safety.package", "ssdesk.exchange",
        "ssdesk.server.opening", "PySide6.QtCharts", "PySide6.QtPdf", "PySide6.QtPrintSupport",
        "ui.features.documents.dialog", "ui.features.documents.followup", "ui.features.minutes.live",
        "ui.features.minutes.review", "ui.features.safety.merge_dialog", "ui.features.safety.laptop",
        # pages and windows built on first use: the start shows the visit list only
        "ui.features.catalog.pages", "ui.features.followup.page", "ui.features.followup.dashboard",
        "ui.features.followup.tools", "ui.visit_editor.editor", "ui.visit_editor.new_visit",
        "ui.features.files.server_dialog", "ui.features.safety.backups_page")


def late_modules(code: str, *args: str, env: dict[str, str] | None = None) -> list[str]:
    """Run ``code`` in a fresh interpreter, then list the modules of :data:`LATE` it had imported."""
    script = code + "\nimport json, sys\nprint('MODULES=' + json.dumps(sorted(sys.modules)))\n"
    run_env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", **(env or {}))
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120,
                          cwd=str(ROOT), env=run_env)
    assert done.returncode == 0, done.stderr[-2000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("MODULES="))
    return [m for m in json.loads(line[len("MODULES="):]) if m.startswith(LATE)]


def sample_file(folder: Path) -> Path:
    """The sample case file (the demo session), as ``ssdesk demo`` makes it."""
    path = folder / "sample.ssdesk"
    with Store.open(path) as store:
        build_demo(store)
    return path
