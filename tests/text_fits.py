"""What the text-fit tests share (issue 14.12: tests/ui/test_text_fits.py, tests/server/test_access_text_fits.py):
the measure of every text against its widget, and every dialog the app can open, opened the way the app opens it,
one family at a time.

``cut_texts(root)`` lists each visible label, button, placeholder, tab and column title under ``root`` that its widget
is too small to show whole (QFontMetrics against the widget's room), and each choice cut in its combo box whose own
tooltip would hide the whole text (without one, ui.cell_tips shows it). ``DIALOGS`` names the dialog families; each
opener gets the main window on the sample file and the test's folder and yields ``(name, widget)`` for every dialog
(or wizard page) of its family, shown; the caller measures, then the opener closes them.

``SSDESK_SHOTS=DIR`` saves a picture of each dialog there (``grab()``), to look at them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTabBar,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.cell_tips import combo_is_cut, combo_text_room, header_text_width
from ui.main_window import MainWindow
from ui.screen_fit import SMALLEST_SCREEN, room_within, screen_room


def plain(text: str) -> str:
    """A widget's text as drawn: the mnemonic's ``&`` gone, ``&&`` drawn as one."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def where(widget: QWidget) -> str:
    names = []
    w: QWidget | None = widget
    while w is not None and len(names) < 4:
        names.append(w.objectName() or type(w).__name__)
        w = w.parentWidget()
    return "/".join(reversed(names))


def cut_texts(root: QWidget) -> list[str]:
    """Every visible text under ``root`` that its widget is too small to show whole."""
    found: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or w.width() <= 1:
            continue
        fm = w.fontMetrics()
        if isinstance(w, QLabel):
            text = w.text()
            if not text or w.wordWrap() or w.textFormat() == Qt.TextFormat.RichText or "<" in text or \
                    w.pixmap() is not None and not w.pixmap().isNull():
                continue
            need = max(fm.horizontalAdvance(plain(line)) for line in text.splitlines() or [""])
            room = w.contentsRect().width() - 2 * max(w.margin(), 0) - max(w.indent(), 0)
            if need > room + 1:
                found.append(f"label {where(w)}: “{text}” needs {need}px, has {room}px")
        elif isinstance(w, (QPushButton, QCheckBox, QRadioButton)) or \
                (isinstance(w, QToolButton) and w.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonIconOnly
                 and w.text()):
            assert isinstance(w, QAbstractButton)
            if w.text() and w.sizeHint().width() > w.width() + 1:
                found.append(f"button {where(w)}: “{plain(w.text())}” needs {w.sizeHint().width()}px, "
                             f"has {w.width()}px")
        elif isinstance(w, QLineEdit) and w.placeholderText() and not w.text():
            clear = 22 if w.isClearButtonEnabled() else 0
            margins = w.textMargins()
            room = w.contentsRect().width() - 8 - clear - margins.left() - margins.right()
            need = fm.horizontalAdvance(w.placeholderText())
            if need > room:
                found.append(f"placeholder {where(w)}: “{w.placeholderText()}” needs {need}px, has {room}px")
        elif isinstance(w, QComboBox) and combo_is_cut(w) and w.toolTip() and w.toolTip() != w.currentText():
            # a cut choice shows its whole text as tooltip (ui.cell_tips), unless the box has a tooltip of its own
            found.append(f"choice {where(w)}: “{w.currentText()}” needs {fm.horizontalAdvance(w.currentText())}px, "
                         f"has {combo_text_room(w)}px, and its tooltip says “{w.toolTip()}”")
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if w.tabSizeHint(i).width() > w.tabRect(i).width() + 1:
                    found.append(f"tab {where(w)}: “{plain(w.tabText(i))}”")
        elif isinstance(w, QHeaderView) and w.orientation() == Qt.Orientation.Horizontal and w.model() is not None:
            model = w.model()
            for section in range(w.count()):
                if w.isSectionHidden(section) or w.sectionSize(section) == 0:
                    continue
                text = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                need = header_text_width(w, section)  # text + the style's margins (+ the sort arrow)
                if need > w.sectionSize(section):
                    found.append(f"column {where(w)}: “{text}” needs {need}px, has {w.sectionSize(section)}px")
    return found


