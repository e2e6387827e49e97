"""CLI subcommands: ``backup``, ``backups``, ``restore``, ``merge``, ``package``, ``encrypt``, ``decrypt``
(registered by ``ssdesk.cli``).

Passwords of encrypted case files never go on the command line: ``SSDESK_PASSWORD``, ``SSDESK_PASSWORD_FILE`` or
``--password-file FILE`` (first line), else ``encrypt``/``decrypt`` ask for it (``getpass``, not echoed).

Exit codes follow the CLI's rule (1: the data or file is bad, 2: the command line is) plus 3: a merge stopped on
conflicts that need a decision — nothing was written, the conflicts are listed.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from ssdesk.i18n import _

Handler = Callable[[argparse.Namespace], int]


def register(sub: Any) -> dict[str, Handler]:
    from ssdesk.cli import add_allow_secret

    p = sub.add_parser("backup", help=_("back up a case file now"))
    p.add_argument("file", help=_("case file"))
    p.add_argument("--to", help=_("folder for the backup (default: the user data folder)"))

    p = sub.add_parser("backups", help=_("list the backups of a case file"))
    p.add_argument("file", help=_("case file"))
    p.add_argument("--in", dest="folder", help=_("folder holding the backups"))
    p.add_argument("--json", action="store_true", help=_("print the result as JSON"))

    p = sub.add_parser("restore", help=_("replace a case file by a backup (the current file is backed up first)"))
    p.add_argument("backup", help=_("backup file"))
    p.add_argument("file", help=_("case file"))

    p = sub.add_parser("merge", help=_("bring a laptop's changes into the office case file"))
    p.add_argument("office", help=_("office case file"))
    p.add_argument("laptop", help=_("laptop case file (read only, never changed)"))
    p.add_argument("--dry-run", action="store_true", help=_("only show what would change"))
    p.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    p.add_argument("--take", choices=("laptop", "office"), help=_("settle every conflict with this side's version"))

    p = sub.add_parser("package", help=_("write one visit and what it needs to a small case file for a laptop"))
    p.add_argument("file", help=_("case file"))
    p.add_argument("--visit", required=True, help=_("id of the visit"))
    p.add_argument("-o", "--output", required=True, help=_("output file"))
    add_allow_secret(p)

    p = sub.add_parser("encrypt", help=_("encrypt a case file with a password (needs ssdesk[encryption])"))
    p.add_argument("file", help=_("case file"))
    p = sub.add_parser("decrypt", help=_("remove the password of an encrypted case file"))
    p.add_argument("file", help=_("case file"))
    for name in ("backup", "backups", "restore", "merge", "package", "encrypt", "decrypt"):
        sub.choices[name].add_argument(
            "--password-file", metavar="FILE",
            help=_("file whose first line is the password of encrypted case files (or SSDESK_PASSWORD)"))
    handlers = {"backup": cmd_backup, "backups": cmd_backups, "restore": cmd_restore, "merge": cmd_merge,
                "package": cmd_package, "encrypt": cmd_encrypt, "decrypt": cmd_decrypt}
    return {name: _with_password(handler) for name, handler in handlers.items()}


def _with_password(handler: Handler) -> Handler:
    """Runs ``handler`` with ``--password-file`` made known to :mod:`ssdesk.crypto` (as SSDESK_PASSWORD_FILE)."""

    def run(args: argparse.Namespace) -> int:
        import os

        from ssdesk.crypto import ENV_PASSWORD_FILE
        from ssdesk.safety.intake import case_path
        from ssdesk.safety.outputs import check_output
        from ssdesk.server import is_url

        for name in ("file", "backup", "office", "laptop"):  # devices, pipes, loops of links: refused up front
            value = getattr(args, name, None)
            if value is not None and not is_url(value):
                case_path(value)
        if getattr(args, "output", None):
            check_output(args.output)
        file = getattr(args, "password_file", None)
        if not file:
            return handler(args)
        old = os.environ.get(ENV_PASSWORD_FILE)
        os.environ[ENV_PASSWORD_FILE] = file
        try:
            return handler(args)
        finally:
            if old is None:
                os.environ.pop(ENV_PASSWORD_FILE, None)
            else:
                os.environ[ENV_PASSWORD_FILE] = old

    return run


def _ask_password(confirm: bool) -> str:
    """The password from SSDESK_PASSWORD / the password file, else asked for on the terminal (twice to set one)."""
    import getpass
    import os
    import sys

    from ssdesk.crypto import ENV_PASSWORD, env_password
    from ssdesk.errors import CaseFileError

    given = env_password()
    if given:
        return given
    if ENV_PASSWORD in os.environ:  # set but empty: a script's mistake, not a wish to be asked
        raise CaseFileError(_("SSDESK_PASSWORD is empty; nothing was changed."))
    if not sys.stdin or not sys.stdin.isatty():  # no one to ask (a script, a service): say how to give it
        raise CaseFileError(_("No password was given: set SSDESK_PASSWORD or use --password-file; nothing was "
                              "changed."))
    try:
        first = getpass.getpass(_("Password: "))
        if confirm and getpass.getpass(_("Password again: ")) != first:
            raise CaseFileError(_("The two passwords differ; nothing was changed."))
    except EOFError:
        raise CaseFileError(_("No password was given; nothing was changed.")) from None
    if not first:
        raise CaseFileError(_("The password must not be empty."))
    return first


def _convert(path_text: str, encrypt: bool) -> int:
    """Encrypt or decrypt the case file in place: a converted copy beside it, checked, then swapped in atomically."""
    import os
    import uuid
    from pathlib import Path

    from ssdesk import crypto
    from ssdesk.casefile import inspect_file
    from ssdesk.errors import CaseFileError
    from ssdesk.safety.lock import FileLock
    from ssdesk.store import Store

    path = Path(path_text).expanduser().resolve()
    if not path.is_file():
        raise CaseFileError(_("The case file “{name}” does not exist.").format(name=str(path)))
    if crypto.is_encrypted(path) == encrypt:
        msg = (_("The case file “{name}” is already encrypted.") if encrypt
               else _("The case file “{name}” is not encrypted."))
        raise CaseFileError(msg.format(name=path.name))
    crypto.require()
    password = _ask_password(confirm=encrypt)
    Store.open(path, create=False, password=None if encrypt else password).close()  # migrated, WAL folded in
    lock = FileLock.acquire(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        before = inspect_file(path, password=None if encrypt else password)
        (crypto.encrypt_copy if encrypt else crypto.decrypt_copy)(path, tmp, password)
        after = inspect_file(tmp, password=password if encrypt else None)  # the copy opens, and is sound
        if after != before:
            raise CaseFileError(_("The converted copy of “{name}” differs; nothing was changed.")
                                .format(name=path.name))
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        for extra in ("-wal", "-shm", "-journal"):
            Path(str(path) + extra).unlink(missing_ok=True)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        lock.release()
    if encrypt:
        crypto.remember(path, password)
        print(_("“{name}” is now encrypted. Backups taken before stay unencrypted: delete them if they must not be "
                "read without the password.").format(name=path.name))
    else:
        crypto.forget(path)
        print(_("“{name}” is no longer encrypted.").format(name=path.name))
    return 0


def cmd_encrypt(args: argparse.Namespace) -> int:
    return _convert(args.file, encrypt=True)


def cmd_decrypt(args: argparse.Namespace) -> int:
    return _convert(args.file, encrypt=False)


def cmd_backup(args: argparse.Namespace) -> int:
    from ssdesk.safety.backups import backup_now, verify_case_file

    problem = verify_case_file(args.file)
    if problem:
        from ssdesk.cli import fail

        return fail(problem)
    from ssdesk.errors import CaseFileError
    from ssdesk.store import Store

    try:  # opened once for writing: a plain copy of another case file gets its own identity, so its own backups
        Store.open(args.file, create=False).close()
    except CaseFileError:  # in use (its holder did that on opening), read-only folder: back up by path
        pass
    print(_("Backed up to {path}").format(path=backup_now(args.file, args.to, reason="manual")))
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from ssdesk.safety.backups import list_backups, reason_label

    found = list_backups(args.file, args.folder)
    if args.json:
        print(json.dumps([b.as_dict() for b in found], ensure_ascii=False, indent=2))
        return 0
    # the words outside the f-strings: xgettext does not read _() inside one (they printed in English)
    visits, recommendations = _("working sessions"), _("recommendations")
    for b in found:
        print("\t".join([b.taken_at.strftime("%d/%m/%Y %H:%M:%S"), reason_label(b.reason),
                         f"{visits}: {b.visits if b.visits is not None else '?'}",
                         f"{recommendations}: {b.recommendations if b.recommendations is not None else '?'}",
                         str(b.path)]))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ssdesk.safety.backups import restore

    kept = restore(args.backup, args.file)
    if kept is not None:
        print(_("The replaced file was kept as {path}").format(path=kept))
    return 0


def _print_report(report: Any) -> None:
    for label, part in ((_("insert"), report.inserts), (_("update"), report.updates), (_("delete"), report.deletes)):
        for table, ids in part.items():
            print(f"{label}\t{table}\t{len(ids)}")
    conflict, office, laptop = _("conflict"), _("office"), _("laptop")  # outside the f-strings: extracted
    for c in report.conflicts:
        print(f"{conflict}\t{c.table}\t{c.id}\t{c.kind}\t{c.choice or '-'}")
        for f in c.fields:
            print(f"\t{f.field}\t{office}: {f.office!r}\t{laptop}: {f.laptop!r}")


def cmd_merge(args: argparse.Namespace) -> int:
    from ssdesk.cli import fail, open_store
    from ssdesk.safety.merge import merge

    with open_store(args.office) as store:
        report = merge(store, args.laptop, resolve=args.take, dry_run=args.dry_run)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        _print_report(report)
    if report.unresolved and not args.dry_run:
        return fail(_("{n} conflicts need a decision (--take laptop or --take office); nothing was written.")
                    .format(n=len(report.unresolved)), 3)
    return 0


def cmd_package(args: argparse.Namespace) -> int:
    from ssdesk.cli import fail, open_store, secret_refusal
    from ssdesk.safety.package import export_package
    from ssdesk.services.secrecy import secret_content

    with open_store(args.file) as store:
        # a package is a second case file holding the visit: a secret one leaves only when confirmed
        if (refusal := secret_refusal(secret_content(store, visit_ids=[args.visit]), args)) is not None:
            return fail(refusal)
        print(export_package(store, args.visit, args.output))
    return 0
