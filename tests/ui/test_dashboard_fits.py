"""The dashboard read whole at 1024×768, in both languages (issue 14.12): the status chart's wrapped labels keep all
their lines inside the chart, and a chart title cut short shows itself whole on hover."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.i18n import set_language
from ssdesk.store import Store
from ui.features.followup import PAGE_DASHBOARD, FollowupFeature
from ui.features.followup.charts import label_lines
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
        if chart.lays_out_across():
            # a word wider than its slot turned the bars across: one row per status, all inside the plot
            assert any(fm.horizontalAdvance(w) > plot.width() / len(chart.bars) - 2
                       for b in chart.bars for w in b.label.split())
            for i in range(len(chart.bars)):
                row = chart.bar_rect(i)
                assert row.height() >= fm.height() - 4 and plot.top() <= row.top() and row.bottom() <= plot.bottom()
        else:
            slot = int(plot.width() / len(chart.bars)) - 2
            flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
            for bar in chart.bars:
                for word in bar.label.split():  # wrapping breaks at spaces only: a longer word is cut
                    assert fm.horizontalAdvance(word) <= slot, (word, slot)
                need = fm.boundingRect(QRect(0, 0, slot, 1000), flags, bar.label).height()
                band = chart.label_height(plot.width())  # the height each label is painted in
                assert need <= band and plot.bottom() + 3 + need <= chart.height() - 2, (bar.label, need, band)
        units = page.unit_chart  # the unit's whole name on two lines beside its bar, not "Ban Thường vụ Quận …"
        uplot = units._plot()  # noqa: SLF001
        row = units._slot(0)  # noqa: SLF001
        lines = label_lines(fm, units.bars[0].label, int(uplot.left() - 16), 2 if row.height() >= 2 * fm.height() + 4
                            else 1)
        assert len(lines) == 2 and all(fm.horizontalAdvance(x) <= uplot.left() - 16 for x in lines), lines
        if " ".join(lines) != units.bars[0].label:  # still cut at this font: hovering the row shows it whole
            at = row.center()
            QApplication.sendEvent(units, QMouseEvent(QEvent.Type.MouseMove, at, units.mapToGlobal(at),
                                                      Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                                      Qt.KeyboardModifier.NoModifier))
            assert units.bars[0].label in QToolTip.text()
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
