"""Merging laptops' files into the office file: inserts, one-sided and two-sided changes, tombstones, idempotence,
packages, the CLI, and a property: independent laptop changes merge to the same office in either order."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssdesk.safety.merge import entity_tables, merge
from ssdesk.safety.package import export_package, make_laptop_copy
from ssdesk.services.recommendations import Evidence
from ssdesk.store import Store


@pytest.fixture(autouse=True)
def _backups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSDESK_BACKUP_DIR", str(tmp_path / "backups"))


def _seed(store: Store, recs: int = 3) -> tuple[str, list[str]]:
    d = store.catalog.add_delegation("Đoàn giám sát số 1", "Ban Thường vụ Thành ủy Hà Nội")
    u = store.catalog.add_unit("Ban Thường vụ Quận ủy Hoàng Mai", "district_committee")
    v = store.visits.create(delegation_id=d.id, unit_id=u.id, starts_at="2024-02-27 08:00", place="Hoàng Mai")
    ids = [store.recommendations.add(v.id, direction="request", text=f"Yêu cầu {i}").id for i in range(recs)]
    return v.id, ids


def _data(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t.name: con.execute(f'SELECT * FROM "{t.name}" ORDER BY id').fetchall() for t in entity_tables()}
    finally:
        con.close()


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Store, Path, str, list[str]]:
    office = Store.open(tmp_path / "office.ssdesk", user="office@vp")
    visit, recs = _seed(office)
    laptop = make_laptop_copy(office, tmp_path / "laptop.ssdesk")
    yield office, laptop, visit, recs  # type: ignore[misc]
    office.close()


def _on_laptop(path: Path) -> Store:
    return Store.open(path, create=False, user="thuky@laptop")


def test_laptop_inserts_arrive_with_attachments_and_the_laptop_is_untouched(pair) -> None:  # type: ignore[no-untyped-def]
    office, laptop, visit, recs = pair
    with _on_laptop(laptop) as lap:
        new = lap.recommendations.add(visit, direction="petition", text="Xây dựng bệnh viện quận",
                                      addressee="UBND Thành phố")
        follow = lap.recommendations.add_progress(recs[0], date="2024-03-01", note="Đã họp",
                                                  evidence=[Evidence("qd.pdf", b"%PDF-1.4 quyet dinh")])
    before = hashlib.sha256(laptop.read_bytes()).hexdigest()
    report = merge(office, laptop)
    assert report.applied and not report.conflicts and report.backup
    assert report.inserts["recommendation"] == [new.id] and report.inserts["follow_up"] == [follow.id]
    assert office.recommendations.get(new.id).text == "Xây dựng bệnh viện quận"
    [att] = office.recommendations.get(recs[0]).follow_ups[0].attachments
    assert office.recommendations.attachment_content(att.id) == b"%PDF-1.4 quyet dinh"
    assert hashlib.sha256(laptop.read_bytes()).hexdigest() == before
    wal = Path(str(laptop) + "-wal")  # a read-only reader of a WAL file may leave an empty -wal, never content
    assert not wal.exists() or wal.stat().st_size == 0
    assert _data(office.path) == _data(laptop)


def test_update_on_one_side(pair) -> None:  # type: ignore[no-untyped-def]
    office, laptop, _visit, recs = pair
    with _on_laptop(laptop) as lap:
        lap.recommendations.update(recs[0], text="Rà soát các tiêu chí chưa đạt")
    office.recommendations.update(recs[1], text="sửa ở văn phòng")
    report = merge(office, laptop)
    assert report.updates == {"recommendation": [recs[0]]} and not report.conflicts
    assert office.recommendations.get(recs[0]).text == "Rà soát các tiêu chí chưa đạt"
    assert office.recommendations.get(recs[1]).text == "sửa ở văn phòng"  # the office's own change stays


def test_both_sides_changed_is_a_conflict_shown_and_resolved(pair) -> None:  # type: ignore[no-untyped-def]
    office, laptop, _visit, recs = pair
    with _on_laptop(laptop) as lap:
        lap.recommendations.update(recs[0], text="bản máy xách tay", addressee="UBND quận")
        lap.recommendations.update(recs[1], text="chỉ máy xách tay")
    office.recommendations.update(recs[0], text="bản văn phòng")
    preview = merge(office, laptop, dry_run=True)
    [conflict] = preview.conflicts
    assert (conflict.table, conflict.id, conflict.kind) == ("recommendation", recs[0], "changed-both")
    diff = {f.field: (f.office, f.laptop) for f in conflict.fields}
    assert diff == {"text": ("bản văn phòng", "bản máy xách tay"), "addressee": (None, "UBND quận")}
    assert preview.updates == {"recommendation": [recs[1]]} and not preview.applied
    stopped = merge(office, laptop)  # no choice given: nothing written
    assert stopped.unresolved and not stopped.applied
    assert office.recommendations.get(recs[1]).text == "Yêu cầu 1"
    done = merge(office, laptop, resolve={("recommendation", recs[0]): "laptop"})
    assert done.applied and office.recommendations.get(recs[0]).text == "bản máy xách tay"
    assert office.recommendations.get(recs[1]).text == "chỉ máy xách tay"
    assert not merge(office, laptop).conflicts  # settled once, not asked again


def test_keep_office_then_later_laptop_change_applies(pair) -> None:  # type: ignore[no-untyped-def]
    office, laptop, _visit, recs = pair
    with _on_laptop(laptop) as lap:
        lap.recommendations.update(recs[0], text="L1")
    office.recommendations.update(recs[0], text="O1")
    assert merge(office, laptop, resolve=lambda c: "office").applied
    assert office.recommendations.get(recs[0]).text == "O1"
    assert merge(office, laptop).changes == 0
    with _on_laptop(laptop) as lap:
        lap.recommendations.update(recs[0], text="L2")
    report = merge(office, laptop)  # the office did not change it since the last merge: no conflict
    assert not report.conflicts and office.recommendations.get(recs[0]).text == "L2"


def test_deletions_travel_by_tombstone(pair) -> None:  # type: ignore[no-untyped-def]
    office, laptop, _visit, recs = pair
    # numbers in the office's own scheme are never renumbered (ssdesk.services.numbering), so removing requests
    # changes no other row: only the deletions travel (plain numbers: see the test below)
    for i, rec in enumerate(recs):
        office.recommendations.update(rec, ref=f"KL{i + 1}")
    laptop.unlink()
    make_laptop_copy(office, laptop)
    with _on_laptop(laptop) as lap:
        lap.recommendations.remove(recs[0])
        lap.recommendations.remove(recs[1])
    office.recommendations.update(recs[1], text="vẫn cần ở văn phòng")
    office.recommendations.remove(recs[2])  # deleted here, unchanged there: stays deleted
    report = merge(office, laptop)
    assert report.deletes == {"recommendation": [recs[0]]}
    [conflict] = report.unresolved
    assert (conflict.id, conflict.kind) == (recs[1], "deleted-on-laptop")
    merge(office, laptop, resolve="laptop")
    assert [r.id for r in office.recommendations.rows()] == []


def test_a_laptop_renumbering_what_the_office_deleted_is_reported_not_lost(pair) -> None:  # type: ignore[no-untyped-def]
    """Plain numbers close their gap when a request is removed: the laptop's removal renumbers a request that the
    office deleted meanwhile. That is a change to a deleted row — a conflict the merge reports, never a silent loss."""
    office, laptop, _visit, recs = pair
    with _on_laptop(laptop) as lap:
        lap.recommendations.remove(recs[0])
    office.recommendations.remove(recs[2])
    kinds = {(c.id, c.kind) for c in merge(office, laptop, dry_run=True).unresolved}
    assert (recs[2], "deleted-in-office") in kinds


def test_delete_on_laptop_with_new_office_dependants_is_a_conflict(pair) -> None:  # type: ignore[no-untyped-def]
    office, laptop, _visit, recs = pair
    with _on_laptop(laptop) as lap:
        lap.recommendations.remove(recs[0])
    office.recommendations.add_progress(recs[0], date="2024-03-02", note="báo cáo mới")
    [conflict] = merge(office, laptop, dry_run=True).conflicts
    assert conflict.fields[0].field == "dependants"


def test_merging_twice_changes_nothing_and_is_audited(pair) -> None:  # type: ignore[no-untyped-def]
    office, laptop, visit, recs = pair
    with _on_laptop(laptop) as lap:
        lap.recommendations.add(visit, direction="request", text="mới")
        lap.recommendations.update(recs[2], text="sửa")
    first = merge(office, laptop)
    data, counts = _data(office.path), office.counts()
    second = merge(office, laptop)
    assert first.changes == 2 and second.changes == 0 and not second.applied
    assert _data(office.path) == data and office.counts() == counts
    with office.read() as s:
        rows = s.execute(__import__("sqlalchemy").text("SELECT new FROM audit_log WHERE action='merge'")).all()
    assert len(rows) == 1 and json.loads(rows[0][0])["laptop"] == str(laptop)


def test_a_plain_copy_without_its_own_file_id_merges_too(tmp_path: Path) -> None:
    with Store.open(tmp_path / "o.ssdesk") as office:
        _visit, recs = _seed(office)
    shutil.copyfile(tmp_path / "o.ssdesk", tmp_path / "copy.ssdesk")  # copied in Explorer, app closed
    with Store.open(tmp_path / "o.ssdesk") as office:
        with _on_laptop(tmp_path / "copy.ssdesk") as lap:
            lap.recommendations.update(recs[0], text="từ bản sao")
        report = merge(office, tmp_path / "copy.ssdesk")
        assert report.updates == {"recommendation": [recs[0]]}
        with Store.open(tmp_path / "copy.ssdesk", readonly=True) as lap:  # opened as a copy: its own identity
            assert report.peer_file_id == lap.meta("file_id") != office.meta("file_id")
            assert lap.meta("copied_from") == office.meta("file_id")
        assert merge(office, tmp_path / "copy.ssdesk").changes == 0


def test_package_into_an_empty_file_reproduces_the_visit(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office, _laptop, visit, recs = pair
    office.recommendations.add_progress(recs[0], date="2024-03-01", note="x", evidence=[Evidence("a.txt", b"abc")])
    other = office.catalog.add_unit("Huyện ủy Ba Vì", "district_committee")  # not needed by the visit
    package = export_package(office, visit, tmp_path / "visit.ssdesk")
    with Store.open(tmp_path / "empty.ssdesk") as empty:
        report = merge(empty, package)
        assert not report.conflicts
        data = _data(empty.path)
    assert data == _data(package)
    source = _data(office.path)
    for table, rows in data.items():
        assert set(rows) <= set(source[table]), table
    assert other.id not in {r[0] for r in data["unit"]}
    assert len(data["recommendation"]) == 3 and len(data["attachment_blob"]) == 1
    # and merging it back into the office is a no-op
    assert merge(office, package).changes == 0


def test_cli_merge_and_package(pair, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from ssdesk.cli import main

    office, laptop, visit, recs = pair
    office_path = office.path
    office.close()
    with _on_laptop(laptop) as lap:
        lap.recommendations.update(recs[0], text="L")
    with Store.open(office_path) as o:
        o.recommendations.update(recs[0], text="O")
    assert main(["merge", str(office_path), str(laptop), "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["conflicts"][0]["id"] == recs[0]
    assert main(["merge", str(office_path), str(laptop)]) == 3
    assert "conflicts need a decision" in capsys.readouterr().err
    assert main(["merge", str(office_path), str(laptop), "--take", "laptop"]) == 0
    assert main(["package", str(office_path), "--visit", visit, "-o", str(tmp_path / "p.ssdesk")]) == 0
    assert (tmp_path / "p.ssdesk").exists()
    assert main(["merge", str(office_path), str(tmp_path / "missing.ssdesk")]) == 1
    with Store.open(office_path) as o:
        assert o.recommendations.get(recs[0]).text == "L"


# -- property: independent changes commute ------------------------------------------------------------------------

_TEMPLATE: dict[str, Path] = {}


def _template() -> dict[str, Path]:
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="ssdesk-merge-prop-"))
        with Store.open(folder / "office.ssdesk", user="office@vp") as office:
            visit, recs = _seed(office, recs=6)
            make_laptop_copy(office, folder / "a.ssdesk")
            make_laptop_copy(office, folder / "b.ssdesk")
        _TEMPLATE.update(folder=folder, visit=Path(visit), recs=Path(",".join(recs)))
    return _TEMPLATE


OPS = st.lists(st.tuples(st.sampled_from(["update", "add", "delete", "progress"]), st.integers(0, 2),
                         st.text("abcđêơ", min_size=1, max_size=8)), max_size=4)


def _apply_ops(path: Path, ops: list[tuple[str, int, str]], visit: str, mine: list[str]) -> None:
    with _on_laptop(path) as lap:
        alive = list(mine)
        for op, i, text in ops:
            if op == "add":
                alive.append(lap.recommendations.add(visit, direction="request", text=text).id)
            elif not alive:
                continue
            elif op == "update":
                lap.recommendations.update(alive[i % len(alive)], text=text)
            elif op == "progress":
                lap.recommendations.add_progress(alive[i % len(alive)], date="2024-03-01", note=text)
            elif op == "delete":
                rec = alive.pop(i % len(alive))
                with lap.write() as s:  # follow-ups go with it (the service refuses; a laptop may still do it)
                    from ssdesk.models import Recommendation

                    s.delete(s.get(Recommendation, rec))


@pytest.mark.heavy  # 25 random pairs of laptops, six merges each (15 s): in make test, not make test-fast
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops_a=OPS, ops_b=OPS)
def test_independent_laptop_changes_merge_the_same_in_any_order(ops_a, ops_b) -> None:  # type: ignore[no-untyped-def]
    t = _template()
    visit, recs = str(t["visit"]), str(t["recs"]).split(",")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in ("office", "a", "b"):
            shutil.copyfile(t["folder"] / f"{name}.ssdesk", work / f"{name}.ssdesk")
        shutil.copyfile(work / "office.ssdesk", work / "office2.ssdesk")
        _apply_ops(work / "a.ssdesk", ops_a, visit, recs[0::2])  # disjoint records: no conflict possible
        _apply_ops(work / "b.ssdesk", ops_b, visit, recs[1::2])
        results = []
        for office_name, order in (("office", "ab"), ("office2", "ba")):
            with Store.open(work / f"{office_name}.ssdesk", user="office@vp") as office:
                for side in order:
                    report = merge(office, work / f"{side}.ssdesk", backup_folder=work / "bk")
                    assert not report.conflicts
                results.append(_data(office.path))
        assert results[0] == results[1]
        with Store.open(work / "office.ssdesk") as office:  # and again: nothing more to do
            assert merge(office, work / "a.ssdesk").changes == 0
