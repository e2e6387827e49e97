"""A laptop file merged into the office server with the rights of the user merging (issue 18).

The database would refuse a row the user may not write anyway (row-level security, :mod:`ssdesk.server.access`), but
only as "permission denied" for the whole merge, naming nothing — and an update of a row the user may not even see
would touch nothing without a word. So before anything is written the merge's rows are checked here against what
the login may do (:class:`~ssdesk.server.rights.Permissions`, read from the database), and when any is not allowed
the merge is refused whole, naming each session whose rows were refused and why.

Why all or nothing rather than merging the rest: a merge records, per row, what both sides agreed on (``merge_base``)
so that the next merge of the same laptop knows what changed since. Merging part of a file would record the refused
rows as settled — or leave the laptop's changes to them waiting with nothing to say so — and the next merge by
someone who may write them could not tell them from changes made afterwards. Refused whole, the laptop keeps every
row; the secretary of that delegation, or an administrator, merges the same file, or the user merges it after the
administrator gave the rights.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from ssdesk.errors import AccessRefusedError
from ssdesk.i18n import _
from ssdesk.server.access import LEADER_WRITES, VISIT_ROWS, WRITE_SET
from ssdesk.server.rights import Permissions

#: a merge step: (action, (table, id), the office's row, the laptop's row)
Step = tuple[str, tuple[str, str], Mapping[str, Any] | None, Mapping[str, Any] | None]


class _Visits:
    """The session each row belongs to, read from the laptop file (where the merged rows come from) and, for a row
    the laptop no longer holds, from the office's row."""

    def __init__(self, lap_con: sqlite3.Connection) -> None:
        self.lap = lap_con

    def _one(self, sql: str, ident: Any) -> Any:
        row = self.lap.execute(sql, (ident,)).fetchone()
        return row[0] if row else None

    def of(self, table: str, row: Mapping[str, Any]) -> str | None:
        if table == "visit":
            return str(row["id"])
        if row.get("visit_id"):
            return str(row["visit_id"])
        rec = row.get("recommendation_id")
        if rec is None and row.get("follow_up_id"):
            rec = self._one("SELECT recommendation_id FROM follow_up WHERE id = ?", row["follow_up_id"])
        if rec is not None:
            visit = self._one("SELECT visit_id FROM recommendation WHERE id = ?", rec)
            return str(visit) if visit else None
        return None

    def describe(self, visit_id: str, office_row: Mapping[str, Any] | None) -> tuple[str | None, bool, str]:
        """(delegation id, secret, how people name it: title or unit and date, and the delegation); a session the
        laptop deleted, from the office's row."""
        row = self.lap.execute(
            "SELECT v.delegation_id, v.classification, COALESCE(NULLIF(v.title, ''), u.name, ''), v.starts_at,"
            " d.name FROM visit v LEFT JOIN unit u ON u.id = v.unit_id LEFT JOIN delegation d ON d.id ="
            " v.delegation_id WHERE v.id = ?", (visit_id,)).fetchone()
        if row is None:
            if office_row is None:
                return None, False, visit_id
            row = (office_row.get("delegation_id"), office_row.get("classification"), office_row.get("title") or "",
                   office_row.get("starts_at"), None)
        when = str(row[3] or "")[:10]
        if len(when) == 10 and when[4] == "-":
            when = f"{when[8:10]}/{when[5:7]}/{when[0:4]}"
        name = " — ".join(p for p in (str(row[2]), when, str(row[4] or "")) if p)
        return row[0], row[1] == "secret", f"“{name}”"


def refused_rows(rights: Permissions, lap_con: sqlite3.Connection, steps: Iterable[Step]) -> list[str]:
    """One line per session (or per table, for rows of no session) whose rows in ``steps`` the login may not
    write: what it is, how many rows, and why. Empty when everything may be written."""
    visits = _Visits(lap_con)
    by_visit: dict[str, list[str]] = {}
    office_visits: dict[str, Mapping[str, Any]] = {}
    other: dict[str, int] = {}
    for action, (table, _ident), office_row, lap_row in steps:
        if action not in ("insert", "update", "delete"):
            continue
        row = lap_row if lap_row is not None else office_row
        if row is None:
            continue
        visit = visits.of(table, row) if table == "visit" or table in VISIT_ROWS else None
        if visit is None:
            if not _may_write_table(rights, table):
                other[table] = other.get(table, 0) + 1
            continue
        by_visit.setdefault(visit, []).append(table)
        if table == "visit" and office_row is not None:
            office_visits[visit] = office_row
    lines: list[str] = []
    for visit, tables in by_visit.items():
        delegation, secret, name = visits.describe(visit, office_visits.get(visit))
        why = _why_not(rights, tables, delegation, secret)
        if why:
            lines.append(_("session {name}: {n} rows — {why}").format(name=name, n=len(tables), why=why))
    for table, n in sorted(other.items()):
        lines.append(_("{n} rows of the table {table} — {why}").format(
            n=n, table=table, why=rights.why_not_edit() or _("your role may not change them.")))
    return lines


def _may_write_table(rights: Permissions, table: str) -> bool:
    return rights.edits_visits() or (rights.role == "leader" and table in LEADER_WRITES)


def _why_not(rights: Permissions, tables: list[str], delegation: str | None, secret: bool) -> str | None:
    if secret and not rights.cleared:
        return _("You are not cleared for secret sessions.")
    if rights.may_edit_visit(delegation, secret):
        return None
    if rights.role == "leader" and all(t in WRITE_SET for t in tables):
        return None  # a leader records follow-up and issues documents on any session they may read
    return rights.why_not_edit(delegation, secret) or _("You may not change this session.")


def check(rights: Permissions, lap_con: sqlite3.Connection, steps: Iterable[Step]) -> None:
    """Raise :class:`AccessRefusedError` naming every session whose rows the login may not write."""
    lines = refused_rows(rights, lap_con, steps)
    if lines:
        raise AccessRefusedError(_("The laptop file holds changes you may not make on the server; nothing was "
                                   "merged, the laptop file keeps them all:\n{rows}\nAsk the secretary of that "
                                   "delegation or an administrator to merge this file.")
                                 .format(rows="\n".join(f"• {line}" for line in lines)))


def check_store(office: Any, lap_con: sqlite3.Connection, steps: Iterable[Step]) -> None:
    """:func:`check` with the rights of ``office``'s login, asked of its database (nothing to check on a file)."""
    if not office.is_server:
        return
    from ssdesk.server.rights import permissions

    with office.engine.connect() as conn:
        rights = permissions(conn)
    check(rights, lap_con, steps)