def wrapped_cut(label: QLabel) -> str | None:
    """How a word-wrapped label is cut, if it is: a word (a path, a checksum) wider than the label, or more lines
    than its height holds; ``None`` when the whole text shows."""
    text = plain(label.text())
    room = label.contentsRect().adjusted(label.margin(), label.margin(), -label.margin(), -label.margin())
    if not text or room.width() <= 1 or label.textFormat() == Qt.TextFormat.RichText or "<" in text:
        return None
    drawn = label.fontMetrics().boundingRect(0, 0, room.width(), 100_000,
                                             int(Qt.TextFlag.TextWordWrap) | int(label.alignment()), text)
    if drawn.width() > room.width() + 1 or drawn.height() > room.height() + 1:
        return f"needs {drawn.width()}×{drawn.height()}px, has {room.width()}×{room.height()}px"
    return None


def too_large(widget: QWidget, *, opening: bool = True) -> list[str]:
    """What of a window cannot be seen whole: opened larger than its screen's room (``opening``: the size it was
    given, checked before anyone resizes it), or a layout needing more than a 1024×768 screen's room
    (``minimumSizeHint``: Qt keeps a window at least that large, whatever the screen)."""
    found = []
    least, small = widget.minimumSizeHint(), room_within(SMALLEST_SCREEN)
    room = screen_room(widget).expandedTo(least)  # on a screen smaller than 1024×768, as small as its layout allows
    if opening and (widget.width() > room.width() or widget.height() > room.height()):
        found.append(f"opens at {widget.width()}×{widget.height()}, its screen has room for {room.width()}×"
                     f"{room.height()}")
    if least.width() > small.width() or least.height() > small.height():
        found.append(f"needs at least {least.width()}×{least.height()}, a {SMALLEST_SCREEN.width()}×"
                     f"{SMALLEST_SCREEN.height()} screen has room for {small.width()}×{small.height()}")
    return found


