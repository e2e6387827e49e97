"""What is made on first use, so that heavy windows and pages stay out of the app's start-up.

* Names of a package (PEP 562): a feature package lists the classes it offers (``from ui.features.minutes import
  LiveMinutesWindow`` keeps working), but importing them would pull the drafting engine or ReportLab into every
  start; :func:`lazy_names` gives the package a module ``__getattr__`` that imports the defining module only when a
  name is first asked for.
* Pages: the main window's sidebar pages and the visit editor's tabs hold an empty stand-in until the page is first
  shown or asked for; :func:`swap_in` then puts the real page in its place. Which pages there are, and what is done
  for a page once built, stays with each window (:meth:`ui.main_window.MainWindow.add_page`,
  :meth:`ui.visit_editor.editor.VisitEditor.page`)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

from PySide6.QtWidgets import QStackedWidget, QTabWidget, QWidget


def lazy_names(package: str, where: Mapping[str, str]) -> Callable[[str], object]:
    """A module-level ``__getattr__`` for ``package``: each name in ``where`` is taken from the module named there."""

    def getattr_(name: str) -> object:
        if name in where:
            return getattr(importlib.import_module(where[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return getattr_


def swap_in(container: QTabWidget | QStackedWidget, index: int, page: QWidget) -> None:
    """Put ``page`` in place of the stand-in at ``index`` of ``container``: the same place, a tab's title, the same
    current page; the stand-in is deleted.

    Why silenced: the editor builds a page when its tab becomes current, so the stand-in taken out is the current one
    and the tabs would report a change to a neighbour — building that page too, locking or filtering the wrong one.
    The swap is no change of page for whoever listens to the container's signals."""
    stand_in = container.widget(index)
    current = container.currentIndex()
    blocked = container.blockSignals(True)
    try:
        if isinstance(container, QTabWidget):
            title = container.tabText(index)
            container.removeTab(index)
            container.insertTab(index, page, title)
        else:
            if stand_in is not None:
                container.removeWidget(stand_in)
            container.insertWidget(index, page)
        container.setCurrentIndex(current)
    finally:
        container.blockSignals(blocked)
    if stand_in is not None:
        stand_in.deleteLater()
