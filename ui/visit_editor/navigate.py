"""Land on one record of a visit: the editor's tab that holds it, with its row selected and scrolled into view.

What a search result, a follow-up row or a reminder points at is a record (a request, a statement, a finding), not
the visit's first tab; the secretary should not have to hunt for it again in a tab of thirty rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QTableView

if TYPE_CHECKING:
    from ui.visit_editor.editor import VisitEditor

#: Which entities live on a table tab of the editor, by the editor attribute holding that tab.
TABLE_TABS = {"attendee": "attendees", "indicator_result": "results", "finding": "findings",
              "recommendation": "recommendations"}


def show_record(editor: VisitEditor, entity: str, ident: str | None) -> bool:
    """Open ``editor``'s tab holding the ``entity`` record ``ident`` and select its row; ``False`` when the record is
    not one the editor lists (the visit itself, a follow-up step: the general tab stays)."""
    if ident is None:
        return False
    if entity == "statement":
        page = editor.statements
        editor.tabs.setCurrentWidget(page)
        if page.model.row_of(ident) is None:
            return False
        page.select(ident)
        page.list.scrollTo(page.list.currentIndex())
        return True
    name = TABLE_TABS.get(entity)
    if name is None:
        return False
    table_page = getattr(editor, name)
    editor.tabs.setCurrentWidget(table_page)
    row = table_page.model.row_of(ident)
    if row is None:
        return False
    table: QTableView = table_page.table
    index = table_page.model.index(row, 0)
    table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                           | QItemSelectionModel.SelectionFlag.Rows)
    table.scrollTo(index)
    table.setFocus()
    return True
