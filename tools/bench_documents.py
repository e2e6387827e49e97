"""Benchmark of document rendering: ``python tools/bench_documents.py``.

Measures what a secretary waits for: the sample minutes as PDF in-process (median of 20; target < 50 ms, fonts
registered once), a follow-up report of 5,000 recommendations as PDF (target < 5 s) and, when LibreOffice is
installed, converting the minutes DOCX to PDF with it, for comparison with our own PDF.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ssdesk.demo import build_demo  # noqa: E402
from ssdesk.documents import fonts, render  # noqa: E402
from ssdesk.documents.content import build_minutes, load_visit  # noqa: E402
from ssdesk.documents.pdf import render_pdf  # noqa: E402
from ssdesk.enums import Direction, UnitKind  # noqa: E402
from ssdesk.store import Store  # noqa: E402


def _fill(store: Store, n: int) -> None:
    """``n`` recommendations over 30 units and 50 visits, written in one transaction through the services."""
    deleg = store.catalog.delegations()[0]
    with store.write():
        units = [store.catalog.add_unit(f"Ban Thường vụ Quận ủy số {i}", UnitKind.DISTRICT_COMMITTEE).id
                 for i in range(30)]
        visits = [store.visits.create(delegation_id=deleg.id, unit_id=units[v % 30],
                                      starts_at=dt.datetime(2024, 3, 1, 8) + dt.timedelta(days=v)).id
                  for v in range(50)]
        for i in range(n):
            store.recommendations.add(
                visits[i % 50], direction=Direction.REQUEST, ref=str(i % 20 + 1),
                text=f"Yêu cầu số {i}: tiếp tục rà soát các tiêu chí đảm bảo an sinh xã hội, nhất là những tiêu chí "
                     "chưa đạt; báo cáo kết quả thực hiện về Đoàn giám sát.",
                deadline=dt.date(2024, 6, 30) + dt.timedelta(days=i % 200))


def main() -> int:
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.ssdesk", user="bench@local")
        visit_id = build_demo(store)
        visit = load_visit(store, visit_id)
        render_pdf(build_minutes(visit))  # warm-up: registers the fonts
        times = []
        for _ in range(20):
            t0 = time.perf_counter()
            render_pdf(build_minutes(visit))
            times.append(time.perf_counter() - t0)
        rows.append(("minutes PDF (sample, median of 20)", statistics.median(times) * 1000, "< 50 ms"))
        t0 = time.perf_counter()
        render(store, "minutes", "pdf", visit_id=visit_id)
        rows.append(("minutes PDF incl. loading the visit", (time.perf_counter() - t0) * 1000, ""))
        t0 = time.perf_counter()
        docx = render(store, "minutes", "docx", visit_id=visit_id)
        rows.append(("minutes DOCX", (time.perf_counter() - t0) * 1000, ""))
        _fill(store, 5000)
        for fmt in ("pdf", "xlsx"):
            t0 = time.perf_counter()
            data = render(store, "followup", fmt)
            rows.append((f"follow-up report, 5,000 rows, {fmt.upper()} ({len(data) // 1024} KB)",
                         (time.perf_counter() - t0) * 1000, "< 5000 ms" if fmt == "pdf" else ""))
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office:
            src = Path(tmp) / "minutes.docx"
            src.write_bytes(docx)
            t0 = time.perf_counter()
            subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)],
                           check=True, capture_output=True, timeout=300)
            rows.append(("LibreOffice DOCX → PDF (cold start)", (time.perf_counter() - t0) * 1000, "comparison"))
        else:
            rows.append(("LibreOffice DOCX → PDF", float("nan"), "skipped: not installed"))
        store.close()
    print(f"{'measure':<52} {'ms':>10}  target")
    for name, ms, target in rows:
        print(f"{name:<52} {ms:>10.1f}  {target}")
    print(f"font registrations in this process: {fonts.registrations}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
