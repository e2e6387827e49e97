"""The units page: the tree of units (city → district → ward), each unit's kind, parent, validity period and
successions.

"Current units only" shows the units that exist today (the district level ended on 01/07/2025, so old visits keep
units that no longer exist); a unit whose parent is hidden is shown at the top level. The parent is chosen in the
form (the core refuses a unit under itself or under one of its own sub-units, and the message stays under the
field); the successions the unit takes part in are listed, added and removed under the form
(:class:`~ui.features.catalog.successions.SuccessionsEditor`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QHBoxLayout, QLabel, QPushButton, QTreeView, QWidget

from ssdesk.enums import UnitKind
from ssdesk.i18n import N_, _
from ssdesk.models import Unit
from ssdesk.store import Store
from ui.features.catalog.panel import ID_ROLE, FieldSpec, RecordPanel, RecordSpec, format_date
from ui.features.catalog.successions import SuccessionsEditor
from ui.icons import icon

ENDED_COLOUR = QColor(120, 120, 120)


def kind_choices(_store: Store) -> list[tuple[str, Any]]:
    return [(k.label, k.value) for k in UnitKind]


UNIT = RecordSpec(
    key="unit", model=Unit,
    fields=(FieldSpec("name", N_("Unit name"), required=True), FieldSpec("short_name", N_("Short name")),
            FieldSpec("kind", N_("Kind"), kind="choice", required=True, choices=kind_choices),
            FieldSpec("valid_from", N_("Exists from"), kind="date"),
            FieldSpec("valid_to", N_("Ended on"), kind="date"), FieldSpec("note", N_("Note"), kind="text")),
    columns=((N_("Unit"), lambda u: u.name), (N_("Kind"), lambda u: u.kind.label),
             (N_("Exists from"), lambda u: format_date(u.valid_from)),
             (N_("Ended on"), lambda u: format_date(u.valid_to))),
    rows=lambda store: store.catalog.units(),
    add=lambda store, v: store.catalog.add_unit(**v),
    label=lambda u: u.name,
    entities=frozenset({"unit", "unit_succession"}),
)


class UnitsPanel(RecordPanel):
    """Tree + form of the units; "Add child" makes a unit under the selected one."""

    def __init__(self, store: Callable[[], Store], parent: QWidget | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self._today = today
        self._items: dict[str, QStandardItem] = {}
        parent_field = FieldSpec("parent_id", N_("Parent unit"), kind="choice", choices=self._parent_choices)
        fields = UNIT.fields[:3] + (parent_field,) + UNIT.fields[3:]
        spec = replace(UNIT, rows=self._rows, fields=fields)
        super().__init__(spec, store, parent)
        self.child_button = QPushButton(_("Add child unit"), self)
        self.child_button.setObjectName("unitAddChild")
        self.child_button.setIcon(icon("add"))
        self.child_button.clicked.connect(self.add_child)
        self.child_button.setEnabled(False)
        self.new_button.setText(_("New top-level unit"))
        self.buttons.insertWidget(1, self.child_button)
        self.successors = QLabel(self)
        self.successors.setObjectName("unitSuccessors")
        self.successors.setWordWrap(True)
        self.add_below(self.successors)
        self.successions = SuccessionsEditor(store, self)
        self.add_below(self.successions)
        self.splitter.setSizes([600, 400])
        self.current_changed.connect(self._show_successors)
        self.current_changed.connect(lambda _ident: self._fill_choices())  # the parent list leaves out the unit shown
        self.current_changed.connect(self.successions.set_unit)

    def _parent_choices(self, store: Store) -> list[tuple[str, Any]]:
        """"(none)" and every other unit: the core refuses one of the unit's own sub-units, with its reason."""
        units = [(u.name, u.id) for u in store.catalog.units() if u.id != self.current_id]
        return [(_("(none: a top-level unit)"), None), *units]

    def reload(self) -> None:
        super().reload()
        self.successions.reload()

    def _rows(self, store: Store) -> list[Unit]:
        if self.current_only.isChecked():
            return store.catalog.units(current_on=self._today())
        return store.catalog.units()

    def _extra_list_controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.current_only = QCheckBox(_("Current units only (as of today)"), self)
        self.current_only.setObjectName("unitCurrentOnly")
        self.current_only.toggled.connect(lambda _on: self.reload())
        row.addWidget(self.current_only)
        row.addStretch(1)
        return row

    def _make_list(self) -> QWidget:
        self.tree_model = QStandardItemModel(self)
        tree = QTreeView(self)
        tree.setObjectName("unitTree")
        tree.setModel(self.tree_model)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setAlternatingRowColors(True)
        tree.setUniformRowHeights(True)
        tree.selectionModel().currentRowChanged.connect(lambda cur, prev: self._picked(
            cur.siblingAtColumn(0).data(ID_ROLE), prev.siblingAtColumn(0).data(ID_ROLE)))
        self.view = tree  # type: ignore[assignment]
        return tree

    def _fill(self, rows: list[Any]) -> None:
        tree = self.view
        assert isinstance(tree, QTreeView)
        expanded = {ident for ident, item in self._items.items() if tree.isExpanded(item.index())}
        first = not self._items
        self.tree_model.clear()
        self.tree_model.setHorizontalHeaderLabels([_(c[0]) for c in self.spec.columns] + [_("Succeeded by")])
        self._items = {}
        shown = {u.id for u in rows}
        by_parent: dict[str | None, list[Unit]] = {}
        for u in rows:
            by_parent.setdefault(u.parent_id if u.parent_id in shown else None, []).append(u)
        store = self.store

        def add(parent: QStandardItem, units: list[Unit]) -> None:
            for u in units:
                cells = [QStandardItem(getter(u)) for _title, getter in self.spec.columns]
                ended = u.valid_to is not None
                successors = ", ".join(s.name for s in store.catalog.successors(u.id)) if ended else ""
                cells.append(QStandardItem(successors))
                cells[0].setData(u.id, ID_ROLE)
                for cell in cells:
                    cell.setToolTip(cell.text())
                    if ended:
                        cell.setForeground(QBrush(ENDED_COLOUR))
                parent.appendRow(cells)
                self._items[u.id] = cells[0]
                add(cells[0], by_parent.get(u.id, []))

        add(self.tree_model.invisibleRootItem(), by_parent.get(None, []))
        if first:
            tree.expandToDepth(0)
        for ident in expanded:
            if ident in self._items:
                tree.expand(self._items[ident].index())
        for column in range(len(self.spec.columns) + 1):
            tree.resizeColumnToContents(column)

    def _select_in_list(self, ident: str | None) -> None:
        tree = self.view
        assert isinstance(tree, QTreeView)
        item = self._items.get(ident or "")
        if item is None:
            tree.clearSelection()
            tree.setCurrentIndex(QModelIndex())
            return
        index = item.index()
        parent = index.parent()
        while parent.isValid():
            tree.expand(parent)
            parent = parent.parent()
        tree.scrollTo(index)
        tree.setCurrentIndex(index)

    def _show_successors(self, ident: str | None) -> None:
        self.child_button.setEnabled(ident is not None)
        if ident is None:
            self.successors.setText("")
            return
        names = [s.name for s in self.store.catalog.successors(ident)]
        self.successors.setText(_("Succeeded by: {names}").format(names=", ".join(names)) if names else "")

    def add_child(self) -> None:
        parent = self.current_id
        if parent is not None:
            self.start_new(parent_id=parent)
            self.form.bindings["parent_id"].show(parent)  # the form's parent field is what the new unit gets
            self.hint.setText(self.hint.text() + " " + _("It is placed under the selected unit."))
