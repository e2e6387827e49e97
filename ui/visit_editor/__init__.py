"""The visit editor: one window per working session (see :mod:`ui.visit_editor.editor`)."""

from ui.forms import AUTOSAVE_MS
from ui.visit_editor.editor import VisitEditor
from ui.visit_editor.new_visit import NewVisitDialog

__all__ = ["AUTOSAVE_MS", "NewVisitDialog", "VisitEditor"]
