"""The pages of the editor made of the visit's own fields: General, Conclusion, and the top of Report & indicators.

All their widgets are bound to one :class:`FieldForm` whose save writes through ``EditSession.update_visit``; the
pages only lay them out. Dates and times are typed and shown the Vietnamese way, ``27/02/2024 08:00``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ssdesk.enums import VISIT_ORDER, Classification, LabelledEnum, VisitForm, VisitKind, VisitState
from ssdesk.i18n import N_, _
from ssdesk.store import Store
from ui.forms import DateField, FieldForm, FoldingCompleter
from ui.visit_table import format_datetime

#: How each visit field is named in the form and in the undo history.
FIELD_LABELS: dict[str, str] = {
    "title": N_("Title"), "kind": N_("Kind of session"), "delegation_id": N_("Delegation"),
    "unit_id": N_("Supervised unit"), "convening_body": N_("Convening body"),
    "programme_id": N_("Programme"), "starts_at": N_("Starts"), "ends_at": N_("Ends"), "place": N_("Place"),
    "agenda": N_("Agenda"), "form": N_("Form"), "classification": N_("Classification"),
    "report_summary": N_("The unit's report"), "indicators_met": N_("Indicators met"),
    "indicators_total": N_("Indicators in total"), "explanation": N_("The unit's explanations"),
    "conclusion": N_("Conclusion of the head of delegation"),
}


def _datetime_text(value: Any) -> str:
    return format_datetime(value) if hasattr(value, "strftime") else ("" if value is None else str(value))


def _line(name: str, *, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(_(FIELD_LABELS[name]))
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def _date(name: str) -> DateField:
    edit = DateField(name=name, with_time=True)
    edit.setAccessibleName(_(FIELD_LABELS[name]))
    return edit


def _text(name: str, *, lines: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(_(FIELD_LABELS[name]))
    edit.setTabChangesFocus(True)  # Tab leaves the field, as in every other field of the form
    edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


def _capped(edit: QPlainTextEdit, lines: int) -> QPlainTextEdit:
    edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


def _combo(name: str, items: list[tuple[str, Any]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(_(FIELD_LABELS[name]))
    for label, value in items:
        combo.addItem(label, value)
    return combo


def _enum_items(enum_cls: type[LabelledEnum]) -> list[tuple[str, Any]]:
    return [(m.label, m.value) for m in enum_cls]


def _form_layout() -> QFormLayout:
    layout = QFormLayout()
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    return layout


class StateRow(QWidget):
    """The visit's state and the two buttons that move it one step (the core refuses any bigger jump)."""

    step_requested = Signal(object)  # VisitState

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.label.setObjectName("stateLabel")
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.back = QPushButton(self)
        self.back.setObjectName("stateBack")
        self.forward = QPushButton(self)
        self.forward.setObjectName("stateForward")
        layout.addWidget(self.label)
        layout.addSpacing(12)
        layout.addWidget(self.back)
        layout.addWidget(self.forward)
        layout.addStretch(1)
        self._state = VisitState.PLANNED
        self.back.clicked.connect(lambda: self._step(-1))
        self.forward.clicked.connect(lambda: self._step(+1))

    def _step(self, delta: int) -> None:
        i = VISIT_ORDER.index(self._state) + delta
        if 0 <= i < len(VISIT_ORDER):
            self.step_requested.emit(VISIT_ORDER[i])

    def show_state(self, state: VisitState) -> None:
        self._state = VisitState(state)
        i = VISIT_ORDER.index(self._state)
        self.label.setText(self._state.label)
        self.label.setAccessibleName(_("State: {state}").format(state=self._state.label))
        for button, j, text in ((self.back, i - 1, N_("← Back to “{state}”")),
                                (self.forward, i + 1, N_("Move on to “{state}” →"))):
            ok = 0 <= j < len(VISIT_ORDER)
            button.setVisible(ok)
            if ok:
                button.setText(_(text).format(state=VISIT_ORDER[j].label))
                button.setAccessibleName(button.text())


@dataclass(frozen=True)
class Choices:
    """What the General page's lists offer, read from the case file: ``(label, id)`` pairs, and the convening
    bodies already typed (the completer's words)."""

    delegations: list[tuple[str, Any]]
    units: list[tuple[str, Any]]
    programmes: list[tuple[str, Any]]
    convening_bodies: list[str]

    @property
    def unit_names(self) -> dict[str, str]:
        return {ident: name for name, ident in self.units if ident is not None}


