"""``ssdesk search``, ``ssdesk reindex`` and ``ssdesk bench``: the search for scripts, the repair, the measurement."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ssdesk.errors import ValidationError
from ssdesk.i18n import _


def cmd_search(args: argparse.Namespace) -> int:
    from ssdesk.cli import fail, open_store

    with open_store(args.file) as store:
        try:
            hits = store.search.search(args.query, limit=args.limit, today=args.today)
        except ValidationError as exc:
            return fail("; ".join(e.message for e in exc.errors))
        # printed while the file is open: hits are dressed page by page as they are read (ssdesk.search.hits)
        if args.json:
            print(json.dumps([{"entity": h.entity, "id": h.id, "visit_id": h.visit_id, "title": h.title,
                               "snippet": h.snippet, "spans": [list(s) for s in h.spans], "rank": h.rank,
                               "date": h.date.isoformat() if h.date else None} for h in hits],
                             ensure_ascii=False, indent=2))
        elif not hits:
            print(_("Nothing matched “{query}”.").format(query=args.query))
        else:
            from ssdesk.services.base import entity_label

            for h in hits:
                print(f"{entity_label(h.entity)}\t{h.id}\t{h.title}\n\t{h.marked()}")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from ssdesk.cli import open_store
    from ssdesk.search.index import rebuild

    def progress(fraction: float, message: str) -> None:
        print(f"\r{fraction:6.1%}  {message:<40}", end="", file=sys.stderr, flush=True)

    with open_store(args.file) as store:
        n = rebuild(store, progress)
    print(file=sys.stderr)
    print(_("{n} records indexed.").format(n=n))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from ssdesk.search.bench import run_bench

    results: dict[str, Any] = {}
    if args.server:  # the office server: the search as the owner, an uncleared secretary and reader (RLS)
        from ssdesk.server.bench import run_server_bench

        for scale in args.scale or ["100k"]:
            results[scale] = run_server_bench(args.server, scale, reuse=args.reuse,
                                              log=lambda m: print(m, file=sys.stderr, flush=True))
            if args.explain:
                print(results[scale]["explain_secretary"])
        print(bench_table({s: {k: v for k, v in r.items() if not k.startswith("explain")}
                           for s, r in results.items()}))
        if args.json:
            from ssdesk.safety.outputs import write_output

            write_output(args.json, json.dumps(results, ensure_ascii=False, indent=2).encode("utf-8"))
        return 0
    for scale in args.scale or ["1k"]:
        results[scale] = run_bench(scale, keep=args.keep, reuse=args.reuse,
                                   log=lambda m: print(m, file=sys.stderr, flush=True))
    print(bench_table(results))
    if args.json:
        from ssdesk.safety.outputs import write_output

        write_output(args.json, json.dumps(results, ensure_ascii=False, indent=2).encode("utf-8"))
    return 0


def bench_table(results: dict[str, dict[str, Any]]) -> str:
    """The measurements as a plain-text table: one row per metric, one column per scale (for notes and reviews)."""
    scales = list(results)
    metrics = list(dict.fromkeys(m for r in results.values() for m in r))
    width = max([len(m) for m in metrics] + [6])
    lines = [f"{'metric':<{width}}  " + "  ".join(f"{s:>10}" for s in scales)]
    for m in metrics:
        cells = [results[s].get(m) for s in scales]
        lines.append(f"{m:<{width}}  " + "  ".join(f"{'' if c is None else c!s:>10}" for c in cells))
    return "\n".join(lines)


def register(sub: Any) -> dict[str, Any]:
    from ssdesk.cli import date_arg

    p = sub.add_parser("search", help=_("search the case file (words, \"phrases\", status:, unit:, due:, kind: …)"))
    p.add_argument("file", help=_("case file"))
    p.add_argument("query", help=_("what to search for"))
    p.add_argument("--json", action="store_true", help=_("print a JSON array of objects"))
    p.add_argument("--limit", type=int, default=50, help=_("at most this many results (default 50)"))
    p.add_argument("--today", type=date_arg, help=_("the day overdue is counted from (YYYY-MM-DD)"))

    p = sub.add_parser("reindex", help=_("rebuild the search index of a case file"))
    p.add_argument("file", help=_("case file"))

    p = sub.add_parser("bench", help=_("build a synthetic case file and measure search and list speed"))
    p.add_argument("--scale", action="append", choices=("1k", "10k", "100k"),
                   help=_("size: 1k, 10k or 100k recommendations (repeatable; default 1k)"))
    p.add_argument("--json", metavar="OUT", help=_("write the measurements to this JSON file"))
    p.add_argument("--keep", metavar="DIR", help=_("keep the synthetic case files in this folder"))
    p.add_argument("--reuse", action="store_true",
                   help=_("with --keep: measure the file kept by an earlier run instead of building it again"))
    p.add_argument("--server", metavar="URL",
                   help=_("measure on this office server database instead (built there when empty; with --reuse, "
                          "the data already there): the search as its owner, an uncleared secretary and reader"))
    p.add_argument("--explain", action="store_true",
                   help=_("with --server: print the plan of the search as the secretary (EXPLAIN ANALYZE)"))
    return {"search": cmd_search, "reindex": cmd_reindex, "bench": cmd_bench}
