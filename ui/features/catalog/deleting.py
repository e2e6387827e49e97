"""Deleting a catalogue record: say what depends on it, ask, and let the core refuse what would orphan data."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from ssdesk.errors import InUseError, SsdeskError
from ssdesk.i18n import _
from ssdesk.store import Store


def dependants_text(dependants: dict[str, int]) -> str:
    return "\n".join(f"• {name}: {count}" for name, count in dependants.items())


def what_depends(dependants: dict[str, int]) -> str:
    """The list under a refused deletion, with its heading (a plain ``_()`` call: the extractor skips f-strings)."""
    return _("What depends on it:") + "\n" + dependants_text(dependants)


def confirm_delete(parent: QWidget, store: Store, model: type[Any], ident: str, label: str) -> bool:
    """Delete after the user confirms; ``True`` when the record is gone.

    A record something still uses (``dependants``) is never offered for deletion: what depends on it is shown
    instead; a refusal the core finds later (:class:`InUseError`) is shown with its own message.
    """
    title = _("Delete")
    dependants = store.catalog.dependants(model, ident)
    if dependants:
        QMessageBox.warning(parent, title, _("“{label}” cannot be deleted: other records still use it.")
                            .format(label=label) + "\n\n" + what_depends(dependants))
        return False
    answer = QMessageBox.question(
        parent, title, _("Delete “{label}”? Nothing else uses it. This cannot be undone.").format(label=label),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        store.catalog.delete(model, ident)
    except InUseError as exc:  # what dependants() does not count (results of a programme's indicators)
        QMessageBox.warning(parent, title, f"{exc}\n\n" + what_depends(exc.dependants))
        return False
    except SsdeskError as exc:
        QMessageBox.warning(parent, title, str(exc))
        return False
    return True
