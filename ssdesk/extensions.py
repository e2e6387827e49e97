"""Feature modules found by name (CLI subcommands, GUI features): the one rule for "present or not".

The lists of feature modules (``ssdesk.cli.EXTENSIONS``, ``ui.main_window.FEATURES``) are written by hand, so a typo
in one of them, or a feature module that was renamed, must stop the program at once rather than quietly remove a
menu or a command. The only thing that may be skipped is a feature whose *third-party* dependency is not installed
(an optional extra), and then a warning names what is missing so nobody wonders where the feature went."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable
from types import ModuleType

#: Top-level packages of this project: a module missing under one of them is a bug (a typo, a rename), never optional.
OWN_PACKAGES = frozenset({"ssdesk", "ui"})

log = logging.getLogger(__name__)


class MissingFeatureModule(ImportError):
    """A feature list names a module of the project that does not exist."""


def is_own_module(name: str) -> bool:
    """True when ``name`` belongs to this project (``ssdesk.…`` or ``ui.…``)."""
    return name.partition(".")[0] in OWN_PACKAGES


def import_present(names: Iterable[str]) -> list[ModuleType]:
    """Import each feature module named. A project module that cannot be found raises :class:`MissingFeatureModule`
    naming it; a feature whose third-party dependency is absent is skipped with a warning naming that dependency;
    any other import error inside a module propagates as it is."""
    found = []
    for name in names:
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            missing = exc.name or ""
            if not missing or is_own_module(missing):
                raise MissingFeatureModule(
                    f"feature module {name!r} cannot be imported: module {missing or '?'!r} does not exist") from exc
            log.warning("feature %s skipped: the package %s it needs is not installed", name, missing)
    return found
