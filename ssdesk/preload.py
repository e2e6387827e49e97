"""The core modules the app's start-up needs, imported before Qt: ``ssdesk.cli.cmd_gui`` calls :func:`import_core`
just before it imports the window.

Why before: importing PySide6 installs an import hook (``shibokensupport.feature``, for ``from __feature__ import
snake_case``) that reads the source of every module imported after it, looking for the word "PySide6". The ORM,
the SQLite dialect, the models and the services — some 120 modules — then cost ~20 % more to import; imported
first, they skip the hook: about 0.07 s of a 0.7 s start (issue 15). Nothing here imports Qt (the core never does),
and nothing a user reaches later (documents, drafting, merge: ``tests/startup_check.py``'s ``LATE``).
"""

from __future__ import annotations

import importlib

#: What opening a case file and showing its visit list import (``Store.open`` and the services it makes, the
#: engine's dialect, the sample check, the platform folders).
START_MODULES = (
    "sqlalchemy.orm",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "ssdesk.store",
    "ssdesk.services.catalog",
    "ssdesk.services.recommendations",
    "ssdesk.services.visits",
    "ssdesk.search.service",
    "ssdesk.safety.lineage",
    "ssdesk.safety.textguard",
    "ssdesk.demo",
    "ssdesk.extensions",
    "platformdirs",
)


def import_core() -> None:
    """Import :data:`START_MODULES` (each once; a module already imported costs nothing)."""
    for name in START_MODULES:
        importlib.import_module(name)
