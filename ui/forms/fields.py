"""Form fields that save themselves: a pause in typing, leaving the field, Ctrl+S or closing the window saves.

Each :class:`FieldForm` binds widgets to named fields and one ``save(values)`` function (which raises
:class:`~ssdesk.errors.ValidationError` when the core refuses). A refused value stays in its widget, marked red, with
the core's message in a line under it (and under any other field the message names) until a later save succeeds.
Loading new stored values never overwrites a field the user is typing in or whose value was refused.

A *versioned* form (its records carry ``row_version``, office server mode) passes ``expected_version`` to ``save``:
the version of the record the field's text was typed against. A change notice that brings another value for a field
being typed in leaves that field on the old version, so its save is refused by the core as a
:class:`~ssdesk.errors.ConflictError` (who changed it, when) instead of overwriting the other person's text; the
form then emits :attr:`FieldForm.conflicted` and keeps the typed text in the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ssdesk.errors import ConflictError, FieldError, SsdeskError, ValidationError
from ssdesk.i18n import _
from ui.forms.errors import show_field_error, with_error_line

#: Milliseconds of quiet after the last keystroke before typed text is saved.
AUTOSAVE_MS = 800

Save = Callable[..., Any]
#: ``Binding.stored`` after the form's own save: the next load tells what the core stored.
_OWN_SAVE = object()
Formatter = Callable[[Any], str]


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


class Binding(QObject):
    """One widget bound to one field: what it shows, what was last saved, and when to save."""

    edited = Signal(str)  # field

    def __init__(self, form: FieldForm, field: str, widget: QWidget, error_label: QLabel, fmt: Formatter) -> None:
        super().__init__(form)
        self.field = field
        self.widget = widget
        self.error_label = error_label
        self.fmt = fmt
        self._loading = False
        self.saved: Any = None
        #: The stored value last seen for this field and the record's ``row_version`` then (versioned forms): the
        #: version the text in the widget was typed against.
        self.stored: Any = None
        self.base: int | None = None
        self.timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.timer.timeout.connect(lambda: form.save_field(self.field))
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._typed)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self._typed)
            widget.setUndoRedoEnabled(False)  # one undo history: the editor's
        elif isinstance(widget, QComboBox):
            widget.activated.connect(lambda _i: form.save_field(self.field))
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(self._typed)
        widget.installEventFilter(self)
        self.saved = self.value()  # what the empty widget shows is "unchanged" until a value is loaded

    def _typed(self, *_args: Any) -> None:
        if not self._loading:
            self.timer.start()
            self.edited.emit(self.field)

    def value(self) -> Any:
        w = self.widget
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QSpinBox):
            return None if w.value() == w.minimum() else w.value()
        raise TypeError(type(w))

    def show(self, value: Any) -> None:
        """Show a stored value; it becomes what "unchanged" means."""
        self._loading = True
        try:
            w = self.widget
            if isinstance(w, QLineEdit):
                if w.text() != self.fmt(value):
                    w.setText(self.fmt(value))
            elif isinstance(w, QPlainTextEdit):
                if w.toPlainText() != self.fmt(value):
                    w.setPlainText(self.fmt(value))
            elif isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(value.value if hasattr(value, "value") else value)))
            elif isinstance(w, QSpinBox):
                w.setValue(w.minimum() if value is None else int(value))
        finally:
            self._loading = False
        self.saved = self.value()

    @property
    def dirty(self) -> bool:
        return self.value() != self.saved

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            if isinstance(event, QFocusEvent) and event.reason() == Qt.FocusReason.PopupFocusReason:
                # a completer's list opened under the typing (the speaker's name): the field is still being typed
                # in; saving here stored the first letter ("N") as the speaker and made the draft statement with it
                return False
            self.timer.stop()
            form = self.parent()
            assert isinstance(form, FieldForm)
            form.save_field(self.field)
        elif event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            # Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y go to the editor's undo stack, not the widget's own history.
            combo = QKeySequence(event.keyCombination())
            for key in (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo):
                if any(combo.matches(s) == QKeySequence.SequenceMatch.ExactMatch
                       for s in QKeySequence.keyBindings(key)) or combo == QKeySequence("Ctrl+Y"):
                    event.ignore()
                    return True
        return False


class FieldForm(QObject):
    """The fields of one record; ``save(values)`` writes them. ``saved``/``refused`` tell the status line."""

    saved = Signal()
    refused = Signal(str)
    #: A save was refused because someone else changed the record (:class:`~ssdesk.errors.ConflictError`).
    conflicted = Signal(object)

    def __init__(self, save: Save, parent: QObject | None = None, *, versioned: bool = False) -> None:
        """``versioned``: ``save(values, expected_version=…)`` is called, and should return what was stored (the
        record, or a dict of its values) so that the form learns the new ``row_version``."""
        super().__init__(parent)
        self._save = save
        self.versioned = versioned
        self.version: int | None = None  # the record's row_version as last loaded or saved
        self.bindings: dict[str, Binding] = {}
        self._errors: dict[str, list[FieldError]] = {}  # field whose save was refused → the core's errors
        self._conflicted: set[str] = set()  # of those, refused because someone else changed the record

    def set_save(self, save: Save) -> None:
        self._save = save

    def bind(self, field: str, widget: QWidget, *, fmt: Formatter = _plain) -> QWidget:
        """Bind ``widget`` to ``field``; returns a box holding the widget and its error line, for the layout."""
        box, error = with_error_line(widget, f"error_{field}")
        self.bindings[field] = Binding(self, field, widget, error, fmt)
        return box

    # -- saving --------------------------------------------------------------------------------------------------

    def save_field(self, field: str) -> bool:
        """Save one field if it changed (or was refused before); ``False`` when the core refused it."""
        binding = self.bindings[field]
        binding.timer.stop()
        if not binding.dirty and field not in self._errors:
            return True
        value = binding.value()
        try:
            if self.versioned:
                expected = binding.base if binding.base is not None else self.version
                result = self._save({field: value}, expected_version=expected)
            else:
                result = self._save({field: value})
        except SsdeskError as exc:
            errors = exc.errors if isinstance(exc, ValidationError) else [FieldError(field, str(exc))]
            self._errors[field] = errors
            self._show_errors()
            self.refused.emit(" ".join(e.message for e in errors))
            if isinstance(exc, ConflictError):
                self._conflicted.add(field)
                self.conflicted.emit(exc)
            return False
        self._conflicted.discard(field)
        if self.versioned:
            self._saved_version(field, result)
        binding.saved = value
        if self._errors.pop(field, None) is not None:
            self._show_errors()
        self.saved.emit()
        return True

    def flush(self) -> bool:
        """Save every changed or refused field now; ``True`` when all are stored."""
        ok = True
        for field, binding in self.bindings.items():
            if binding.dirty or field in self._errors:
                ok = self.save_field(field) and ok
        return ok

    def _saved_version(self, field: str, result: Any) -> None:
        """After our own save: the fields typed against the version we just replaced move on to the new one."""
        new = result.get("row_version") if isinstance(result, dict) else getattr(result, "row_version", None)
        if new is None:
            return
        old = self.version
        for name, binding in self.bindings.items():
            if name == field or binding.base is None or binding.base == old:
                binding.base = new
        binding = self.bindings[field]
        binding.stored = (result.get(field, _OWN_SAVE) if isinstance(result, dict)
                          else getattr(result, field, _OWN_SAVE))
        self.version = new

    def conflicts(self) -> dict[str, Any]:
        """The fields whose save was refused because someone else changed the record: field → the typed value."""
        return {field: self.bindings[field].value() for field in self._conflicted if field in self._errors}

    def has_pending(self) -> bool:
        return bool(self._errors) or any(b.dirty for b in self.bindings.values())

    def problems_by_field(self) -> set[str]:
        """The fields holding a refused value."""
        return set(self._errors)

    def problems(self) -> list[str]:
        return [e.message for errors in self._errors.values() for e in errors]

    # -- showing ---------------------------------------------------------------------------------------------------

    def load(self, values: dict[str, Any], *, force: bool = False) -> None:
        """Show stored ``values``. A field holding a refused value keeps it; without ``force`` (a notice after some
        write) a field being typed in or holding the focus is also left alone, so no keystroke is ever overwritten;
        ``force`` (undo, redo, another record shown) sets every other field.

        ``values["row_version"]`` (versioned forms): the record's version. A field left alone keeps the version it
        was typed against when ``values`` brings another value for it (someone else changed that very field)."""
        version = values.get("row_version")
        if self.versioned:
            self.version = version
        for field, binding in self.bindings.items():
            if field not in values:
                continue
            if field in self._errors or (
                    not force and (binding.dirty or binding.timer.isActive() or binding.widget.hasFocus())):
                if binding.stored is _OWN_SAVE or binding.stored == values[field]:
                    binding.stored, binding.base = values[field], version  # not changed under the typing
                continue
            binding.timer.stop()
            binding.show(values[field])
            binding.stored, binding.base = values[field], version

    def clear_errors(self) -> None:
        """Forget refused values (another record is shown in the same widgets)."""
        self._errors.clear()
        self._conflicted.clear()
        self._show_errors()

    def _show_errors(self) -> None:
        by_field: dict[str, list[str]] = {}
        for source, errors in self._errors.items():
            named = [e for e in errors if e.field in self.bindings]
            if not any(e.field == source for e in errors):  # the refused field itself gets every message
                by_field.setdefault(source, []).extend(e.message for e in errors)
            for e in named:
                by_field.setdefault(e.field, []).append(e.message)
        for field, binding in self.bindings.items():
            messages = list(dict.fromkeys(by_field.get(field, [])))
            text = " ".join(messages)
            binding.widget.setToolTip(text)
            show_field_error(binding.widget, binding.error_label, text)


def may_close_unsaved(parent: QWidget, problems: list[str]) -> bool:
    """Asked when a window closes with typing the core refused to save: True when the user chooses to lose it.
    Shared by every window that autosaves a visit (the editor, the live minutes), so the question reads the same."""
    answer = QMessageBox.question(
        parent, _("Unsaved changes"),
        _("These changes could not be saved:\n\n{problems}\n\nClose anyway and lose them?").format(
            problems="\n".join(f"• {p}" for p in problems)),
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Discard
