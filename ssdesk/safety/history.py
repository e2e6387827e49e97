"""After a merge, every recommendation's follow-up history still tells one story (issue 19 §4).

Why: follow-up steps are records of their own, so a merge inserts the laptop's steps even when the recommendation's
status conflict was settled for the office. After ``merge --take office`` a history held new → in progress (office)
and new → cannot be done (laptop) while the status said in progress: the visit could no longer be exported and
re-imported, whose replay checks each step against the status before it. :func:`settle_histories` runs inside the
merge's transaction: where a history no longer chains to the recommendation's status, the status steps of the side
that lost keep their date, reporter and text but become progress notes, annotated with the status they proposed —
nothing typed is lost, and the history leads to the status the merge chose.
"""

from __future__ import annotations

from typing import Any

from ssdesk.i18n import _

COLUMNS = "id, old_status, new_status, progress"


def _steps(conn: Any, rec_id: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """The recommendation's steps in the order the history shows them (date, then when recorded)."""
    rows = conn.exec_driver_sql(f"SELECT {COLUMNS} FROM follow_up WHERE recommendation_id=? "
                                "ORDER BY date, created_at, id", (rec_id,)).fetchall()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def chains(steps: list[tuple[str, str | None, str | None, str | None]], status: str) -> bool:
    """True when each step starts where the one before ended (a progress note records the status it was made
    under) and the last ends at ``status`` — what an import's replay checks."""
    current: str | None = None
    for _id, old, new, _note in steps:
        if current is None:
            current = old
        if old is not None and old != current:
            return False
        if new is not None:
            current = new
    return current is None or current == status


def settle_histories(conn: Any, recs: dict[str, set[str]]) -> list[str]:
    """Make the history of each recommendation in ``recs`` (id → ids of the steps of the side that lost) chain to
    its status; returns the ids of the steps turned into notes."""
    changed: list[str] = []
    for rec_id, losing in sorted(recs.items()):
        row = conn.exec_driver_sql("SELECT status FROM recommendation WHERE id=?", (rec_id,)).fetchone()
        if row is None:
            continue
        status = str(row[0])
        steps = _steps(conn, rec_id)
        if chains(steps, status):
            continue
        current = next((old for _i, old, _n, _t in steps if old is not None), None)
        for ident, _old, new, note in steps:
            if new is not None and ident in losing:
                mark = _("[status “{status}” proposed on the other side was not kept by the merge]").format(
                    status=new)
                conn.exec_driver_sql("UPDATE follow_up SET new_status=NULL, old_status=?, progress=? WHERE id=?",
                                     (current, f"{note} {mark}" if note else mark, ident))
                changed.append(ident)
            elif new is not None:
                current = new
            else:
                conn.exec_driver_sql("UPDATE follow_up SET old_status=? WHERE id=?", (current, ident))
    return changed
