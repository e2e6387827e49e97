"""Search: folding, the query language, ranking, and the index kept in step with every kind of write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ssdesk.errors import ValidationError
from ssdesk.search.folding import fold, fold_with_map
from ssdesk.search.index import rebuild
from ssdesk.search.query import parse
from ssdesk.store import Store

TODAY = dt.date(2025, 6, 30)


def ids(store: Store, query: str, **kw: object) -> list[str]:
    return [h.id for h in store.search.search(query, today=TODAY, **kw)]  # type: ignore[arg-type]


def index_count(store: Store) -> tuple[int, int]:
    with store.engine.connect() as conn:
        return (conn.exec_driver_sql("SELECT COUNT(*) FROM search_doc").scalar_one(),
                conn.exec_driver_sql("SELECT COUNT(*) FROM search_fts").scalar_one())


@pytest.fixture
def corpus(store: Store, basics: dict[str, str]) -> dict[str, str]:
    other_unit = store.catalog.add_unit("Đảng ủy phường Định Công", "ward_committee").id
    deleg2 = store.catalog.add_delegation("Đoàn giám sát số 12", "Ban Thường vụ Thành ủy Hà Nội").id
    v1 = store.visits.create(delegation_id=basics["delegation"], unit_id=basics["unit"], starts_at="27/02/2024 08:00",
                             title="Làm việc với Quận ủy Hoàng Mai", agenda="An sinh xã hội").id
    v2 = store.visits.create(delegation_id=deleg2, unit_id=other_unit, starts_at="10/03/2025 08:00",
                             title="Giám sát Đảng ủy phường", agenda="Công tác cán bộ").id
    s1 = store.visits.add_statement(v1, "Nguyễn Thị Tuyến", "Đánh giá cao kết quả bảo hiểm y tế của quận.").id
    f1 = store.visits.add_finding(v2, "limitation", "Chậm giải quyết đơn thư khiếu nại.").id
    r_title = store.recommendations.add(v1, direction="request", text="Tăng cường bảo hiểm y tế toàn dân",
                                        ref="4.1", deadline="2024-06-30").id
    r_body = store.recommendations.add(v1, direction="request", text="Rà soát hộ nghèo; bảo hiểm y tế cho hộ cận "
                                       "nghèo và các chính sách an sinh khác trong quận", deadline="2025-12-31").id
    r_pet = store.recommendations.add(v2, direction="petition", text="Đề nghị Thành ủy bố trí kinh phí",
                                      addressee="Thành ủy Hà Nội", deadline="2025-04-30").id
    return {"v1": v1, "v2": v2, "s1": s1, "f1": f1, "r_title": r_title, "r_body": r_body, "r_pet": r_pet,
            "deleg2": deleg2, "unit2": other_unit}


# --- folding ----------------------------------------------------------------------------------------------------


def test_fold_vietnamese() -> None:
    assert fold("  Hoàng   Mai ") == "hoang mai"
    assert fold("Đảng ủy") == "dang uy"
    assert fold("ĐOÀN GIÁM SÁT") == "doan giam sat"
    decomposed = "Hoa\u0300ng"  # NFD input from another program
    assert fold(decomposed) == "hoang"
    folded, origin = fold_with_map("Đảng ủy")
    assert folded == "dang uy" and origin[0] == 0 and origin[-1] == 7


def test_diacritics_and_d_are_found_without_them(store: Store, corpus: dict[str, str]) -> None:
    assert corpus["v1"] in ids(store, "hoang mai")
    assert corpus["v2"] in ids(store, "dang uy")
    assert corpus["v2"] in ids(store, "Đảng ủy")  # typed with diacritics finds the same


def test_prefixes_and_phrases(store: Store, corpus: dict[str, str]) -> None:
    assert corpus["f1"] in ids(store, "khieu")
    assert corpus["f1"] in ids(store, "khi nai")
    assert ids(store, '"y te toan dan"') == [corpus["r_title"]]
    assert ids(store, '"toan y te"') == []


def test_ranking_prefers_head_and_dense_matches(store: Store, corpus: dict[str, str]) -> None:
    hits = store.search.search("bao hiem y te", today=TODAY)
    order = [h.id for h in hits]
    # short, focused recommendation text beats the long one and the statement
    assert order.index(corpus["r_title"]) < order.index(corpus["r_body"])
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)
    # a name in the head column outranks the same word deep in a text
    hits = store.search.search("tuyen", today=TODAY)
    assert hits[0].id == corpus["s1"]


def test_snippet_highlights_original_diacritics(store: Store, corpus: dict[str, str]) -> None:
    hit = next(h for h in store.search.search("khieu nai", today=TODAY) if h.id == corpus["f1"])
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["khiếu", "nại"]
    assert "[khiếu] [nại]" in hit.marked()
    assert hit.visit_id == corpus["v2"] and hit.date == dt.date(2025, 3, 10)


# --- filters ----------------------------------------------------------------------------------------------------


def test_filters(store: Store, corpus: dict[str, str]) -> None:
    assert ids(store, "status:overdue") == [corpus["r_title"], corpus["r_pet"]]
    assert set(ids(store, "status:new")) == {corpus["r_title"], corpus["r_body"], corpus["r_pet"]}
    assert ids(store, 'status:overdue unit:"Hoàng Mai"') == [corpus["r_title"]]
    assert ids(store, "kind:petition") == [corpus["r_pet"]]
    assert ids(store, "due:<2025-01-01") == [corpus["r_title"]]
    assert ids(store, "due:>=2025-04-30") == [corpus["r_pet"], corpus["r_body"]]
    assert ids(store, "kind:visit delegation:12") == [corpus["v2"]]
    assert ids(store, "kind:visit delegation:1") == [corpus["v1"]]  # number as a word: not "số 12"
    assert ids(store, "kind:visit from:2025-01-01 to:2025-12-31") == [corpus["v2"]]
    assert ids(store, "bao hiem kind:statement") == [corpus["s1"]]
    assert set(ids(store, "bao hiem unit:hoang")) == {corpus["s1"], corpus["r_title"], corpus["r_body"]}
    assert ids(store, "kind:finding unit:dinh cong") == []  # "cong" is a free word here, not in the finding
    assert ids(store, 'kind:finding unit:"dinh cong"') == [corpus["f1"]]


def test_overdue_follows_the_service_rule(store: Store, corpus: dict[str, str]) -> None:
    store.recommendations.change_status(corpus["r_title"], "reported_done", date="2024-07-01", today=TODAY)
    assert ids(store, "status:overdue") == [corpus["r_pet"]]
    rows = {r.id for r in store.recommendations.rows(overdue=True, today=TODAY)}
    assert rows == set(ids(store, "status:overdue"))


@pytest.mark.parametrize(("query", "token"), [
    ("due:<2025-13-40", "due:<2025-13-40"), ("foo:bar", "foo:bar"), ('bao "hiem', "position 5"),
    ('unit:"Hoàng', "position 6"), ("status:late", "late"), ("kind:memo", "memo"), ("due:", "due:"),
])
def test_bad_queries_name_the_bad_token(store: Store, query: str, token: str) -> None:
    with pytest.raises(ValidationError) as info:
        store.search.search(query)
    assert token in str(info.value)


def test_bad_query_is_translated() -> None:
    from ssdesk import i18n

    i18n.set_language("vi")
    with pytest.raises(ValidationError):
        parse("foo:bar")


def test_query_text_is_never_fts_syntax(store: Store, corpus: dict[str, str]) -> None:
    for query in ["AND", "OR NOT", "a*", "(bao", "NEAR(x y)", "-", "^hoang", "bao + hiem"]:
        store.search.search(query)  # no FTS5 syntax error escapes


# --- the index in step with the data -----------------------------------------------------------------------------


def test_index_follows_inserts_edits_deletes(store: Store, corpus: dict[str, str]) -> None:
    store.visits.update_part(__import__("ssdesk.models").models.Statement, corpus["s1"],
                             text="Phát triển văn hóa cơ sở")
    assert ids(store, "bao hiem kind:statement") == []
    assert ids(store, "van hoa") == [corpus["s1"]]
    store.recommendations.update(corpus["r_pet"], text="Xin bổ sung biên chế")
    assert ids(store, "bien che") == [corpus["r_pet"]]
    assert ids(store, "kinh phi") == []
    store.recommendations.remove(corpus["r_pet"])
    assert ids(store, "bien che") == []
    fu = store.recommendations.add_progress(corpus["r_title"], date="2024-05-01", note="Đã tổ chức tập huấn",
                                            reporter="Văn phòng Quận ủy", today=TODAY)
    assert ids(store, "tap huan") == [fu.id]


def test_unit_rename_reaches_visit_index(store: Store, corpus: dict[str, str]) -> None:
    from ssdesk.models import Unit

    store.catalog.update(Unit, corpus["unit2"], name="Đảng ủy phường Hoàng Liệt")
    assert corpus["v2"] in ids(store, "hoang liet")


def test_deleting_a_visit_drops_its_children(store: Store, corpus: dict[str, str]) -> None:
    store.recommendations.add_progress(corpus["r_title"], date="2024-05-01", note="Đã tổ chức tập huấn",
                                       today=TODAY)
    before = index_count(store)
    store.visits.delete(corpus["v1"])
    docs, fts = index_count(store)
    assert docs == fts == before[0] - 5  # the visit, its statement, two recommendations, a follow-up
    assert ids(store, "bao hiem") == [] and ids(store, "tap huan") == []
    assert corpus["v2"] in ids(store, "dang uy")


def test_failed_transaction_leaves_index_as_before(store: Store, corpus: dict[str, str]) -> None:
    before = index_count(store)
    with pytest.raises(RuntimeError), store.write():
        store.recommendations.add(corpus["v2"], direction="request", text="Bản ghi bị hủy bỏ")
        store.visits.delete(corpus["v1"])
        raise RuntimeError("boom")
    assert index_count(store) == before
    assert ids(store, "huy bo") == []
    assert corpus["v1"] in ids(store, "hoang mai")


def test_rebuild_repairs_an_emptied_index(store: Store, corpus: dict[str, str]) -> None:
    expected = index_count(store)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM search_fts")
        conn.exec_driver_sql("DELETE FROM search_doc")
    assert ids(store, "hoang mai") == []
    steps: list[float] = []
    assert rebuild(store, lambda f, _m: steps.append(f)) == expected[0]
    assert steps[-1] == 1.0 and index_count(store) == expected
    assert corpus["v1"] in ids(store, "hoang mai")


def test_a_rebuilt_index_holds_the_rows_the_edits_wrote(store: Store, corpus: dict[str, str]) -> None:
    """Each write indexes its records from the objects it wrote; a rebuild reads them back through
    ``index.SOURCES``. Both must give the same rows — a follow-up step's and an evidence file's session and
    recommendation included, which the sources look up row by row rather than join (issue 18)."""
    from ssdesk.services.recommendations import Evidence

    rec = store.recommendations.rows()[0]
    store.recommendations.add_progress(rec.id, date="2024-05-02", note="Phường đã lập kế hoạch khắc phục",
                                       reporter="Đảng ủy phường Định Công",
                                       evidence=[Evidence("ke-hoach-khac-phuc.pdf", b"%PDF-1.4 ke hoach")],
                                       today=TODAY)

    def rows() -> list[tuple[object, ...]]:
        with store.engine.connect() as conn:
            return [tuple(r) for r in conn.exec_driver_sql(
                "SELECT d.entity, d.entity_id, d.visit_id, d.rec_id, f.head, f.body FROM search_doc d"
                " JOIN search_fts f ON f.rowid = d.id ORDER BY d.entity, d.entity_id")]

    written = rows()
    kinds = {r[0] for r in written}
    assert {"follow_up", "attachment"} <= kinds
    assert all(r[2] == rec.visit_id and r[3] == rec.id for r in written if r[0] in ("follow_up", "attachment"))
    rebuild(store)
    assert rows() == written


def test_rebuild_can_be_cancelled(store: Store, corpus: dict[str, str]) -> None:
    from ssdesk.search.index import Cancelled

    before = index_count(store)
    with pytest.raises(Cancelled):
        rebuild(store, cancelled=lambda: True)
    assert index_count(store) == before


def test_import_of_exported_demo_visit_is_indexed(store: Store, tmp_path: Path) -> None:
    from ssdesk.demo import build_demo
    from ssdesk.exchange import export_visit, import_visit

    vid = build_demo(store)
    data = export_visit(store, vid)
    with Store.open(tmp_path / "other.ssdesk", user="other@test") as other:
        new_id = import_visit(other, data)
        assert index_count(other) == index_count(store)
        hits = other.search.search("hoang mai", today=TODAY)
        assert hits and all(h.visit_id == new_id for h in hits)


def test_migration_0002_to_0003_indexes_existing_data(store: Store, tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    from ssdesk import migrations
    from ssdesk.demo import build_demo
    from ssdesk.store import APPLICATION_ID

    build_demo(store)
    expected = index_count(store)
    path = tmp_path / "old.ssdesk"
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade(engine, "0002")  # a file as ssdesk made it before search existed
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        conn.exec_driver_sql("ATTACH DATABASE ? AS src", (str(store.path),))
        tables = [r[0] for r in conn.exec_driver_sql("SELECT name FROM main.sqlite_master WHERE type='table'"
                                                     " AND name != 'alembic_version'")]
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        for table in tables:
            cols = ", ".join(r[1] for r in conn.exec_driver_sql(f"PRAGMA main.table_info({table})"))
            conn.exec_driver_sql(f"INSERT INTO main.{table} ({cols}) SELECT {cols} FROM src.{table}")
    engine.dispose()
    with Store.open(path) as old:
        assert old.migrated_from == "0002"
        assert old.schema_revision() == migrations.head_revision()
        assert index_count(old) == expected
        assert old.search.search("dang uy", today=TODAY)


def test_index_ids_carry_their_kind_and_an_older_index_is_renumbered(store: Store, corpus: dict[str, str]) -> None:
    """Revision 0013: an index row's id tells its kind of record (id & 7), so that ``kind:`` and ``status:``
    searches test it before reading ``search_doc``. A file whose index was numbered the old way (one sequence for
    all kinds) is indexed again when the migration opens it; until then a filtered search would miss rows."""
    from ssdesk.search.index import ENTITY_CODE, ID_STEP, misnumbered

    store.recommendations.change_status(corpus["r_body"], "in_progress", date="2025-01-10", note="Đang rà soát")
    expected = {"visit": 2, "statement": 1, "finding": 1, "recommendation": 3, "follow_up": 1}
    with store.engine.begin() as conn:
        rows = conn.exec_driver_sql("SELECT id, entity FROM search_doc ORDER BY id").all()
        assert {e: sum(1 for _i, x in rows if x == e) for e in expected} == expected
        assert all(ident % ID_STEP == ENTITY_CODE[entity] for ident, entity in rows) and misnumbered(conn) == 0
        texts = conn.exec_driver_sql("SELECT rowid, head, body FROM search_fts ORDER BY rowid").all()
        assert [t[0] for t in texts] == [r[0] for r in rows]
        conn.exec_driver_sql("UPDATE search_doc SET id = -id")  # the old numbering: 1, 2, 3… whatever the kind
        conn.exec_driver_sql("DELETE FROM search_fts")
        for n, ((old, _entity), (_rowid, head, body)) in enumerate(zip(rows, texts, strict=True), start=1):
            conn.exec_driver_sql("UPDATE search_doc SET id = ? WHERE id = ?", (n, -old))
            conn.exec_driver_sql("INSERT INTO search_fts (rowid, head, body) VALUES (?, ?, ?)", (n, head, body))
        assert misnumbered(conn) > 0
    assert ids(store, "bao hiem kind:recommendation") != [corpus["r_title"], corpus["r_body"]]
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0012'")
    path = store.path
    store.close()
    with Store.open(path, create=False) as again:  # migrates to 0013: indexed again, ids carrying their kind
        with again.engine.connect() as conn:
            assert misnumbered(conn) == 0
            assert conn.exec_driver_sql("SELECT COUNT(*) FROM search_fts").scalar_one() == len(rows)
        assert ids(again, "bao hiem kind:recommendation") == [corpus["r_title"], corpus["r_body"]]
        assert ids(again, "bao hiem status:overdue") == [corpus["r_title"]]
