"""Live minutes at 1024×768: every speaker's name and title is read whole in the list (issue 14.12 named the
live-minutes speaker list among the cut texts): long titles wrap, nothing runs off behind a sideways scroll bar, and
the tooltip repeats the whole line."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.store import Store
from ui.features.minutes.live import LiveMinutesWindow


def test_long_titles_wrap_inside_the_speaker_list(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.ssdesk")
    visit_id = build_demo(store)
    window = LiveMinutesWindow(store, visit_id)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    listing = window.chooser.list
    qtbot.wait(20)
    room = listing.viewport().width()
    assert listing.count() >= 7
    wrapped = 0
    for i in range(listing.count()):
        item = listing.item(i)
        rect = listing.visualItemRect(item)
        assert rect.width() <= room, item.text()
        need = listing.fontMetrics().horizontalAdvance(item.text())
        if need > room:  # too long for one line: it takes more than one line's height
            assert rect.height() >= 2 * listing.fontMetrics().height() - 2, item.text()
            wrapped += 1
        assert item.text().split(maxsplit=1)[1].strip() in item.toolTip()
    assert wrapped, "the sample has long titles: at 1024 px some line must wrap"
    assert not listing.horizontalScrollBar().isVisible()
    window.close()
    store.close()
