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
from typing import Any

from ssdesk import __version__, i18n
from ssdesk.errors import SsdeskError, ValidationError
from ssdesk.i18n import _

#: Feature modules that add their own subcommands: each has ``register(sub) -> dict[name, handler]``. A name that
#: does not exist stops the program (ssdesk.extensions); only a missing third-party extra is skipped, with a warning.
EXTENSIONS = ("ssdesk.documents.commands", "ssdesk.search.commands", "ssdesk.safety.commands",
              "ssdesk.followup.commands", "ssdesk.drafting.commands", "ssdesk.tracker.commands",
              "ssdesk.server.commands")
LIST_KINDS = ("visits", "recommendations", "units", "delegations")


def error_line(message: str) -> str:
    """``ssdesk: lỗi: …`` — the one line every failure prints (the word outside an f-string, where the catalogue's
    extractor finds it)."""
    return "ssdesk: " + _("error: {message}").format(message=" ".join(message.split()))


def fail(message: str, code: int = 1) -> int:
    print(error_line(message), file=sys.stderr)
    return code


def say_written(target: str) -> None:
    """Tell where an output went (nothing when it went to standard output, ``-``)."""
    if str(target) != "-":
        print(_("Written: {path}").format(path=target))


def check_output_first(output: str | None, case_file: str) -> None:
    """Refuse a bad ``-o`` (a case file, its companions, a backup, a folder…) before anything is read or made:
    a document rendered only to be refused cost a second each, and ``issue`` would have numbered it first.
    :func:`ssdesk.safety.outputs.write_output` checks again when it writes (:class:`OutputRefusedError`)."""
    if output and output != "-":
        from ssdesk.safety.outputs import check_output

        check_output(output, protect=[case_file])


def date_arg(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("“{value}” is not a date (use YYYY-MM-DD).").format(value=text)) from None
    if not 1900 <= day.year <= 2199:  # 9999-12-31 overflowed every deadline sum; no supervision is dated there
        raise argparse.ArgumentTypeError(_("“{value}” is outside the years 1900–2199.").format(value=text))
    return day


