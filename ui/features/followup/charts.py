"""Charts painted with QPainter (the app ships without QtCharts): bars, horizontal bars and a line.

Each chart shows plain numbers handed to it (:meth:`set_bars` / :meth:`set_points`) and computes nothing; a click on
a bar emits :attr:`BarChart.bar_clicked` with that bar's key. :meth:`BarChart.bar_rect` gives where a bar is drawn,
for tests and for hit testing alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

BLUE = QColor(45, 110, 180)
RED = QColor(200, 40, 40)
GREEN = QColor(50, 140, 80)
GRID = QColor(215, 215, 215)
MARGIN = 10


@dataclass(frozen=True)
class Bar:
    """One bar: ``key`` is what a click reports; ``values`` are stacked segments drawn over each other from the
    largest (the first) down, so (open, overdue) shows overdue as the red part of the open bar."""

    key: Any
    label: str
    values: tuple[float, ...]
    text: str  # the number written at the bar's end


class _Chart(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.title_cut = False  # the last painting had to shorten the title (its tooltip then shows it whole)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setAutoFillBackground(True)
        self.empty_text = ""
        #: What the values count ("Number of recommendations"), written beside the value axis.
        self.value_title = ""
        #: What the bars or points are ("Status", "Month end"), written under the category axis.
        self.category_title = ""

    def set_axes(self, value: str, category: str = "") -> None:
        """Name what is counted and what each bar or point is: a chart never shows bare numbers."""
        self.value_title, self.category_title = value, category
        self.update()

    def _axis_titles(self, p: QPainter, plot: QRectF, *, value_below: bool = False) -> None:
        """The value axis title above the plot's left edge (or under it, for horizontal bars) and the category title
        centred under everything, in the placeholder colour so the data stays what the eye sees first."""
        fm = self.fontMetrics()
        p.save()
        font = p.font()
        font.setItalic(True)
        p.setFont(font)
        p.setPen(self.palette().placeholderText().color())
        if self.value_title:
            # above the numbers written over the tallest bar or point
            y = plot.bottom() + 2 if value_below else plot.top() - 2 * fm.height() - 6
            align = Qt.AlignmentFlag.AlignHCenter if value_below else Qt.AlignmentFlag.AlignLeft
            box = QRectF(plot.left(), y, plot.width(), fm.height())
            if value_below and fm.horizontalAdvance(self.value_title) > plot.width():  # narrow bars: start at them
                box = QRectF(plot.left(), y, self.width() - MARGIN - plot.left(), fm.height())
                align = Qt.AlignmentFlag.AlignLeft
            p.drawText(box, align | Qt.AlignmentFlag.AlignVCenter, self.value_title)
        if self.category_title:
            p.drawText(QRectF(MARGIN, self.height() - MARGIN - fm.height(), self.width() - 2 * MARGIN, fm.height()),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, self.category_title)
        p.restore()

    def sizeHint(self) -> QSize:
        return QSize(420, 260)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 160)

    def _frame(self, p: QPainter) -> QRectF:
        """Paint the background and title; the area left for the plot."""
        p.fillRect(self.rect(), self.palette().base())
        p.setPen(QPen(GRID))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        font = p.font()
        font.setBold(True)
        p.setFont(font)
        p.setPen(self.palette().text().color())
        fm = QFontMetrics(font)
        room = int(self.width() - 2 * MARGIN)
        title = fm.elidedText(self.title, Qt.TextElideMode.ElideRight, room)  # whole in the tooltip
        self.title_cut = title != self.title
        p.drawText(QRectF(MARGIN, MARGIN / 2, room, fm.height() + 4),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        font.setBold(False)
        p.setFont(font)
        top = MARGIN + fm.height() + 6
        return QRectF(MARGIN, top, self.width() - 2 * MARGIN, self.height() - top - MARGIN)

    def event(self, event: QEvent) -> bool:
        """Hovering a title cut short at this width shows it whole (the words "15 đơn vị nhiều nhất" matter)."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            if self.title_cut and event.pos().y() < MARGIN + self.fontMetrics().height() + 6:
                QToolTip.showText(event.globalPos(), self.title, self)
                return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:  # a painter still active when paintEvent returns: "QBackingStore::endPaint() called with active painter"
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint(p)
        finally:
            p.end()

    def _paint(self, p: QPainter) -> None:
        """Draw the chart inside the painter :meth:`paintEvent` opened (each chart its own)."""
        raise NotImplementedError

    def _empty(self, p: QPainter, area: QRectF) -> None:
        p.setPen(self.palette().placeholderText().color())
        p.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)


