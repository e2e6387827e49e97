"""Where a case file is, for the GUI: a ``*.ssdesk`` file, or a database on the office server (no file at all).

Dialogs that suggest a folder or a file name start beside the case file, or in the home folder for a server
database; features that only make sense for a file (backups, save a copy, a laptop copy) are disabled there with
:func:`file_only_reason` as their tooltip.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ssdesk.i18n import _


def start_dir(store: Any) -> Path:
    """The folder file dialogs start in: the case file's folder, or the home folder for a server database."""
    path = getattr(store, "path", None)
    return path.parent if path is not None else Path.home()


def beside(store: Any, name: str) -> str:
    """``name`` in :func:`start_dir` (a suggested file name for a Save dialog)."""
    return str(start_dir(store) / name)


def stem(store: Any) -> str:
    """The case file's name without its extension, or the database's name."""
    path = getattr(store, "path", None)
    return path.stem if path is not None else str(store.name)


def file_only_reason() -> str:
    """Why a file-only feature is off for a database on the office server."""
    return _("The case file is a database on the office server: there is no file to copy or back up here. The "
             "server's administrator backs it up (pg_dump).")
