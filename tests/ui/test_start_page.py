"""An empty file leads the way (delegation → unit → session, the sample, import); the sample file says it is one
(issue 14.10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import only_features
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QToolBar
from pytestqt.qtbot import QtBot

import ssdesk.store as store_module
from ssdesk.store import Store
from ui.features.start import StartFeature
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    only_features(monkeypatch, "ui.features.catalog", "ui.features.files", "ui.features.start")
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setattr(store_module, "default_case_file", lambda: data / "ssdesk.ssdesk")
    return data


def _window(qtbot: QtBot, path: Path) -> tuple[MainWindow, StartFeature]:
    window = MainWindow(Store.open(path, create=True, user="test@host"))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    feature = window.findChild(StartFeature, "startFeature")
    assert feature is not None
    return window, feature


def _click(qtbot: QtBot, window: MainWindow, name: str) -> None:
    button = window.findChild(QPushButton, name)
    assert button is not None and button.isVisible(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_an_empty_file_leads_delegation_unit_session(qtbot: QtBot, tmp_path: Path) -> None:
    window, feature = _window(qtbot, tmp_path / "moi.ssdesk")
    panel = feature.panel
    assert panel.isVisible() and not window.table.isVisible()
    assert [m.text() for m in panel.marks] == ["•", "•", "•"]
    assert not panel.buttons[2].isEnabled() and "steps 1 and 2" in panel.buttons[2].toolTip()
    assert not feature.banner.isVisible() and "SAMPLE" not in window.windowTitle()

    _click(qtbot, window, "startStep1")
    plans = window.page("plans")
    assert window.pages.currentWidget() is plans
    assert plans.tabs.currentWidget() is plans.delegations  # step 1 is the delegation: its tab, not the plans'
    window.sidebar.setCurrentRow(0)
    # Alt+1 … Alt+3 press the steps' buttons: no letter of theirs clashes with the menu bar (Alt+G was Help's)
    mnemonics = [b.text().split("&", 1)[1][0].lower() for b in panel.buttons]
    assert mnemonics == ["1", "2", "3"]
    others = [b.text() for b in (panel.sample_button, panel.import_button, panel.open_button)]
    letters = [t.split("&", 1)[1][0].lower() for t in others]
    assert len(set(letters)) == len(letters)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    panel.open_button.setFocus()
    qtbot.keyClick(panel.open_button, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is plans, timeout=2000)
    delegation = window.store.catalog.add_delegation("Đoàn giám sát số 7", "Ban Thường vụ Quận ủy")
    qtbot.waitUntil(lambda: panel.marks[0].text() == "✓", timeout=3000)
    window.sidebar.setCurrentRow(0)
    _click(qtbot, window, "startStep2")
    assert window.pages.currentWidget() is window.page("units")
    unit = window.store.catalog.add_unit("Đảng ủy phường Tương Mai", "ward_committee")
    qtbot.waitUntil(lambda: panel.buttons[2].isEnabled(), timeout=3000)
    assert [m.text() for m in panel.marks] == ["✓", "✓", "•"]

    window.store.visits.create(delegation_id=delegation.id, unit_id=unit.id, starts_at="05/03/2024 08:00")
    window.sidebar.setCurrentRow(0)
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=3000)
    assert window.table.isVisible() and window.model.rowCount() == 1


def test_the_sample_is_marked_in_the_title_and_a_banner(qtbot: QtBot, tmp_path: Path, isolated: Path) -> None:
    window, feature = _window(qtbot, isolated / "ssdesk.ssdesk")  # the user's own, empty file
    _click(qtbot, window, "startSample")
    qtbot.waitUntil(lambda: window.store.path is not None and window.store.path.name == "ssdesk-sample.ssdesk",
                    timeout=10000)
    assert "SAMPLE DATA" in window.windowTitle()
    banner = window.findChild(QToolBar, "sampleBanner")
    assert banner is not None and banner.isVisible() and "SAMPLE DATA" in feature.banner.text.text()
    assert not feature.panel.isVisible() and window.model.rowCount() == 1
    window.reload()  # a change notice re-titles the window: the mark stays
    assert "SAMPLE DATA" in window.windowTitle()

    _click(qtbot, window, "sampleBannerOwn")  # back to the user's own file
    assert window.store.path == (isolated / "ssdesk.ssdesk").resolve()
    assert not banner.isVisible() and "SAMPLE" not in window.windowTitle()
    assert feature.panel.isVisible()
