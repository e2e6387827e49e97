"""Managing the people who use the office server: each one a PostgreSQL login role in one ssdesk group, with the
delegations a secretary serves and a clearance for secret sessions (:mod:`ssdesk.server.access` says what they
imply). Only an administrator — a role that may create roles — does this; the database refuses anyone else.

Everything runs in the caller's one transaction (``store.write()``'s connection), so a user added with a delegation
that does not exist is not added at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ssdesk.errors import FieldError, SsdeskError, ValidationError
from ssdesk.i18n import _
from ssdesk.server import access

ROLES = tuple(access.GROUPS)
NAME = re.compile(r"[a-z_][a-z0-9_.\-]{0,62}")


@dataclass(frozen=True)
class UserRow:
    """One person: login, role, clearance, the names of the delegations they serve (a secretary's)."""

    login: str
    role: str
    cleared: bool
    delegations: tuple[str, ...]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def check_name(name: str) -> str:
    """A login name PostgreSQL and people both read the same: lower-case letters, digits, ``_ . -``."""
    if not NAME.fullmatch(name):
        raise ValidationError([FieldError("name", _("A user name is 1 to 63 lower-case letters without accents, "
                                                    "digits, _ . or -, and starts with a letter or _ "
                                                    "(“{name}”).").format(name=name))])
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError([FieldError("role", _("The role is one of: {roles} (“{role}”).")
                                          .format(roles=", ".join(ROLES), role=role))])
    return role


def _delegation_ids(conn: Any, names: Sequence[str]) -> list[str]:
    ids: list[str] = []
    errors: list[FieldError] = []
    for name in names:
        rows = conn.exec_driver_sql("SELECT id FROM delegation WHERE name = ?", (name.strip(),)).all()
        if len(rows) != 1:
            errors.append(FieldError("delegation", (_("No delegation is named “{name}”.") if not rows else
                                                    _("Several delegations are named “{name}”.")).format(name=name)))
        else:
            ids.append(rows[0][0])
    if errors:
        raise ValidationError(errors)
    return ids


def _ensure(conn: Any) -> None:
    if not access.installed(conn):
        if not access.can_install(conn):
            raise SsdeskError(_("Only an administrator of the server (a role that may create roles) manages "
                                "users."))
        access.install(conn)


def _exists(conn: Any, name: str) -> bool:
    return conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = ?", (name,)).first() is not None


def _set_group(conn: Any, name: str, role: str) -> None:
    for other, group in access.GROUPS.items():
        verb = "GRANT {g} TO {u}" if other == role else "REVOKE {g} FROM {u}"
        conn.exec_driver_sql(verb.format(g=group, u=_quote(name)))
    conn.exec_driver_sql(f"ALTER ROLE {_quote(name)} {'CREATEROLE' if role == 'administrator' else 'NOCREATEROLE'}")


def _set_delegations(conn: Any, name: str, role: str, delegations: Sequence[str]) -> None:
    if role == "secretary" and not delegations:
        raise ValidationError([FieldError("delegation", _("A secretary serves at least one delegation: name it "
                                                          "with --delegation."))])
    ids = _delegation_ids(conn, delegations)
    conn.exec_driver_sql(f"DELETE FROM {access.USER_DELEGATION_TABLE} WHERE login = ?", (name,))
    for ident in ids:
        conn.exec_driver_sql(f"INSERT INTO {access.USER_DELEGATION_TABLE} (login, delegation_id) VALUES (?, ?)",
                             (name, ident))


def add_user(conn: Any, name: str, role: str, delegations: Sequence[str] = (), *, cleared: bool = False,
             password: str | None = None) -> None:
    """Make ``name`` a login of this database in ``role`` (a role of that name already on the server — a person
    using another ssdesk database — is taken as it is, password included)."""
    check_name(name)
    check_role(role)
    _ensure(conn)
    if conn.exec_driver_sql(f"SELECT 1 FROM {access.USER_TABLE} WHERE login = ?", (name,)).first():
        raise ValidationError([FieldError("name", _("The user “{name}” exists already (use users change).")
                                          .format(name=name))])
    if not _exists(conn, name):
        conn.exec_driver_sql(f"CREATE ROLE {_quote(name)} LOGIN")
    if password:
        from psycopg import sql

        raw = conn.connection.driver_connection
        raw.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(name), sql.Literal(password)))
    conn.exec_driver_sql(f"INSERT INTO {access.USER_TABLE} (login, role, cleared) VALUES (?, ?, ?)",
                         (name, role, cleared))
    _set_delegations(conn, name, role, delegations)
    _set_group(conn, name, role)


