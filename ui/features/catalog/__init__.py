"""Editors of the catalogue: plans & delegations (with members), units, people, programmes & indicators.

``install(window)`` adds the four sidebar pages; they save through the core's ``add_*``/``update``/``delete`` and
follow the window's file (``store_replaced``) and every committed change (``changed``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ssdesk.i18n import _
from ui.lazy import lazy_names

if TYPE_CHECKING:
    from ui.features.catalog.pages import CatalogPage, PeoplePage, PlansPage, ProgrammesPage, UnitsPage

__all__ = ["install", "PlansPage", "UnitsPage", "PeoplePage", "ProgrammesPage"]
#: The pages' module is imported when a page is first built, not at start-up.
PAGES_MODULE = "ui.features.catalog.pages"
__getattr__ = lazy_names(__name__, {name: PAGES_MODULE for name in __all__[1:]})


def install(window: Any) -> None:
    """The four pages, each built when first shown (:meth:`ui.main_window.MainWindow.add_page` with a factory):
    the window starts on the visit list, and building these four first cost ~70 ms of every start."""
    def store() -> Any:
        return window.store

    def factory(key: str, class_name: str) -> Callable[[], CatalogPage]:
        def build() -> CatalogPage:
            page_class: type[CatalogPage] = getattr(importlib.import_module(PAGES_MODULE), class_name)
            page = page_class(store, window)
            page.setObjectName(f"{key}Page")
            window.changed.connect(page.on_change)
            window.store_replaced.connect(lambda _store: page.store_replaced())
            return page

        return build

    pages = [
        ("plans", _("Plans & delegations"), "PlansPage"),
        ("units", _("Units"), "UnitsPage"),
        ("people", _("People"), "PeoplePage"),
        ("programmes", _("Programmes & indicators"), "ProgrammesPage"),
    ]
    for key, title, class_name in pages:
        window.add_page(key, title, factory(key, class_name))
