"""Where automatic backups go and how often: two values the user sets on the Backups page (QSettings).

Tests replace :func:`settings` with an INI file under ``tmp_path`` so they never touch the user's own settings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings

KEY_FOLDER = "backups/folder"
KEY_MINUTES = "backups/minutes"
DEFAULT_MINUTES = 10
MIN_MINUTES, MAX_MINUTES = 1, 24 * 60


def settings() -> QSettings:
    return QSettings("ssdesk", "ssdesk")


def backup_folder() -> str | None:
    """The folder chosen for backups; ``None``: the core's default (one subfolder per case file)."""
    value = settings().value(KEY_FOLDER, "")
    return str(value) if value else None


def backup_minutes() -> int:
    try:
        minutes = int(settings().value(KEY_MINUTES, DEFAULT_MINUTES))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        minutes = DEFAULT_MINUTES
    return max(MIN_MINUTES, min(MAX_MINUTES, minutes))


def backup_every() -> dt.timedelta:
    return dt.timedelta(minutes=backup_minutes())


def save(folder: str | None, minutes: int) -> None:
    s = settings()
    s.setValue(KEY_FOLDER, folder or "")
    s.setValue(KEY_MINUTES, max(MIN_MINUTES, min(MAX_MINUTES, int(minutes))))
    s.sync()


def folder_for(case_file: Path) -> Path | None:
    """The backup folder for ``case_file`` when the user chose a root: one subfolder per file, named by its id as
    the core names them (a file too damaged to read its id falls back to its name). ``None``: the core's default."""
    root = backup_folder()
    if root is None:
        return None
    from ssdesk.safety.backups import file_id_of

    file_id = file_id_of(case_file)
    return Path(root).expanduser() / (file_id or f"unknown-{case_file.stem}")
