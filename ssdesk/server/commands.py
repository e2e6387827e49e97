"""``ssdesk server DB users add|change|remove|list``: the people of the office server and what each may do
(:mod:`ssdesk.server.users`). ``ssdesk --db URL server users …`` is the same. Only an administrator changes users; the
database refuses anyone else, and the refusal is told in one line."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ssdesk.errors import SsdeskError
from ssdesk.i18n import _


def _open(location: str) -> Any:
    from ssdesk.server import is_url
    from ssdesk.store import Store

    if not is_url(location):
        raise SsdeskError(_("Users are managed on an office server database (postgresql://…), not in a case file "
                            "“{file}”.").format(file=location))
    return Store.open(location, create=False)


def _password(args: argparse.Namespace) -> str | None:
    if not getattr(args, "password_file", None):
        return None
    text = Path(args.password_file).read_text(encoding="utf-8").strip()
    if not text:
        raise SsdeskError(_("The password file “{file}” is empty.").format(file=args.password_file))
    return text


def _refused(exc: BaseException) -> SsdeskError:
    from ssdesk.server.rights import is_refusal

    if is_refusal(exc):
        return SsdeskError(_("The server refused: only an administrator manages users."))
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()
    return SsdeskError(detail[0] if detail else str(exc))


def cmd_server(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError

    from ssdesk.server import users

    with _open(args.file) as store:
        try:
            if args.action == "list":
                with store.engine.connect() as conn:
                    rows = users.list_users(conn)
                if args.json:
                    print(json.dumps([{"login": r.login, "role": r.role, "cleared": r.cleared,
                                       "delegations": list(r.delegations)} for r in rows],
                                     ensure_ascii=False, indent=2))
                for r in rows if not args.json else ():
                    cleared = _("cleared") if r.cleared else "-"
                    print(f"{r.login}\t{r.role}\t{cleared}\t{'; '.join(r.delegations)}")
                return 0
            with store.engine.begin() as conn:  # one transaction: all of it or nothing
                if args.action == "add":
                    users.add_user(conn, args.name, args.role, args.delegation or [], cleared=args.cleared,
                                   password=_password(args))
                    print(_("The user “{name}” was added.").format(name=args.name))
                elif args.action == "change":
                    users.change_user(conn, args.name, role=args.role, delegations=args.delegation,
                                      cleared=args.cleared)
                    print(_("The user “{name}” was changed.").format(name=args.name))
                else:
                    users.remove_user(conn, args.name)
                    print(_("The user “{name}” was removed: they can no longer connect.").format(name=args.name))
        except DBAPIError as exc:
            raise _refused(exc) from None
    return 0


def register(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    from ssdesk.server.users import ROLES

    p = sub.add_parser("server", help=_("the office server: its users and what each may do"))
    p.add_argument("file", help=_("the server database (postgresql://…)"))
    what = p.add_subparsers(dest="topic", metavar=_("TOPIC"), required=True, parser_class=type(p))
    u = what.add_parser("users", help=_("the people who use the server (administrator only)"))
    actions = u.add_subparsers(dest="action", metavar=_("ACTION"), required=True, parser_class=type(p))
    add = actions.add_parser("add", help=_("add a user: a login of their own in one role"))
    add.add_argument("name", help=_("the user's login name"))
    add.add_argument("--role", required=True, choices=ROLES, help=_("what the user does"))
    add.add_argument("--delegation", action="append", help=_("a delegation a secretary serves (repeatable)"))
    add.add_argument("--cleared", action="store_true", help=_("may see secret sessions"))
    add.add_argument("--password-file", help=_("a file holding the user's first password"))
    change = actions.add_parser("change", help=_("change a user's role, delegations or clearance"))
    change.add_argument("name", help=_("the user's login name"))
    change.add_argument("--role", choices=ROLES, help=_("what the user does"))
    change.add_argument("--delegation", action="append", help=_("a delegation a secretary serves (repeatable)"))
    change.add_argument("--cleared", action=argparse.BooleanOptionalAction, default=None,
                        help=_("may see secret sessions (--no-cleared takes it away)"))
    remove = actions.add_parser("remove", help=_("remove a user: their login is dropped"))
    remove.add_argument("name", help=_("the user's login name"))
    listing = actions.add_parser("list", help=_("list the users"))
    listing.add_argument("--json", action="store_true", help=_("print a JSON array of objects"))
    return {"server": cmd_server}
