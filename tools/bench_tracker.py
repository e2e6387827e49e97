"""Benchmark of the tracker import (issue 17): a 10,000-row workbook shaped as offices make them (title block,
two-row header, notices as section rows, mixed deadline forms, status words), previewed (read + header + every row
planned) and imported into a new case file.

    python tools/bench_tracker.py [--rows 10000] [--json OUT]

Targets: preview < 2 s, import < 10 s. The machine may be shared: the CPU seconds of this process are printed
beside the wall-clock ones, with the load average (os.getloadavg); say both."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def build(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "2024"
    ws["A1"] = "BẢNG TỔNG HỢP TÌNH HÌNH THỰC HIỆN KIẾN NGHỊ"
    ws.merge_cells("A1:H1")
    heads = ("STT", "Nội dung kiến nghị", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Tình trạng",
             "Ghi chú", "Thông báo kết luận số")
    for col, head in enumerate(heads, start=1):
        ws.cell(row=3, column=col, value=head)
    units = ("Quận ủy Hoàng Mai", "UBND Q. Hoàng Mai", "Phòng Tài chính - Kế hoạch", "Đảng ủy phường Định Công")
    dates = ("30/6/2024", "Quý III/2024", "tháng 12/2024", "trước 30/9", "Năm 2024")
    words = ("Đã thực hiện", "Đang triển khai", "Chưa thực hiện", "Hoàn thành một phần", "Không thực hiện được")
    for n in range(rows):
        ws.append([n % 20 + 1, f"Kiến nghị số {n}: rà soát, bổ sung quy chế phối hợp trong công tác {n % 97}",
                   units[n % 4], "MTTQ quận" if n % 3 else None, dates[n % 5], words[n % 5],
                   "Chậm tiến độ" if n % 7 == 0 else None,
                   f"Thông báo số {100 + n // 20}-TB/QU ngày 05/3/2024"])
    book.save(path)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--json")
    args = parser.parse_args()
    from ssdesk.store import Store
    from ssdesk.tracker.apply import apply_plan
    from ssdesk.tracker.mapping import find_layout
    from ssdesk.tracker.plan import prepare
    from ssdesk.tracker.reading import read_tables

    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("SSDESK_BACKUP_DIR", str(Path(tmp) / "backups"))
        book = Path(tmp) / "theo-doi-2024.xlsx"
        build(book, args.rows)
        with Store.open(Path(tmp) / "case.ssdesk", user="bench") as store:
            store.catalog.add_unit("Ban Thường vụ Quận ủy Hoàng Mai", "district_committee",
                                   short_name="Quận ủy Hoàng Mai")
            store.catalog.add_unit("Ủy ban nhân dân quận Hoàng Mai", "peoples_committee")
            c0, t0 = time.process_time(), time.perf_counter()
            table = read_tables(book)[0]
            t_read = time.perf_counter() - t0
            plan = prepare(store, str(book), table, find_layout(table))
            t_preview, c_preview = time.perf_counter() - t0, time.process_time() - c0
            assert not plan.problems, plan.problems[:3]
            c1, t1 = time.process_time(), time.perf_counter()
            outcome = apply_plan(store, plan, create_units=True)
            t_import, c_import = time.perf_counter() - t1, time.process_time() - c1
            t2 = time.perf_counter()
            table = read_tables(book)[0]
            again = prepare(store, str(book), table, find_layout(table))
            t_again = time.perf_counter() - t2
            assert not again.new_rows
    result = {"rows": args.rows, "read_s": round(t_read, 2), "preview_s": round(t_preview, 2),
              "import_s": round(t_import, 2), "preview_cpu_s": round(c_preview, 2), "import_cpu_s": round(c_import, 2),
              "reimport_preview_s": round(t_again, 2), "added": outcome.added,
              "visits": len(outcome.visits), "load": [round(x, 1) for x in os.getloadavg()], "cpus": os.cpu_count()}
    print(json.dumps(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
