"""What the current login may do, asked of the database once when a case file opens, so the app can disable what
would be refused and say why. The database stays the judge (:mod:`ssdesk.server.access`): this is only its answer
read ahead, and a write refused later (rights changed meanwhile) is told apart by :func:`is_refusal`.

A case file on SQLite, and a server database without the rules, allow everything (one person's file, or an office
that has not set users up yet).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ssdesk.i18n import _

#: PostgreSQL's insufficient_privilege: no GRANT, or a row-level security policy's WITH CHECK refused the row
REFUSED = "42501"


@dataclass(frozen=True)
class Permissions:
    """A plain value: the login, its role (``administrator``, ``secretary``, ``leader``, ``reader``, or ``owner``
    for the database's owner, ``full`` for a file), whether it is cleared for secret sessions, and the ids of the
    delegations a secretary serves."""

    login: str
    role: str
    cleared: bool
    delegations: frozenset[str] = field(default_factory=frozenset)

    @property
    def manages_users(self) -> bool:
        return self.role in ("owner", "administrator")

    def edits_visits(self) -> bool:
        return self.role in ("full", "owner", "administrator", "secretary")

    def follows_up(self) -> bool:
        return self.role in ("full", "owner", "administrator", "secretary", "leader")

    def may_edit_visit(self, delegation_id: str | None, secret: bool = False) -> bool:
        if secret and not self.cleared:
            return False
        if self.role == "secretary":
            return delegation_id in self.delegations
        return self.edits_visits()

    def why_not_edit(self, delegation_id: str | None = None, secret: bool = False) -> str | None:
        """None when the session may be edited; else the reason, in the user's language."""
        if secret and not self.cleared:
            return _("You are not cleared for secret sessions.")
        if self.role == "reader":
            return _("Your role on the server is reader: you may read, not change.")
        if self.role == "leader":
            return _("Your role on the server is leader: you verify follow-up and issue documents, the secretary "
                     "edits sessions.")
        if self.role == "secretary" and delegation_id not in self.delegations:
            return _("You are the secretary of other delegations than this session's.")
        if self.role == "none":
            return _("Your login is not a user of this database; ask its administrator.")
        return None

    def why_not_follow_up(self) -> str | None:
        if self.follows_up():
            return None
        return self.why_not_edit() or _("You may not record follow-up.")

    def why_not_manage_users(self) -> str | None:
        return None if self.manages_users else _("Only an administrator manages the users of the server.")


FULL = Permissions(login="", role="full", cleared=True)


def permissions(conn: Any) -> Permissions:
    """Ask the database what the connected login may do (one round trip on a server; nothing on a file)."""
    if conn.dialect.name != "postgresql":
        return FULL
    from ssdesk.server import access

    login = str(conn.exec_driver_sql("SELECT session_user").scalar_one())
    if not access.installed(conn):
        return Permissions(login=login, role="full", cleared=True)
    role, cleared = conn.exec_driver_sql("SELECT ssdesk_role(), ssdesk_cleared()").one()
    if role == "administrator" and conn.exec_driver_sql(
            f"SELECT 1 FROM {access.USER_TABLE} WHERE login = session_user").first() is None:
        role = "owner"
    delegations = frozenset(r[0] for r in conn.exec_driver_sql(
        f"SELECT delegation_id FROM {access.USER_DELEGATION_TABLE} WHERE login = session_user"))
    return Permissions(login=login, role=role or "none", cleared=bool(cleared), delegations=delegations)


def is_refusal(exc: BaseException) -> bool:
    """The database refused a write for want of rights (SQLSTATE 42501), e.g. rights changed since opening."""
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlstate", None) == REFUSED


def refusal_message() -> str:
    return _("The server refused this change: your rights on it do not allow it (they may have changed since you "
             "opened the case file). Nothing you typed is lost; ask the administrator.")
