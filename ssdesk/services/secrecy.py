"""Whether an output holds anything from a secret (MẬT) working session, and which sessions those are.

Why one function for every output: a secret visit's content must never leave the case file in clear text without a
confirmation and without its mark (domain.md §3b). The minutes of one visit were gated; the follow-up report, the
reminder, the report upward, the XLSX sheet, the JSON export and the package each gather recommendations or visits
in their own way, and each once left without asking. They all answer the same question here — the command line to
refuse without ``--allow-secret`` and name the sessions, the GUI to ask, the layouts to print MẬT on every page or
sheet, the writer to create the file 0600.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from ssdesk.enums import Classification
from ssdesk.errors import SsdeskError
from ssdesk.i18n import _, ngettext
from ssdesk.models import Delegation, Recommendation, Unit, Visit

if TYPE_CHECKING:
    from ssdesk.store import Store

#: SQLite's limit on bound parameters is far above this; chunks keep 100,000 ids cheap on every database.
CHUNK = 500
#: A refusal names at most this many sessions, then says how many more.
NAMED = 5


@dataclass(frozen=True)
class SecretVisit:
    """One secret session an output draws from; ``items``: how many of its recommendations the output holds (0
    when the output is the whole visit)."""

    id: str
    held_with: str  # the visited unit, or who holds a session that visits none
    day: dt.date
    items: int = 0

    def label(self) -> str:
        """"Quận ủy Hoàng Mai, 27/02/2024 (3 items)": how a message names it."""
        text = f"{self.held_with}, {self.day:%d/%m/%Y}" if self.held_with else f"{self.day:%d/%m/%Y}"
        if self.items:
            text += " (" + ngettext("{n} item", "{n} items", self.items).format(n=self.items) + ")"
        return text


@dataclass(frozen=True)
class SecretContent:
    """The secret sessions an output holds something of, in the order they were held; falsy when there are none."""

    visits: tuple[SecretVisit, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.visits)

    @property
    def items(self) -> int:
        return sum(v.items for v in self.visits)

    def names(self, limit: int = NAMED) -> str:
        """The sessions by unit and date, "…and 3 more" beyond ``limit``."""
        shown = "; ".join(v.label() for v in self.visits[:limit])
        rest = len(self.visits) - limit
        if rest > 0:
            shown += "; " + ngettext("and {n} more session", "and {n} more sessions", rest).format(n=rest)
        return shown

    def describe(self) -> str:
        """One sentence for a refusal or a question: what in the output is secret."""
        return ngettext("The output holds material of {n} working session classified SECRET (MẬT): {names}.",
                        "The output holds material of {n} working sessions classified SECRET (MẬT): {names}.",
                        len(self.visits)).format(n=len(self.visits), names=self.names())

    def refusal(self) -> str:
        """The command line's message when ``--allow-secret`` was not given."""
        return self.describe() + " " + _("Add --allow-secret to confirm that it may leave the case file; "
                                         "nothing was written.")


class SecretOutputError(SsdeskError):
    """Raised by a job making an output that turns out to hold secret material it was not cleared for: the GUI asks
    (``ui.features.documents.output.confirm_secret``) and runs it again, cleared, when the user agrees."""

    def __init__(self, content: SecretContent) -> None:
        super().__init__(content.describe())
        self.content = content


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    unique = list(dict.fromkeys(i for i in ids if i))
    for i in range(0, len(unique), CHUNK):
        yield unique[i:i + CHUNK]


def secret_content(store: Store, *, visit_ids: Iterable[str] = (), recommendation_ids: Iterable[str] = (),
                   recommendations_until: dt.date | None = None) -> SecretContent:
    """What of ``visit_ids`` (whole visits), ``recommendation_ids`` (single items) and, with
    ``recommendations_until``, every recommendation of a session held by that day (an aggregate such as the report
    upward) comes from a secret session. Two small queries per 500 ids; nothing is loaded for a normal session."""
    counts: Counter[str] = Counter()
    wanted: set[str] = set()
    secret = Visit.classification == Classification.SECRET
    with store.read() as s:
        for chunk in _chunks(visit_ids):
            wanted.update(s.scalars(select(Visit.id).where(Visit.id.in_(chunk), secret)))
        for chunk in _chunks(recommendation_ids):
            query = (select(Recommendation.visit_id, func.count()).join(Visit, Recommendation.visit_id == Visit.id)
                     .where(Recommendation.id.in_(chunk), secret).group_by(Recommendation.visit_id))
            counts.update({vid: n for vid, n in s.execute(query)})
        if recommendations_until is not None:
            end = dt.datetime.combine(recommendations_until + dt.timedelta(days=1), dt.time())
            query = (select(Recommendation.visit_id, func.count()).join(Visit, Recommendation.visit_id == Visit.id)
                     .where(secret, Visit.starts_at < end).group_by(Recommendation.visit_id))
            counts.update({vid: n for vid, n in s.execute(query)})
        ids = wanted | set(counts)
        found: list[SecretVisit] = []
        for chunk in _chunks(ids):
            names = (select(Visit.id, Visit.starts_at, Unit.name, Delegation.name, Visit.convening_body)
                     .select_from(Visit).outerjoin(Unit, Visit.unit_id == Unit.id)
                     .outerjoin(Delegation, Visit.delegation_id == Delegation.id).where(Visit.id.in_(chunk)))
            for vid, starts, unit, delegation, body in s.execute(names):
                found.append(SecretVisit(vid, unit or delegation or body or "", starts.date(), counts.get(vid, 0)))
    found.sort(key=lambda v: (v.day, v.held_with, v.id))
    return SecretContent(tuple(found))


def loaded_visit_secrets(visit: Visit) -> SecretContent:
    """What :func:`secret_content` says of one visit already loaded (a document's ``load_visit``): the caller that
    prints it needs the row anyway, so the check costs no second read of it."""
    if visit.classification is not Classification.SECRET:
        return SecretContent()
    held_with = (visit.unit.name if visit.unit else "") or (visit.delegation.name if visit.delegation else "") \
        or visit.convening_body or ""
    return SecretContent((SecretVisit(visit.id, held_with, visit.starts_at.date()),))


def is_secret_visit(store: Store, visit_id: str) -> bool:
    """Whether one visit is classified secret (its minutes, notice, JSON or package then need the confirmation)."""
    with store.read() as s:
        return s.scalar(select(Visit.classification).where(Visit.id == visit_id)) is Classification.SECRET


__all__ = ["SecretContent", "SecretOutputError", "SecretVisit", "is_secret_visit", "loaded_visit_secrets",
           "secret_content"]
