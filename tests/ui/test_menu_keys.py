"""Keyboard users open a menu item with Alt+letter: in every menu of the main window and of the visit editor, in
both languages, no two items share their underlined letter (Qt would then only cycle between them)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu, QMenuBar
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.i18n import set_language
from ssdesk.store import Store
from ui.main_window import MainWindow


def mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` (``&&`` is a literal ampersand)."""
    i = 0
    while (i := text.find("&", i)) >= 0 and i + 1 < len(text):
        if text[i + 1] != "&":
            return text[i + 1].lower()
        i += 2
    return None


def clashes(menu: QMenu | QMenuBar, path: str) -> list[str]:
    actions = [a for a in menu.actions() if a.text() and a.isVisible()]
    counts = Counter(m for a in actions if (m := mnemonic(a.text())))
    out = [f"{path}: {[a.text() for a in actions if mnemonic(a.text()) == key]}"
           for key, n in counts.items() if n > 1]
    for a in actions:
        if a.menu() is not None:
            out += clashes(a.menu(), f"{path} > {a.text()}")
    return out


def test_mnemonic_helper() -> None:
    assert mnemonic("&Tệp") == "t" and mnemonic("Save a &copy…") == "c" and mnemonic("A && B") is None
    assert mnemonic("Tom && &Jerry") == "j"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_two_items_of_a_menu_share_their_letter(qtbot: QtBot, tmp_path: Path, lang: str) -> None:
    set_language(lang)  # before the windows are built: their texts are read once
    store = Store.open(tmp_path / "menus.ssdesk")
    build_demo(store)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    editor = window.open_visit(store.visits.rows()[0].id)
    problems = clashes(window.menuBar(), "main window") + clashes(editor.menuBar(), "visit editor")
    assert mnemonic(window.menuBar().actions()[0].text()) is not None
    assert problems == []
    editor.close()
    window.close()
