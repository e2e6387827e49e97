"""Editors of the catalogue: plans & delegations (with members), units, people, programmes & indicators.

``install(window)`` adds the four sidebar pages; they save through the core's ``add_*``/``update``/``delete`` and
follow the window's file (``store_replaced``) and every committed change (``changed``).
"""

from __future__ import annotations

from typing import Any

from ssdesk.i18n import _
from ui.features.catalog.pages import CatalogPage, PeoplePage, PlansPage, ProgrammesPage, UnitsPage

__all__ = ["install", "PlansPage", "UnitsPage", "PeoplePage", "ProgrammesPage"]


def install(window: Any) -> None:
    def store() -> Any:
        return window.store

    pages: list[tuple[str, str, CatalogPage]] = [
        ("plans", _("Plans & delegations"), PlansPage(store, window)),
        ("units", _("Units"), UnitsPage(store, window)),
        ("people", _("People"), PeoplePage(store, window)),
        ("programmes", _("Programmes & indicators"), ProgrammesPage(store, window)),
    ]
    for key, title, page in pages:
        page.setObjectName(f"{key}Page")
        window.add_page(key, title, page)
        window.changed.connect(page.on_change)
        window.store_replaced.connect(lambda _store, p=page: p.store_replaced())
