"""File → Export visit package… and Make a laptop copy…: what a secretary takes to the district, merged back later."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from ssdesk.i18n import _
from ssdesk.safety.package import export_package, make_laptop_copy
from ssdesk.services.secrecy import secret_content
from ssdesk.store import EXTENSION
from ui.features.documents.output import confirm_secret
from ui.jobs import Job, run_job
from ui.main_window import file_filter
from ui.places import beside, file_only_reason, stem

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _ask_target(window: MainWindow, title: str, suggested: str) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(window, title, beside(window.store, suggested), file_filter())
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() != EXTENSION:
        target = target.with_name(target.name + EXTENSION)
    return target


def _done(window: MainWindow, title: str, text: str) -> None:
    QMessageBox.information(window, title, text)


def export_visit_package(window: MainWindow) -> Job | None:
    """The selected working session and what it needs, as a small case file."""
    title = _("Export visit package")
    row = window.model.row_at(window.table.currentIndex().row())
    if row is None:
        QMessageBox.information(window, title, _("Select a working session in the list first."))
        return None
    if not confirm_secret(window, _("It will be written to a case file for a laptop."),
                          secret_content(window.store, visit_ids=[row.id])):
        return None
    target = _ask_target(window, title, f"{stem(window.store)}-{row.id[:8]}{EXTENSION}")
    if target is None:
        return None
    store, visit_id = window.store, row.id
    return run_job(window, title, lambda _p, _c: export_package(store, visit_id, target),
                   on_done=lambda out: _done(window, title, _(
                       "The working session was written to “{path}”. Open it on the laptop; merge it back with "
                       "File → Merge a laptop’s file….").format(path=out)),
                   on_error=lambda exc: QMessageBox.critical(window, title, str(exc)), cancellable=False)


def make_copy_for_laptop(window: MainWindow) -> Job | None:
    """The whole file for a laptop, under its own id so that merges can tell the laptops apart."""
    title = _("Make a laptop copy")
    if window.store.path is None:  # a copy of the file: a server database has none
        QMessageBox.information(window, title, file_only_reason())
        return None
    target = _ask_target(window, title, f"{stem(window.store)}-laptop{EXTENSION}")
    if target is None:
        return None
    store = window.store
    return run_job(window, title, lambda _p, _c: make_laptop_copy(store, target),
                   on_done=lambda out: _done(window, title, _(
                       "The laptop copy was written to “{path}”. Merge it back with File → Merge a laptop’s "
                       "file….").format(path=out)),
                   on_error=lambda exc: QMessageBox.critical(window, title, str(exc)), cancellable=False)
