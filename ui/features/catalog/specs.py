"""What each catalogue editor shows: fields, list columns, and which core call adds a record."""

from __future__ import annotations

from typing import Any

from ssdesk.errors import ValidationError
from ssdesk.i18n import N_, _
from ssdesk.models import Delegation, Indicator, Person, Plan, Programme
from ssdesk.store import Store
from ui.features.catalog.panel import FieldSpec, RecordSpec, format_date


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def parse_number(text: str) -> float:
    """``93,1`` or ``93.1`` (a Vietnamese decimal comma is accepted) → 93.1."""
    cleaned = text.replace(" ", "").replace("%", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        raise ValidationError.one("target_value", _("Must be a number.")) from None


def format_number(value: Any) -> str:
    if value is None:
        return ""
    return (f"{value:g}" if isinstance(value, float) else str(value)).replace(".", ",")


def programme_choices(store: Store) -> list[tuple[str, Any]]:
    return [("—", None)] + [(f"{p.code} — {p.title}"[:90], p.id) for p in store.catalog.programmes()]


def plan_choices(store: Store) -> list[tuple[str, Any]]:
    return [("—", None)] + [(plan_label(p)[:90], p.id) for p in store.catalog.plans()]


def plan_label(plan: Plan) -> str:
    return f"{plan.number} — {plan.topic}" if plan.number else plan.topic


PLAN = RecordSpec(
    key="plan", model=Plan,
    fields=(FieldSpec("number", N_("Number")), FieldSpec("issuing_body", N_("Issuing body"), required=True),
            FieldSpec("topic", N_("Topic"), kind="text", required=True),
            FieldSpec("issued_on", N_("Issued on"), kind="date"),
            FieldSpec("period_start", N_("Period from"), kind="date"),
            FieldSpec("period_end", N_("Period to"), kind="date"),
            FieldSpec("programme_id", N_("Programme"), kind="choice", choices=programme_choices)),
    columns=((N_("Number"), lambda p: _text(p.number)), (N_("Issued on"), lambda p: format_date(p.issued_on)),
             (N_("Topic"), lambda p: p.topic)),
    rows=lambda store: store.catalog.plans(),
    add=lambda store, v: store.catalog.add_plan(**v),
    label=plan_label,
    entities=frozenset({"plan", "programme"}),
)

DELEGATION = RecordSpec(
    key="delegation", model=Delegation,
    fields=(FieldSpec("name", N_("Delegation name"), required=True),
            FieldSpec("issuing_body", N_("Issuing body"), required=True),
            FieldSpec("decision_number", N_("Decision number")),
            FieldSpec("decision_date", N_("Decision date"), kind="date"),
            FieldSpec("plan_id", N_("Plan"), kind="choice", choices=plan_choices)),
    columns=((N_("Delegation name"), lambda d: d.name), (N_("Decision number"), lambda d: _text(d.decision_number)),
             (N_("Issuing body"), lambda d: d.issuing_body)),
    rows=lambda store: store.catalog.delegations(),
    add=lambda store, v: store.catalog.add_delegation(**v),
    label=lambda d: d.name,
    entities=frozenset({"delegation", "plan"}),
)

PERSON = RecordSpec(
    key="person", model=Person,
    fields=(FieldSpec("full_name", N_("Full name"), required=True), FieldSpec("title", N_("Position"), kind="text"),
            FieldSpec("organisation", N_("Organisation")), FieldSpec("phone", N_("Phone")),
            FieldSpec("email", N_("E-mail")), FieldSpec("note", N_("Note"), kind="text")),
    columns=((N_("Full name"), lambda p: p.full_name), (N_("Position"), lambda p: _text(p.title)),
             (N_("Organisation"), lambda p: _text(p.organisation))),
    rows=lambda store: store.catalog.persons(),
    add=lambda store, v: store.catalog.add_person(**v),
    label=lambda p: p.full_name,
    entities=frozenset({"person"}),
)

PROGRAMME = RecordSpec(
    key="programme", model=Programme,
    fields=(FieldSpec("code", N_("Code"), required=True), FieldSpec("title", N_("Title"), kind="text", required=True),
            FieldSpec("issuing_body", N_("Issuing body")), FieldSpec("issued_on", N_("Issued on"), kind="date"),
            FieldSpec("period_start", N_("Period from"), kind="date"),
            FieldSpec("period_end", N_("Period to"), kind="date"),
            FieldSpec("description", N_("Description"), kind="text")),
    columns=((N_("Code"), lambda p: p.code), (N_("Title"), lambda p: p.title)),
    rows=lambda store: store.catalog.programmes(),
    add=lambda store, v: store.catalog.add_programme(**v),
    label=lambda p: p.code,
    entities=frozenset({"programme"}),
)


def indicator_spec(programme_id: Any) -> RecordSpec:
    """Indicators of the programme ``programme_id()`` names (a callable: the programme shown changes)."""
    return RecordSpec(
        key="indicator", model=Indicator,
        fields=(FieldSpec("code", N_("Code")), FieldSpec("name", N_("Indicator"), kind="text", required=True),
                FieldSpec("unit_of_measure", N_("Unit of measure")), FieldSpec("target", N_("Target (as written)")),
                FieldSpec("target_value", N_("Target value"), parse=parse_number, fmt=format_number),
                FieldSpec("period", N_("Period"))),
        columns=((N_("Code"), lambda i: _text(i.code)), (N_("Indicator"), lambda i: i.name),
                 (N_("Target"), lambda i: _text(i.target))),
        rows=lambda store: store.catalog.indicators(programme_id()) if programme_id() else [],
        add=lambda store, v: store.catalog.add_indicator(**{"programme_id": programme_id(), **v}),
        label=lambda i: i.name,
        entities=frozenset({"indicator"}),
    )
