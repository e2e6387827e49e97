"""Every output holding anything of a secret (MẬT) session needs the confirmation (issue 20 §8): the command line
refuses without ``--allow-secret`` naming the sessions, writes nothing, and with it creates the file 0600; the JSON
carries the classification; an output with nothing secret in it is untouched by all this."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ssdesk.cli import main
from ssdesk.services.secrecy import secret_content
from ssdesk.store import Store

UNIT = "Ban Thường vụ Quận ủy Hoàng Mai"
SHOWN = f"{UNIT}, 27/02/2024"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--lang", "en", *args])
    return code, capsys.readouterr().err


@pytest.fixture
def case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[tuple[Path, str]]:
    path = tmp_path / "office.ssdesk"
    assert main(["demo", str(path)]) == 0
    capsys.readouterr()
    with Store.open(path) as store:
        visit = store.visits.rows()[0].id  # the sample's one session
    old = os.umask(0o022)
    try:
        yield path, visit
    finally:
        os.umask(old)


def commands(path: Path, visit: str) -> dict[str, list[str]]:
    """Every command whose output holds something of the sample session, ``-o`` last (the caller adds the name)."""
    file = str(path)
    return {
        "visit.json": ["export", file, "--visit", visit, "--format", "json"],
        "minutes.pdf": ["export", file, "--visit", visit, "--kind", "minutes", "--format", "pdf"],
        "followup.pdf": ["export", file, "--kind", "followup", "--format", "pdf"],
        "followup.docx": ["export", file, "--kind", "followup", "--format", "docx"],
        "followup.xlsx": ["export", file, "--kind", "followup", "--format", "xlsx"],
        "remind.pdf": ["remind", file, "--unit", UNIT, "--today", "2025-01-01"],
        "upward.pdf": ["report-upward", file, "--as-of", "2025-01-01"],
        "upward.xlsx": ["report-upward", file, "--as-of", "2025-01-01", "--format", "xlsx"],
        "upward.json": ["report-upward", file, "--as-of", "2025-01-01", "--format", "json"],
        "package.ssdesk": ["package", file, "--visit", visit],
    }


def test_the_core_names_the_secret_sessions_of_any_set(case: tuple[Path, str]) -> None:
    path, visit = case
    with Store.open(path) as store:
        recs = [r.id for r in store.recommendations.rows()]
        assert not secret_content(store, visit_ids=[visit], recommendation_ids=recs,
                                  recommendations_until=dt.date(2025, 1, 1))
        store.visits.update(visit, classification="secret")
        found = secret_content(store, recommendation_ids=recs[:3])
        assert [v.id for v in found.visits] == [visit] and found.items == 3
        assert SHOWN in found.describe() and "3 items" in found.describe()
        assert "--allow-secret" in found.refusal()
        assert secret_content(store, visit_ids=[visit]).visits[0].items == 0
        assert secret_content(store, recommendations_until=dt.date(2025, 1, 1)).items == len(recs)
        assert not secret_content(store, recommendations_until=dt.date(2024, 2, 26))  # held the day after
        assert not secret_content(store, recommendation_ids=["no-such-id"])


def test_every_output_of_a_secret_session_is_refused_without_the_confirmation(
        case: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, visit = case
    with Store.open(path) as store:
        store.visits.update(visit, classification="secret")
    for name, args in commands(path, visit).items():
        out = tmp_path / name
        code, err = run(capsys, *args, "-o", str(out))
        assert code == 1, name
        assert SHOWN in err and "SECRET" in err and "--allow-secret" in err, (name, err)
        assert not out.exists(), name
        code, err = run(capsys, *args, "-o", str(out), "--allow-secret")
        assert code == 0, (name, err)
        assert stat.S_IMODE(out.stat().st_mode) == 0o600, name
    exported = json.loads((tmp_path / "visit.json").read_text("utf-8"))
    assert exported["visit"]["classification"] == "secret"
    assert json.loads((tmp_path / "upward.json").read_text("utf-8"))["classification"] == "secret"
    for ws in load_workbook(tmp_path / "upward.xlsx").worksheets:
        assert ws["A1"].value == "MẬT" and ws.oddHeader.left.text == "MẬT"
    for ws in load_workbook(io.BytesIO((tmp_path / "followup.xlsx").read_bytes())).worksheets:
        assert ws["A1"].value == "MẬT"


def test_a_report_filtered_to_normal_sessions_needs_no_confirmation(
        case: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, visit = case
    with Store.open(path) as store:
        store.visits.update(visit, classification="secret")
        other = store.catalog.add_unit("Ban Thường vụ Quận ủy Ba Đình", "district_committee")
        deleg = store.catalog.delegations()[0]
        plain = store.visits.create(delegation_id=deleg.id, unit_id=other.id, starts_at="05/03/2024 08:00")
        store.recommendations.add(plain.id, direction="request", text="Rà soát hồ sơ", deadline="2024-06-30")
    out = tmp_path / "ba-dinh.xlsx"
    code, err = run(capsys, "export", str(path), "--kind", "followup", "--format", "xlsx",
                    "--unit", "Ban Thường vụ Quận ủy Ba Đình", "-o", str(out))
    assert code == 0, err
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert load_workbook(out).worksheets[0]["A1"].value != "MẬT"


def test_outputs_of_normal_sessions_are_written_as_before(
        case: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, visit = case
    for name, args in commands(path, visit).items():
        out = tmp_path / name
        code, err = run(capsys, *args, "-o", str(out))
        assert code == 0, (name, err)
        if name != "package.ssdesk":  # a case file is always private
            assert stat.S_IMODE(out.stat().st_mode) == 0o644, name
    assert json.loads((tmp_path / "upward.json").read_text("utf-8"))["classification"] == "normal"
    assert json.loads((tmp_path / "visit.json").read_text("utf-8"))["visit"]["classification"] == "normal"
