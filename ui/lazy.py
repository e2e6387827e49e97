"""Names of a package loaded on first use (PEP 562), so that heavy windows stay out of the app's start-up.

A feature package lists the classes it offers (``from ui.features.minutes import LiveMinutesWindow`` keeps working),
but importing them would pull the drafting engine or ReportLab into every start; :func:`lazy_names` gives the
package a module ``__getattr__`` that imports the defining module only when a name is first asked for."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_names(package: str, where: Mapping[str, str]) -> Callable[[str], object]:
    """A module-level ``__getattr__`` for ``package``: each name in ``where`` is taken from the module named there."""

    def getattr_(name: str) -> object:
        if name in where:
            return getattr(importlib.import_module(where[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return getattr_
