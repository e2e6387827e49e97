"""The app's input widgets that behave the same in every form: dates, folding completion, Enter adds the row.

* :class:`DateField` is the one date (or date and time) editor: typed as text in the Vietnamese order with the same
  hint everywhere ("nn/tt/nnnn", in English "dd/mm/yyyy"), a calendar button beside it, and the text handed to the
  core as typed — a date the core refuses stays in the field with the core's message, nothing is lost. Pickers that
  always hold a date (the follow-up step's day, a report's as-of day) use :func:`date_edit`, which shows the same
  order.
* :class:`FoldingCompleter` completes like the search does (:func:`ssdesk.search.folding.fold`): "tuyen" finds
  "Tuyến", "dang" finds "Đảng", anywhere in the text; :func:`folded_match` is the same rule for the filters.
* :func:`enter_adds` makes Enter in any widget of an add-row bar add the row, in every such bar alike.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyle,
    QToolTip,
    QWidget,
)

from ssdesk.i18n import N_, _, language
from ssdesk.search.folding import fold
from ssdesk.services.validation import Checker, as_date

#: The hint of every date field, and of every date-and-time field (Vietnamese: "nn/tt/nnnn", "nn/tt/nnnn gg:pp").
DATE_HINT = N_("dd/mm/yyyy")
DATETIME_HINT = N_("dd/mm/yyyy hh:mm")


def parse_day(text: str) -> dt.date | None:
    """The date in ``text`` as the core reads a typed one (30/9/2025, 30/09/25, ISO…), ``None`` when empty or not a
    date."""
    text = text.strip().split(" ")[0] if text.strip() else ""
    return as_date(Checker(), "day", text) if text else None


class DateField(QLineEdit):
    """A date typed as text (``with_time``: date and time), with the app's hint and a calendar button.

    The text is what the forms save (the core parses and, when it refuses, names the field); the calendar only
    writes a date into the text, keeping a typed time."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "", with_time: bool = False) -> None:
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self.with_time = with_time
        hint = _(DATETIME_HINT if with_time else DATE_HINT)
        self.setPlaceholderText(hint)
        self.setToolTip(hint)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(hint + "  ") + 40)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        self.calendar_action = QAction(icon, _("Choose a date"), self)
        self.calendar_action.setObjectName(f"{name}Calendar" if name else "calendar")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar: QCalendarWidget | None = None

    def day(self) -> dt.date | None:
        return parse_day(self.text())

    def set_day(self, day: dt.date | None) -> None:
        """Write ``day`` into the field as if typed (a form bound to it saves it)."""
        rest = self.text().strip().split(" ", 1)[1] if self.with_time and " " in self.text().strip() else ""
        text = "" if day is None else day.strftime("%d/%m/%Y") + (f" {rest}" if rest else "")
        if text != self.text():
            self.setText(text)
            self.textEdited.emit(text)

    def show_calendar(self) -> None:
        """The month of the typed date (or today) as a popup; a click or Enter writes the date and closes it."""
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setObjectName("dateCalendar")
            self.calendar.setGridVisible(True)
            self.calendar.activated.connect(self._picked)
            self.calendar.clicked.connect(self._picked)
        self.calendar.setLocale(app_locale())  # month and day names in the app's language, not the system's
        day = self.day() or dt.date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.calendar.adjustSize()
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, date: QDate) -> None:
        assert self.calendar is not None
        self.calendar.hide()
        self.set_day(dt.date(date.year(), date.month(), date.day()))
        self.setFocus()
        self.editingFinished.emit()


def app_locale() -> QLocale:
    """Qt's locale for the app's language: the calendars' month and day names follow it."""
    if language() == "vi":
        return QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


class DayEdit(DateField):
    """A :class:`DateField` that always holds a date (no empty state), with ``QDateEdit``'s ``date()``,
    ``setDate()`` and ``dateChanged``.

    Why not ``QDateEdit``: it edits day, month and year as separate sections, and a date typed over it whole
    ("15/05/2025" after Ctrl+A) came out as 06/05/2025 — the typed day silently lost (GUI walk). Here the date is
    typed as text like every other date of the app, and taken when the typing ends (leaving the field, Enter, a
    pick in the calendar): half-way, "15/05/20" is a date too, of 2020. A text that is no date is put back to the
    last date, visibly, with the reason in the tooltip."""

    dateChanged = Signal(QDate)

    def __init__(self, day: dt.date, name: str) -> None:
        super().__init__(name=name)
        self.setLocale(app_locale())
        self._day = day
        self.setText(day.strftime("%d/%m/%Y"))
        self.editingFinished.connect(self._finished)

    def _finished(self) -> None:
        day = parse_day(self.text())
        if day is None:
            QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())),
                              _("“{text}” is not a date; the field keeps {day}.").format(
                                  text=self.text().strip(), day=self._day.strftime("%d/%m/%Y")), self)
            self.setText(self._day.strftime("%d/%m/%Y"))
            return
        self.setText(day.strftime("%d/%m/%Y"))
        if day != self._day:
            self._day = day
            self.dateChanged.emit(QDate(day.year, day.month, day.day))

    def date(self) -> QDate:
        """The date taken (what is being typed counts once the typing ends)."""
        return QDate(self._day.year, self._day.month, self._day.day)

    def setDate(self, date: QDate) -> None:  # noqa: N802 (QDateEdit's name: callers and tests use it)
        self.setText(dt.date(date.year(), date.month(), date.day()).strftime("%d/%m/%Y"))
        self._finished()


