"""Draft from text, reviewed in the GUI: untick, correct, create; only what was kept reaches the case file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import only_features, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from ssdesk.enums import VisitState
from ssdesk.store import Store
from ui.features.minutes import DraftReviewDialog
from ui.main_window import MainWindow

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "hoang-mai-2024-02-27.txt"
needs_sample = pytest.mark.skipif(not SAMPLE.exists(), reason=f"sample text {SAMPLE} is not available")

NOTES = """Sáng 12/3/2024, Đoàn giám sát số 2 của Ban Thường vụ Thành ủy Hà Nội làm việc với Ban Thường vụ Quận ủy \
Cầu Giấy về thực hiện Chương trình số 08-CTr/TU.

Báo cáo với Đoàn, Phó Bí thư Thường trực Quận ủy Cầu Giấy Lê Văn An cho biết: quận đã hoàn thành 20/25 chỉ tiêu. \
Tỷ lệ bao phủ BHYT đạt 93,5% dân số. Quận đã giải quyết việc làm cho 12.500 lao động.

Phát biểu tại buổi làm việc, Giám đốc Sở Y tế Trần Thị Bình đánh giá cao kết quả của quận. Tuy nhiên, hạ tầng y tế \
còn hạn chế, chưa đáp ứng nhu cầu.

Phát biểu kết luận buổi làm việc, Phó Bí thư Thành ủy Nguyễn Văn Cường, Trưởng Đoàn giám sát đánh giá cao sự chuẩn bị \
của quận. Phó Bí thư Thành ủy Nguyễn Văn Cường đề nghị quận Cầu Giấy tăng cường công tác tuyên truyền về chính sách an \
sinh xã hội. Đồng chí Nguyễn Văn Cường cũng yêu cầu quận rà soát các chỉ tiêu chưa đạt để có giải pháp khắc phục.

