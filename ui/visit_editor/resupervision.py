"""Re-supervision (tái giám sát) from the visit editor: "Pick up open recommendations…".

The dialog lists what ``store.followup.pick_up`` finds — the open recommendations of earlier sessions at this unit or
its predecessors — and, per row, the status found at this session (the current one to confirm it, or one the core
allows next) and a note. "Record" sends the ticked rows to ``store.followup.recheck`` in one call: the core writes all
of them or none, so on an error the dialog shows the core's messages and nothing is half-written. What this session
recorded (``store.followup.rechecks``) is listed below the open items.

Each listed recommendation's ``row_version`` is remembered when the list is read: when someone else changed one of
the ticked ones since (office server mode), nothing is recorded, the core's conflict message appears in a conflict bar,
and *Reload* reads the list again (the typed notes copied to the clipboard first).
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ssdesk.enums import REC_TRANSITIONS, RecStatus
from ssdesk.errors import ConflictError, SsdeskError, ValidationError
from ssdesk.followup.resupervision import Check
from ssdesk.i18n import _
from ssdesk.models import RecheckEntry
from ssdesk.services.recommendations import RecommendationRow
from ssdesk.store import Store
from ui.conflict_bar import ConflictBar, keep_on_clipboard
from ui.forms import ERROR_STYLE, tab_follows_the_eye
from ui.screen_fit import open_at

COL_REF, COL_TEXT, COL_SESSION, COL_UNIT, COL_CURRENT, COL_FOUND, COL_NOTE = range(7)


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


class ResupervisionDialog(QDialog):
    """Open recommendations of earlier sessions, checked at session ``visit_id``."""

    def __init__(self, store: Store, visit_id: str, *, today: dt.date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tab_follows_the_eye(self)  # Tab follows the drawn order (ui.forms.taborder)
        self.store = store
        self.visit_id = visit_id
        self.today = today or dt.date.today()
        self.rows: list[RecommendationRow] = []
        #: the listed recommendations' ``row_version`` when the list was read
        self.loaded_versions: dict[str, int] = {}
        self.setObjectName("resupervisionDialog")
        self.setWindowTitle(_("Pick up open recommendations"))

        self.table = QTableWidget(0, 7, self)
        self.table.setObjectName("pickUpTable")
        self.table.setAccessibleName(_("Open recommendations of earlier sessions"))
        self.table.setHorizontalHeaderLabels([_("No."), _("Recommendation"), _("Session"), _("Unit"),
                                              _("Status"), _("Found at this session"), _("Note")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(_("No open recommendations from earlier sessions at this unit."), self)
        self.empty.setObjectName("pickUpEmpty")

        self.error = QLabel(self)
        self.error.setObjectName("resupervisionError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.message = QLabel(self)
        self.message.setObjectName("resupervisionMessage")
        self.message.setWordWrap(True)
        self.conflict_bar = ConflictBar(self)
        self.conflict_bar.reload_requested.connect(self.reload_after_conflict)

        self.recorded = QTableWidget(0, 4, self)
        self.recorded.setObjectName("recheckTable")
        self.recorded.setAccessibleName(_("Checked at this session"))
        self.recorded.setHorizontalHeaderLabels([_("No."), _("Recommendation"), _("Found"), _("Note")])
        self.recorded.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.recorded.verticalHeader().setVisible(False)
        self.recorded.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.record_button = QPushButton(_("&Record"), self)
        self.record_button.setObjectName("recordRecheck")
        self.record_button.clicked.connect(self.record)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.record_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.conflict_bar)
        layout.addWidget(QLabel(_("Open recommendations of earlier sessions at this unit or its predecessors:"), self))
        layout.addWidget(self.table, 2)
        layout.addWidget(self.empty)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(_("Checked at this session:"), self))
        layout.addWidget(self.recorded, 1)
        layout.addWidget(buttons)
        open_at(self, 1000, 600)
        self.refresh()

    # -- showing -----------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read again what is open and what this session recorded."""
        entries = self.store.followup.rechecks(visit_id=self.visit_id)
        done = {e.recommendation_id for e in entries}
        self.rows = [r for r in self.store.followup.pick_up(self.visit_id) if r.id not in done]
        self.loaded_versions = self.store.recommendations.versions([r.id for r in self.rows])
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            for col, text in ((COL_REF, row.ref or ""), (COL_TEXT, " ".join(row.text.split())),
                              (COL_SESSION, row.visit_date.strftime("%d/%m/%Y")), (COL_UNIT, row.unit),
                              (COL_CURRENT, row.status.label)):
                self.table.setItem(i, col, _item(text))
            combo = QComboBox(self.table)
            combo.setObjectName(f"found{i}")
            combo.setAccessibleName(_("Found at this session"))
            combo.addItem(_("(not checked)"), None)
            combo.addItem(_("{status} (unchanged)").format(status=row.status.label), row.status)
            for status in sorted(REC_TRANSITIONS[row.status], key=list(RecStatus).index):
                combo.addItem(status.label, status)
            self.table.setCellWidget(i, COL_FOUND, combo)
            note = QLineEdit(self.table)
            note.setObjectName(f"note{i}")
            note.setAccessibleName(_("Note"))
            self.table.setCellWidget(i, COL_NOTE, note)
        self.empty.setVisible(not self.rows)
        self.record_button.setEnabled(bool(self.rows))
        self._show_recorded(entries)

    def _show_recorded(self, entries: list[RecheckEntry]) -> None:
        self.recorded.setRowCount(len(entries))
        for i, entry in enumerate(entries):
            try:
                rec = self.store.recommendations.get(entry.recommendation_id)
                ref, text = rec.ref or "", " ".join(rec.text.split())
            except SsdeskError:
                ref, text = "", ""
            for col, value in enumerate((ref, text, entry.status.label, entry.note or "")):
                self.recorded.setItem(i, col, _item(value))

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- recording ---------------------------------------------------------------------------------------------------

    def found_combo(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, COL_FOUND)  # type: ignore[return-value]

    def note_edit(self, row: int) -> QLineEdit:
        return self.table.cellWidget(row, COL_NOTE)  # type: ignore[return-value]

    def checks(self) -> list[Check]:
        """The rows given a status, in table order."""
        out = []
        for i, row in enumerate(self.rows):
            status = self.found_combo(i).currentData()
            if status is not None:
                out.append(Check(row.id, status, self.note_edit(i).text().strip() or None))
        return out

    def _describe(self, field: str, message: str, checks: list[Check]) -> str:
        """The core's message, prefixed with the item's number when the core names only the position."""
        match = re.match(r"items\[(\d+)\]\.", field)
        if match is None or int(match.group(1)) >= len(checks):
            return message
        rec_id = checks[int(match.group(1))].rec_id
        row = next((r for r in self.rows if r.id == rec_id), None)
        if row is None or (row.ref and row.ref in message):
            return message
        return _("Item {item}: {detail}").format(item=row.ref or row.text[:40], detail=message)

    def record(self) -> None:
        checks = self.checks()
        self.message.clear()
        if not checks:
            self._say(_("Choose what this session found for at least one recommendation."))
            return
        self.conflict_bar.hide()
        versions = {c.rec_id: self.loaded_versions[c.rec_id] for c in checks if c.rec_id in self.loaded_versions}
        try:
            with self.store.recommendations.unchanged_since(versions):
                self.store.followup.recheck(self.visit_id, checks, today=self.today)
        except ConflictError as exc:
            self._say("")
            self.conflict_bar.show_conflict(exc)
            return
        except ValidationError as exc:
            self._say("\n".join(self._describe(e.field, e.message, checks) for e in exc.errors))
            return
        except SsdeskError as exc:
            self._say(str(exc))
            return
        self._say("")
        self.message.setText(_("Recorded: {n}.").format(n=len(checks)))
        self.refresh()

    def typed_notes(self) -> list[str]:
        """The notes typed in the list, as "No.: note" lines (for the clipboard)."""
        return [f"{row.ref or ' '.join(row.text.split())[:40]}: {self.note_edit(i).text()}"
                for i, row in enumerate(self.rows) if self.note_edit(i).text().strip()]

    def reload_after_conflict(self) -> None:
        """Read the list again (someone else's change shown); the typed notes go to the clipboard first."""
        kept = keep_on_clipboard(self.typed_notes())
        before = {row.id: (row.status, self.found_combo(i).currentData(), self.note_edit(i).text())
                  for i, row in enumerate(self.rows)}
        self.conflict_bar.hide()
        self._say("")
        self.refresh()
        for i, row in enumerate(self.rows):  # the rows nobody else changed keep what was chosen and typed
            status, found, note = before.get(row.id, (None, None, ""))
            if status is row.status:
                combo = self.found_combo(i)
                combo.setCurrentIndex(max(0, combo.findData(found)))
                self.note_edit(i).setText(note)
        self.message.setText(_("Reloaded: the other change is shown. What you had typed is on the clipboard; paste "
                               "it where it belongs.") if kept else _("Reloaded: the other change is shown."))
