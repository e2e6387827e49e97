"""Reviewing a draft before it becomes a visit: which items the secretary keeps, and what she corrected.

A draft is only a proposal (``docs/draft-format.md``): the review screen lists its items, each with a few editable
fields, ticks and edits them, and nothing is written until "Create visit". Then :func:`build_exchange` makes visit
exchange data from the accepted, edited items only, and :func:`create_visit` imports it through the same path as
``ssdesk draft --into`` (``import_visit``: one transaction, all or nothing). Qt-free, so the CLI and tests share it.

Items are named by a stable ``key``: the record's id in the exchange data (``document:<n>`` for a document cited,
which has no record of its own). Dropping an attendee also drops their delegation membership and unlinks their
statements (the statement keeps the speaker's name); the report summary, the conclusion, the documents cited and
the visit's own count of indicators met follow the statements and figures kept.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ssdesk.drafting.figures import parse_reported
from ssdesk.drafting.model import Draft, new_id
from ssdesk.enums import VisitKind
from ssdesk.errors import SsdeskError
from ssdesk.i18n import _
from ssdesk.services.validation import Checker, as_datetime

if TYPE_CHECKING:
    from ssdesk.store import Store

#: The review screen's groups, in the order it shows them.
GROUPS = ("visit", "attendees", "figures", "statements", "findings", "requests", "petitions")
FINDING_KINDS = ("result", "strength", "limitation", "cause", "difficulty")
#: Items that cannot be dropped: a visit needs its date, delegation and unit (when its kind has them).
REQUIRED = frozenset({"visit", "delegation", "unit"})
#: The fields the secretary may correct, per item kind (exchange field names; "text" for a document cited).
EDITABLE: dict[str, tuple[str, ...]] = {
    "visit": ("kind", "title", "starts_at", "place", "convening_body"),
    "delegation": ("name", "issuing_body"),
    "unit": ("name",),
    "programme": ("code", "title"),
    "document": ("text",),
    "attendee": ("name", "title"),
    "figure": ("label", "reported"),
    "statement": ("text",),
    **{kind: ("text",) for kind in FINDING_KINDS},
    "request": ("text",),
    "petition": ("text",),
}
_LISTS = {"attendee": "attendees", "figure": "indicator_results", "statement": "statements",
          **{kind: "findings" for kind in FINDING_KINDS}, "request": "recommendations", "petition": "recommendations"}


@dataclass(frozen=True)
class ReviewItem:
    """One drafted record as the review screen shows it."""

    key: str
    kind: str
    group: str
    path: str
    fields: dict[str, str]                      # editable fields → the drafted value ("" for none)
    source: tuple[int, int] | None              # the span in ``draft.text`` it came from
    confidence: float
    match: dict[str, Any] | None = None         # the record already in the case file it is taken to be
    required: bool = False
    extra: dict[str, Any] = field(default_factory=dict)   # what is shown but not edited (speaker, side, kind)


def _group(kind: str) -> str:
    if kind in ("visit", "delegation", "unit", "programme", "document"):
        return "visit"
    if kind in FINDING_KINDS:
        return "findings"
    return {"attendee": "attendees", "figure": "figures", "statement": "statements", "request": "requests",
            "petition": "petitions"}[kind]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _fmt_when(iso: str | None) -> str:
    if not iso:
        return ""
    date, _sep, time = iso.partition("T")
    y, m, d = date.split("-")
    return f"{d}/{m}/{y} {time[:5]}".strip()


def _record(ex: dict[str, Any], kind: str, record_id: str | None) -> dict[str, Any] | None:
    if kind in ("visit", "delegation", "unit", "programme"):
        return ex.get(kind)
    return next((r for r in ex[_LISTS[kind]] if r["id"] == record_id), None)


def _other_documents(draft: Draft) -> list[str]:
    return [d.label for d in draft.documents if d is not draft.programme]


def review_items(draft: Draft) -> list[ReviewItem]:
    """Every item of ``draft`` with its editable fields, in the order of :data:`GROUPS` then of the draft."""
    ex = draft.to_exchange()
    docs = _other_documents(draft)
    out: list[ReviewItem] = []
    n_doc = 0
    for entry in draft.draft_items():
        kind = entry["kind"]
        src = entry.get("source")
        span = (src["start"], src["end"]) if src else None
        extra: dict[str, Any] = {}
        if kind == "document":
            key, values = f"document:{n_doc}", {"text": docs[n_doc] if n_doc < len(docs) else entry["number"]}
            n_doc += 1
        else:
            record = _record(ex, kind, entry.get("id"))
            if record is None:  # a statement with no words of its own: not in the exchange data either
                continue
            key = entry["id"]
            values = {f: _text(record.get(f)) for f in EDITABLE[kind]}
            if kind == "visit":
                values["starts_at"] = _fmt_when(record.get("starts_at"))
                values["kind"] = VisitKind(record.get("kind") or "supervision").label  # read back by VisitKind.parse
            if kind == "attendee":
                extra = {"side": record.get("side"), "role": record.get("delegation_role")}
            elif kind == "statement":
                extra = {"speaker": record.get("speaker_name"), "speaker_title": record.get("speaker_title"),
                         "statement_kind": record.get("kind")}
            elif kind == "figure":
                extra = {"unit_of_measure": record.get("unit_of_measure")}
        if entry.get("match") and kind in ("delegation", "unit", "programme"):
            values = {}  # the record in the case file is reused as it is: nothing here would change it
        out.append(ReviewItem(key, kind, _group(kind), entry["path"], values, span, float(entry["confidence"]),
                              entry.get("match"), kind in REQUIRED, extra))
    order = {g: i for i, g in enumerate(GROUPS)}
    return sorted(out, key=lambda item: order[item.group])  # stable: the draft's order within a group


def _blank(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def build_exchange(draft: Draft, accepted: Collection[str] | None = None,
                   edits: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """Visit exchange data from the items of ``draft`` whose key is in ``accepted`` (all when ``None``; the
    visit, delegation and unit always), with ``edits[key][field]`` replacing the drafted values. An attendee
    matched to a person with another title is linked to that person unless ``edits[key]["same_person"]`` is false.
    Raises :class:`ValidationError` (field ``<key>.<field>``) for an edited value that cannot be read."""
    items = review_items(draft)
    keep = {i.key for i in items} if accepted is None else set(accepted) | {i.key for i in items if i.required}
    edits = edits or {}
    ex = copy.deepcopy(draft.to_exchange())
    check = Checker()
    dropped_people: set[str] = set()
    docs: list[str] = []
    for item in items:
        change = {k: v for k, v in (edits.get(item.key) or {}).items()}
        if item.kind == "document":
            if item.key in keep:
                docs.append(_text(change.get("text", item.fields["text"])).strip())
            continue
        record = _record(ex, item.kind, item.key)
        assert record is not None
        if item.key not in keep:
            if item.kind == "programme":
                ex["programme"] = None
            else:
                ex[_LISTS[item.kind]].remove(record)
                if item.kind == "attendee":
                    dropped_people.add(record["id"])
                    dropped_people.add(record["person"]["id"])
            continue
        _apply(ex, item, record, change, check)
    check.raise_if_any()
    visit = ex["visit"]
    visit["related_documents"] = "\n".join(d for d in docs if d) or None
    if ex["delegation"] is not None:
        members = ex["delegation"].get("members", [])
        ex["delegation"]["members"] = [m for m in members if m["person"]["id"] not in dropped_people]
    for st in ex["statements"]:
        if st.get("attendee_id") in dropped_people:
            st["attendee_id"] = None
    for kind in ("report", "conclusion"):
        texts = [s["text"] for s in ex["statements"] if s["kind"] == kind and _blank(s["text"])]
        visit["report_summary" if kind == "report" else "conclusion"] = "\n\n".join(texts) or None
    _indicators_met(ex)
    for key in ("attendees", "indicator_results", "statements", "findings", "recommendations"):
        for i, record in enumerate(ex[key], 1):
            record["order_no"] = i
    for i, member in enumerate(_members(ex), 1):
        member["order_no"] = i
    return ex


def _apply(ex: dict[str, Any], item: ReviewItem, record: dict[str, Any], change: dict[str, Any],
           check: Checker) -> None:
    """Put the edited values of one kept item into its exchange record (and into what repeats them)."""
    values = {f: change[f] for f in item.fields if f in change and change[f] != item.fields[f]}
    if item.kind == "visit" and "starts_at" in values:
        when = as_datetime(check, f"{item.key}.starts_at", values.pop("starts_at"))
        if when is not None:
            record["starts_at"] = when.isoformat(timespec="seconds")
    if item.kind == "visit" and "kind" in values:
        try:
            values["kind"] = VisitKind.parse(_text(values["kind"]).strip()).value
        except (ValueError, KeyError):
            check.add(f"{item.key}.kind", _("“{value}” is not a kind of session; use one of: {known}.").format(
                value=values["kind"], known=", ".join(k.label for k in VisitKind)))
            values.pop("kind")
    if item.kind == "figure" and "reported" in values:
        record.update(parse_reported(values["reported"], record.get("unit_of_measure")))
    if item.kind == "attendee":
        _edit_attendee(ex, record, values, change)
        return
    for f, value in values.items():
        record[f] = _blank(value) if f not in ("text", "name", "code", "label") else _text(value).strip()


def _members(ex: dict[str, Any]) -> list[dict[str, Any]]:
    """The delegation's members; none for a session held without a delegation."""
    return list(ex["delegation"].get("members", [])) if ex.get("delegation") else []


