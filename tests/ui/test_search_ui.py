"""The search box and the Search page, typed into as a user would, on the demo case file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import only_features
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHeaderView
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.store import Store
from ui.features.search import SearchFeature
from ui.features.search.results import COL_SNIPPET, HIT_ROLE, HTML_ROLE, snippet_html
from ui.forms import ERROR_COLOUR
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    only_features(monkeypatch, "ui.features.documents", "ui.features.search")
    store = Store.open(tmp_path / "demo.ssdesk", create=True, user="test@host")
    build_demo(store)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def search(window: MainWindow) -> SearchFeature:
    found = window.findChild(SearchFeature, "searchFeature")
    assert found is not None
    return found


def type_query(qtbot: QtBot, window: MainWindow, text: str) -> SearchFeature:
    feature = search(window)
    feature.box.clear()
    qtbot.keyClicks(feature.box, text)
    qtbot.keyClick(feature.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not feature.is_busy())  # the query runs on a worker
    return feature


def hits(feature: SearchFeature) -> list[object]:
    model = feature.page.model
    return [model.index(r, 0).data(HIT_ROLE) for r in range(model.rowCount())]


def test_the_box_is_in_a_toolbar_and_ctrl_k_focuses_it(window: MainWindow, qtbot: QtBot) -> None:
    feature = search(window)
    assert feature.box.accessibleName()
    assert feature.toolbar.isVisible() and feature.box.isVisible()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is feature.box, timeout=2000)


def test_hoang_mai_without_diacritics_finds_the_visit(window: MainWindow, qtbot: QtBot) -> None:
    visit_id = window.model.row_at(0).id
    feature = type_query(qtbot, window, "hoang mai")
    assert window.pages.currentWidget() is feature.page  # the Search page is shown
    found = hits(feature)
    assert found and found[0].visit_id == visit_id  # ranked as the core ranks; all of the demo visit
    assert "visit" in {h.entity for h in found}
    assert found == window.store.search.search("hoang mai")  # the core's order, untouched
    html = feature.page.model.index(0, COL_SNIPPET).data(HTML_ROLE)
    assert "<b>Hoàng</b> <b>Mai</b>" in html
    assert "result" in feature.page.summary.text()


def test_dang_uy_finds_dang_uy_with_diacritics(window: MainWindow, qtbot: QtBot) -> None:
    visit_id = window.model.row_at(0).id
    window.store.visits.add_statement(visit_id, "Lê Văn Hùng", "Đảng ủy phường Hoàng Liệt đã ban hành kế hoạch.")
    feature = type_query(qtbot, window, "dang uy")
    found = hits(feature)
    assert any("Đảng ủy" in h.snippet for h in found)
    first = next(h for h in found if "Đảng ủy" in h.snippet)
    assert "<b>Đảng ủy</b>" in snippet_html(first) or "<b>Đảng</b> <b>ủy</b>" in snippet_html(first)


def test_a_malformed_query_shows_the_error_and_keeps_the_results(window: MainWindow, qtbot: QtBot) -> None:
    feature = type_query(qtbot, window, "hoang mai")
    before = hits(feature)
    summary = feature.page.summary.text()
    type_query(qtbot, window, "due:<2025-13-40")
    assert feature.error.isVisible()
    assert "2025-13-40" in feature.error.text()
    assert ERROR_COLOUR in feature.error.styleSheet()  # the app's one red
    assert hits(feature) == before and feature.page.summary.text() == summary
    qtbot.keyClicks(feature.box, "x")  # typing again clears the message
    assert not feature.error.isVisible()


def test_double_click_on_a_hit_opens_its_visit(window: MainWindow, qtbot: QtBot) -> None:
    feature = type_query(qtbot, window, "hoang mai")
    table = feature.page.table
    rect = table.visualRect(feature.page.model.index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    visit_id = hits(feature)[0].visit_id
    qtbot.waitUntil(lambda: visit_id in window.editors, timeout=3000)
    editor = window.editors[visit_id]
    qtbot.addWidget(editor)
    assert editor.isVisible()


def test_escaping_keeps_user_text_out_of_the_markup(window: MainWindow, qtbot: QtBot) -> None:
    visit_id = window.model.row_at(0).id
    window.store.visits.add_statement(visit_id, "Trần An", "Chỉ tiêu <b>x</b> & kế hoạch quận Tuyết Mai.")
    feature = type_query(qtbot, window, "tuyet mai")
    html = next(h for h in hits(feature) if "Tuyết" in h.snippet)
    assert "&lt;b&gt;x&lt;/b&gt; &amp;" in snippet_html(html) and "<b>Tuyết</b> <b>Mai</b>" in snippet_html(html)


def test_replacing_the_file_clears_the_results(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    feature = type_query(qtbot, window, "hoang mai")
    assert hits(feature)
    assert window.open_path(tmp_path / "empty.ssdesk", create=True)
    assert hits(feature) == [] and feature.query == ""
    type_query(qtbot, window, "hoang mai")
    assert hits(feature) == []
    assert "Nothing found" in feature.page.summary.text()


def _open_row(qtbot: QtBot, feature: SearchFeature, row: int) -> None:
    table = feature.page.table
    rect = table.visualRect(feature.page.model.index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_opening_a_request_lands_on_its_row_and_kinds_are_named(window: MainWindow, qtbot: QtBot) -> None:
    """A request found by search opens the editor on the requests tab with that request selected; requests and
    petitions are labelled by their kind; a visit's title is not prefixed by "Working session" again."""
    visit_id = window.model.row_at(0).id
    request = window.store.recommendations.add(visit_id, direction="request", text="Rà soát quy hoạch cán bộ xyzzy")
    petition = window.store.recommendations.add(visit_id, direction="petition", text="Đề nghị bổ sung biên chế xyzzy",
                                                addressee="Ban Tổ chức Thành ủy")
    feature = type_query(qtbot, window, "xyzzy")
    model = feature.page.model
    kinds = {model.index(r, 0).data(HIT_ROLE).id: model.index(r, 0).data() for r in range(model.rowCount())}
    assert kinds == {request.id: "Request", petition.id: "Petition"}
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(HIT_ROLE).id == request.id)
    assert model.index(row, 1).data().startswith("Request ")

    _open_row(qtbot, feature, row)
    qtbot.waitUntil(lambda: visit_id in window.editors, timeout=3000)
    editor = window.editors[visit_id]
    qtbot.addWidget(editor)
    qtbot.waitUntil(lambda: editor.tabs.currentWidget() is editor.recommendations, timeout=3000)
    table = editor.recommendations.table
    selected = table.selectionModel().selectedRows()
    assert [editor.recommendations.model.row_at(i.row())["id"] for i in selected] == [request.id]

    titles = [h.title for h in type_query(qtbot, window, "hoang mai").page.model.hits if h.entity == "visit"]
    assert titles and not any(t.startswith("Working session Làm việc") for t in titles)
    assert all(not t.lower().startswith(("working session working", "buổi làm việc buổi")) for t in titles)