def label_lines(fm: QFontMetrics, text: str, width: int, lines: int) -> list[str]:
    """``text`` broken at spaces into at most ``lines`` lines of ``width`` pixels, the last one elided: a label
    is read whole where the room allows, and never runs over the bars where it does not (hover shows it whole)."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines - 1:
        line = words[0]
        k = 1
        while k < len(words) and fm.horizontalAdvance(f"{line} {words[k]}") <= width:
            line, k = f"{line} {words[k]}", k + 1
        if fm.horizontalAdvance(line) > width:  # one word wider than the room: the elided last line takes it
            break
        out.append(line)
        words = words[k:]
    if words:
        out.append(fm.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width))
    return out


class BarChart(_Chart):
    """Vertical (labels under the bars) or horizontal (labels on the left) bars."""

    bar_clicked = Signal(object)

    def __init__(self, title: str, *, horizontal: bool = False, colours: tuple[QColor, ...] = (BLUE, RED),
                 max_value: float | None = None, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.horizontal = horizontal
        self.colours = colours
        self.max_value = max_value
        self.bars: list[Bar] = []
        self._widest_word: int | None = None  # of the labels, in pixels (lays_out_across)
        self.legend: list[tuple[str, QColor]] = []
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_bars(self, bars: list[Bar], legend: list[tuple[str, QColor]] | None = None) -> None:
        self.bars = list(bars)
        self._widest_word = None
        self.legend = legend or []
        if self.horizontal:
            self.setMinimumHeight(int(self._row_height() * len(bars) + 70))
        self.update()

    def values(self) -> dict[Any, tuple[float, ...]]:
        return {b.key: b.values for b in self.bars}

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._widest_word = None  # measured in the old font
        super().changeEvent(event)

    def lays_out_across(self) -> bool:
        """Whether the bars run across (labels on the left) at this width.

        Why not only when asked: under vertical bars a label wraps at spaces only, so a word wider than its slot
        ("progress", "withdrawn" in eight 45-pixel slots at 1024 px) was cut on both sides. When any word does not
        fit its slot the bars turn across, where each label has a line of its own.
        """
        if self.horizontal or not self.bars:
            return self.horizontal
        if self._widest_word is None:  # measured once per set of bars: painting and hovering ask for every bar
            fm = self.fontMetrics()
            self._widest_word = max(fm.horizontalAdvance(word) for b in self.bars for word in [*b.label.split(), ""])
        return self._widest_word > (self.width() - 2 * MARGIN) / len(self.bars) - 2

    def _row_height(self) -> float:
        """The least height of a row of across bars: one line of label (what the minimum height is made of)."""
        return self.fontMetrics().height() + 8

    def _across_row(self, plot: QRectF) -> float:
        """A row's height when the bars run across: room for a label of two lines when the chart has the height
        (a unit's name such as "Ban Thường vụ Quận ủy Hoàng Mai" is read whole), one line when it has not."""
        return min(2 * self.fontMetrics().height() + 8, plot.height() / max(1, len(self.bars)))

    def _plot(self) -> QRectF:
        fm = self.fontMetrics()
        top = MARGIN + fm.height() + 6
        legend = fm.height() + 6 if self.legend else 0
        below = fm.height() + 4 if self.category_title else 0
        area = QRectF(MARGIN, top + legend, self.width() - 2 * MARGIN, self.height() - top - legend - MARGIN - below)
        if self.lays_out_across():
            # the words at a bar's end ("8 open, 6 overdue") are never cut, so they get their room first; the
            # labels wrap (or are elided), so they take what is left, keeping a fifth of the width for the bars
            text_w = min(max((fm.horizontalAdvance(b.text) for b in self.bars), default=0) + 10, area.width() * 0.6)
            label_w = min(area.width() * 0.6, area.width() * 0.8 - text_w,
                          max((fm.horizontalAdvance(b.label) for b in self.bars), default=0) + 8)
            value_line = fm.height() + 4 if self.value_title else 0  # the value axis title under the bars
            return area.adjusted(label_w, 0, -text_w, -value_line)
        value_line = fm.height() + 2 if self.value_title else 0
        return area.adjusted(0, fm.height() + 4 + value_line, 0, -(self.label_height(area.width()) + 4))

    def label_height(self, width: float) -> int:
        """The height the wrapped category labels need under vertical bars, each in its slot's width.

        Why measured: at 1024 px the dashboard's status chart has 45-pixel slots, and "Đơn vị báo cáo đã hoàn
        thành" wraps to five lines; a fixed four-line band cut its last line off. Capped at seven lines, so the
        bars keep most of a small chart.
        """
        fm = self.fontMetrics()
        slot = max(1, int(width / max(1, len(self.bars))) - 2)
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        need = max((fm.boundingRect(0, 0, slot, 100 * fm.height(), flags, b.label).height() for b in self.bars),
                   default=fm.height())
        return min(need, 7 * fm.height()) + 4

    def _scale(self) -> float:
        top = self.max_value or max((max(b.values, default=0) for b in self.bars), default=0)
        return float(top) or 1.0

    def bar_rect(self, i: int) -> QRectF:
        """Where bar ``i`` (its largest segment) is drawn; its whole slot when the value is 0, so it stays clickable."""
        plot, n, top = self._plot(), max(1, len(self.bars)), self._scale()
        value = max(self.bars[i].values, default=0)
        if self.lays_out_across():
            h = self._across_row(plot)
            thick = min(h - 4, self.fontMetrics().height() + 4)  # a two-line row keeps a bar of one line's width
            length = max(plot.width() * value / top, 2.0)
            return QRectF(plot.left(), plot.top() + i * h + (h - thick) / 2, length, thick)
        slot = plot.width() / n
        width = min(slot * 0.7, 80.0)
        height = max(plot.height() * value / top, 2.0)
        return QRectF(plot.left() + i * slot + (slot - width) / 2, plot.bottom() - height, width, height)

    def _slot(self, i: int) -> QRectF:
        plot, n = self._plot(), max(1, len(self.bars))
        if self.lays_out_across():
            h = self._across_row(plot)
            return QRectF(0, plot.top() + i * h, self.width(), h)
        slot = plot.width() / n
        return QRectF(plot.left() + i * slot, plot.top(), slot, self.height() - plot.top())

    def bar_at(self, pos: QPointF) -> int | None:
        return next((i for i in range(len(self.bars)) if self._slot(i).contains(pos)), None)

    def _paint(self, p: QPainter) -> None:
        area = self._frame(p)
        if not self.bars:
            self._empty(p, area)
            return
        fm = self.fontMetrics()
        x = area.left()  # the legend: what each colour counts
        for text, colour in self.legend:
            p.fillRect(QRectF(x, area.top() + 3, 10, 10), colour)
            p.setPen(self.palette().text().color())
            p.drawText(QPointF(x + 14, area.top() + fm.ascent()), text)
            x += 14 + fm.horizontalAdvance(text) + 16
        plot, top = self._plot(), self._scale()
        across = self.lays_out_across()
        text_colour = self.palette().text().color()
        for i, bar in enumerate(self.bars):
            full = self.bar_rect(i)
            for k, value in enumerate(sorted(bar.values, reverse=True)):
                if value <= 0:
                    continue
                colour = self.colours[min(k, len(self.colours) - 1)]
                if across:
                    r = QRectF(full.left(), full.top(), plot.width() * value / top, full.height())
                else:
                    h = plot.height() * value / top
                    r = QRectF(full.left(), plot.bottom() - h, full.width(), h)
                p.fillRect(r, colour)
            p.setPen(text_colour)
            slot = self._slot(i)
            if across:
                label_rect = QRectF(MARGIN, slot.top(), plot.left() - MARGIN - 6, slot.height())
                p.drawText(label_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                           "\n".join(label_lines(fm, bar.label, int(label_rect.width()),
                                                  2 if slot.height() >= 2 * fm.height() + 4 else 1)))
                p.drawText(QRectF(full.right() + 4, full.top(), self.width() - full.right() - 4, full.height()),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, bar.text)
            else:
                p.drawText(QRectF(slot.left(), full.top() - fm.height() - 2, slot.width(), fm.height()),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, bar.text)
                label_rect = QRectF(slot.left() + 1, plot.bottom() + 3, slot.width() - 2,
                                    self.label_height(plot.width()))
                p.drawText(label_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                           | Qt.TextFlag.TextWordWrap, bar.label)
        p.setPen(QPen(GRID))
        if across:
            p.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.left(), plot.bottom()))
        else:
            p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        self._axis_titles(p, plot, value_below=across)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        i = self.bar_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and i is not None:
            self.bar_clicked.emit(self.bars[i].key)
        super().mouseReleaseEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        i = self.bar_at(event.position())
        if i is not None:
            QToolTip.showText(event.globalPosition().toPoint(), f"{self.bars[i].label}: {self.bars[i].text}", self)
        super().mouseMoveEvent(event)


