"""The ``ssdesk`` command: opens the GUI, or runs one task on a case file for scripts and the office's other tools.

Every failure is one line on stderr and a non-zero exit (1: the data or file is bad, 2: the command line is), never a
traceback. Help is in Vietnamese by default; ``--lang en`` (or ``SSDESK_LANG=en``) switches it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ssdesk import __version__, i18n
from ssdesk.errors import SsdeskError, ValidationError
from ssdesk.i18n import _

#: Feature modules that add their own subcommands: each has ``register(sub) -> dict[name, handler]``. A module not
#: written yet is skipped; any other import error is a bug and surfaces.
EXTENSIONS = ("ssdesk.documents.commands", "ssdesk.search.commands", "ssdesk.safety.commands",
              "ssdesk.followup.commands")
LIST_KINDS = ("visits", "recommendations", "units", "delegations")


def fail(message: str, code: int = 1) -> int:
    print(f"ssdesk: {_('error')}: {' '.join(message.split())}", file=sys.stderr)
    return code


def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("“{value}” is not a date (use YYYY-MM-DD).").format(value=text)) from None


class _Parser(argparse.ArgumentParser):
    """argparse with translated, one-line errors and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"ssdesk: {_('error')}: {message}\n")


Handler = Callable[[argparse.Namespace], int]


def _extensions() -> list[Any]:
    import importlib

    found = []
    for name in EXTENSIONS:
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name is None or not name.startswith(exc.name):
                raise
    return found


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    parser = _Parser(prog="ssdesk", description=_(
        "ssdesk — the case file of a supervision delegation: plans, working sessions, minutes, recommendations and "
        "their follow-up. Without a command, opens the application."))
    parser.add_argument("--version", action="version", version=f"ssdesk {__version__}")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of messages (default: vi)"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)

    p = sub.add_parser("gui", help=_("open the application (the default)"))
    p.add_argument("file", nargs="?", help=_("case file (default: the one in the user data folder)"))

    p = sub.add_parser("demo", help=_("fill a new case file with the sample working session"))
    p.add_argument("file", help=_("case file to create"))

    p = sub.add_parser("check", help=_("check a case file: integrity, schema version, counts"))
    p.add_argument("file", help=_("case file"))
    p.add_argument("--json", action="store_true", help=_("print the result as JSON"))

    p = sub.add_parser("import", help=_("import one visit from an exchange JSON file (creates FILE if missing)"))
    p.add_argument("file", help=_("case file"))
    p.add_argument("source", help=_("visit JSON file"))

    p = sub.add_parser("export", help=_("export one visit"))
    p.add_argument("file", help=_("case file"))
    p.add_argument("--visit", required=True, help=_("id of the visit"))
    p.add_argument("--format", choices=("json",), default="json", help=_("output format"))
    p.add_argument("-o", "--output", required=True, help=_("output file ('-' for standard output)"))

    p = sub.add_parser("list", help=_("list records, one per line (or as JSON)"))
    p.add_argument("file", help=_("case file"))
    p.add_argument("kind", choices=LIST_KINDS, help=_("what to list"))
    p.add_argument("--json", action="store_true", help=_("print a JSON array of objects"))
    p.add_argument("--overdue", action="store_true", help=_("recommendations: only overdue ones"))
    p.add_argument("--today", type=date_arg, help=_("the day overdue is counted from (YYYY-MM-DD)"))
    handlers = dict(HANDLERS)
    for module in _extensions():
        handlers.update(module.register(sub))
    return parser, handlers


def open_store(path: str, *, create: bool = False) -> Any:
    from ssdesk.store import Store

    return Store.open(path, create=create)


def cmd_gui(args: argparse.Namespace) -> int:
    from ui.app import run

    return run(args.file)