class _Parser(argparse.ArgumentParser):
    """argparse with translated, one-line errors and exit code 2, and positionals named in the user's language in
    usage lines and errors (``TỆP`` rather than ``file``; :data:`ssdesk.i18n_extra.POSITIONAL_NAMES`)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, error_line(message) + "\n")

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        from ssdesk.i18n_extra import POSITIONAL_NAMES

        if len(args) == 1 and not args[0].startswith("-") and args[0] in POSITIONAL_NAMES \
                and "metavar" not in kwargs and "choices" not in kwargs:
            kwargs["metavar"] = _(POSITIONAL_NAMES[args[0]])
        return super().add_argument(*args, **kwargs)


Handler = Callable[[argparse.Namespace], int]


def _extensions() -> list[Any]:
    from ssdesk.extensions import import_present

    return import_present(EXTENSIONS)


def build_parser(extensions: bool = True) -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    """The parser and the handler of each command; ``extensions=False`` leaves out the feature modules' commands
    (opening the app needs none of them, and importing them all costs most of a second)."""
    parser = _Parser(prog="ssdesk", description=_(
        "ssdesk — the case file of a supervision delegation: plans, working sessions, minutes, recommendations and "
        "their follow-up. Without a command, opens the application."))
    parser.add_argument("--version", action="version", version=f"ssdesk {__version__}",
                        help=_("show program's version number and exit"))  # Python 3.11 leaves it untranslated
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of messages (default: vi)"))
    parser.add_argument("--db", metavar="URL", help=_(
        "office server database (postgresql://user@host/database): stands for the command's case file"))
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

    p = sub.add_parser("export", help=_("export one visit, or print a document (minutes, conclusion, follow-up)"))
    p.add_argument("file", help=_("case file"))
    p.add_argument("--visit", help=_("id of the visit (required except for --kind followup)"))
    p.add_argument("--format", choices=("json", "pdf", "docx", "xlsx"), default="json", help=_("output format"))
    p.add_argument("--kind", choices=("minutes", "conclusion", "followup"),
                   help=_("document to make (with --format pdf, docx or xlsx)"))
    p.add_argument("--unit", help=_("follow-up report: only this unit (name or id)"))
    p.add_argument("--delegation", help=_("follow-up report: only this delegation (name or id)"))
    p.add_argument("--status", help=_("follow-up report: only recommendations with this status"))
    p.add_argument("--profile", help=_("document format profile (default: chosen from the issuing body)"))
    p.add_argument("-o", "--output", help=_("output file ('-' for standard output); required"))
    add_allow_secret(p)

    p = sub.add_parser("list", help=_("list records, one per line (or as JSON)"))
    p.add_argument("file", help=_("case file"))
    p.add_argument("kind", choices=LIST_KINDS, help=_("what to list"))
    p.add_argument("--json", action="store_true", help=_("print a JSON array of objects"))
    p.add_argument("--overdue", action="store_true", help=_("recommendations: only overdue ones"))
    p.add_argument("--today", type=date_arg, help=_("the day overdue is counted from (YYYY-MM-DD)"))
    handlers = dict(HANDLERS)
    for module in _extensions() if extensions else ():
        handlers.update(module.register(sub))
    return parser, handlers


def open_store(path: str, *, create: bool = False) -> Any:
    from ssdesk.safety.cliguard import current
    from ssdesk.server import is_url
    from ssdesk.store import Store

    guard = current()  # a read command opens read-only; a file a failing command created is removed again
    if not is_url(path):
        from ssdesk.safety.intake import case_path

        case_path(path)  # a device, a pipe or a loop of links is refused before SQLite sees it
        if create and guard is not None:
            guard.creating(path)
    readonly = guard is not None and guard.readonly and not create
    return Store.open(path, create=create, readonly=readonly)


def cmd_gui(args: argparse.Namespace) -> int:
    from ui.system_libs import check

    if (hint := check()) is not None:  # Qt would abort naming the wrong library (or fail to import): say it here
        print(hint, file=sys.stderr)
        return 1
    import gc

    gc.disable()  # start-up makes objects that all live on: collecting them costs ~5 % (ui.app.run turns it on)
    try:
        from ssdesk.preload import import_core
        from ssdesk.server import default_location

        import_core()  # before Qt, whose import hook slows every module imported after it (ssdesk.preload)
        from ui.app import run

        file = args.file
        if file is None and (where := default_location()) is not None:  # SSDESK_DB
            file = str(where)
        return run(file, args.lang)
    finally:
        gc.enable()


def cmd_demo(args: argparse.Namespace) -> int:
    from ssdesk.demo import build_demo

    with open_store(args.file, create=True) as store:
        visit_id = build_demo(store)
        print(_("The sample working session was written to “{file}”; its ID is {id}.").format(
            file=args.file, id=visit_id))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from ssdesk.filecheck import check_file
    from ssdesk.server import is_url

    report = _check_server(args.file) if is_url(args.file) else check_file(args.file)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    elif report.error and not report.integrity:
        return fail(report.error)
    else:
        from ssdesk.listing import check_lines

        print("\n".join(check_lines(report)))
    return 0 if report.ok else 1


def _check_server(url: str) -> Any:
    """``ssdesk check`` of a server database: it answers, its schema version, counts; never changes it."""
    from ssdesk import migrations
    from ssdesk.filecheck import CheckReport
    from ssdesk.server import display_location
    from ssdesk.store import Store

    try:
        store = Store.open(url, create=False, readonly=True)
    except SsdeskError as exc:
        return CheckReport(path=display_location(url), ok=False, error=str(exc))
    with store:
        revision = store.schema_revision()
        return CheckReport(path=store.location, ok=True, schema_revision=revision,
                           needs_migration=revision != migrations.head_revision(), integrity=store.integrity(),
                           counts=store.counts())


def cmd_import(args: argparse.Namespace) -> int:
    from ssdesk.exchange import import_visit, load_visit_file

    data = load_visit_file(args.source)
    with open_store(args.file, create=True) as store:
        from ssdesk.safety.backups import backup_before

        backup_before(store, "before-import")  # an import is a bulk change: the file as it was is kept first
        visit_id = import_visit(store, data)
    print(_("The working session was imported into “{file}”; its ID is {id}.").format(file=args.file, id=visit_id))
    return 0


def secret_refusal(content: Any, args: argparse.Namespace) -> str | None:
    """A secret visit never leaves the case file in clear text without a confirmation (domain.md §3b): the message
    naming the secret sessions ``content`` (a :class:`ssdesk.services.secrecy.SecretContent`) holds, unless the
    command was given ``--allow-secret``. Every command writing an output asks it (export, remind, report-upward,
    package, issue)."""
    if content and not getattr(args, "allow_secret", False):
        return str(content.refusal())
    return None


def add_allow_secret(parser: argparse.ArgumentParser) -> None:
    """The one confirmation flag of every command whose output may hold a secret session's content."""
    parser.add_argument("--allow-secret", action="store_true",
                        help=_("confirm that what comes from a working session classified SECRET (MẬT) may leave "
                               "the case file"))