class LineChart(_Chart):
    """One line of (date, count) points, month labels under it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.points: list[tuple[dt.date, int]] = []

    def set_points(self, points: list[tuple[dt.date, int]]) -> None:
        self.points = list(points)
        self.update()

    def _paint(self, p: QPainter) -> None:
        area = self._frame(p)
        if not self.points:
            self._empty(p, area)
            return
        fm = self.fontMetrics()
        step_y = max(1, -(-max(n for _d, n in self.points) // 4))  # whole-number grid lines
        top = 4 * step_y
        below = fm.height() + 4 if self.category_title else 0
        above = 3 * fm.height() + 6 if self.value_title else 2 * fm.height()
        plot = area.adjusted(fm.horizontalAdvance("0000") + 6, above, -MARGIN, -(fm.height() + 6 + below))
        self._axis_titles(p, plot)
        p.setPen(QPen(GRID))
        for k in range(5):
            y = plot.bottom() - plot.height() * k / 4
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(area.left(), y - fm.height() / 2, plot.left() - area.left() - 4, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(step_y * k))
            p.setPen(QPen(GRID))
        n = len(self.points)
        step = plot.width() / max(1, n - 1)
        xy = [QPointF(plot.left() + i * step if n > 1 else plot.center().x(),
                      plot.bottom() - plot.height() * count / top) for i, (_d, count) in enumerate(self.points)]
        p.setPen(QPen(RED, 2))
        for a, b in zip(xy, xy[1:], strict=False):
            p.drawLine(a, b)
        p.setBrush(RED)
        label_every = max(1, int(fm.horizontalAdvance("00/0000  ") * n / max(plot.width(), 1)) + 1)
        for i, (point, (day, count)) in enumerate(zip(xy, self.points, strict=False)):
            p.setPen(QPen(RED, 2))
            p.drawEllipse(point, 3, 3)
            p.setPen(self.palette().text().color())
            if i == n - 1 or (i % label_every == 0 and n - 1 - i >= label_every):
                p.drawText(QRectF(point.x() - 20, point.y() - fm.height() - 4, 40, fm.height()),
                           Qt.AlignmentFlag.AlignCenter, str(count))
                p.drawText(QRectF(min(point.x() - 30, self.width() - 62), plot.bottom() + 4, 60, fm.height()),
                           Qt.AlignmentFlag.AlignCenter,
                           day.strftime("%m/%Y"))