def shot(widget: QWidget, name: str) -> None:
    """With ``SSDESK_SHOTS=DIR``: the widget's picture as DIR/NAME.png."""
    folder = os.environ.get("SSDESK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


# -- the dialog families -------------------------------------------------------------------------------------------

Opened = Iterator[tuple[str, QWidget]]
TODAY = dt.date(2024, 12, 1)


def _shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(20)
    return widget


def _visit_id(window: MainWindow) -> str:
    return window.store.visits.rows()[0].id


def _recommendations(window: MainWindow) -> list[str]:
    return [r.id for r in window.store.recommendations.rows(limit=5)]


def visit_dialogs(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Opened:
    """New visit (File → New session), and picking up open recommendations of earlier sessions (Ctrl+Shift+R)."""
    from ui.visit_editor import NewVisitDialog
    from ui.visit_editor.resupervision import ResupervisionDialog

    yield "new visit", _shown(qtbot, NewVisitDialog(window.store, window))
    yield "pick up", _shown(qtbot, ResupervisionDialog(window.store, _visit_id(window), today=TODAY, parent=window))


def document_dialogs(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Opened:
    """Minutes and conclusion notice (Ctrl+P: preview, print, issue), the follow-up report, its "Issue…" box."""
    from ui.features.documents.dialog import DocumentDialog
    from ui.features.documents.followup import FollowupReportDialog

    for kind in ("minutes", "conclusion"):
        yield kind, _shown(qtbot, DocumentDialog(window.store, _visit_id(window), kind, window))
    report = FollowupReportDialog(window.store, window)
    yield "follow-up report", _shown(qtbot, report)
    issue = report.open_issue()
    qtbot.addWidget(issue)
    qtbot.waitExposed(issue)
    yield "issue follow-up report", issue


def followup_dialogs(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Opened:
    """A recommendation's follow-up (progress step, evidence, schedule), the same status for many, the reminder
    letter and the upward report, what fell due since last time."""
    from ui.features.followup.dialogs import BulkStatusDialog, FollowupDialog
    from ui.features.followup.startup import FellDueDialog
    from ui.features.followup.tools import ReminderDialog, UpwardDialog

    recs = _recommendations(window)
    yield "follow-up step", _shown(qtbot, FollowupDialog(window.store, recs[0], TODAY, window))
    yield "bulk status", _shown(qtbot, BulkStatusDialog(window.store, recs[:3], TODAY, window))
    yield "reminder", _shown(qtbot, ReminderDialog(window.store, TODAY, window))
    yield "upward report", _shown(qtbot, UpwardDialog(window.store, TODAY, window))
    items = window.store.followup.fell_due_since(dt.date(2000, 1, 1), TODAY)
    yield "fell due", _shown(qtbot, FellDueDialog(items, None, lambda: None, window))


def file_dialogs(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Opened:
    """Office server connection, merging a laptop's file (its preview of changes and conflicts)."""
    from ssdesk.safety.package import make_laptop_copy
    from ssdesk.store import Store
    from ui.features.files.server_dialog import ServerDialog
    from ui.features.safety.merge_dialog import MergeDialog

    yield "server", _shown(qtbot, ServerDialog(window))
    visit_id = _visit_id(window)
    laptop = make_laptop_copy(window.store, tmp_path / "may-xach-tay.ssdesk")
    with Store.open(laptop, user="laptop@host") as lap:
        lap.visits.update(visit_id, place="Hội trường UBND quận (máy xách tay)")
    window.store.visits.update(visit_id, place="Phòng họp số 1 (văn phòng)")  # a conflict to show
    merge = MergeDialog(window, laptop)
    merge.preview()
    qtbot.waitUntil(lambda: merge.report is not None, timeout=10_000)
    yield "merge", _shown(qtbot, merge)


def tracker_pages(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Opened:
    """File → Import tracker of recommendations: each page of the wizard, on a small workbook."""
    from openpyxl import Workbook

    from ui.features.tracker import open_wizard

    book = Workbook()
    ws = book.active
    ws.title = "2024"
    ws.append(["STT", "Nội dung kiến nghị", "Đơn vị thực hiện", "Thời hạn", "Tình trạng", "Ghi chú"])
    ws.append([1, "Rà soát hộ nghèo", "Quận ủy Hoàng Mai", "30/6/2024", "Đã thực hiện", "xong"])
    ws.append([2, "Kiện toàn tổ công tác", "Phòng Nội vụ", "Quý III/2024", "Tạm dừng", None])
    path = tmp_path / "Theo dõi kiến nghị 2024.xlsx"
    book.save(path)
    wizard = open_wizard(window)
    qtbot.addWidget(wizard)
    qtbot.waitExposed(wizard)
    wizard.set_file(path)
    for i, page in enumerate(("file", "columns", "choices", "preview")):
        if i:
            wizard.next()  # not past the preview: that would import
        qtbot.wait(20)
        yield f"tracker {page}", wizard


def app_dialogs(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Opened:
    """Help (guide, shortcuts, about), your name and title, draft from text, print and page setup (Qt's own)."""
    from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter

    from ui.features.help import HelpFeature
    from ui.features.identity import IdentityFeature
    from ui.features.minutes.review import DraftReviewDialog

    help_feature = window.findChild(HelpFeature)
    identity = window.findChild(IdentityFeature)
    assert help_feature is not None and identity is not None
    yield "guide", help_feature.show_guide()
    yield "shortcuts", help_feature.show_shortcuts()
    yield "about", help_feature.show_about()
    yield "identity", identity.edit()
    yield "draft from text", _shown(qtbot, DraftReviewDialog(window.store, window))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    yield "print", _shown(qtbot, QPrintDialog(printer, window))
    yield "page setup", _shown(qtbot, QPageSetupDialog(printer, window))


DIALOGS: dict[str, Callable[[QtBot, MainWindow, Path], Opened]] = {
    "visit": visit_dialogs, "documents": document_dialogs, "followup": followup_dialogs, "files": file_dialogs,
    "tracker": tracker_pages, "app": app_dialogs,
}