def read_choices(store: Store) -> Choices:
    """Four reads of the catalogue (any thread: the editor reads them on a worker beside the visit). "—" (none)
    comes last among delegations and units, so a stored link keeps its place; a review meeting has neither."""
    return Choices(
        delegations=[(f"{d.name} — {d.issuing_body}", d.id) for d in store.catalog.delegations()] + [("—", None)],
        units=[(u.name, u.id) for u in store.catalog.units()] + [("—", None)],
        programmes=[("—", None)] + [(f"{p.code} — {p.title}", p.id) for p in store.catalog.programmes()],
        convening_bodies=list(store.visits.convening_bodies()))


def fill_choices(form: FieldForm, choices: Choices) -> None:
    """Put ``choices`` in the General page's lists (once, before the visit's values are shown in them)."""
    for field, items in (("delegation_id", choices.delegations), ("unit_id", choices.units),
                         ("programme_id", choices.programmes)):
        combo = form.bindings[field].widget
        assert isinstance(combo, QComboBox)
        if combo.count():
            continue
        for label, value in items:
            combo.addItem(label, value)
    body = form.bindings["convening_body"].widget
    completer = body.completer() if isinstance(body, QLineEdit) else None
    if isinstance(completer, FoldingCompleter):
        completer.set_strings(choices.convening_bodies)


def general_page(form: FieldForm, choices: Choices | None = None) -> tuple[QWidget, StateRow]:
    """Title, the kind of session and who holds it with whom, when and where, agenda, form, classification, state.

    The kind decides which of delegation, unit and convening body are shown (:func:`show_kind_fields`); a value
    the kind does not use stays stored but hidden (the editor clears both links when a review meeting is chosen).
    Without ``choices`` the lists stay empty until :func:`fill_choices` (read on a worker meanwhile)."""
    page = QWidget()
    page.setObjectName("pageGeneral")
    layout = _form_layout()
    body = _line("convening_body", placeholder=_("e.g. Ban Chỉ đạo các chương trình mục tiêu quốc gia tỉnh"))
    FoldingCompleter([], body).attach(body)
    rows: list[tuple[str, QWidget]] = [
        ("title", form.bind("title", _line("title"))),
        ("kind", form.bind("kind", _combo("kind", _enum_items(VisitKind)))),
        ("convening_body", form.bind("convening_body", body)),
        ("delegation_id", form.bind("delegation_id", _combo("delegation_id", []))),
        ("unit_id", form.bind("unit_id", _combo("unit_id", []))),
        ("programme_id", form.bind("programme_id", _combo("programme_id", []))),
        ("starts_at", form.bind("starts_at", _date("starts_at"), fmt=_datetime_text)),
        ("ends_at", form.bind("ends_at", _date("ends_at"), fmt=_datetime_text)),
        ("place", form.bind("place", _line("place"))),
        ("agenda", form.bind("agenda", _capped(_text("agenda", lines=5), 10))),
        ("form", form.bind("form", _combo("form", _enum_items(VisitForm)))),
        ("classification", form.bind("classification", _combo("classification", _enum_items(Classification)))),
    ]
    for combo_field in ("delegation_id", "unit_id", "programme_id"):
        combo = form.bindings[combo_field].widget
        assert isinstance(combo, QComboBox)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(30)
    for field, box in rows:
        label = QLabel(_(FIELD_LABELS[field]) + ":")
        label.setObjectName(f"label_{field}")
        label.setBuddy(form.bindings[field].widget)
        layout.addRow(label, box)
    kind = form.bindings["kind"].widget
    assert isinstance(kind, QComboBox)
    kind.currentIndexChanged.connect(lambda _i: show_kind_fields(layout, form, VisitKind(kind.currentData())))
    # a kind refused for a missing part (a review meeting without its convening body) is tried again once the
    # user has typed that part: they should not have to choose the kind a second time
    form.saved.connect(lambda: QTimer.singleShot(0, lambda: _retry_kind(form)))
    show_kind_fields(layout, form, VisitKind(kind.currentData()))
    if choices is not None:
        fill_choices(form, choices)
    state_row = StateRow()
    layout.addRow(QLabel(_("State") + ":"), state_row)
    outer = QVBoxLayout(page)
    outer.addLayout(layout)
    outer.addStretch(1)
    return page, state_row


def kind_labels(kind: VisitKind) -> tuple[str, str]:
    """(delegation, unit) labels for this kind: "Đoàn kiểm tra" and "Đơn vị được kiểm tra" for an inspection…"""
    delegation = {VisitKind.INSPECTION: N_("Inspection delegation"),
                  VisitKind.SURVEY: N_("Survey delegation")}.get(kind, N_("Delegation"))
    unit = {VisitKind.SUPERVISION: N_("Supervised unit"),
            VisitKind.INSPECTION: N_("Inspected unit")}.get(kind, N_("Unit worked with"))
    return _(delegation), _(unit)


