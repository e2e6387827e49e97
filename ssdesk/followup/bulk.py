"""Bulk status change: many recommendations, one status, one date, one shared note — all or nothing.

Why all-or-nothing: a secretary closing the twelve items a unit reported on expects either "done" for all twelve or a
message saying which one is wrong; a half-applied batch would have to be found and undone by hand. Every item goes
through ``RecommendationService.change_status`` (the same rules as one by one) inside one transaction, every error
is collected and named by the item's number and text, and any error rolls the whole batch back.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ssdesk.enums import RecStatus
from ssdesk.errors import FieldError, NotFoundError, ValidationError
from ssdesk.i18n import _
from ssdesk.models import FollowUp, Recommendation

if TYPE_CHECKING:
    from ssdesk.store import Store


def item_name(rec: Recommendation | None, rec_id: str) -> str:
    """How an item is named in messages: its number in the notice and the start of its text."""
    if rec is None:
        return rec_id
    text = rec.text if len(rec.text) <= 50 else rec.text[:49] + "…"
    return f"{rec.ref} “{text}”" if rec.ref else f"“{text}”"


def bulk_change(store: Store, rec_ids: list[str], status: RecStatus | str, *, date: Any, note: str | None,
                today: dt.date, reporter: str | None = None) -> list[FollowUp]:
    """Change every item to ``status`` with one shared note; raise :class:`ValidationError` naming each bad item
    (field ``items[i]``) and write nothing if any is refused."""
    if not rec_ids:
        raise ValidationError.one("items", _("Choose at least one recommendation."))
    if len(set(rec_ids)) != len(rec_ids):
        raise ValidationError.one("items", _("A recommendation is listed twice."))
    from ssdesk.followup.filters import parse_status

    status = parse_status(status)
    errors: list[FieldError] = []
    done: list[FollowUp] = []
    with store.write() as s:
        for i, rec_id in enumerate(rec_ids):
            rec = s.get(Recommendation, rec_id)
            try:
                done.append(store.recommendations.change_status(rec_id, status, date=date, note=note,
                                                                reporter=reporter, today=today))
            except ValidationError as exc:
                detail = "; ".join(e.message for e in exc.errors)
                errors.append(FieldError(f"items[{i}]", _("Item {item}: {detail}").format(
                    item=item_name(rec, rec_id), detail=detail)))
            except NotFoundError as exc:
                errors.append(FieldError(f"items[{i}]", str(exc)))
        if errors:
            raise ValidationError(errors)  # leaves store.write(): the transaction is rolled back
    return done
