"""Follow-up outputs: dashboard numbers against plain SQL, overlap warnings, the upward report, the reminder letter,
and the CLI commands."""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ssdesk.cli import main
from ssdesk.enums import RecStatus
from ssdesk.errors import ValidationError
from ssdesk.followup import upward
from ssdesk.store import Store

D = dt.date


def visit(store: Store, basics: dict[str, str], starts: str = "27/02/2024 08:00", **kw: object) -> str:
    values = {"delegation_id": basics["delegation"], "unit_id": basics["unit"], "starts_at": starts,
              "programme_id": basics["programme"], **kw}
    return store.visits.create(**values).id


@pytest.fixture
def filled(store: Store, basics: dict[str, str]) -> dict[str, str]:
    """Two delegations, two units, recommendations in several states with dated histories."""
    d2 = store.catalog.add_delegation("Đoàn giám sát số 2", "Ban Thường vụ Thành ủy Hà Nội").id
    u2 = store.catalog.add_unit("Ban Thường vụ Huyện ủy Ba Vì", "rural_district_committee").id
    v1 = visit(store, basics)
    v2 = visit(store, basics, "05/03/2024 08:00", delegation_id=d2, unit_id=u2)
    add = store.recommendations.add
    ids = {
        "a": add(v1, direction="request", text="Tăng cường tuyên truyền", ref="1", deadline="2024-05-31").id,
        "b": add(v1, direction="request", text="Rà soát tiêu chí chưa đạt", ref="2", deadline="2024-04-30").id,
        "c": add(v1, direction="petition", text="Xây dựng bệnh viện quận", addressee="UBND TP",
                 deadline="2024-12-31").id,
        "d": add(v2, direction="request", text="Tạo việc làm", ref="1", deadline="2024-03-31").id,
        "e": add(v2, direction="request", text="Cải cách hành chính", ref="2").id,
    }
    today = D(2024, 12, 31)
    rec = store.followup.record
    rec(ids["a"], date="2024-04-01", status="in_progress", note="x", today=today)
    rec(ids["a"], date="2024-06-15", status="reported_done", note="x", today=today)
    rec(ids["a"], date="2024-06-20", status="done", note="x", today=today)
    rec(ids["d"], date="2024-03-20", status="in_progress", note="x", today=today)
    rec(ids["e"], date="2024-04-01", status="withdrawn", note="trùng", today=today)
    return {**ids, "v1": v1, "v2": v2, "d2": d2, "u2": u2}


def sql(store: Store, query: str, *args: object) -> list[tuple]:  # type: ignore[type-arg]
    con = sqlite3.connect(store.path)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def test_dashboard_equals_plain_sql(store: Store, filled: dict[str, str]) -> None:
    today = D(2024, 7, 1)
    dash = store.followup.dashboard(today)
    assert {s.value: n for s, n in dash.by_status.items() if n} == dict(
        sql(store, "SELECT status, count(*) FROM recommendation GROUP BY status"))
    by_unit = sql(store, """SELECT u.name, count(*),
        sum(r.status NOT IN ('done','cannot_do','withdrawn','carried_over')),
        sum(r.deadline < ? AND r.status NOT IN ('done','cannot_do','withdrawn','carried_over','reported_done'))
        FROM recommendation r JOIN visit v ON v.id = r.visit_id JOIN unit u ON u.id = v.unit_id
        GROUP BY u.id ORDER BY u.name""", today.isoformat())
    assert [(u.unit, u.total, u.open, u.overdue) for u in dash.by_unit] == by_unit
    assert dash.overdue == sum(r[3] for r in by_unit) == 2  # b (30/04) and d (31/03)
    rates = sql(store, """SELECT d.name, sum(r.status = 'done') * 1.0 / sum(r.status != 'withdrawn')
        FROM recommendation r JOIN visit v ON v.id = r.visit_id JOIN delegation d ON d.id = v.delegation_id
        GROUP BY d.id ORDER BY d.name""")
    assert [(c.delegation, c.rate) for c in dash.completion] == rates


def test_overdue_trend_replays_history(store: Store, filled: dict[str, str]) -> None:
    trend = dict(store.followup.overdue_trend(D(2024, 2, 1), D(2024, 7, 10)))
    assert list(trend) == [D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30), D(2024, 5, 31), D(2024, 6, 30),
                           D(2024, 7, 10)]
    # 31/03: d is due that day, not yet overdue; 30/04: b due that day; 31/05: a due that day, b and d overdue;
    # 30/06: a was verified done on 20/06, so still b and d
    assert [trend[k] for k in trend] == [0, 0, 1, 2, 2, 2]
    with pytest.raises(ValidationError):
        store.followup.overdue_trend(D(2024, 5, 1), D(2024, 4, 1))


