"""Feature modules found by name (CLI subcommands, GUI features): the one rule for "present or not"."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from types import ModuleType


def import_present(names: Iterable[str]) -> list[ModuleType]:
    """Import each module that exists. A module that is absent is skipped; an import error *inside* a present module
    (a missing dependency, a typo) is a bug and propagates rather than silently removing a feature."""
    found = []
    for name in names:
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name is None or not name.startswith(exc.name):
                raise
    return found
