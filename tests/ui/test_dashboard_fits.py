"""The dashboard read whole at 1024×768, in both languages (issue 14.12): the status chart's wrapped labels keep all
their lines inside the chart, and a chart title cut short shows itself whole on hover."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.i18n import set_language
from ssdesk.store import Store
from ui.features.followup import PAGE_DASHBOARD, FollowupFeature
from ui.main_window import MainWindow


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_status_labels_and_titles_fit_at_1024(qtbot: QtBot, tmp_path: Path, lang: str) -> None:
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    set_language(lang)
    try:
        store = Store.open(tmp_path / "demo.ssdesk", create=True, user="test@host")
        build_demo(store)
        window = MainWindow(store)
        qtbot.addWidget(window)
        window.resize(1024, 768)
        window.show()
        qtbot.waitExposed(window)
        window.show_page(PAGE_DASHBOARD)
        feature = window.findChild(FollowupFeature, "followupFeature")
        assert feature is not None
        page = feature.dashboard
        qtbot.waitUntil(lambda: page.data is not None and not page.is_busy())
        qtbot.wait(20)
        chart = page.status_chart
        assert chart.width() < 500  # the small case this test is about
        fm = chart.fontMetrics()
        plot = chart._plot()  # noqa: SLF001  (the chart's own geometry: what is painted where)
        slot = int(plot.width() / len(chart.bars)) - 2
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        for bar in chart.bars:
            need = fm.boundingRect(QRect(0, 0, slot, 1000), flags, bar.label).height()
            band = chart.label_height(plot.width())  # the height each label is painted in
            assert need <= band and plot.bottom() + 3 + need <= chart.height() - 2, (bar.label, need, band)
        chart.grab()  # paints: the title is measured against this width
        bold = chart.font()
        bold.setBold(True)  # titles are painted bold
        for c in (page.status_chart, page.unit_chart, page.completion_chart, page.trend_chart):
            c.grab()
            cut = QFontMetrics(bold).horizontalAdvance(c.title) > c.width() - 20
            assert c.title_cut == cut, c.title
            if cut:
                QApplication.sendEvent(c, _help_event(c, QPoint(30, 10)))
                assert QToolTip.text() == c.title
        window.close()
        store.close()
    finally:
        set_language("vi")


def _help_event(widget: QWidget, pos: QPoint) -> QHelpEvent:
    return QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos))
