"""``ssdesk draft NOTES.txt``: print the draft of a visit (``--json``) or import it as a new visit (``--into``)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ssdesk.enums import VisitKind
from ssdesk.i18n import _


def read_text(path: str) -> str:
    """The text of a file (or ``-``: standard input), whatever its encoding: UTF-8, UTF-16 or Windows-1258."""
    from ssdesk.safety.intake import DRAFT_MAX_BYTES, check_text_bytes, read_text_input

    what = _("The notes")
    if path == "-":  # binary input or more than the limit is refused before the drafter sees it
        data = check_text_bytes(sys.stdin.buffer.read(DRAFT_MAX_BYTES + 1), what=what, name="-")
    else:
        data = read_text_input(path, what=what)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _warn(draft: Any) -> None:
    for message in draft.messages:
        print(f"ssdesk: {message['text']}", file=sys.stderr)


def cmd_draft(args: argparse.Namespace) -> int:
    from ssdesk.cli import fail, open_store
    from ssdesk.drafting import draft_from_text

    text = read_text(args.source)
    if args.into:
        from ssdesk.exchange import import_visit

        with open_store(args.into, create=True) as store:
            draft = draft_from_text(text, store=store)
            _warn(draft)
            if draft.empty:
                return fail(_("nothing was written."))
            visit_id = import_visit(store, draft.to_exchange())
        if args.json:
            print(json.dumps(draft.to_json(), ensure_ascii=False, indent=2))
        else:
            print(visit_id)
        return 0
    draft = draft_from_text(text)
    _warn(draft)
    if args.json:
        print(json.dumps(draft.to_json(), ensure_ascii=False, indent=2))
    else:
        ex = draft.to_exchange()
        print(f"{ex['visit']['title']} — {ex['visit']['starts_at']}")
        held_by = ex["delegation"]["name"] if ex["delegation"] else ex["visit"]["convening_body"]
        print(f"  {VisitKind(draft.kind).label} — {held_by}")
        for key in ("attendees", "indicator_results", "statements", "findings", "recommendations"):
            print(f"  {key:<20} {len(ex[key]):>4}")
    return 1 if draft.empty else 0


def register(sub: Any) -> dict[str, Any]:
    p = sub.add_parser("draft", help=_("draft a visit from a text (notes, a report, a press report)"))
    p.add_argument("source", help=_("text file ('-' for standard input)"))
    p.add_argument("--json", action="store_true", help=_("print the draft as JSON"))
    p.add_argument("--into", metavar="FILE", help=_("import the draft into this case file as a new visit "
                                                    "(state: minutes drafted)"))
    return {"draft": cmd_draft}
