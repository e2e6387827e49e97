"""Benchmark of document rendering: ``python tools/bench_documents.py [--file 10k.ssdesk] [--markdown OUT.md]``.

Measures what a secretary waits for, side by side in one run:

- the sample minutes as PDF in-process (median of 20; fonts registered once);
- the follow-up report of the benchmark's 10k file (10,000 recommendations, ``ssdesk bench --scale 10k``'s
  synthetic file) as PDF and as DOCX — each in a fresh process, so the time includes loading the rows and the peak
  memory (max RSS) is the report's own; goals: PDF ≤ 6 s, DOCX ≤ 5 s, each < 300 MB;
- the peer: LibreOffice converting that same DOCX to PDF (``soffice --headless --convert-to pdf``, cold start).

The machine's load average is printed with the results: on a shared machine every number is slower by the same
factor, the comparison with LibreOffice stays fair because it runs in the same minute.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOALS = {"pdf": 6.0, "docx": 5.0}
MEMORY_GOAL_MB = 300


def one(path: str, fmt: str, out: str) -> None:
    """Child process: render the follow-up report of ``path`` as ``fmt`` into ``out``; print seconds and max RSS."""
    from ssdesk.documents import render
    from ssdesk.store import Store

    t0 = time.perf_counter()
    with Store.open(path, readonly=True) as store:
        data = render(store, "followup", fmt)
    seconds = time.perf_counter() - t0
    Path(out).write_bytes(data)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024, "bytes": len(data),
                      "cpu": usage.ru_utime + usage.ru_stime}))


def child(path: Path, fmt: str, out: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--one", str(path), fmt, str(out)], check=True,
                          capture_output=True, text=True, timeout=600)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def minutes_median() -> float:
    from ssdesk.demo import build_demo
    from ssdesk.documents.content import build_minutes, load_visit
    from ssdesk.documents.pdf import render_pdf
    from ssdesk.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "sample.ssdesk", user="bench@local")
        visit = load_visit(store, build_demo(store))
        render_pdf(build_minutes(visit))  # warm-up: registers the fonts
        times = []
        for _ in range(20):
            t0 = time.perf_counter()
            render_pdf(build_minutes(visit))
            times.append(time.perf_counter() - t0)
        store.close()
    return statistics.median(times) * 1000


def libreoffice(docx: Path, outdir: Path) -> tuple[float, float] | None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office:
        return None
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{outdir}/lo-profile", "--convert-to",
                    "pdf", "--outdir", str(outdir), str(docx)], check=True, capture_output=True, timeout=900)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return time.perf_counter() - t0, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--file", help="an existing 10k case file (default: built in a temporary folder)")
    parser.add_argument("--markdown", help="also write the results as a Markdown table to this file")
    parser.add_argument("--one", nargs=3, metavar=("FILE", "FMT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(*args.one)
        return 0
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        path = Path(args.file) if args.file else tmp / "10k.ssdesk"
        if not args.file:
            from ssdesk.search.synthetic import build_synthetic

            print("building the 10k file …", file=sys.stderr)
            build_synthetic(path, "10k")
        rows: list[tuple[str, str, str, str]] = []
        rows.append(("minutes PDF, sample (median of 20, in-process)", f"{minutes_median():.0f} ms", "", ""))
        load = os.getloadavg()[0]
        results = {}
        for fmt in ("pdf", "docx"):
            results[fmt] = r = child(path, fmt, tmp / f"followup.{fmt}")
            ok = r["seconds"] <= GOALS[fmt] and r["rss_mb"] < MEMORY_GOAL_MB
            rows.append((f"follow-up report, 10,000 rows, {fmt.upper()} ({r['bytes'] / 1e6:.1f} MB)",
                         f"{r['seconds']:.2f} s (CPU {r['cpu']:.2f} s)", f"{r['rss_mb']:.0f} MB",
                         f"≤ {GOALS[fmt]:.0f} s, < {MEMORY_GOAL_MB} MB: {'met' if ok else 'NOT met'}"))
        peer = libreoffice(tmp / "followup.docx", tmp)
        rows.append(("peer: LibreOffice, the same DOCX → PDF (cold start)",
                     f"{peer[0]:.2f} s (CPU {peer[1]:.2f} s)" if peer is not None else "—", "",
                     "comparison" if peer is not None else "skipped: soffice not installed"))
        load = max(load, os.getloadavg()[0])
    header = ("measure", "time (CPU)", "max RSS", "goal")
    print(f"{header[0]:<58} {header[1]:>24} {header[2]:>9}  {header[3]}")
    for name, t, mem, goal in rows:
        print(f"{name:<58} {t:>24} {mem:>9}  {goal}")
    print(f"load average during the run: {load:.1f} on {os.cpu_count()} cores; {dt.datetime.now():%Y-%m-%d %H:%M}")
    if args.markdown:
        lines = ["| " + " | ".join(header) + " |", "|---|---:|---:|---|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        lines.append("")
        lines.append(f"Load average during the run: {load:.1f} on {os.cpu_count()} cores "
                     f"({dt.datetime.now():%Y-%m-%d %H:%M}).")
        Path(args.markdown).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