def _edit_attendee(ex: dict[str, Any], record: dict[str, Any], values: dict[str, Any],
                   change: dict[str, Any]) -> None:
    old_name, person = record["name"], record["person"]
    name = _text(values.get("name", record["name"])).strip()
    title = _blank(values.get("title", record["title"]))
    record["name"], record["title"] = name, title
    if change.get("same_person", True) is False and "title" not in person:
        # matched to someone in the file; the secretary says it is another person: a new one is made
        new = {"id": new_id(), "full_name": name, "title": title, "organisation": record.get("organisation")}
        for member in _members(ex):
            if member["person"]["id"] == person["id"]:
                member["person"] = new
        record["person"] = new
    members = [m for m in _members(ex) if m["person"]["id"] == record["person"]["id"]]
    if "title" in record["person"]:  # a person drafted here (not one in the file): the correction goes to them too
        for p in [record["person"]] + [m["person"] for m in members]:
            p["full_name"], p["title"] = name, title
    for member in members:
        member["position"] = title
    for st in ex["statements"]:
        if st.get("attendee_id") == record["id"] and st.get("speaker_name") == old_name:
            st["speaker_name"], st["speaker_title"] = name, title


def _indicators_met(ex: dict[str, Any]) -> None:
    """The visit's own "23/27 chỉ tiêu" follows the figure it came from (dropped or corrected)."""
    visit = ex["visit"]
    visit.pop("indicators_met", None)
    visit.pop("indicators_total", None)
    for r in ex["indicator_results"]:
        if r.get("unit_of_measure") == "chỉ tiêu" and "/" in (r.get("reported") or ""):
            a, _sep, b = (r["reported"].split() or [""])[0].partition("/")
            if a.isdigit() and b.isdigit() and int(a) <= int(b):
                visit["indicators_met"], visit["indicators_total"] = int(a), int(b)
            return


def create_visit(store: Store, draft: Draft, accepted: Collection[str] | None = None,
                 edits: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """Import the accepted, edited items of ``draft`` into ``store`` as a new visit (state "minutes drafted");
    returns its id. An empty draft is refused; nothing is written unless the whole visit is."""
    from ssdesk.exchange import import_visit

    if draft.empty:
        raise SsdeskError(_("Nothing was drafted from this text; there is nothing to create."))
    data = build_exchange(draft, accepted, edits)
    return import_visit(store, data)