def date_edit(day: dt.date, name: str) -> DayEdit:
    """A date field that always holds a date (no empty state), typed like every date of the app (:class:`DayEdit`)."""
    return DayEdit(day, name)


# -- matching without diacritics ---------------------------------------------------------------------------------


#: ``fold`` of the texts that filters and completers compare on every keystroke: a list's names are folded once,
#: not once per letter typed (folding 1,000 names took ~16 ms a keystroke).
folded = functools.lru_cache(maxsize=8192)(fold)


def folded_match(needle: str, *texts: str | None) -> bool:
    """``True`` when ``needle`` (folded like the search folds) occurs in one of ``texts``; an empty needle matches."""
    wanted = fold(needle)
    return not wanted or any(wanted in folded(t) for t in texts if t)


class FoldingFilter(QSortFilterProxyModel):
    """Rows of the source whose text contains the needle once both are folded."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.needle = ""

    def set_needle(self, text: str) -> None:
        folded = fold(text)
        if folded != self.needle:
            self.beginFilterChange()  # Qt 6.10: what replaces the deprecated invalidateFilter()
            self.needle = folded
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self.needle:
            return True
        model = self.sourceModel()
        text = model.data(model.index(source_row, self.filterKeyColumn(), source_parent))
        return self.needle in folded(str(text or ""))


class FoldingCompleter(QCompleter):
    """A completer that matches anywhere in the text without diacritics ("tuyen" → "Nguyễn Văn Tuyến").

    Qt's own completer compares letters as they are; this one filters its model itself (a :class:`FoldingFilter`)
    and shows the result unfiltered. :meth:`attach` puts it on a line edit or an editable combo box (whose items
    it then completes)."""

    def __init__(self, source: QAbstractItemModel | Iterable[str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.filter = FoldingFilter(self)
        if source is None or not isinstance(source, QAbstractItemModel):
            source = QStringListModel(list(source or []), self)
        self.filter.setSourceModel(source)
        self.setModel(self.filter)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._edit: QLineEdit | None = None

    def set_strings(self, strings: Iterable[str]) -> None:
        source = self.filter.sourceModel()
        if isinstance(source, QStringListModel):
            source.setStringList(list(strings))

    def attach(self, widget: QLineEdit | QComboBox) -> None:
        if isinstance(widget, QComboBox):
            self.filter.setSourceModel(widget.model())
            widget.setCompleter(self)
            edit = widget.lineEdit()
            assert edit is not None, "attach to an editable combo box"
        else:
            widget.setCompleter(self)
            edit = widget
        self._edit = edit
        edit.textEdited.connect(self._typed)

    def _typed(self, text: str) -> None:
        self.filter.set_needle(text)
        if fold(text) and self.filter.rowCount():
            self.complete()
        else:
            popup = self.popup()
            if popup is not None:
                popup.hide()


# -- Enter adds the row ------------------------------------------------------------------------------------------


class _EnterAdds(QObject):
    """Enter on a widget that has no returnPressed of its own (combo box, check box, button) adds the row."""

    def __init__(self, add: Callable[[], Any], parent: QObject) -> None:
        super().__init__(parent)
        self.add = add

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            if isinstance(watched, QComboBox) and watched.view().isVisible():
                return False  # Enter picks the item of the open list first
            self.add()
            return True
        return False


def enter_adds(add: Callable[[], Any], *widgets: QWidget) -> None:
    """Enter (or the keypad's Enter) in any of ``widgets`` calls ``add`` — line edits, combo boxes (editable or
    not), check boxes, date fields — so that every add-row bar of the app adds on Enter alike. A line edit adds on
    its ``returnPressed`` (also after Enter picked a completion, as Qt hands that Enter on to the field)."""
    for widget in widgets:
        line = widget.lineEdit() if isinstance(widget, QComboBox) else widget
        if isinstance(line, QLineEdit):
            line.returnPressed.connect(add)
        else:
            widget.installEventFilter(_EnterAdds(add, widget))