def show_kind_fields(layout: QFormLayout, form: FieldForm, kind: VisitKind) -> None:
    """Show the fields this kind of session uses: a delegation and a unit for a supervision or an inspection, the
    convening body for a review meeting, any of them for the others; the labels say what they are. The form of
    supervision (thematic/regular) means nothing for a review meeting or a hearing."""
    for field, visible in (("delegation_id", kind is not VisitKind.REVIEW_MEETING),
                           ("unit_id", kind.has_visited_unit),
                           ("convening_body", not kind.needs_delegation),
                           ("form", kind not in (VisitKind.REVIEW_MEETING, VisitKind.HEARING))):
        layout.setRowVisible(_box(form, field), visible)
    for field, text in zip(("delegation_id", "unit_id"), kind_labels(kind), strict=True):
        label = layout.labelForField(_box(form, field))
        if isinstance(label, QLabel):
            label.setText(text + ":")
    relabel_for_kind(form, kind)


def relabel_for_kind(form: FieldForm, kind: VisitKind) -> None:
    """The labels of the report and conclusion fields for this kind (a session without a visited unit has
    "Reports", "Explanations", "Conclusion of the chair"). Called again when the editor builds the page holding
    them: the pages other than the first are built when first shown."""
    without_unit = not kind.has_visited_unit
    for field, other in (("report_summary", N_("Reports")), ("explanation", N_("Explanations")),
                         ("conclusion", N_("Conclusion of the chair"))):
        _relabel(form, field, _(other if without_unit else FIELD_LABELS[field]))


def _relabel(form: FieldForm, field: str, text: str) -> None:
    """The label of a field on another page of the editor (the label whose buddy it is), once that page exists."""
    widget = form.bindings[field].widget if field in form.bindings else None
    if widget is None:
        return
    for label in widget.window().findChildren(QLabel):
        if label.buddy() is widget:
            label.setText(text + ":")


def _box(form: FieldForm, field: str) -> QWidget:
    """The row's widget in the layout: the box holding the field and its error line."""
    box = form.bindings[field].widget.parentWidget()
    assert box is not None
    return box


def _retry_kind(form: FieldForm) -> None:
    if "kind" in form.problems_by_field():
        form.save_field("kind")


def report_header(form: FieldForm) -> tuple[QWidget, QLabel]:
    """The report summary and the unit's own count ("23/27 indicators met"); the label shows the ✓ count beside."""
    box = QWidget()
    layout = _form_layout()
    layout.setContentsMargins(0, 0, 0, 0)
    summary = form.bind("report_summary", _capped(_text("report_summary", lines=5), 8))
    caption = FIELD_LABELS["report_summary"]
    label = QLabel(_(caption) + ":")
    label.setBuddy(form.bindings["report_summary"].widget)
    layout.addRow(label, summary)

    count_row = QWidget()
    count_layout = QHBoxLayout(count_row)
    count_layout.setContentsMargins(0, 0, 0, 0)
    spins = []
    for field in ("indicators_met", "indicators_total"):
        spin = QSpinBox()
        spin.setObjectName(field)
        spin.setAccessibleName(_(FIELD_LABELS[field]))
        spin.setRange(-1, 9999)
        spin.setSpecialValueText("—")  # the minimum (-1) means "not reported"
        spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("9999") + 48)
        spins.append(form.bind(field, spin))
    count_layout.addWidget(spins[0], 0, Qt.AlignmentFlag.AlignTop)
    slash = QLabel("/")
    count_layout.addWidget(slash, 0, Qt.AlignmentFlag.AlignTop)
    count_layout.addWidget(spins[1], 0, Qt.AlignmentFlag.AlignTop)
    count_layout.addWidget(QLabel(_("indicators met or exceeded")), 0, Qt.AlignmentFlag.AlignTop)
    count_layout.addSpacing(24)
    ticked = QLabel()
    ticked.setObjectName("tickedCount")
    count_layout.addWidget(ticked, 0, Qt.AlignmentFlag.AlignTop)
    count_layout.addStretch(1)
    label = QLabel(_("The unit's count") + ":")
    label.setBuddy(form.bindings["indicators_met"].widget)
    layout.addRow(label, count_row)
    box.setLayout(layout)
    return box, ticked


def conclusion_page(form: FieldForm) -> QWidget:
    page = QWidget()
    page.setObjectName("pageConclusion")
    layout = QVBoxLayout(page)
    for field in ("explanation", "conclusion"):
        label = QLabel(_(FIELD_LABELS[field]) + ":")
        edit = _text(field, lines=8)
        label.setBuddy(edit)
        layout.addWidget(label)
        layout.addWidget(form.bind(field, edit), 1)
    return page
