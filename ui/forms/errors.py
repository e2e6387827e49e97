"""How every form of the app shows what the core refused: one red, one error line under the field, one router.

The style is defined here once (it was six definitions in two reds plus inline literals); a message line under a
field is built by :func:`with_error_line` everywhere (the autosaving forms, the follow-up dialogs, the successions
editor, the server form), so a refused value looks the same in every window.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ssdesk.errors import FieldError, SsdeskError, ValidationError

#: The one red of the app: refused values, error lines, an overdue deadline in rich text.
ERROR_COLOUR = "#b00000"
#: Text of a message about something refused (status lines, error lines).
ERROR_STYLE = f"color: {ERROR_COLOUR};"
#: Quieter text: hints that explain, never warn.
HINT_STYLE = "color: #555;"
_INVALID_BORDER = "{cls} {{ border: 2px solid " + ERROR_COLOUR + "; }}"


def error_label(name: str, parent: QWidget | None = None) -> QLabel:
    """An empty, hidden red message line (word-wrapped) named ``name`` for tests and screen readers."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def with_error_line(widget: QWidget, name: str, parent: QWidget | None = None) -> tuple[QWidget, QLabel]:
    """``widget`` above its error line (hidden until :func:`show_field_error`), in one box for a layout: every form
    of the app puts the core's message right under the field it is about."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    error = error_label(name, box)
    layout.addWidget(widget)
    layout.addWidget(error)
    return box, error


def show_field_error(widget: QWidget, label: QLabel, text: str) -> None:
    """``text`` ("" clears it) under ``widget``, its border red while there is one, read out by screen readers."""
    label.setText(text)
    label.setVisible(bool(text))
    widget.setAccessibleDescription(text)
    widget.setStyleSheet(_INVALID_BORDER.format(cls=type(widget).__name__) if text else "")


class ErrorLines:
    """The error lines of a dialog that saves on a button: one under each named field plus a general one. The
    core's :class:`FieldError` s go to the line of their field (``evidence[2]`` goes to ``evidence``), anything
    else to the general line."""

    def __init__(self, fields: list[str], *, prefix: str = "error_") -> None:
        self.labels = {f: error_label(f"{prefix}{f}") for f in [*fields, "general"]}
        self.widgets: dict[str, QWidget] = {}

    def under(self, field: str, widget: QWidget) -> QWidget:
        """``widget`` with the error line of ``field`` under it, for the dialog's layout."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(self.labels[field])
        self.widgets[field] = widget
        return box

    def clear(self) -> None:
        for field, label in self.labels.items():
            widget = self.widgets.get(field)
            if widget is not None:
                show_field_error(widget, label, "")
            else:
                label.clear()
                label.hide()

    def show(self, exc: SsdeskError) -> None:
        self.clear()
        errors = exc.errors if isinstance(exc, ValidationError) else [FieldError("general", str(exc))]
        found: dict[str, list[str]] = {}
        for e in errors:
            key = e.field.split("[")[0]
            found.setdefault(key if key in self.labels else "general", []).append(e.message)
        for key, messages in found.items():
            widget = self.widgets.get(key)
            if widget is not None:
                show_field_error(widget, self.labels[key], "\n".join(messages))
            else:
                self.labels[key].setText("\n".join(messages))
                self.labels[key].show()

    def text(self) -> str:
        return " ".join(lb.text() for lb in self.labels.values() if lb.text())
