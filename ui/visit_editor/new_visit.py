"""The small dialog behind "New working session…": kind, who holds it and with whom, date; then the editor opens.

The kind comes first because it decides what else is asked: a supervision or an inspection needs its delegation and
unit, a steering committee's review meeting only the body that convenes it, the other kinds either (the core's
``VisitKind`` says which; the fields the kind does not use are hidden and not sent).

The dialog creates the visit itself (``visits.create``), so a refusal — a unit that no longer existed on that day —
is shown inside it, next to the field, and the user can correct it without starting over. Before creating it asks
the core whether another delegation already supervises the unit on the same programme in an overlapping period
(``store.followup.overlaps``) and, if so, warns naming the other session: "Plan it anyway" or "Cancel" (back to the
dialog, nothing created).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ssdesk.enums import VisitKind
from ssdesk.errors import ValidationError
from ssdesk.i18n import _
from ssdesk.store import Store
from ui.forms import ERROR_STYLE, DateField, FoldingCompleter, tab_follows_the_eye
from ui.visit_editor.form_pages import kind_labels


class NewVisitDialog(QDialog):
    """Asks the kind, delegation, unit or convening body, and start; on OK the visit exists and :attr:`visit_id`
    names it."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tab_follows_the_eye(self)  # Tab follows the drawn order (ui.forms.taborder)
        self.store = store
        self.visit_id: str | None = None
        self.setWindowTitle(_("New working session"))
        self.kind = QComboBox(self)
        self.kind.setObjectName("newKind")
        self.kind.setAccessibleName(_("Kind of session"))
        for kind in VisitKind:
            self.kind.addItem(kind.label, kind.value)
        self.body = QLineEdit(self)
        self.body.setObjectName("newConveningBody")
        self.body.setAccessibleName(_("Convening body"))
        self.body.setPlaceholderText(_("e.g. Ban Chỉ đạo các chương trình mục tiêu quốc gia tỉnh"))
        self.body.setMinimumWidth(self.body.fontMetrics().horizontalAdvance("M") * 30)
        FoldingCompleter(store.visits.convening_bodies(), self.body).attach(self.body)
        self.delegation = QComboBox(self)
        self.delegation.setObjectName("newDelegation")
        self.delegation.setAccessibleName(_("Delegation"))
        for d in store.catalog.delegations():
            self.delegation.addItem(f"{d.name} — {d.issuing_body}", d.id)
        self.delegation.addItem("—", None)  # none, last: a survey, a hearing… may be held by a convening body alone
        self.unit = QComboBox(self)
        self.unit.setObjectName("newUnit")
        self.unit.setAccessibleName(_("Supervised unit"))
        self.programme = QComboBox(self)
        self.programme.setObjectName("newProgramme")
        self.programme.setAccessibleName(_("Programme"))
        self.programme.addItem(_("(no programme)"), None)
        for p in store.catalog.programmes():
            self.programme.addItem(f"{p.code} — {p.title}", p.id)
        self.starts = DateField(self, name="newStarts", with_time=True)  # the app's one date editor
        self.starts.setAccessibleName(_("Starts"))
        self.starts.setText(dt.date.today().strftime("%d/%m/%Y") + " 08:00")
        self.starts.textEdited.connect(lambda _t: self._fill_units())
        for combo in (self.delegation, self.unit, self.programme):
            # a programme's or a unit's full title can be 150 characters: the dialog stays narrower than a small
            # screen, the list shows the whole titles, the box shows its whole title as a tooltip
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(45)
            combo.currentTextChanged.connect(lambda text, c=combo: c.setToolTip(text))
            combo.setToolTip(combo.currentText())
        self.place = QLineEdit(self)
        self.place.setObjectName("newPlace")
        self.place.setAccessibleName(_("Place"))
        # the programme follows the delegation's plan until the user picks one (issue 14.7)
        self._programme_picked = False
        self.programme.activated.connect(self._pick_programme)
        self.delegation.currentIndexChanged.connect(lambda _i: self._programme_of_plan())
        self.error = QLabel(self)
        self.error.setObjectName("newVisitError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        self.form = form
        form.addRow(_("Kind of session") + ":", self.kind)
        form.addRow(_("Convening body") + ":", self.body)
        form.addRow(_("Delegation") + ":", self.delegation)
        form.addRow(_("Supervised unit") + ":", self.unit)
        form.addRow(_("Programme") + ":", self.programme)
        form.addRow(_("Starts") + ":", self.starts)
        form.addRow(_("Place") + ":", self.place)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._fill_units()
        self._programme_of_plan()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def chosen_kind(self) -> VisitKind:
        return VisitKind(self.kind.currentData())

    def _kind_changed(self) -> None:
        """Show what the chosen kind uses; a supervision or an inspection cannot be planned without a delegation
        and a unit in the file (said at once, not after OK)."""
        kind = self.chosen_kind()
        self.form.setRowVisible(self.delegation, kind is not VisitKind.REVIEW_MEETING)
        self.form.setRowVisible(self.unit, kind.has_visited_unit)
        self.form.setRowVisible(self.body, not kind.needs_delegation)
        for widget, text in zip((self.delegation, self.unit), kind_labels(kind), strict=True):
            label = self.form.labelForField(widget)
            if isinstance(label, QLabel):
                label.setText(text + ":")
        missing = (kind.needs_delegation and self.delegation.count() < 2) or \
            (kind.needs_unit and self.unit.count() < 2)
        self._say(_("Add a delegation and a supervised unit to this case file first.") if missing else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not missing)
        self.adjustSize()

    def _fill_units(self) -> None:
        """Only units that existed on the chosen day (the core would refuse the others)."""
        chosen = self.unit.currentData()
        day = self.starts.day() or dt.date.today()  # a date still being typed: today's units meanwhile
        self.unit.clear()
        for u in self.store.catalog.units(current_on=day):
            self.unit.addItem(u.name, u.id)
        self.unit.addItem("—", None)  # no unit, last: a survey or a hearing may have none
        if chosen is not None and (i := self.unit.findData(chosen)) >= 0:
            self.unit.setCurrentIndex(i)

    def _pick_programme(self, _index: int) -> None:
        self._programme_picked = True

    def _programme_of_plan(self) -> None:
        """The programme the chosen delegation's plan names, unless the user picked one already."""
        if self._programme_picked:
            return
        ident = self.delegation.currentData()
        plan = self.store.catalog.delegation(ident).plan if ident else None
        programme_id = plan.programme_id if plan is not None else None
        self.programme.setCurrentIndex(max(0, self.programme.findData(programme_id)))

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _values(self) -> dict[str, Any]:
        kind = self.chosen_kind()
        shown = {"delegation_id": kind is not VisitKind.REVIEW_MEETING, "unit_id": kind.has_visited_unit,
                 "convening_body": not kind.needs_delegation}
        return {"kind": kind.value,
                "delegation_id": self.delegation.currentData() if shown["delegation_id"] else None,
                "unit_id": self.unit.currentData() if shown["unit_id"] else None,
                "convening_body": self.body.text() if shown["convening_body"] else None,
                "programme_id": self.programme.currentData(), "starts_at": self.starts.text().strip() or None,
                "place": self.place.text().strip() or None}

    def confirm_overlaps(self, messages: list[str]) -> bool:
        """Warn about the overlapping sessions (the core's words); ``True`` to plan it anyway."""
        box = QMessageBox(QMessageBox.Icon.Warning, _("Overlapping supervision"),
                          _("Another delegation already supervises this unit on this programme at that time:"),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("overlapWarning")
        box.setInformativeText("\n\n".join(messages))
        anyway = box.addButton(_("Plan it anyway"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is anyway

    def accept(self) -> None:
        values = self._values()
        try:
            warnings = self.store.followup.overlaps(
                ends_at=None, **{k: values[k] for k in ("delegation_id", "unit_id", "programme_id", "starts_at")})
            if warnings and not self.confirm_overlaps([w.message for w in warnings]):
                self._say(_("Not planned: the session overlaps another delegation's supervision."))
                return
            visit = self.store.visits.create(**values)
        except ValidationError as exc:
            self._say(" ".join(e.message for e in exc.errors))
            return
        self.visit_id = visit.id
        super().accept()
