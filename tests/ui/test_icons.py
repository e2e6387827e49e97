"""The bundled icons: every SVG draws at the sizes the app uses, the sidebar and the actions show them, the app has its
own icon; and every icon name the code asks for exists (a typo would silently give an empty icon)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import ui.app as app_module
from ssdesk.paths import resources_dir
from ssdesk.store import Store
from ui.icons import ACTION_ICONS, APP_ICON, PAGE_ICONS, icon, icon_dir, names
from ui.main_window import MainWindow

SVG = "{http://www.w3.org/2000/svg}"
ICON_FILES = sorted(icon_dir().glob("*.svg"))
UI = Path(__file__).resolve().parents[2] / "ui"


def image(qicon: QIcon, size: int = 32) -> QImage:
    return qicon.pixmap(size).toImage().convertToFormat(QImage.Format.Format_ARGB32)


def opaque_pixels(img: QImage) -> int:
    return sum(1 for y in range(img.height()) for x in range(img.width()) if img.pixelColor(x, y).alpha() > 0)


def test_the_set_is_there_with_its_licence() -> None:
    assert {"visits", "plans", "units", "people", "programmes", "followup", "dashboard", "search", "backups",
            "new-file", "open", "save-copy", "print", "export-pdf", "add", "delete", "undo", "redo",
            APP_ICON} <= set(names())
    licence = (icon_dir() / "LICENSE").read_text(encoding="utf-8")
    assert "CC0-1.0" in licence and "original works of the ssdesk project" in licence
    assert icon_dir() == resources_dir() / "icons"


@pytest.mark.parametrize("path", ICON_FILES, ids=lambda p: p.stem)
def test_every_svg_draws_at_16_32_and_64_pixels(qapp: QApplication, path: Path) -> None:
    qicon = QIcon(str(path))
    assert not qicon.isNull()
    for size in (16, 32, 64):
        pixmap = qicon.pixmap(size)
        assert not pixmap.isNull(), size
        img = image(qicon, size)
        assert max(img.width(), img.height()) == size * pixmap.devicePixelRatio()
        drawn = opaque_pixels(img)
        assert 0.03 * size * size < drawn < img.width() * img.height(), (size, drawn)  # a drawing, not a blank box


@pytest.mark.parametrize("path", [p for p in ICON_FILES if p.stem != APP_ICON], ids=lambda p: p.stem)
def test_the_set_is_consistent(path: Path) -> None:
    """24×24, one stroke colour, 1.75 px rounded strokes, nothing filled: they look like one family."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 24 24"
    assert (root.get("stroke"), root.get("stroke-width"), root.get("fill")) == ("#4f7aa3", "1.75", "none")
    assert root.get("stroke-linecap") == root.get("stroke-linejoin") == "round"
    for element in root.iter():
        assert element.get("stroke") in (None, "#4f7aa3") and element.get("fill") in (None, "none"), path.name


def test_icon_is_cached_and_an_unknown_name_is_empty(qapp: QApplication) -> None:
    assert icon("search") is icon("search")
    assert icon("no-such-icon").isNull()


def test_every_icon_name_the_code_uses_exists() -> None:
    used = set(PAGE_ICONS.values()) | set(ACTION_ICONS.values()) | {APP_ICON}
    for source in UI.rglob("*.py"):
        used |= set(re.findall(r"\bicon\(\"([a-z0-9-]+)\"\)", source.read_text(encoding="utf-8")))
    assert "new-file" in used and "export-pdf" in used  # the scan found the calls
    assert sorted(used - set(names())) == []


@pytest.fixture
def window(qtbot: QtBot, seeded) -> MainWindow:  # type: ignore[no-untyped-def]
    """A real main window with every feature installed."""
    win = MainWindow(seeded(2))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_every_sidebar_page_shows_its_bundled_icon(window: MainWindow) -> None:
    sidebar = window.sidebar
    keys = [sidebar.item(row).data(0x0100) for row in range(sidebar.count())]
    assert {"visits", "units", "followup", "search", "backups"} <= set(keys)
    for row, key in enumerate(keys):
        assert key in PAGE_ICONS, f"page {key!r} has no bundled icon"
        shown = sidebar.item(row).icon()
        assert not shown.isNull(), key
        assert image(shown) == image(icon(PAGE_ICONS[key])), key
    assert image(icon("units")) != image(icon("people"))  # the comparison can tell icons apart


def test_the_actions_show_their_icons_also_in_a_visit_editor(window: MainWindow) -> None:
    assert image(window.action_new.icon()) == image(icon("new-file"))
    assert image(window.action_open.icon()) == image(icon("open"))
    assert image(window.findChild(type(window.action_new), "actionSaveCopy").icon()) == image(icon("save-copy"))
    editor = window.open_visit(window.model.row_at(0).id)
    for name, drawn in (("actionUndo", "undo"), ("actionRedo", "redo"), ("actionPrint", "print"),
                        ("actionSave", "save")):
        action = editor.findChild(type(window.action_new), name)
        assert action is not None and image(action.icon()) == image(icon(drawn)), name
    editor.close()


def test_the_window_and_the_app_have_the_app_icon(window: MainWindow) -> None:
    assert image(window.windowIcon(), 64) == image(icon(APP_ICON), 64)
    path = window.store.path
    window.close()
    Store.open(path).close()  # the file is free again for run()

    QApplication.setWindowIcon(QIcon())
    QTimer.singleShot(200, QApplication.closeAllWindows)
    assert app_module.run(str(path)) == 0
    assert image(QApplication.windowIcon(), 64) == image(icon(APP_ICON), 64)
