"""Editors of the catalogue: plans & delegations (with members), units, people, programmes & indicators.

``install(window)`` adds the four sidebar pages; they save through the core's ``add_*``/``update``/``delete`` and
follow the window's file (``store_replaced``) and every committed change (``changed``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ssdesk.i18n import _
from ui.features.catalog.pages import CatalogPage, PeoplePage, PlansPage, ProgrammesPage, UnitsPage

__all__ = ["install", "PlansPage", "UnitsPage", "PeoplePage", "ProgrammesPage"]


def install(window: Any) -> None:
    """The four pages, each built when first shown (:meth:`ui.main_window.MainWindow.add_page` with a factory):
    the window starts on the visit list, and building these four first cost ~70 ms of every start."""
    def store() -> Any:
        return window.store

    def factory(key: str, page_class: type[CatalogPage]) -> Callable[[], CatalogPage]:
        def build() -> CatalogPage:
            page = page_class(store, window)
            page.setObjectName(f"{key}Page")
            window.changed.connect(page.on_change)
            window.store_replaced.connect(lambda _store: page.store_replaced())
            return page

        return build

    pages: list[tuple[str, str, type[CatalogPage]]] = [
        ("plans", _("Plans & delegations"), PlansPage),
        ("units", _("Units"), UnitsPage),
        ("people", _("People"), PeoplePage),
        ("programmes", _("Programmes & indicators"), ProgrammesPage),
    ]
    for key, title, page_class in pages:
        window.add_page(key, title, factory(key, page_class))