def _visit_secrets(store: Any, visit_id: str | None) -> Any:
    from ssdesk.services.secrecy import secret_content

    return secret_content(store, visit_ids=[visit_id] if visit_id else [])


def cmd_export(args: argparse.Namespace) -> int:
    if args.format != "json":
        return _export_document(args)
    if args.kind or args.unit or args.delegation or args.status or args.profile:
        return fail(_("--kind, --unit, --delegation, --status and --profile need --format pdf, docx or xlsx."), 2)
    if not args.visit:
        return fail(_("--visit is required for --format json."), 2)
    if not args.output:
        return fail(_("the following argument is required: -o/--output"), 2)
    check_output_first(args.output, args.file)
    from ssdesk.exchange import dump_visit, export_visit

    with open_store(args.file) as store:
        secret = _visit_secrets(store, args.visit)
        if (refusal := secret_refusal(secret, args)) is not None:
            return fail(refusal)
        text = dump_visit(export_visit(store, args.visit))
    from ssdesk.safety.outputs import write_output

    write_output(args.output, text.encode("utf-8"), secret=bool(secret), protect=[args.file])
    say_written(args.output)
    return 0


def _export_document(args: argparse.Namespace) -> int:
    from ssdesk.documents import DocOptions, check, render

    if not args.kind:
        return fail(_("Say which document to make: --kind minutes, conclusion or followup."), 2)
    if not args.output:
        return fail(_("the following argument is required: -o/--output"), 2)
    try:
        check(args.kind, args.format)  # the one validation of kind and format (render is told it was done)
    except ValidationError:
        return fail(_("--kind {kind} cannot be made as {fmt}.").format(kind=args.kind, fmt=args.format), 2)
    if args.kind == "followup":
        if args.visit:
            return fail(_("--visit does not apply to the follow-up report; use --unit or --delegation."), 2)
        filters = {"unit": args.unit, "delegation": args.delegation, "status": args.status}
    else:
        if not args.visit:
            return fail(_("--visit is required for --kind {kind}.").format(kind=args.kind), 2)
        if args.unit or args.delegation or args.status:
            return fail(_("--unit, --delegation and --status apply to --kind followup only."), 2)
        filters = {}
    check_output_first(args.output, args.file)
    try:
        with open_store(args.file) as store:
            visit = collected = None  # read once: the secret check reads what the document prints
            if args.visit:
                from ssdesk.documents.content import load_visit
                from ssdesk.services.secrecy import loaded_visit_secrets

                visit = load_visit(store, args.visit)
                secret = loaded_visit_secrets(visit)
            else:
                from ssdesk.documents.report import collect
                from ssdesk.services.secrecy import secret_content

                collected = collect(store, **filters)
                secret = secret_content(store, recommendation_ids=(line.row.id for line in collected.lines))
            if (refusal := secret_refusal(secret, args)) is not None:
                return fail(refusal)
            data = render(store, args.kind, args.format, visit_id=args.visit, checked=True, visit=visit,
                          collected=collected, options=DocOptions(profile=args.profile), **filters)
    except ValidationError as exc:  # one line: a filter or option is wrong, nothing was written
        return fail(str(exc))
    from ssdesk.safety.outputs import write_output

    write_output(args.output, data, secret=bool(secret), protect=[args.file])
    say_written(args.output)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    if args.kind != "recommendations" and (args.overdue or args.today):
        return fail(_("--overdue and --today apply to recommendations only."), 2)
    from ssdesk.listing import list_rows, people_lines

    with open_store(args.file) as store:
        rows = list_rows(store, args.kind, overdue=args.overdue, today=args.today)
    if args.json:  # the stored codes and ISO dates, for programs
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print("\n".join(people_lines(args.kind, rows)))
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