def test_a_snippet_longer_than_its_row_shows_whole_lines_only(window: MainWindow, qtbot: QtBot) -> None:
    """Rows keep one height; a snippet that needs more lines shows those that fit whole and nothing of the next
    (half a line of Vietnamese loses its diacritics and reads as other words): below the last whole line the cell
    is bare background."""
    from ui.features.search.results import snippet_document, whole_lines_height

    feature = type_query(qtbot, window, "bao hiem y te")
    table = feature.page.table
    window.resize(1200, 800)
    for column in range(COL_SNIPPET):
        table.setColumnWidth(column, 90)
    table.horizontalHeader().setStretchLastSection(False)
    table.horizontalHeader().setSectionResizeMode(COL_SNIPPET, QHeaderView.ResizeMode.Interactive)
    table.setColumnWidth(COL_SNIPPET, 180)  # narrow: every snippet wraps past the row's height
    table.clearSelection()
    QApplication.processEvents()
    image = table.viewport().grab().toImage()
    checked = 0
    for row in range(feature.page.model.rowCount()):
        rect = table.visualRect(feature.page.model.index(row, COL_SNIPPET))
        doc = snippet_document(table.font(), feature.page.model.index(row, COL_SNIPPET).data(HTML_ROLE), rect.width())
        assert rect.right() < image.width() and rect.bottom() < image.height(), "the cell must be on screen"
        if doc.size().height() <= rect.height():
            continue
        fit = whole_lines_height(doc, rect.height())
        assert 0 < fit < rect.height()
        background = image.pixelColor(rect.right() - 2, rect.bottom() - 1)
        below = {image.pixelColor(x, y).name() for y in range(rect.top() + int(fit) + 1, rect.bottom() - 1)
                 for x in range(rect.left() + 4, rect.right() - 4)}
        assert below == {background.name()}, f"row {row}: text drawn below the last whole line"
        checked += 1
    assert checked >= 2, "the narrow column must make snippets taller than their rows"
