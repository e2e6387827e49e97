"""`ssdesk` and `ssdesk FILE` open the GUI on that file; subcommands never do."""

from __future__ import annotations

from pathlib import Path

import pytest

import ui.app
from ssdesk.cli import main


@pytest.mark.parametrize("argv, expected", [
    ([], None),
    (["office.ssdesk"], "office.ssdesk"),
    (["--lang", "en", "office.ssdesk"], "office.ssdesk"),
    (["gui", "x.ssdesk"], "x.ssdesk"),
])
def test_gui_is_the_default_command(monkeypatch: pytest.MonkeyPatch, argv: list[str], expected: str | None) -> None:
    opened: list[str | None] = []
    monkeypatch.setattr(ui.app, "run", lambda path, lang=None: opened.append(path) or 0)
    assert main(argv) == 0
    assert opened == [expected]


def test_real_window_opens_on_the_demo_file(tmp_path: Path, qtbot: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QApplication

    path = tmp_path / "demo.ssdesk"
    assert main(["demo", str(path)]) == 0
    shown = []
    monkeypatch.setattr(QApplication, "exec", lambda self=None: shown.extend(
        w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()) or 0)
    try:
        assert main(["--lang", "vi", str(path)]) == 0
        assert "demo.ssdesk — DỮ LIỆU MẪU — ssdesk" in shown  # the sample says it is one
    finally:
        for widget in QApplication.topLevelWidgets():  # exec() was skipped: close what run() opened, as quitting would
            widget.close()
            widget.deleteLater()