def _extract_db(argv: list[str]) -> str | None:
    """Remove ``--db URL`` (or ``--db=URL``) from ``argv`` and return URL (None when absent)."""
    for i, arg in enumerate(argv):
        if arg == "--db" and i + 1 < len(argv):
            value = argv[i + 1]
            del argv[i:i + 2]
            return value
        if arg.startswith("--db="):
            del argv[i]
            return arg.split("=", 1)[1]
    return None


def _opens_the_app(first: str | None) -> bool:
    """True when the first word surely opens the app: ``gui`` (also put there when no word was given), or a case
    file or URL written as one (a path with a folder, a ``.ssdesk`` name, ``postgresql://…``). A bare word may be a
    command, so it is not guessed; None (``--help``, ``--version``) needs every command."""
    import os

    from ssdesk.server import is_url

    if first is None:
        return False
    return first == "gui" or is_url(first) or os.sep in first or first.endswith(".ssdesk")


def _no_leftovers(args: argparse.Namespace) -> Any:
    """The command's case file is left without ``-wal``/``-shm`` when it had none (:func:`ssdesk.casefile.
    left_as_found`); the app's own file and a server database are not this command's to tidy."""
    from pathlib import Path

    from ssdesk.casefile import left_as_found
    from ssdesk.server import is_url

    file = getattr(args, "file", None)
    return left_as_found(Path(file) if isinstance(file, str) and args.command != "gui" and not is_url(file) else None)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream, errors in ((sys.stdout, "surrogateescape"), (sys.stderr, "backslashreplace")):
        if hasattr(stream, "reconfigure"):  # a file name of invalid UTF-8 (a surrogate) prints as it was given
            stream.reconfigure(errors=errors)
    _pre_language(argv)
    db = _extract_db(argv)  # `--db URL` stands for the command's (first) case file argument
    # `ssdesk` and `ssdesk FILE` open the GUI: insert the implicit command.
    positional = [a for a in argv if not a.startswith("-")]
    lang_values = {argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--lang"}
    first = next((a for a in positional if a not in lang_values), None)
    if first is None and not any(a in ("-h", "--help", "--version") for a in argv):
        argv.append("gui")
        first = "gui"
    parser, handlers = build_parser(extensions=not _opens_the_app(first))
    if first is not None and first not in handlers:
        argv.insert(argv.index(first), "gui")
        first = "gui"
    if db is not None and first is not None:
        argv.insert(argv.index(first) + 1, db)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a bad command line (already reported on one line)
        return int(exc.code or 0)
    from ssdesk.safety.cliguard import command_guard

    try:
        with command_guard(args.command) as guard, _no_leftovers(args):
            return guard.result(handlers[args.command](args))
    except BrokenPipeError:  # `ssdesk list … | head`: the reader has what it wanted; no complaint at exit either
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
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
    except Exception as exc:  # a bug: still one line (SSDESK_DEBUG=1 shows the traceback); tests fail on it
        import os

        if os.environ.get("SSDESK_DEBUG"):
            raise
        return fail(_("unexpected problem ({kind}): {detail}").format(kind=type(exc).__name__, detail=exc))


if __name__ == "__main__":
    sys.exit(main())
