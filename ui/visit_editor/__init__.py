"""The visit editor: one window per working session (see :mod:`ui.visit_editor.editor`).

The names are loaded on first use (:func:`ui.lazy.lazy_names`): the main window, search and the live minutes import
parts of this package at start-up, and the editor's pages are not needed until a session is opened (issue 15)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.lazy import lazy_names

if TYPE_CHECKING:
    from ui.forms import AUTOSAVE_MS
    from ui.visit_editor.editor import VisitEditor
    from ui.visit_editor.new_visit import NewVisitDialog

__all__ = ["AUTOSAVE_MS", "NewVisitDialog", "VisitEditor"]
_LAZY = {"AUTOSAVE_MS": "ui.forms", "VisitEditor": "ui.visit_editor.editor",
         "NewVisitDialog": "ui.visit_editor.new_visit"}

__getattr__ = lazy_names(__name__, _LAZY)