def cmd_demo(args: argparse.Namespace) -> int:
    from ssdesk.demo import build_demo

    with open_store(args.file, create=True) as store:
        visit_id = build_demo(store)
        print(visit_id)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from ssdesk.filecheck import check_file

    report = check_file(args.file)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    elif report.error and not report.integrity:
        return fail(report.error)
    else:
        print(f"{_('File')}: {report.path}")
        print(f"{_('Schema version')}: {report.schema_revision} ({_('current')}: {report.schema_head})")
        if report.needs_migration:
            print(_("The file will be migrated (after a backup) when it is next opened."))
        print(f"{_('Integrity')}: {'; '.join(report.integrity)}")
        for table, n in report.counts.items():
            print(f"  {table:<20} {n:>8}")
    return 0 if report.ok else 1


def cmd_import(args: argparse.Namespace) -> int:
    from ssdesk.exchange import import_visit, load_visit_file

    data = load_visit_file(args.source)
    with open_store(args.file, create=True) as store:
        print(import_visit(store, data))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ssdesk.exchange import dump_visit, export_visit

    with open_store(args.file) as store:
        text = dump_visit(export_visit(store, args.visit))
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


def _list_rows(store: Any, args: argparse.Namespace) -> list[dict[str, Any]]:
    def day(value: dt.date | dt.datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    if args.kind == "visits":
        return [{"id": r.id, "starts_at": day(r.starts_at), "delegation": r.delegation, "unit": r.unit,
                 "programme": r.programme, "state": r.state.value, "classification": r.classification.value,
                 "recommendations": r.recommendations} for r in store.visits.rows()]
    if args.kind == "recommendations":
        return [{"id": r.id, "ref": r.ref, "direction": r.direction.value, "status": r.status.value,
                 "deadline": day(r.deadline), "overdue": r.overdue, "unit": r.unit, "responsible": r.responsible,
                 "delegation": r.delegation, "visit_id": r.visit_id, "text": r.text}
                for r in store.recommendations.rows(overdue=args.overdue, today=args.today)]
    if args.kind == "units":
        return [{"id": u.id, "name": u.name, "kind": u.kind.value, "parent_id": u.parent_id,
                 "valid_from": day(u.valid_from), "valid_to": day(u.valid_to)} for u in store.catalog.units()]
    return [{"id": d.id, "name": d.name, "issuing_body": d.issuing_body, "decision_number": d.decision_number,
             "decision_date": day(d.decision_date)} for d in store.catalog.delegations()]


def cmd_list(args: argparse.Namespace) -> int:
    if args.kind != "recommendations" and (args.overdue or args.today):
        return fail(_("--overdue and --today apply to recommendations only."), 2)
    with open_store(args.file) as store:
        rows = _list_rows(store, args)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print("\t".join("" if v is None else str(v) for v in row.values()))
    return 0


HANDLERS: dict[str, Handler] = {
    "gui": cmd_gui, "demo": cmd_demo, "check": cmd_check, "import": cmd_import, "export": cmd_export,
    "list": cmd_list,
}


def _pre_language(argv: Sequence[str]) -> None:
    """Set the language before the parser is built, so that --help is already translated."""
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    i18n.set_language(lang)
    from ssdesk.i18n_extra import install

    install()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _pre_language(argv)
    # `ssdesk` and `ssdesk FILE` open the GUI: insert the implicit command.
    positional = [a for a in argv if not a.startswith("-")]
    lang_values = {argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--lang"}
    first = next((a for a in positional if a not in lang_values), None)
    if first is None and not any(a in ("-h", "--help", "--version") for a in argv):
        argv.append("gui")
        first = "gui"
    parser, handlers = build_parser()
    if first is not None and first not in handlers:
        argv.insert(argv.index(first), "gui")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a bad command line (already reported on one line)
        return int(exc.code or 0)
    try:
        return handlers[args.command](args)
    except ValidationError as exc:
        for error in exc.errors:
            print(f"ssdesk: {error.field}: {error.message}", file=sys.stderr)
        return fail(_("nothing was written."))
    except SsdeskError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"{exc.strerror or exc}: {exc.filename or ''}")
    except KeyboardInterrupt:
        return fail(_("interrupted."), 130)


if __name__ == "__main__":
    sys.exit(main())
