"""``ssdesk issue``: what the GUI's Issue does, from the command line (documents are otherwise made by ``export``).

``ssdesk issue FILE --visit ID --kind minutes|conclusion --number 125 [--date 2024-03-05] [--place "Hà Nội"]
[--signer NAME] [--signer-position POST] [--heard-on DAY] -o OUT.pdf``
freezes the numbered PDF in the case file (sha256, next version on re-issue) and writes
it; ``--kind followup`` (``--unit``/``--delegation``/``--status``) and ``--kind reminder`` (``--unit``) likewise,
with ``--date`` required. A secret visit's document needs ``--allow-secret``, as for ``export``.
"""

from __future__ import annotations

import argparse
from typing import Any

from ssdesk.errors import SsdeskError
from ssdesk.i18n import _

KINDS = ("minutes", "conclusion", "followup", "reminder")


def cmd_issue(args: argparse.Namespace) -> int:
    from ssdesk.cli import check_output_first, fail, open_store
    from ssdesk.documents.issuing import freeze, issued_pdf, prepare
    from ssdesk.documents.meta import DocOptions
    from ssdesk.safety.outputs import write_output

    visit_kind = args.kind in ("minutes", "conclusion")
    if visit_kind and not args.visit:
        return fail(_("--visit is required for --kind {kind}.").format(kind=args.kind), 2)
    if not visit_kind and args.visit:
        return fail(_("--visit applies to --kind minutes and conclusion only."), 2)
    if args.kind == "reminder" and not args.unit:
        return fail(_("--unit is required for --kind reminder."), 2)
    if args.kind != "followup" and (args.delegation or args.status):
        return fail(_("--delegation and --status apply to --kind followup only."), 2)
    if visit_kind and args.unit:
        return fail(_("--unit applies to --kind followup and reminder only."), 2)
    filters: dict[str, Any] = {"unit": args.unit}
    if args.kind == "followup":
        filters.update(delegation=args.delegation, status=args.status)
    if args.heard_on and args.kind != "conclusion":
        return fail(_("--heard-on applies to --kind conclusion only."), 2)
    options = DocOptions(number=args.number, issued_on=args.date, place=args.place, signer_name=args.signer,
                         signer_position=args.signer_position, heard_on=args.heard_on, profile=args.profile)
    try:
        check_output_first(args.output, args.file)  # a bad -o is refused before a number is taken
        with open_store(args.file) as store:
            prepared = prepare(store, args.kind, options, visit_id=args.visit,
                               **(filters if not visit_kind else {}))
            if prepared.doc.secret and not args.allow_secret:
                return fail(_("This document holds a working session classified SECRET (MẬT): add --allow-secret "
                              "to confirm that it may leave the case file."))
            issued = freeze(store, prepared)
            data = issued_pdf(store, issued.id)
            number, version = issued.number, issued.version
    except SsdeskError as exc:  # one line: nothing was issued
        return fail(str(exc))
    # through the one output writer (temporary file renamed, never over a case file, 0600 for a secret session)
    write_output(args.output, data, secret=bool(prepared.doc.secret), protect=[args.file])
    if args.output != "-":
        print(_("Issued {number}, version {version}: {path}").format(number=number, version=version,
                                                                       path=args.output))
    return 0


def register(sub: Any) -> dict[str, Any]:
    from ssdesk.cli import date_arg

    p = sub.add_parser("issue", help=_("issue a numbered document: keep its PDF frozen in the case file and write it"))
    p.add_argument("file", help=_("case file"))
    p.add_argument("--kind", required=True, choices=KINDS, help=_("document to issue"))
    p.add_argument("--visit", help=_("id of the visit (minutes and conclusion)"))
    p.add_argument("--number", required=True, help=_("the document's number: 125, or in full 125-TB/TU"))
    p.add_argument("--date", type=date_arg, help=_(
        "date of issue (YYYY-MM-DD; minutes and conclusion: default the session's date)"))
    p.add_argument("--place", help=_("place before the date (default: from the issuing body)"))
    p.add_argument("--signer", help=_("the signer's name (default: the head of the delegation)"))
    p.add_argument("--signer-position", help=_(
        "the signer's post under the signing authority, e.g. \"PHÓ TRƯỞNG ĐOÀN\" (default: from the signer's title)"))
    p.add_argument("--heard-on", type=date_arg, help=_(
        "conclusion notice: the day the issuing body heard the delegation's report (YYYY-MM-DD; default: a blank "
        "to fill in by hand)"))
    p.add_argument("--unit", help=_("follow-up report: only this unit; reminder: the unit written to"))
    p.add_argument("--delegation", help=_("follow-up report: only this delegation (name or id)"))
    p.add_argument("--status", help=_("follow-up report: only recommendations with this status"))
    p.add_argument("--profile", help=_("document format profile (default: chosen from the issuing body)"))
    p.add_argument("--allow-secret", action="store_true",
                   help=_("confirm that a visit classified SECRET (MẬT) may leave the case file"))
    p.add_argument("-o", "--output", required=True, help=_("output PDF ('-' for standard output)"))
    return {"issue": cmd_issue}
