"""Form fields that save themselves: a pause in typing, leaving the field, Ctrl+S or closing the window saves.

Each :class:`FieldForm` binds widgets to named fields and one ``save(values)`` function (which raises
:class:`~ssdesk.errors.ValidationError` when the core refuses). A refused value stays in its widget, marked red, with
the core's message in a line under it (and under any other field the message names) until a later save succeeds.
Loading new stored values never overwrites a field the user is typing in or whose value was refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget

from ssdesk.errors import FieldError, SsdeskError, ValidationError

#: Milliseconds of quiet after the last keystroke before typed text is saved.
AUTOSAVE_MS = 800

ERROR_STYLE = "color: #b00000;"
_INVALID_BORDER = "{cls} {{ border: 2px solid #c00000; }}"

Save = Callable[[dict[str, Any]], Any]
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

    def __init__(self, save: Save, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.bindings: dict[str, Binding] = {}
        self._errors: dict[str, list[FieldError]] = {}  # field whose save was refused → the core's errors

    def set_save(self, save: Save) -> None:
        self._save = save

    def bind(self, field: str, widget: QWidget, *, fmt: Formatter = _plain) -> QWidget:
        """Bind ``widget`` to ``field``; returns a box holding the widget and its error line, for the layout."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        error = QLabel(box)
        error.setObjectName(f"error_{field}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        layout.addWidget(widget)
        layout.addWidget(error)
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
            self._save({field: value})
        except SsdeskError as exc:
            errors = exc.errors if isinstance(exc, ValidationError) else [FieldError(field, str(exc))]
            self._errors[field] = errors
            self._show_errors()
            self.refused.emit(" ".join(e.message for e in errors))
            return False
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

    def has_pending(self) -> bool:
        return bool(self._errors) or any(b.dirty for b in self.bindings.values())

    def problems(self) -> list[str]:
        return [e.message for errors in self._errors.values() for e in errors]

    # -- showing ---------------------------------------------------------------------------------------------------

    def load(self, values: dict[str, Any], *, force: bool = False) -> None:
        """Show stored ``values``. A field holding a refused value keeps it; without ``force`` (a notice after some
        write) a field being typed in or holding the focus is also left alone, so no keystroke is ever overwritten;
        ``force`` (undo, redo, another record shown) sets every other field."""
        for field, binding in self.bindings.items():
            if field not in values or field in self._errors:
                continue
            if not force and (binding.dirty or binding.timer.isActive() or binding.widget.hasFocus()):
                continue
            binding.timer.stop()
            binding.show(values[field])

    def clear_errors(self) -> None:
        """Forget refused values (another record is shown in the same widgets)."""
        self._errors.clear()
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
            binding.error_label.setText(text)
            binding.error_label.setVisible(bool(text))
            binding.widget.setToolTip(text)
            binding.widget.setAccessibleDescription(text)
            cls = type(binding.widget).__name__
            binding.widget.setStyleSheet(_INVALID_BORDER.format(cls=cls) if text else "")
