"""The app's form kit, shared by every window: fields that save themselves (:mod:`ui.forms.fields`), the error
lines and their one style (:mod:`ui.forms.errors`), and the input widgets that behave alike everywhere — the date
editor, completion and filters without diacritics, Enter adds the row (:mod:`ui.forms.inputs`), the Tab order that
follows the eye (:mod:`ui.forms.taborder`)."""

from ui.forms.errors import (
    ERROR_COLOUR,
    ERROR_STYLE,
    HINT_STYLE,
    ErrorLines,
    error_label,
    show_field_error,
    with_error_line,
)
from ui.forms.fields import AUTOSAVE_MS, Binding, FieldForm, may_close_unsaved
from ui.forms.inputs import (
    DATE_HINT,
    DATETIME_HINT,
    DateField,
    FoldingCompleter,
    FoldingFilter,
    app_locale,
    date_edit,
    enter_adds,
    folded_match,
    parse_day,
)
from ui.forms.taborder import follow_the_eye, tab_follows_the_eye, visual_order

__all__ = [
    "AUTOSAVE_MS", "DATETIME_HINT", "DATE_HINT", "ERROR_COLOUR", "ERROR_STYLE", "HINT_STYLE", "Binding", "DateField",
    "ErrorLines",
    "FieldForm", "FoldingCompleter", "FoldingFilter", "app_locale", "date_edit", "enter_adds", "error_label",
    "folded_match",
    "follow_the_eye", "may_close_unsaved", "parse_day", "show_field_error", "tab_follows_the_eye", "visual_order",
    "with_error_line",
]
