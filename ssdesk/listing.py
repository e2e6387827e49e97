"""What ``ssdesk list`` and ``ssdesk check`` print for people: a header row, labels in the user's language, dates as
dd/mm/yyyy. Scripts use ``--json``, which keeps the stored codes (``in_progress``, ``true``) and ISO dates: one
reading for people, one for programs, from the same rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ssdesk.enums import Classification, Direction, RecStatus, UnitKind, VisitKind, VisitState
from ssdesk.i18n import N_, _

#: Each kind's columns: JSON key → header shown to people (in the order printed).
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "visits": (("id", N_("ID")), ("starts_at", N_("Starts")), ("delegation", N_("Delegation")),
               ("unit", N_("Unit")), ("programme", N_("Programme")), ("state", N_("State")),
               ("classification", N_("Classification")), ("recommendations", N_("Recommendations")),
               ("session_kind", N_("Kind of session"))),  # last: scripts reading columns by place keep working
    "recommendations": (("id", N_("ID")), ("ref", N_("No.")), ("direction", N_("Kind")), ("status", N_("Status")),
                        ("deadline", N_("Deadline")), ("overdue", N_("Overdue")), ("unit", N_("Unit")),
                        ("responsible", N_("Responsible")), ("delegation", N_("Delegation")),
                        ("visit_id", N_("Working session ID")), ("text", N_("Text"))),
    "units": (("id", N_("ID")), ("name", N_("Unit name")), ("kind", N_("Kind")), ("parent_id", N_("Parent unit ID")),
              ("valid_from", N_("Valid from")), ("valid_to", N_("Valid to"))),
    "delegations": (("id", N_("ID")), ("name", N_("Delegation name")), ("issuing_body", N_("Issuing body")),
                    ("decision_number", N_("Decision number")), ("decision_date", N_("Decision date"))),
}
#: Stored codes shown by their label.
LABELLED: dict[str, Any] = {"state": VisitState, "classification": Classification, "direction": Direction,
                            "status": RecStatus, "kind": UnitKind, "session_kind": VisitKind}
#: Tables of the case file that are no record kind of their own (``check`` counts them too).
INTERNAL_TABLES = {
    "attachment_blob": N_("Attachment contents"), "audit_log": N_("Change log entries"),
    "merge_base": N_("Merge records"), "saved_filter": N_("Saved filters"), "ssdesk_meta": N_("File facts"),
    "reporting_schedule": N_("Reporting schedules"), "recheck_entry": N_("Re-supervision entries"),
}


def list_rows(store: Any, kind: str, *, overdue: bool = False, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The rows of ``ssdesk list`` as stored (codes, ISO dates): what ``--json`` prints."""
    def day(value: dt.date | dt.datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    if kind == "visits":
        return [{"id": r.id, "starts_at": day(r.starts_at), "delegation": r.delegation, "unit": r.unit,
                 "programme": r.programme, "state": r.state.value, "classification": r.classification.value,
                 "recommendations": r.recommendations, "session_kind": r.kind.value} for r in store.visits.rows()]
    if kind == "recommendations":
        return [{"id": r.id, "ref": r.ref, "direction": r.direction.value, "status": r.status.value,
                 "deadline": day(r.deadline), "overdue": r.overdue, "unit": r.unit, "responsible": r.responsible,
                 "delegation": r.delegation, "visit_id": r.visit_id, "text": r.text}
                for r in store.recommendations.rows(overdue=overdue, today=today)]
    if kind == "units":
        return [{"id": u.id, "name": u.name, "kind": u.kind.value, "parent_id": u.parent_id,
                 "valid_from": day(u.valid_from), "valid_to": day(u.valid_to)} for u in store.catalog.units()]
    return [{"id": d.id, "name": d.name, "issuing_body": d.issuing_body, "decision_number": d.decision_number,
             "decision_date": day(d.decision_date)} for d in store.catalog.delegations()]


def shown(key: str, value: Any) -> str:
    """One value as people read it: a label for a code, dd/mm/yyyy [hh:mm] for a date, "overdue" or nothing."""
    if value is None:
        return ""
    if key in LABELLED:
        return str(LABELLED[key](value).label)
    if key == "overdue":
        return _("overdue") if value else ""
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return moment.strftime("%d/%m/%Y %H:%M" if "T" in value else "%d/%m/%Y")
    return str(value)


def people_lines(kind: str, rows: list[dict[str, Any]]) -> list[str]:
    """A header row, then one tab-separated line per row (still easy to cut or paste into a spreadsheet)."""
    columns = COLUMNS[kind]
    lines = ["\t".join(_(header) for _key, header in columns)]
    lines += ["\t".join(shown(key, row.get(key)) for key, _header in columns) for row in rows]
    return lines


def table_label(table: str) -> str:
    """A table of the case file by what it holds (``visit`` → "Working session")."""
    from ssdesk.services.base import ENTITY_NAMES

    return _(INTERNAL_TABLES.get(table) or ENTITY_NAMES.get(table) or table)


def check_lines(report: Any) -> list[str]:
    """``ssdesk check`` for people: the file, its schema version, whether it is sound, and the count of each kind
    of record by its label (``--json`` names the tables)."""
    sound = report.integrity == ["ok"]
    lines = [_("File: {path}").format(path=report.path),
             _("Schema version: {revision} (this ssdesk: {head})").format(
                 revision=report.schema_revision or "–", head=report.schema_head),
             _("Integrity: {result}").format(result=_("sound") if sound else "; ".join(report.integrity))]
    if report.needs_migration:
        lines.append(_("The file will be migrated (after a backup) when it is next opened."))
    if report.counts:
        lines.append(_("Records:"))
        labels = {table: table_label(table) for table in report.counts}
        width = max(len(label) for label in labels.values())
        lines += [f"  {labels[table]:<{width}}  {n:>8}" for table, n in report.counts.items()]
    return lines