Đối với kiến nghị của quận về xây dựng bệnh viện quận, Phó Bí thư Thành ủy Nguyễn Văn Cường yêu cầu rà soát lại quy \
hoạch để sớm thực hiện.
"""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "case.ssdesk", user="thu-ky@doan2")
    yield s
    s.close()


def open_dialog(qtbot: QtBot, store: Store) -> DraftReviewDialog:
    dialog = DraftReviewDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def find_node(dialog: DraftReviewDialog, kind: str, contains: str):  # type: ignore[no-untyped-def]
    item = next(i for i in dialog.items.values() if i.kind == kind and any(contains in v for v in i.fields.values()))
    node = dialog.node(item.key)
    assert node is not None
    return item, node


def untick(qtbot: QtBot, dialog: DraftReviewDialog, node) -> None:  # type: ignore[no-untyped-def]
    dialog.tree.setCurrentItem(node)
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Space)  # the keyboard's way to toggle a tick
    assert node.checkState(0) == Qt.CheckState.Unchecked


def edit_field(qtbot: QtBot, dialog: DraftReviewDialog, node, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
    dialog.tree.setCurrentItem(node)
    editor = dialog.fields_box.findChild(QLineEdit, f"edit_{field}")
    assert editor is not None
    editor.setFocus()
    editor.selectAll()
    type_text(qtbot, editor, text)


def selected_source(dialog: DraftReviewDialog) -> str:
    return dialog.source.textCursor().selectedText().replace("\u2029", "\n")


def test_review_a_short_text_and_create_the_visit(qtbot: QtBot, store: Store) -> None:
    dialog = open_dialog(qtbot, store)
    created: list[str] = []
    dialog.created.connect(created.append)
    dialog.source.setPlainText(NOTES)  # pasted
    qtbot.mouseClick(dialog.findChild(QPushButton, "makeDraft"), Qt.MouseButton.LeftButton)
    assert dialog.draft is not None and not dialog.draft.empty
    assert dialog.create_button.isEnabled()

    bình, bình_node = find_node(dialog, "attendee", "Trần Thị Bình")
    dialog.tree.setCurrentItem(bình_node)
    assert bình.source is not None
    assert selected_source(dialog) == dialog.draft.text[bình.source[0]:bình.source[1]]
    assert "Trần Thị Bình" in selected_source(dialog)
    untick(qtbot, dialog, bình_node)
    _request, request_node = find_node(dialog, "request", "Rà soát các chỉ tiêu")
    untick(qtbot, dialog, request_node)
    figure, figure_node = find_node(dialog, "figure", "93,5%")
    edit_field(qtbot, dialog, figure_node, "reported", "94,2%")
    assert selected_source(dialog) == "93,5%"  # selecting the figure selected its words
    assert "94,2%" in figure_node.text(0)
    # the visit itself cannot be dropped
    visit_item, visit_node = find_node(dialog, "visit", "2024")
    assert not visit_node.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert store.visits.count() == 0  # nothing is written before "Create visit"

    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert created and store.visits.count() == 1
    path = store.path
    store.close()
    with Store.open(path, create=False) as again:
        visit = again.visits.get(created[0])
        assert visit.state is VisitState.MINUTES_DRAFTED
        assert "Trần Thị Bình" not in [a.name for a in visit.attendees]
        assert "Lê Văn An" in [a.name for a in visit.attendees]
        requests = [r.text for r in visit.recommendations if r.direction.value == "request"]
        assert requests == ["Tăng cường công tác tuyên truyền về chính sách an sinh xã hội.",
                            "Rà soát lại quy hoạch để sớm thực hiện."]  # the answer to the petition asks too
        assert [r.direction.value for r in visit.recommendations].count("petition") == 1
        bhyt = next(r for r in visit.indicator_results if r.label == figure.fields["label"])
        assert (bhyt.reported, bhyt.reported_value) == ("94,2%", 94.2)
        assert "93,5%" not in [r.reported for r in visit.indicator_results]


def test_garbage_shows_the_empty_draft_message(qtbot: QtBot, store: Store) -> None:
    dialog = open_dialog(qtbot, store)
    for text in ("", "%%%% 1234 ####", "The quick brown fox jumps over the lazy dog, again and again."):
        dialog.change_text()
        dialog.source.setPlainText(text)
        dialog.make_draft()
        assert dialog.draft is not None and dialog.draft.empty
        assert dialog.tree.topLevelItemCount() == 0
        assert not dialog.create_button.isEnabled()
        assert "nothing was drafted" in dialog.message.text().lower() or "nothing to draft" in \
            dialog.message.text().lower()
    assert dialog.make_visit() is None and store.visits.count() == 0


def test_a_word_file_is_opened_and_a_bad_date_is_refused(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for paragraph in NOTES.split("\n\n"):
        document.add_paragraph(paragraph.strip())
    source = tmp_path / "ghi-chep.docx"
    document.save(str(source))
    dialog = open_dialog(qtbot, store)
    assert dialog.load_file(source)
    assert dialog.draft is not None and "Lê Văn An" in [p.name for p in dialog.draft.people]
    _item, visit_node = find_node(dialog, "visit", "2024")
    edit_field(qtbot, dialog, visit_node, "starts_at", "31/02/2024")
    assert dialog.make_visit() is None
    assert "not created" in dialog.message.text() and "dd/mm/yyyy" in dialog.message.text()
    assert store.visits.count() == 0
    edit_field(qtbot, dialog, visit_node, "starts_at", "13/03/2024 14:00")
    visit_id = dialog.make_visit()
    assert visit_id is not None
    assert store.visits.get(visit_id).starts_at.isoformat() == "2024-03-13T14:00:00"
    assert not dialog.load_file(tmp_path / "missing.docx")  # a file that cannot be read: a message, no exception
    assert "missing.docx" in dialog.message.text()


def test_opened_from_the_file_menu_and_the_list_shows_the_new_visit(qtbot: QtBot, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    only_features(monkeypatch, "ui.features.minutes")
    window = MainWindow(Store.open(tmp_path / "office.ssdesk", user="thu-ky@doan2"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    action = next(a for a in window.menu("file").actions() if a.objectName() == "actionDraftFromText")
    action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, DraftReviewDialog) and w.isVisible())
    dialog.source.setPlainText(NOTES)
    dialog.make_draft()
    visit_id = dialog.make_visit()
    assert visit_id is not None
    assert window.model.row_of(visit_id) is not None
    assert visit_id in window.editors  # the new visit's editor opened to go on with it
    window.close()


@needs_sample
def test_the_sample_press_report(qtbot: QtBot, store: Store) -> None:
    dialog = open_dialog(qtbot, store)
    assert dialog.load_file(SAMPLE)
    assert dialog.draft is not None
    groups = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert groups == ["Session", "Attendees", "Figures", "Statements", "Findings", "Requests to the unit",
                      "Petitions from the unit"]
    _hưng, hưng_node = find_node(dialog, "attendee", "Nguyễn Đình Hưng")
    untick(qtbot, dialog, hưng_node)
    request, request_node = find_node(dialog, "request", "cải cách hành chính")
    untick(qtbot, dialog, request_node)
    figure, figure_node = find_node(dialog, "figure", "94,1%")
    edit_field(qtbot, dialog, figure_node, "reported", "94,2%")
    assert selected_source(dialog) == "94,1%"
    visit_id = dialog.make_visit()
    assert visit_id is not None
    visit = store.visits.get(visit_id)
    assert "Nguyễn Đình Hưng" not in [a.name for a in visit.attendees]
    assert len(visit.attendees) == len([i for i in dialog.items.values() if i.kind == "attendee"]) - 1
    assert not any("cải cách hành chính" in r.text for r in visit.recommendations)
    assert any("tuyên truyền" in r.text for r in visit.recommendations)
    coverage = next(r for r in visit.indicator_results if r.label == figure.fields["label"])
    assert (coverage.reported, coverage.reported_value) == ("94,2%", 94.2)
    hưng_statements = [s for s in visit.statements if s.speaker_name == "Nguyễn Đình Hưng"]
    assert hưng_statements and all(s.attendee_id is None for s in hưng_statements)
    assert (visit.indicators_met, visit.indicators_total) == (23, 27)


def test_same_person_with_a_new_title_is_offered_as_the_same_person(qtbot: QtBot, store: Store) -> None:
    known = store.catalog.add_person("Lê Văn An", title="Ủy viên Ban Thường vụ Quận ủy")
    store.catalog.add_person("Trần Thị Bình", title="Giám đốc Sở Y tế")
    dialog = open_dialog(qtbot, store)
    dialog.source.setPlainText(NOTES)
    dialog.make_draft()
    _an, an_node = find_node(dialog, "attendee", "Lê Văn An")
    assert "same person, with a new title" in an_node.text(0)
    _bình, bình_node = find_node(dialog, "attendee", "Trần Thị Bình")
    assert "reused as it is" in bình_node.text(0)
    dialog.tree.setCurrentItem(bình_node)
    assert dialog.same_person is None  # same title: nothing to decide
    dialog.tree.setCurrentItem(an_node)
    assert dialog.same_person is not None and dialog.same_person.isChecked()
    visit_id = dialog.make_visit()
    assert visit_id is not None
    attendee = next(a for a in store.visits.get(visit_id).attendees if a.name == "Lê Văn An")
    assert attendee.person_id == known.id and attendee.title == "Phó Bí thư Thường trực Quận ủy Cầu Giấy"
    assert len(store.catalog.persons()) == 3  # the two known, reused, and Nguyễn Văn Cường, new


def test_told_apart_a_new_person_is_made(qtbot: QtBot, store: Store) -> None:
    known = store.catalog.add_person("Lê Văn An", title="Ủy viên Ban Thường vụ Quận ủy")
    dialog = open_dialog(qtbot, store)
    dialog.source.setPlainText(NOTES)
    dialog.make_draft()
    _an, an_node = find_node(dialog, "attendee", "Lê Văn An")
    dialog.tree.setCurrentItem(an_node)
    assert dialog.same_person is not None
    dialog.same_person.setFocus()
    qtbot.keyClick(dialog.same_person, Qt.Key.Key_Space)
    assert not dialog.same_person.isChecked()
    visit_id = dialog.make_visit()
    assert visit_id is not None
    attendee = next(a for a in store.visits.get(visit_id).attendees if a.name == "Lê Văn An")
    assert attendee.person_id != known.id
    assert [p.full_name for p in store.catalog.persons()].count("Lê Văn An") == 2


def test_a_long_text_is_drafted_in_the_background(qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.features.minutes import review

    monkeypatch.setattr(review, "BACKGROUND_CHARS", 100)  # NOTES counts as long: the worker thread drafts it
    store.catalog.add_person("Lê Văn An", title="Ủy viên Ban Thường vụ Quận ủy")
    dialog = open_dialog(qtbot, store)
    dialog.source.setPlainText(NOTES)
    dialog.make_draft()
    qtbot.waitUntil(lambda: dialog.draft is not None, timeout=10_000)
    assert dialog.create_button.isEnabled()
    _an, an_node = find_node(dialog, "attendee", "Lê Văn An")
    assert "same person" in an_node.text(0)  # the case file was read from the worker thread too