def test_upward_report_numbers(store: Store, filled: dict[str, str]) -> None:
    data = store.followup.upward(D(2024, 6, 30), "delegation")
    lines = {x.name: (x.issued, x.closed, x.done, x.in_progress, x.overdue) for x in data.lines}
    assert lines == {"Đoàn giám sát số 1": (3, 1, 1, 1, 1), "Đoàn giám sát số 2": (2, 1, 0, 0, 1)}
    before_done = {x.name: (x.closed, x.overdue) for x in store.followup.upward(D(2024, 6, 10), "delegation").lines}
    assert before_done["Đoàn giám sát số 1"] == (0, 2)  # on 10/06 a was still in progress and overdue
    t = data.total
    assert (t.issued, t.closed + t.in_progress + t.overdue) == (5, 5)
    later = {x.name: (x.issued, x.closed, x.done) for x in store.followup.upward(D(2024, 7, 1), "unit").lines}
    assert later["Ban Thường vụ Quận ủy Hoàng Mai"] == (3, 1, 1)
    assert store.followup.upward(D(2024, 3, 1)).lines != []  # only v1 (27/02) issued by then
    assert [x.issued for x in store.followup.upward(D(2024, 3, 1)).lines] == [3]
    pdf = upward.render(store, data, "pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Đoàn giám sát số 2" in text and "30 tháng 6 năm 2024" in text.replace("06", "6")
    ws = load_workbook(io.BytesIO(upward.render(store, data, "xlsx"))).active
    assert [c.value for c in ws[3]][1:] == ["Đoàn giám sát số 1", 3, 1, 1, 1, 1]
    with pytest.raises(ValidationError):
        store.followup.upward(D(2024, 6, 30), "programme")


def test_overlap_warning_names_the_other_visit(store: Store, basics: dict[str, str]) -> None:
    visit(store, basics)
    plan = store.catalog.add_plan("Ban Thường vụ Thành ủy Hà Nội", "An sinh xã hội", period_start="2024-01-01",
                                  period_end="2024-06-30")
    d2 = store.catalog.add_delegation("Đoàn giám sát số 2", "Ban Thường vụ Thành ủy Hà Nội", plan_id=plan.id).id
    plan_visit = {"delegation_id": d2, "unit_id": basics["unit"], "programme_id": basics["programme"]}
    warnings = store.followup.overlaps(starts_at="2024-05-10 08:00", **plan_visit)
    assert len(warnings) == 1
    assert "Đoàn giám sát số 1" in warnings[0].message and "27/02/2024" in warnings[0].message
    assert store.followup.overlaps(starts_at="2024-05-10 08:00",
                                   **{**plan_visit, "delegation_id": basics["delegation"]}) == []
    other = store.catalog.add_programme("05-CTr/QU", "Chương trình khác").id
    assert store.followup.overlaps(starts_at="2024-05-10 08:00", **{**plan_visit, "programme_id": other}) == []
    with pytest.raises(ValidationError, match="No such unit"):
        store.followup.overlaps(starts_at="2024-05-10 08:00", **{**plan_visit, "unit_id": "nope"})


def test_reminder_letter_pdf(store: Store, filled: dict[str, str]) -> None:
    pdf = store.followup.reminder("Ban Thường vụ Quận ủy Hoàng Mai", D(2024, 7, 10), "pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Ban Thường vụ Quận ủy Hoàng Mai" in text
    assert "Rà soát tiêu chí chưa đạt" in text and "30/04/2024" in text
    assert "Tăng cường tuyên truyền" not in text  # done, not overdue
    assert "ngày 10 tháng 07 năm 2024" in text and "THÀNH ỦY HÀ NỘI" in text
    assert store.followup.reminder("Ban Thường vụ Quận ủy Hoàng Mai", D(2024, 7, 10), "docx")[:2] == b"PK"
    with pytest.raises(ValidationError, match="No unit called"):
        store.followup.reminder("Quận ủy Không Có", D(2024, 7, 10), "pdf")
    with pytest.raises(ValidationError, match="nothing to remind"):
        store.followup.reminder("Ban Thường vụ Quận ủy Hoàng Mai", D(2024, 4, 1), "pdf")


def test_cli_commands(store: Store, filled: dict[str, str], tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    path = str(store.path)
    store.close()
    evidence = tmp_path / "qd.pdf"
    evidence.write_bytes(b"%PDF-1.4 quyet dinh")
    assert main(["followup", path, filled["b"], "--status", "Đang thực hiện", "--date", "2024-07-01", "--note",
                 "Đã giao phòng", "--evidence", str(evidence), "--today", "2024-07-02"]) == 0
    assert main(["followup", path, filled["b"], "--date", "2024-07-02", "--note", "Tiến độ",
                 "--today", "2024-07-02"]) == 0
    capsys.readouterr()
    for argv in (["followup", path, filled["b"], "--status", "reported_done", "--date", "2024-01-01", "--note", "x",
                  "--today", "2024-07-02"],
                 ["followup", path, filled["b"], "--status", "bogus", "--date", "2024-07-01", "--today", "2024-07-02"],
                 ["followup", path, "nope", "--status", "in_progress", "--date", "2024-07-01"],
                 ["remind", path, "--unit", "Không có", "--today", "2024-07-10", "-o", str(tmp_path / "x.pdf")],
                 ["report-upward", path, "--as-of", "2024-06-30", "--format", "csv", "-o", "x"],
                 ["report-upward", path, "--as-of", "30/06/2024", "--format", "json", "-o", "x"]):
        code = main(argv)
        err = capsys.readouterr().err
        assert code != 0 and err.count("\n") == 1 and err.startswith("ssdesk:"), (argv, err)
    assert not (tmp_path / "x.pdf").exists()
    with Store.open(path) as s:
        hist = s.followup.history(filled["b"])
        assert [h.new_status for h in hist] == [RecStatus.IN_PROGRESS, None]
        assert hist[0].evidence[0][0] == "qd.pdf"
    out = tmp_path / "nhac.pdf"
    assert main(["remind", path, "--unit", "Ban Thường vụ Huyện ủy Ba Vì", "--today", "2024-07-10", "--format",
                 "pdf", "-o", str(out)]) == 0
    assert "Tạo việc làm" in " ".join(PdfReader(out).pages[0].extract_text().split())
    js = tmp_path / "up.json"
    assert main(["report-upward", path, "--as-of", "2024-06-30", "--by", "delegation", "--format", "json",
                 "-o", str(js)]) == 0
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["total"]["issued"] == 5 and data["as_of"] == "2024-06-30"
    assert main(["report-upward", path, "--as-of", "2024-06-30", "--format", "xlsx", "-o",
                 str(tmp_path / "up.xlsx")]) == 0
