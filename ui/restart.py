"""Start ssdesk again on the same file: how a language change reaches every menu, page and Qt dialog at once.

Retranslating in place would need every page and feature to rebuild its texts; a restart is what users know from
other desktop apps, and the open file is saved and closed cleanly first (the window closes its editors, which save).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QProcess, QProcessEnvironment
from PySide6.QtWidgets import QWidget


def restart_command(location: str | None, lang: str) -> tuple[str, list[str]]:
    """The program and arguments that start ssdesk again on ``location`` (a file path or a server URL without
    password) in ``lang``: the frozen app itself, or this Python with ``-m ssdesk``."""
    args = ["--lang", lang] + ([location] if location else [])  # --lang is an option of the command itself
    if getattr(sys, "frozen", False):
        return sys.executable, args
    return sys.executable, ["-m", "ssdesk", *args]


def _launch(program: str, args: list[str]) -> bool:
    process = QProcess()
    env = QProcessEnvironment.systemEnvironment()
    env.remove("SSDESK_LANG")  # the new choice, passed as --lang, wins over a language set for the old process
    process.setProcessEnvironment(env)
    process.setProgram(program)
    process.setArguments(args)
    process.setWorkingDirectory(os.getcwd())
    ok, _pid = process.startDetached()
    return bool(ok)


#: How the new process is started; tests replace it to record the command instead of starting a second app.
launcher: Callable[[str, list[str]], bool] = _launch


def restart(window: QWidget, location: str | None, lang: str) -> bool:
    """Close ``window`` (its editors save first; the user may keep it open) and start ssdesk again. ``False`` when
    the window stayed open or the new process could not be started."""
    if not window.close():
        return False
    program, args = restart_command(location, lang)
    return launcher(program, args)
