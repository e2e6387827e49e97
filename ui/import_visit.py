"""File → Import working session…: add a visit from an exchange file (JSON) to the open case file.

Reading, checking and writing run off the GUI thread (:func:`ui.jobs.run_job`); a rejected file writes nothing and
the message lists every bad field by its JSON path, so the sender can fix the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ssdesk.errors import SsdeskError, ValidationError
from ssdesk.i18n import _
from ssdesk.safety.backups import backup_before
from ssdesk.store import Store
from ui.jobs import Job, run_job


def json_filter() -> str:
    return _("Working session exchange files (*.json);;All files (*)")


def error_message(path: Path, exc: BaseException) -> str:
    """What the user reads when the file was refused: every bad field on its own line."""
    head = _("“{name}” was not imported; nothing was written.").format(name=path.name)
    if isinstance(exc, ValidationError):
        lines = [f"• {e.field}: {e.message}" if e.field else f"• {e.message}" for e in exc.errors]
        return head + "\n\n" + "\n".join(lines)
    if isinstance(exc, (SsdeskError, OSError)):
        return head + "\n\n" + str(exc)
    return head + "\n\n" + _("Unexpected error: {error}").format(error=exc)


def import_visit_path(parent: QWidget, store: Store, path: str | Path,
                      on_imported: Callable[[str], None] | None = None) -> Job:
    """Import ``path`` into ``store`` in the background; ``on_imported(visit_id)`` runs on success."""
    from ssdesk.exchange import import_visit, load_visit_file  # the exchange format (and JSON Schema): on first use

    target = Path(path)

    def work(progress: Callable[[float, str], None], _cancelled: Callable[[], bool]) -> str:
        progress(0.1, _("Reading “{name}”…").format(name=target.name))
        data: Any = load_visit_file(target)
        progress(0.5, _("Importing the working session…"))
        backup_before(store, "before-import")  # the file as it was is kept before a bulk change
        return import_visit(store, data)

    def failed(exc: BaseException) -> None:
        QMessageBox.critical(parent, _("Import working session"), error_message(target, exc))

    def done(visit_id: str) -> None:
        if on_imported is not None:
            on_imported(visit_id)

    return run_job(parent, _("Import working session"), work, on_done=done, on_error=failed, cancellable=False)


def choose_and_import(parent: QWidget, store: Store, start_dir: str = "",
                      on_imported: Callable[[str], None] | None = None) -> Job | None:
    """Ask for a ``.json`` exchange file and import it; ``None`` when the user cancelled the dialog."""
    path, _chosen = QFileDialog.getOpenFileName(parent, _("Import working session"), start_dir, json_filter())
    if not path:
        return None
    return import_visit_path(parent, store, path, on_imported)
