"""The "Số TT" of requests and petitions: given in order when added, renumbered when they move — until a document
citing them is issued.

Requests and petitions are numbered apart (the conclusion notice lists "Yêu cầu" 1, 2, 3 and "Kiến nghị" 1, 2), in
the visit's order (``order_no``). A number is the printed ``ref``; the rules:

* Added without a ``ref``: the next number of its kind (the highest plain number + 1, so a number is never given
  twice). Added with one (an import, the user's own "4.1"): kept as given.
* Moved or removed: the plain numbers of its kind follow the new order (1, 2, 3 … with no gap) — while the visit has
  no issued minutes or conclusion notice. A kind whose numbers the user wrote in a scheme of their own ("4.1",
  "KN1") is never renumbered: those are the user's.
* Once minutes or a conclusion notice of the visit is issued, its numbers are frozen. Issued documents are frozen
  PDFs (``documents.issuing``) that the unit reports against ("đã thực hiện yêu cầu số 3"); renumbering afterwards
  would make the file's "3" and the notice's "3" two different requests without a word. So after issue a move changes
  only the order, a removal leaves its number unused, and a new request gets the next free number. A new version of
  the notice prints the numbers as they stand.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ssdesk.enums import Direction, DocumentKind
from ssdesk.models import IssuedDocument, Recommendation

#: Issued documents that cite the requests by number.
CITING = (DocumentKind.MINUTES, DocumentKind.CONCLUSION)


def is_plain(ref: str | None) -> bool:
    """A number this module may manage: empty or digits only."""
    return ref is None or not ref.strip() or ref.strip().isdigit()


def numbers_frozen(s: Session, visit_id: str) -> bool:
    """``True`` once minutes or a conclusion notice of the visit has been issued (its numbers are printed)."""
    return s.execute(select(IssuedDocument.id).where(IssuedDocument.visit_id == visit_id,
                                                     IssuedDocument.kind.in_(CITING)).limit(1)).first() is not None


def next_ref(s: Session, visit_id: str, direction: Direction) -> str:
    """The number a new request (or petition) of the visit gets: one past the highest plain number of its kind."""
    refs = s.scalars(select(Recommendation.ref).where(Recommendation.visit_id == visit_id,
                                                      Recommendation.direction == direction)).all()
    return str(max((int(r) for r in refs if r and r.strip().isdigit()), default=0) + 1)


def renumber(s: Session, visit_id: str) -> list[Recommendation]:
    """Give each kind's requests 1, 2, 3 … in the visit's order (see the module's rules); returns those changed."""
    if numbers_frozen(s, visit_id):
        return []
    s.flush()
    ordered = s.scalars(select(Recommendation).where(Recommendation.visit_id == visit_id)
                        .order_by(Recommendation.order_no, Recommendation.created_at, Recommendation.id)).all()
    changed = []
    for direction in Direction:
        mine = [r for r in ordered if r.direction is direction]
        if not all(is_plain(r.ref) for r in mine):
            continue  # the user's own scheme: theirs to keep
        for number, rec in enumerate(mine, start=1):
            if rec.ref != str(number):
                rec.ref = str(number)
                changed.append(rec)
    return changed
