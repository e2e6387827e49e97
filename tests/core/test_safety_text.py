"""Control characters never reach a stored text field (issue 19 §11), whichever way the text came in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from ssdesk.cli import main
from ssdesk.models import AuditEntry
from ssdesk.safety.intake import clean_text
from ssdesk.store import Store

DIRTY = "Ban\x00 Thường vụ\x07 Quận ủy\x1b[31m Hoàng\u0085 Mai\x7f"
CLEAN = "Ban Thường vụ Quận ủy[31m Hoàng Mai"


def test_clean_text_keeps_tabs_newlines_and_vietnamese() -> None:
    assert clean_text(DIRTY) == CLEAN
    assert clean_text("a\r\nb\rc\td\n") == "a\nb\nc\td\n"
    assert clean_text("x\ud800y\udcffz") == "xyz"
    assert clean_text("Đồng chí Nguyễn Thị Tuyến") == "Đồng chí Nguyễn Thị Tuyến"


def test_every_service_write_is_cleaned_and_audited_clean(store: Store) -> None:
    unit = store.catalog.add_unit(DIRTY, "district_committee")
    deleg = store.catalog.add_delegation("Đoàn\x00 giám sát số 1", "Ban Thường vụ\x0b Thành ủy")
    visit = store.visits.create(delegation_id=deleg.id, unit_id=unit.id, starts_at="2024-02-27 08:00",
                                place="Trụ sở\r\nQuận ủy")
    rec = store.recommendations.add(visit.id, direction="request", text="Tăng cường\x00 tuyên truyền")
    store.visits.update(visit.id, agenda="Nội dung\x01 một")
    assert store.catalog.units()[0].name == CLEAN
    assert store.catalog.delegations()[0].name == "Đoàn giám sát số 1"
    got = store.visits.get(visit.id)
    assert (got.place, got.agenda) == ("Trụ sở\nQuận ủy", "Nội dung một")
    assert store.recommendations.get(rec.id).text == "Tăng cường tuyên truyền"
    with store.read() as s:
        logged = [e.new for e in s.scalars(select(AuditEntry)) if e.new is not None]
    assert not any(ch in str(v) for v in logged for ch in "\x00\x01\x07\x0b\x7f")


def test_import_and_command_line_text_are_cleaned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.ssdesk"
    assert main(["--lang", "en", "demo", str(case)]) == 0
    visit = re.findall(r"[0-9a-f]{8}-[0-9a-f-]{27}", capsys.readouterr().out)[-1]
    out = tmp_path / "v.json"
    assert main(["--lang", "en", "export", str(case), "--visit", visit, "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data["visit"]["id"] = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
    data["visit"]["conclusion"] = "Kết luận\x00 của\ud800 đoàn"
    out.write_text(json.dumps(data), encoding="utf-8")  # \u0000 and \ud800 escaped: valid JSON
    other = tmp_path / "other.ssdesk"
    assert main(["--lang", "en", "import", str(other), str(out)]) == 0
    capsys.readouterr()
    with Store.open(other, readonly=True) as s:
        [row] = s.visits.rows()
        assert s.visits.get(row.id).conclusion == "Kết luận của đoàn"
        rec = s.recommendations.rows()[0].id
    assert main(["--lang", "en", "followup", str(other), rec, "--date", "2024-03-01",
                 "--note", "Đã\x1b báo cáo\x00"]) == 0
    with Store.open(other, readonly=True) as s:
        assert s.followup.history(rec)[-1].note == "Đã báo cáo"
