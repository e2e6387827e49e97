"""Qt's own wizard buttons speak the app's language (issue 14.3, seen walking the dialogs for 14.12): the tracker
import wizard showed "< Back", "Next >", "Cancel" under Vietnamese pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from ssdesk.i18n import set_language
from ssdesk.store import Store
from ui import qt_strings
from ui.main_window import MainWindow


@pytest.fixture
def translator(qapp: QApplication) -> Iterator[None]:
    installed = qt_strings.install(qapp)
    yield
    QCoreApplication.removeTranslator(installed)
    set_language("en")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_tracker_wizard_buttons_follow_the_language(qtbot: QtBot, tmp_path: Path, translator: None,
                                                         lang: str) -> None:
    from ui.features.tracker import open_wizard

    set_language(lang)
    window = MainWindow(Store.open(tmp_path / "case.ssdesk", create=True, user="test@host"))
    qtbot.addWidget(window)
    wizard = open_wizard(window)
    qtbot.addWidget(wizard)
    qtbot.waitExposed(wizard)
    texts = {b: wizard.button(b).text() for b in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                                                    QWizard.WizardButton.CancelButton)}
    expected = {"vi": ["< &Quay lại", "&Tiếp >", "Hủy"], "en": ["< &Back", "&Next >", "Cancel"]}[lang]
    assert list(texts.values()) == expected
    wizard.close()
    window.close()
