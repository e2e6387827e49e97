"""Which kind a new statement most likely is — from who speaks and what was said before.

Why: live minutes saved every statement as an opinion, so the minutes printed the unit's report and the head's
conclusion under "Ý kiến trao đổi của thành viên Đoàn giám sát" and left "Giải trình…" empty. A working session
follows one order (formats.md, the minutes' skeleton): the unit's leader presents the report, the delegation's
members give their opinions, the unit explains, the head (or whoever presides) concludes. So:

- someone of the visited unit, before any opinion → **report** (a second unit speaker adds to it); after the
  opinions → **explanation**;
- the head of the delegation or whoever presides → **conclusion** once there has been a discussion (an opinion or
  an explanation), **other** before it (opening the session, giving the floor);
- a member of the delegation, an invited guest, or a speaker not on the list → **opinion**.

The proposal is only a default: the secretary changes it with one key while typing, and what was chosen for the
earlier statements is what the next proposal reads ("the opinions have started" follows the stored kinds).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ssdesk.enums import MemberRole, Side, StatementKind
from ssdesk.models import Attendee, Statement

DISCUSSION = frozenset({StatementKind.OPINION, StatementKind.EXPLANATION})


def _enum(cls: Any, value: Any) -> Any:
    if value is None or value == "" or isinstance(value, cls):
        return value or None
    try:
        return cls(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Speaker:
    """What the proposal needs to know of who speaks: their side, their role in the delegation, whether they preside.
    ``Speaker()`` is someone not on the attendee list."""

    side: Side | None = None
    role: MemberRole | None = None
    presides: bool = False

    @classmethod
    def of(cls, attendee: Attendee | Mapping[str, Any] | None) -> Speaker:
        """From an attendee (a model object or the editor's row dict); ``None`` → a speaker not on the list."""
        if attendee is None:
            return cls()
        get = attendee.get if isinstance(attendee, Mapping) else (lambda k: getattr(attendee, k, None))
        return cls(_enum(Side, get("side")), _enum(MemberRole, get("delegation_role")), bool(get("presides")))

    @property
    def leads(self) -> bool:
        """The head of the delegation, or whoever presides (a review meeting's chair)."""
        return self.presides or self.role is MemberRole.HEAD


def propose_kind(speaker: Speaker, earlier: Iterable[StatementKind | str]) -> StatementKind:
    """The kind of a statement ``speaker`` starts now, after statements of the kinds ``earlier`` (in speaking
    order)."""
    kinds = {_enum(StatementKind, k) for k in earlier}
    if speaker.leads:
        return StatementKind.CONCLUSION if kinds & DISCUSSION else StatementKind.OTHER
    if speaker.side is Side.UNIT:
        return StatementKind.EXPLANATION if StatementKind.OPINION in kinds else StatementKind.REPORT
    return StatementKind.OPINION


def propose_kinds(speakers: Sequence[Speaker]) -> list[StatementKind]:
    """The kinds proposed for a whole session typed in this order, each proposal taken as typed."""
    out: list[StatementKind] = []
    for speaker in speakers:
        out.append(propose_kind(speaker, out))
    return out


def kind_for(attendees: Iterable[Attendee | Mapping[str, Any]], statements: Iterable[Statement | Mapping[str, Any]],
             attendee_id: str | None) -> StatementKind:
    """The proposal for ``attendee_id`` (``None``: a speaker not on the list) speaking next in a visit whose
    attendees and statements (any order; ``order_no`` sorts them) are given as model objects or row dicts."""
    def get(item: Any, key: str) -> Any:
        return item.get(key) if isinstance(item, Mapping) else getattr(item, key, None)

    who = next((a for a in attendees if attendee_id is not None and get(a, "id") == attendee_id), None)
    ordered = sorted(statements, key=lambda st: get(st, "order_no") or 0)
    return propose_kind(Speaker.of(who), [get(st, "kind") for st in ordered])


__all__ = ["Speaker", "kind_for", "propose_kind", "propose_kinds"]
