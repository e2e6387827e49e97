"""``ssdesk followup``, ``ssdesk remind`` and ``ssdesk report-upward``: the follow-up for scripts and the office.

Each failure is one line on stderr and exit 1 (2 for a bad command line); nothing is written on failure — the output
file is only created once the document is made. ``--today`` defaults to the machine's date here, at the edge; the
core is always handed the day.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from ssdesk.errors import SsdeskError, ValidationError
from ssdesk.i18n import _

_OPTIONS = {"issuing_body": "--issuing-body", "by": "--by", "format": "--format"}


def _one_line(exc: SsdeskError) -> int:
    from ssdesk.cli import fail

    if isinstance(exc, ValidationError):  # a field the command line sets is named as its option
        return fail("; ".join(f"{_OPTIONS.get(e.field, e.field)}: {e.message}" for e in exc.errors))
    return fail(str(exc))


def _write(output: str, data: bytes, case_file: str, secret: bool) -> None:
    """Through the one output writer: never over a case file, temp file renamed, 0600 when it holds anything of a
    secret session (ssdesk.safety.outputs)."""
    from ssdesk.cli import say_written
    from ssdesk.safety.outputs import write_output

    write_output(output, data, secret=secret, protect=[case_file])
    say_written(output)


def cmd_followup(args: argparse.Namespace) -> int:
    from ssdesk.cli import open_store
    from ssdesk.followup.filters import parse_status
    from ssdesk.services.recommendations import Evidence

    today = args.today or dt.date.today()
    try:
        status = parse_status(args.status) if args.status else None
        evidence = [Evidence.from_path(p) for p in args.evidence or []]
        with open_store(args.file) as store:
            step = store.followup.record(args.rec_id, date=args.date, status=status, note=args.note,
                                         reporter=args.reporter, evidence=evidence, today=today)
    except SsdeskError as exc:
        return _one_line(exc)
    print(_("The follow-up step was recorded; its ID is {id}.").format(id=step.id))
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    from ssdesk.cli import check_output_first, fail, open_store, secret_refusal
    from ssdesk.followup import reminders
    from ssdesk.services.secrecy import secret_content

    today = args.today or dt.date.today()
    try:
        check_output_first(args.output, args.file)  # before the letter is made
        with open_store(args.file) as store:
            items = reminders.collect(store, args.unit, today).items
            secret = secret_content(store, recommendation_ids=(rec.id for rec, _visit, _day in items))
            if (refusal := secret_refusal(secret, args)) is not None:
                return fail(refusal)
            data = store.followup.reminder(args.unit, today, args.format)
    except SsdeskError as exc:
        return _one_line(exc)
    try:
        _write(args.output, data, args.file, bool(secret))
    except SsdeskError as exc:
        return _one_line(exc)
    return 0


def cmd_report_upward(args: argparse.Namespace) -> int:
    from ssdesk.cli import check_output_first, fail, open_store, secret_refusal
    from ssdesk.followup import upward

    try:
        check_output_first(args.output, args.file)  # before the table is made
        with open_store(args.file) as store:
            figures = upward.collect(store, args.as_of, args.by, args.issuing_body)
            secret = upward.secrecy(figures)  # the sessions of every item counted
            if (refusal := secret_refusal(secret, args)) is not None:
                return fail(refusal)
            data = upward.render(store, figures, args.format)
    except SsdeskError as exc:
        return _one_line(exc)
    try:
        _write(args.output, data, args.file, bool(secret))
    except SsdeskError as exc:
        return _one_line(exc)
    return 0


def register(sub: Any) -> dict[str, Any]:
    from ssdesk.cli import add_allow_secret, date_arg

    p = sub.add_parser("followup", help=_("record a dated follow-up step of a recommendation (status or progress)"))
    p.add_argument("file", help=_("case file"))
    p.add_argument("rec_id", help=_("id of the recommendation"))
    p.add_argument("--status", help=_("new status (value, English or Vietnamese label); omit for a progress report"))
    p.add_argument("--date", required=True, type=date_arg, help=_("date of the step (YYYY-MM-DD)"))
    p.add_argument("--note", help=_("what was done, or the reason"))
    p.add_argument("--reporter", help=_("who reported (unit or person)"))
    p.add_argument("--evidence", action="append", metavar="PATH", help=_("evidence file (repeatable)"))
    p.add_argument("--today", type=date_arg, help=_("today's date (YYYY-MM-DD; default: the computer's date)"))

    p = sub.add_parser("remind", help=_("draft the reminder letter to a unit listing its overdue items"))
    p.add_argument("file", help=_("case file"))
    p.add_argument("--unit", required=True, help=_("the unit (name or id)"))
    p.add_argument("--today", type=date_arg, help=_("today's date (YYYY-MM-DD; default: the computer's date)"))
    p.add_argument("--format", choices=("pdf", "docx"), default="pdf", help=_("output format"))
    p.add_argument("-o", "--output", required=True, help=_("output file ('-' for standard output)"))
    add_allow_secret(p)

    p = sub.add_parser("report-upward", help=_("report the follow-up upward, per unit or delegation, as of a date"))
    p.add_argument("file", help=_("case file"))
    p.add_argument("--as-of", required=True, type=date_arg, help=_("the day the report describes (YYYY-MM-DD)"))
    p.add_argument("--by", choices=("unit", "delegation"), default="unit", help=_("one line per unit or delegation"))
    p.add_argument("--issuing-body", help=_(
        "the body that reports, when the case file holds the delegations of several (as typed in the delegation's "
        "issuing body)"))
    p.add_argument("--format", choices=("pdf", "docx", "xlsx", "json"), default="pdf", help=_("output format"))
    p.add_argument("-o", "--output", required=True, help=_("output file ('-' for standard output)"))
    add_allow_secret(p)
    return {"followup": cmd_followup, "remind": cmd_remind, "report-upward": cmd_report_upward}
