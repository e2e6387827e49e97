"""What Qt draws itself (standard buttons, the text fields' menu, the file dialog) follows the app's language: Qt
ships no Vietnamese catalogue, so ssdesk's own answers it (ui/qt_strings.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from ssdesk.i18n import set_language
from ui import qt_strings


@pytest.fixture
def translator(qapp: QApplication) -> Iterator[None]:
    installed = qt_strings.install(qapp)
    yield
    QCoreApplication.removeTranslator(installed)


def buttons(box: QMessageBox) -> list[str]:
    return sorted(b.text() for b in box.buttons())


def test_message_box_buttons_follow_the_language_without_restart(qtbot: QtBot, translator: None) -> None:
    set_language("vi")
    box = QMessageBox(QMessageBox.Icon.Question, "Xóa", "Xóa kiến nghị này?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert buttons(box) == sorted(["&Có", "&Không", "Hủy"])
    ok = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(ok)
    assert sorted(b.text() for b in ok.buttons()) == ["Lưu", "Đồng ý"]
    set_language("en")  # a new dialog after switching: Qt's own English again
    again = QMessageBox(QMessageBox.Icon.Question, "Delete", "Delete?",
                        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(again)
    assert buttons(again) == ["&No", "&Yes"]


def test_text_field_menu_and_file_dialog_are_vietnamese(qtbot: QtBot, translator: None) -> None:
    set_language("vi")
    field = QLineEdit()
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    assert "&Hoàn tác" in texts and "&Sao chép" in texts and "&Dán" in texts and "Chọn tất cả" in texts
    dialog = QFileDialog(None, "Mở tệp")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    assert "Hủy" in [b.text() for b in box.buttons()]
    assert dialog.labelText(QFileDialog.DialogLabel.FileName) == "&Tên tệp:"
    assert dialog.labelText(QFileDialog.DialogLabel.FileType) == "&Loại tệp:"


def test_every_listed_string_has_its_vietnamese() -> None:
    set_language("vi")
    translator = qt_strings.CatalogueTranslator()
    missing = [key for key in qt_strings.QT_STRINGS if not translator.translate(*key)]
    assert missing == []
    assert translator.translate("QPlatformTheme", "Something Qt never says") is None
