"""Column choice for any list: right-click a table's header to show or hide columns, remembered per list.

``install_column_chooser(view, key)`` restores the hidden columns stored under ``columns/<key>`` in QSettings and
adds the header context menu; every list of the app can reuse it with its own ``key``. At least one column always
stays visible, so a list can never be hidden away entirely.
"""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView

from ssdesk.i18n import _


def _setting(key: str) -> str:
    return f"columns/{key}/hidden"


#: Columns hidden until the user chooses otherwise, by list key (a list with many columns opens readable on a laptop).
DEFAULT_HIDDEN: dict[str, set[int]] = {}


def hidden_columns(key: str) -> set[int]:
    settings = QSettings()
    if not settings.contains(_setting(key)):
        return set(DEFAULT_HIDDEN.get(key, ()))
    value = settings.value(_setting(key), [])
    if isinstance(value, str):  # QSettings gives a lone string for a one-item list
        value = [value]
    out: set[int] = set()
    for item in cast(list[Any], value or []):
        try:
            out.add(int(item))
        except (TypeError, ValueError):
            continue
    return out


def set_column_visible(view: QTableView, key: str, column: int, visible: bool) -> None:
    """Show or hide ``column`` and remember it; refuses to hide the last visible column."""
    model = view.model()
    count = model.columnCount() if model is not None else 0
    shown = [c for c in range(count) if not view.isColumnHidden(c)]
    if not visible and shown == [column]:
        return
    view.setColumnHidden(column, not visible)
    hidden = sorted(c for c in range(count) if view.isColumnHidden(c))
    QSettings().setValue(_setting(key), [str(c) for c in hidden])


def column_menu(view: QTableView, key: str) -> QMenu:
    """The menu of checkable column names (the header's context menu)."""
    menu = QMenu(_("Columns"), view)
    model = view.model()
    count = model.columnCount() if model is not None else 0
    visible = [c for c in range(count) if not view.isColumnHidden(c)]
    for column in range(count):
        title = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        action = QAction(str(title), menu)
        action.setCheckable(True)
        action.setChecked(not view.isColumnHidden(column))
        action.setEnabled(visible != [column])
        action.setData(column)
        action.toggled.connect(lambda on, c=column: set_column_visible(view, key, c, on))
        menu.addAction(action)
    return menu


def restore_columns(view: QTableView, key: str) -> None:
    model = view.model()
    count = model.columnCount() if model is not None else 0
    hidden = {c for c in hidden_columns(key) if 0 <= c < count}
    if len(hidden) >= count:
        hidden = set()
    for column in range(count):
        view.setColumnHidden(column, column in hidden)


def install_column_chooser(view: QTableView, key: str) -> None:
    """Restore ``key``'s hidden columns on ``view`` and let the user choose them from the header's context menu."""
    restore_columns(view, key)
    header = view.horizontalHeader()
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show_menu(pos: QPoint) -> None:
        menu = column_menu(view, key)
        menu.exec(header.mapToGlobal(pos))
        menu.deleteLater()

    header.customContextMenuRequested.connect(show_menu)
