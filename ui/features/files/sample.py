"""First start: the default case file is empty, so offer to open the sample working session in a file of its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from ssdesk import store as store_module
from ssdesk.demo import build_demo
from ssdesk.errors import SsdeskError
from ssdesk.i18n import _
from ssdesk.store import EXTENSION, Store
from ui.features.files.settings import decline_sample, sample_declined


def sample_path() -> Path:
    """Where the sample lives: beside the default case file, never inside it."""
    return store_module.default_case_file().parent / f"ssdesk-sample{EXTENSION}"


def _is_empty_default(store: Store) -> bool:
    try:
        default = store_module.default_case_file().resolve()
    except OSError:
        return False
    return store.path is not None and store.path.resolve() == default and store.visits.count() == 0


def offer_sample(window: Any) -> QMessageBox | None:
    """Show the non-blocking prompt when the open file is the empty default one (and it was not declined)."""
    if sample_declined() or not _is_empty_default(window.store):
        return None
    box = QMessageBox(QMessageBox.Icon.Question, _("Sample data"),
                      _("Your case file is still empty. Open the sample data?\n\nThe sample working session of "
                        "27/02/2024 is written to a separate file; your own case file stays as it is."),
                      QMessageBox.StandardButton.NoButton, window)
    box.setObjectName("samplePrompt")
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setModal(False)
    open_button = box.addButton(_("Open the sample data"), QMessageBox.ButtonRole.AcceptRole)
    open_button.setObjectName("sampleOpen")
    later = box.addButton(_("Not now"), QMessageBox.ButtonRole.RejectRole)
    later.setObjectName("sampleLater")
    box.setDefaultButton(open_button)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def clicked(button: Any) -> None:
        if button is open_button:
            open_sample(window)
        else:
            decline_sample()

    box.buttonClicked.connect(clicked)
    box.show()
    return box


def open_sample(window: Any) -> bool:
    """Build the sample into :func:`sample_path` (once) and show it."""
    path = sample_path()
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        with Store.open(path, create=True) as sample:
            try:
                build_demo(sample)
            except SsdeskError:
                pass  # already there from an earlier start: just open it
    except (SsdeskError, OSError) as exc:
        QMessageBox.critical(window, _("Sample data"), str(exc))
        return False
    finally:
        QGuiApplication.restoreOverrideCursor()
    return bool(window.open_path(path))
