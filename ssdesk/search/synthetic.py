"""A synthetic case file at the scale of a whole term, for the benchmark: realistic Vietnamese, reproducible.

Built FAST: SQLAlchemy Core ``insert()`` in big batches inside ONE transaction, then one bulk fill of the search
index (:func:`ssdesk.search.index.fill`), instead of 600,000 audited ORM adds. The audit log stays empty (synthetic
data has no history); everything else is a valid case file made by :meth:`Store.open`.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Table, insert

from ssdesk.models import Delegation, Finding, FollowUp, Person, Recommendation, Statement, Unit, Visit
from ssdesk.search.index import fill

#: recommendations, visits, statements per scale (the brief's 100k term, scaled down by 10 and 100).
SCALES = {"tiny": (100, 20, 500), "1k": (1_000, 200, 5_000), "10k": (10_000, 2_000, 50_000),
          "100k": (100_000, 20_000, 500_000)}
BATCH = 20_000

DISTRICTS = ["Hoàng Mai", "Ba Đình", "Hoàn Kiếm", "Đống Đa", "Cầu Giấy", "Thanh Xuân", "Long Biên", "Hà Đông",
             "Tây Hồ", "Hai Bà Trưng", "Bắc Từ Liêm", "Nam Từ Liêm", "Sóc Sơn", "Đông Anh", "Gia Lâm", "Thanh Trì",
             "Mê Linh", "Ba Vì", "Phúc Thọ", "Đan Phượng", "Hoài Đức", "Quốc Oai", "Thạch Thất", "Chương Mỹ",
             "Thanh Oai", "Thường Tín", "Phú Xuyên", "Ứng Hòa", "Mỹ Đức", "Sơn Tây"]
UNIT_FORMS = ["Ban Thường vụ Quận ủy {d}", "Đảng ủy phường {w}, quận {d}", "Ủy ban nhân dân quận {d}",
              "Đảng ủy xã {w}, huyện {d}", "Ban Thường vụ Huyện ủy {d}"]
WARDS = ["Định Công", "Tương Mai", "Yên Sở", "Lĩnh Nam", "Thịnh Liệt", "Giáp Bát", "Mai Động", "Vĩnh Hưng",
         "Đại Kim", "Hoàng Liệt", "Trần Phú", "Thanh Trì", "Kim Liên", "Quang Trung", "Nghĩa Đô", "Dịch Vọng"]
NAMES_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
NAMES_MIDDLE = ["Văn", "Thị", "Minh", "Đình", "Xuân", "Thanh", "Quốc", "Ngọc", "Hữu", "Đức"]
NAMES_GIVEN = ["Tâm", "Tuyến", "Phong", "Mến", "Hưng", "Hà", "Lan", "Hùng", "Dũng", "Thảo", "Sơn", "Hương",
               "Quân", "Trang", "Đạt", "Yến"]
TITLES = ["Bí thư Quận ủy", "Phó Bí thư Thường trực", "Chủ tịch UBND quận", "Trưởng Ban Tuyên giáo",
          "Chủ nhiệm Ủy ban Kiểm tra", "Phó Chủ tịch UBND", "Trưởng phòng Lao động - Thương binh và Xã hội"]
SUBJECTS = ["công tác an sinh xã hội", "chương trình xây dựng nông thôn mới", "việc giải quyết đơn thư khiếu nại",
            "công tác cán bộ", "quản lý đất đai và trật tự xây dựng", "phát triển văn hóa, xây dựng người Hà Nội "
            "thanh lịch, văn minh", "bảo hiểm y tế toàn dân", "xây dựng trường chuẩn quốc gia",
            "công tác phòng, chống tham nhũng, lãng phí", "chuyển đổi số trong cơ quan Đảng",
            "công tác kiểm tra, giám sát của Đảng ủy", "giải phóng mặt bằng các dự án trọng điểm",
            "vệ sinh an toàn thực phẩm", "xử lý rác thải sinh hoạt", "phát triển kinh tế tập thể, hợp tác xã"]
VERBS = ["Tăng cường", "Tiếp tục đẩy mạnh", "Rà soát, đánh giá", "Chỉ đạo quyết liệt", "Nâng cao chất lượng",
         "Kiện toàn", "Khẩn trương hoàn thành", "Làm rõ trách nhiệm trong", "Bổ sung giải pháp cho",
         "Đề nghị Thành ủy xem xét"]
TAILS = ["bảo đảm đúng tiến độ đề ra", "báo cáo kết quả về Đoàn giám sát", "nhất là những chỉ tiêu chưa đạt",
         "gắn với trách nhiệm người đứng đầu", "theo Kết luận của Ban Thường vụ Thành ủy",
         "trong năm 2025", "tạo sự đồng thuận trong nhân dân", "có lộ trình cụ thể, khả thi"]
OPENINGS = ["Đánh giá cao sự chuẩn bị nghiêm túc của", "Thống nhất với báo cáo của", "Đề nghị làm rõ thêm về",
            "Qua theo dõi, nhận thấy", "Ghi nhận những kết quả đạt được trong", "Còn một số hạn chế về"]
STATUSES = ["new"] * 4 + ["in_progress"] * 3 + ["reported_done", "done", "partly_done", "cannot_do",
                                                "carried_over", "withdrawn"]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)}, {rng.choice(TAILS)}."


def _speech(rng: random.Random, place: str) -> str:
    parts = [f"{rng.choice(OPENINGS)} {place} về {rng.choice(SUBJECTS)}."]
    parts += [_sentence(rng) for _ in range(rng.randint(1, 3))]
    return " ".join(parts)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(NAMES_FAMILY)} {rng.choice(NAMES_MIDDLE)} {rng.choice(NAMES_GIVEN)}"


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def build_synthetic(path: Path, scale: str = "1k", *, seed: int = 20250630,
                    log: Callable[[str], None] | None = None) -> dict[str, int]:
    """Create ``path`` (must not exist) filled to ``scale``; returns row counts. Same seed, same file content."""
    from ssdesk.store import Store

    n_recs, n_visits, n_statements = SCALES[scale]
    rng = random.Random(seed)
    now = dt.datetime(2025, 6, 30, 12, 0)
    stamp = {"created_at": now, "updated_at": now}
    store = Store.open(path, create=True, user="bench")
    counts: dict[str, int] = {}
    try:
        units = [{"id": _uuid(rng), "name": form.format(d=d, w=rng.choice(WARDS)), "kind": "district_committee"
                  if "Quận ủy" in form or "Huyện ủy" in form else "party_committee", **stamp}
                 for d in DISTRICTS for form in UNIT_FORMS][: max(10, n_visits // 60)]
        delegations = [{"id": _uuid(rng), "name": f"Đoàn giám sát số {i}", "issuing_body":
                        "Ban Thường vụ Thành ủy Hà Nội", "decision_number": f"{1000 + i}-QĐ/TU", **stamp}
                       for i in range(1, 21)]
        persons = [{"id": _uuid(rng), "full_name": _person(rng), "title": rng.choice(TITLES), **stamp}
                   for _ in range(200)]
        visits: list[tuple[str, dt.datetime, dict[str, Any]]] = []
        for _i in range(n_visits):
            unit = rng.choice(units)
            day = dt.datetime(2021, 1, 4, 8) + dt.timedelta(days=rng.randrange(0, 1640), hours=rng.choice((0, 6)))
            visits.append((_uuid(rng), day, unit))
        with store.engine.begin() as conn:
            def put(table: Table, rows: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> None:
                for batch in _batches(iter(rows)):
                    conn.execute(insert(table), batch)
                    counts[table.name] = counts.get(table.name, 0) + len(batch)
                if log:
                    log(f"  {table.name}: {counts.get(table.name, 0)}")

            put(Unit.__table__, units)  # type: ignore[arg-type]
            put(Delegation.__table__, delegations)  # type: ignore[arg-type]
            put(Person.__table__, persons)  # type: ignore[arg-type]
            put(Visit.__table__, ({  # type: ignore[arg-type]
                "id": vid, "delegation_id": rng.choice(delegations)["id"], "unit_id": unit["id"],
                "title": f"Làm việc với {unit['name']} về {rng.choice(SUBJECTS)}", "starts_at": day,
                "ends_at": day + dt.timedelta(hours=3), "place": f"Trụ sở {unit['name']}",
                "agenda": _sentence(rng), "form": "thematic", "classification": "normal", "state": "concluded",
                "report_summary": " ".join(_sentence(rng) for _ in range(3)), "conclusion": _speech(rng, "đơn vị"),
                **stamp} for vid, day, unit in visits))
            put(Statement.__table__, ({  # type: ignore[arg-type]
                "id": _uuid(rng), "visit_id": visits[i % n_visits][0], "speaker_name": _person(rng),
                "speaker_title": rng.choice(TITLES), "kind": "opinion", "order_no": i // n_visits + 1,
                "text": _speech(rng, visits[i % n_visits][2]["name"]), **stamp} for i in range(n_statements)))
            put(Finding.__table__, ({  # type: ignore[arg-type]
                "id": _uuid(rng), "visit_id": visits[i % n_visits][0], "kind": rng.choice(("strength", "limitation")),
                "text": _sentence(rng), "order_no": i // n_visits + 1, **stamp} for i in range(2 * n_visits)))
            recs: list[tuple[str, dt.date, str]] = []

            def rec_rows() -> Iterator[dict[str, Any]]:
                for i in range(n_recs):
                    vid, day, unit = visits[i % n_visits]
                    petition = rng.random() < 0.2
                    deadline = day.date() + dt.timedelta(days=rng.randrange(30, 400))
                    rid, status = _uuid(rng), rng.choice(STATUSES)
                    recs.append((rid, day.date(), status))
                    yield {"id": rid, "visit_id": vid, "direction": "petition" if petition else "request",
                           "ref": f"{i // n_visits + 1}", "text": _sentence(rng),
                           "addressee": "Thành ủy Hà Nội" if petition else unit["name"],
                           "responsible_unit_id": None if petition else unit["id"], "deadline": deadline,
                           "status": status, "priority": "normal", "order_no": i // n_visits + 1, **stamp}

            put(Recommendation.__table__, rec_rows())  # type: ignore[arg-type]
            put(FollowUp.__table__, ({  # type: ignore[arg-type]
                "id": _uuid(rng), "recommendation_id": rid, "date": day + dt.timedelta(days=20),
                "reporter": "Văn phòng Quận ủy", "progress": f"Đã {_sentence(rng).lower()}", "old_status": "new",
                "new_status": status, "recorded_by": "bench", **stamp}
                for rid, day, status in recs if status != "new"))
            counts["search_doc"] = fill(conn)
            if log:
                log(f"  search index: {counts['search_doc']}")
    finally:
        store.close()
    return counts