def change_user(conn: Any, name: str, *, role: str | None = None, delegations: Sequence[str] | None = None,
                cleared: bool | None = None) -> None:
    """Change what ``name`` may do; what is not given stays as it was."""
    _ensure(conn)
    row = conn.exec_driver_sql(f"SELECT role, cleared FROM {access.USER_TABLE} WHERE login = ?", (name,)).first()
    if row is None:
        raise ValidationError([FieldError("name", _("There is no user “{name}”.").format(name=name))])
    new_role = check_role(role) if role is not None else row[0]
    conn.exec_driver_sql(f"UPDATE {access.USER_TABLE} SET role = ?, cleared = ?, changed_at = now(),"
                         " changed_by = session_user WHERE login = ?",
                         (new_role, row[1] if cleared is None else cleared, name))
    if delegations is not None or new_role == "secretary":
        if delegations is None:
            delegations = [r[0] for r in conn.exec_driver_sql(
                f"SELECT d.name FROM {access.USER_DELEGATION_TABLE} u JOIN delegation d ON d.id = u.delegation_id"
                " WHERE u.login = ?", (name,))]
        _set_delegations(conn, name, new_role, delegations)
    _set_group(conn, name, new_role)


def remove_user(conn: Any, name: str) -> None:
    """Take ``name`` off this database and drop the login: they can no longer connect."""
    _ensure(conn)
    if conn.exec_driver_sql(f"DELETE FROM {access.USER_TABLE} WHERE login = ?", (name,)).rowcount == 0:
        raise ValidationError([FieldError("name", _("There is no user “{name}”.").format(name=name))])
    conn.exec_driver_sql(f"DROP ROLE IF EXISTS {_quote(name)}")


def list_users(conn: Any) -> list[UserRow]:
    """The people of this database, by login (an administrator sees all; anyone else only themselves)."""
    if not access.installed(conn):
        return []
    names: dict[str, list[str]] = {}
    for login, delegation in conn.exec_driver_sql(
            f"SELECT u.login, d.name FROM {access.USER_DELEGATION_TABLE} u JOIN delegation d"
            " ON d.id = u.delegation_id ORDER BY d.name"):
        names.setdefault(login, []).append(delegation)
    return [UserRow(r[0], r[1], bool(r[2]), tuple(names.get(r[0], ())))
            for r in conn.exec_driver_sql(f"SELECT login, role, cleared FROM {access.USER_TABLE} ORDER BY login")]


def delegation_names(conn: Any) -> list[str]:
    """The delegations a secretary may be given, by name (what the users dialog offers)."""
    return [r[0] for r in conn.exec_driver_sql("SELECT name FROM delegation ORDER BY name")]


def apply_change(store: Any, action: str, name: str, role: str | None = None, delegations: Sequence[str] = (),
                 cleared: bool | None = None) -> None:
    """``add``, ``change`` or ``remove`` as one transaction on ``store``'s database; a refusal by the database
    (not an administrator, SQLSTATE 42501) becomes a :class:`SsdeskError` in the user's language."""
    from sqlalchemy.exc import DBAPIError

    from ssdesk.server.rights import is_refusal

    try:
        with store.engine.begin() as conn:
            if action == "add":
                add_user(conn, name, role or "", delegations, cleared=bool(cleared))
            elif action == "change":
                change_user(conn, name, role=role, delegations=delegations, cleared=cleared)
            else:
                remove_user(conn, name)
    except DBAPIError as exc:
        if is_refusal(exc):
            raise SsdeskError(_("The server refused: only an administrator manages users.")) from None
        lines = str(exc.orig).strip().splitlines()
        raise SsdeskError(lines[0] if lines else str(exc)) from None
