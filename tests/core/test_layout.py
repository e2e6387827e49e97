"""The architecture stays visible: the core never imports Qt, so the CLI and scripts run without a GUI stack."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_source_has_no_qt_import() -> None:
    offenders = []
    for path in (ROOT / "ssdesk").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6", "ui"} for n in names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    # the CLI's `gui` command is the one sanctioned door into ui/, imported lazily inside a function
    offenders = [o for o in offenders if not o.startswith("ssdesk/cli.py")]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt() -> None:
    code = (
        "import pkgutil, sys, importlib, ssdesk\n"
        "for m in pkgutil.walk_packages(ssdesk.__path__, 'ssdesk.'):\n"
        "    if '.migrations.versions' in m.name or m.name.endswith(('migrations.env', '__main__')): continue\n"
        "    importlib.import_module(m.name)\n"
        "bad = [n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
