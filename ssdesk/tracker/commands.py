"""``ssdesk import-table FILE TRACKER [--sheet NAME] [--map MAP.toml] [--dry-run] [--json]`` (registered by
``ssdesk.cli``): the wizard's import from the command line. The preview's problems are printed by cell and nothing is
written while there are any; statuses the rules do not know are said in the map's ``[statuses]`` table."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from ssdesk.i18n import _

Handler = Callable[[argparse.Namespace], int]


def register(sub: Any) -> dict[str, Handler]:
    p = sub.add_parser("import-table", help=_("import a tracker of recommendations (Excel, CSV or Word table)"))
    p.add_argument("file", help=_("case file"))
    p.add_argument("tracker", help=_("the tracker: .xlsx, .csv or .docx"))
    p.add_argument("--sheet", help=_("sheet or table to import (name, or number from 1; default: the first)"))
    p.add_argument("--map", dest="mapping", metavar="MAP.toml", help=_("column and status mapping saved before"))
    p.add_argument("--save-map", metavar="MAP.toml", help=_("save the mapping used, for next year's tracker"))
    p.add_argument("--visit", help=_("id of the visit to attach every row to (default: one per notice cited)"))
    p.add_argument("--create-units", action="store_true", help=_("create the units the file does not have yet"))
    p.add_argument("--dry-run", action="store_true", help=_("only show what would change"))
    p.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    return {"import-table": cmd_import_table}


def pick_table(tables: list[Any], wanted: str | None) -> Any:
    """The sheet or table named (or numbered from 1) ``wanted``; the first with a header row when not given."""
    from ssdesk.tracker.reading import TrackerError

    if wanted is None:
        return tables[0]
    for t in tables:
        if t.name == wanted:
            return t
    if wanted.isdigit() and 1 <= int(wanted) <= len(tables):
        return tables[int(wanted) - 1]
    raise TrackerError(_("No sheet or table “{name}”; there are: {names}.").format(
        name=wanted, names=", ".join(t.name for t in tables)))


def cmd_import_table(args: argparse.Namespace) -> int:
    from ssdesk.cli import fail, open_store
    from ssdesk.tracker.apply import apply_plan
    from ssdesk.tracker.mapping import FIELDS, find_layout, load_mapping, save_mapping
    from ssdesk.tracker.plan import prepare
    from ssdesk.tracker.reading import read_tables

    saved = load_mapping(args.mapping) if args.mapping else None
    table = pick_table(read_tables(args.tracker), args.sheet)
    layout = find_layout(table, saved)
    with open_store(args.file, create=True) as store:
        plan = prepare(store, args.tracker, table, layout, visit_id=args.visit)
        if args.save_map:
            save_mapping(layout, args.save_map)
        problems = plan.problems
        report: dict[str, Any] = {
            "table": table.name, "header_rows": [r + 1 for r in layout.header_rows],
            "columns": {c.header: c.field for c in layout.columns if c.header},
            "rows": len(plan.rows), "new": len(plan.new_rows), "already_imported": len(plan.rows) - len(plan.new_rows),
            "hidden_skipped": plan.hidden, "new_units": plan.new_units,
            "statuses": {plan.status_examples[k]: (v.value if v else None) for k, v in plan.status_table.items()},
            "problems": [{"where": p.where, "message": p.message} for p in problems], "added": 0}
        if not problems and not args.dry_run:
            outcome = apply_plan(store, plan, create_units=args.create_units)
            report.update(added=outcome.added, visits_created=len(outcome.visits), units_created=outcome.units,
                          backup=str(outcome.backup) if outcome.backup else None)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(_("{table}: header in row {row}; {rows} rows, {new} new, {old} already imported, {hidden} hidden rows "
                "skipped.").format(table=table.name, row=layout.header_rows[0] + 1, rows=report["rows"],
                                   new=report["new"], old=report["already_imported"], hidden=plan.hidden))
        for c in layout.columns:
            if c.header:
                print(f"  {c.header} → {_(FIELDS[c.field])}")
        for p in problems:
            print(str(p))
        if report["added"]:
            print(_("{n} recommendations imported.").format(n=report["added"]))
        elif args.dry_run and not problems:
            print(_("Nothing was written (--dry-run)."))
    if problems:
        return fail(_("{n} problems in the tracker; nothing was written.").format(n=len(problems)))
    return 0
