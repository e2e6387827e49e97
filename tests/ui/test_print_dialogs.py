"""The print dialog and page setup the app opens speak the app's language (issue 14.3): Qt draws them itself on
Linux and ships no Vietnamese, so ui/qt_strings answers their lookups from ssdesk's catalogue."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QGroupBox, QLabel, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from ssdesk.i18n import set_language
from ui import qt_strings


@pytest.fixture
def translator(qapp: QApplication) -> Iterator[None]:
    installed = qt_strings.install(qapp)
    yield
    QCoreApplication.removeTranslator(installed)
    set_language("en")


def texts(dialog: QWidget) -> set[str]:
    """Every text the dialog shows: labels, buttons, group titles, tab titles, combo entries."""
    out: set[str] = set()
    for w in dialog.findChildren(QWidget):
        if isinstance(w, (QLabel, QAbstractButton)):
            out.add(w.text())
        elif isinstance(w, QGroupBox):
            out.add(w.title())
        elif isinstance(w, QTabWidget):
            out |= {w.tabText(i) for i in range(w.count())}
        elif isinstance(w, QComboBox):
            out |= {w.itemText(i) for i in range(w.count())}
    return out - {""}


def test_the_print_dialog_is_vietnamese(qtbot: QtBot, translator: None) -> None:
    set_language("vi")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = texts(dialog)
    assert {"Máy in", "&Tên:", "Thuộc tín&h", "&Tệp đầu ra:", "&In", "&Tùy chọn >>", "Số bản", "Phạm vi in",
            "In tất cả", "Các trang từ", "đến", "Sắp theo bộ", "Đảo thứ tự"} <= shown, shown
    assert not {"Printer", "&Print", "&Options >>", "Properties", "Output &file:", "Print range"} & shown
    assert dialog.windowTitle() == "In"


def test_page_setup_is_vietnamese_and_english_stays_english(qtbot: QtBot, translator: None) -> None:
    set_language("vi")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup = QPageSetupDialog(printer)
    qtbot.addWidget(setup)
    shown = texts(setup)
    assert {"Giấy", "Khổ giấy:", "Hướng giấy", "Dọc", "Ngang", "Lề", "Bố cục trang"} <= shown, shown
    assert not {"Paper", "Orientation", "Portrait", "Landscape", "Margins"} & shown
    set_language("en")
    again = QPageSetupDialog(printer)
    qtbot.addWidget(again)
    assert {"Paper", "Orientation", "Portrait"} <= texts(again)


def test_the_date_calendars_name_months_in_the_apps_language(qtbot: QtBot, translator: None) -> None:
    import datetime as dt

    from PySide6.QtWidgets import QToolButton

    from ui.forms import DateField, date_edit

    set_language("vi")
    field = DateField(name="day")
    qtbot.addWidget(field)
    field.show()
    field.setText("05/03/2024")
    field.calendar_action.trigger()
    assert field.calendar is not None
    month = next(b.text() for b in field.calendar.findChildren(QToolButton)
                 if b.objectName() == "qt_calendar_monthbutton")
    assert month.lower().startswith("tháng"), month  # not "March"
    picker = date_edit(dt.date(2024, 3, 5), "asOf")
    qtbot.addWidget(picker)
    assert picker.locale().language().name == "Vietnamese"
