"""Lists never hide their words: a cell cut short ("Ban Thường vụ Quận …") shows its whole text as a tooltip, and
a column is never narrower than its header's text, in every list of the app.

Models give tooltips where they know a text is long; a cell is cut by the column's width, which only the view knows.
An event filter on every item view's viewport answers the tooltip event: when the cell under the mouse has no tooltip
of its own and its text is wider than the cell, the tooltip is that text. The same filter on every header widens,
when the header is shown or resized, any column narrower than its title (a stretched column through the header's
minimum section size): a title cut to "Địa đi…" or "Thời đ…" says nothing. A combo box whose choice is cut (a
programme's 150-character title in a 400-pixel box) shows the whole choice as its tooltip the same way, unless it
has its own.

Why on those widgets and not on the application: an application-wide Python filter is called for every event of
every widget (~2,000 while a visit editor is built) and doubled the time to build a window, half of it PySide
wrapping each event for Python whatever the filter does (docs/benchmark-gui.md). The filter is put on the widgets
that need it when the style polishes them — once per widget, as it is first shown, wherever it was made (features,
Qt's own dialogs, pages built later): :class:`PolishHook` is the application's style, the style it replaces
underneath (:func:`install`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QProxyStyle,
    QStyle,
    QStyleOptionComboBox,
    QToolTip,
    QWidget,
)

#: Room the view's style takes around a cell's text (margins, focus frame).
PADDING = 12


def cell_is_cut(view: QAbstractItemView, text: str, width: int) -> bool:
    return view.fontMetrics().horizontalAdvance(text) + PADDING > width


def combo_text_room(combo: QComboBox) -> int:
    """The width the combo box's style gives its current text (the field left of the arrow, less the icon)."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    icon = option.iconSize.width() + 4 if not option.currentIcon.isNull() else 0
    return field.width() - icon


def combo_is_cut(combo: QComboBox) -> bool:
    """Whether a non-editable combo box draws its current text shortened ("08-CTr/TU — Phát triển hệ…")."""
    text = combo.currentText()
    return not combo.isEditable() and bool(text) and combo.fontMetrics().horizontalAdvance(text) > \
        combo_text_room(combo)


def header_text_width(header: QHeaderView, section: int) -> int:
    """The width section ``section`` needs for its title whole: text, the style's margins, the sort arrow."""
    text = header.model().headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole) \
        if header.model() is not None else None
    if not isinstance(text, str) or not text:
        return 0
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    need = header.fontMetrics().horizontalAdvance(text) + 2 * margin + 2
    if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
        need += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margin
    return need


#: The header's property listing the stretched sections held at their title's width (see :func:`widen_to_titles`).
HELD = "cellTipsHeld"


def widen_to_titles(header: QHeaderView) -> None:
    """Give every visible column at least the width of its title.

    A stretched column (``Stretch``) gets what the others leave, however little — Qt does not hold it to the
    header's minimum section size — so once that cuts its title it is held at its title's width (interactive;
    the table scrolls sideways) and stretches again when the header has room for it."""
    if header.orientation() != Qt.Orientation.Horizontal or header.model() is None:
        return
    stretched = 0
    held = {int(s) for s in (header.property(HELD) or [])}
    shown = [s for s in range(header.count()) if not header.isSectionHidden(s)]
    # the last section stretched by ``stretchLastSection`` gets what is left, however little: once that cuts its
    # title, it is held through the minimum size (every column's; the table scrolls sideways if it must)
    last = max(shown, key=header.visualIndex) if shown and header.stretchLastSection() else None
    stretching = [s for s in shown if s in held or header.sectionResizeMode(s) == QHeaderView.ResizeMode.Stretch]
    if held:  # all stretch again only when an equal share (what Qt gives each) shows every title: no flip-flop
        others = sum(header.sectionSize(s) for s in shown if s not in stretching)
        share = (header.width() - others) // len(stretching)
        if share >= max(header_text_width(header, s) for s in stretching) + 4:
            for section in held:
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)
            held.clear()
    for section in shown:
        need = header_text_width(header, section)
        mode = header.sectionResizeMode(section)
        if section in held:
            continue
        if mode == QHeaderView.ResizeMode.Stretch:
            if header.sectionSize(section) < need:
                held.add(section)
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(section, need)
        elif section == last and header.sectionSize(section) < need:
            stretched = max(stretched, need)
        elif header.sectionSize(section) < need and mode != QHeaderView.ResizeMode.ResizeToContents:
            header.resizeSection(section, need)
    header.setProperty(HELD, sorted(held))
    if stretched > header.minimumSectionSize():
        header.setMinimumSectionSize(stretched)


_SHOW_RESIZE = (QEvent.Type.Show, QEvent.Type.Resize)


class CellTips(QObject):
    """The filter, one per application; :class:`PolishHook` puts it on each viewport, header and combo box."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # a viewport's paint and mouse events pass here too: the type is read once and decides
        kind = event.type()
        if kind in _SHOW_RESIZE:
            if isinstance(watched, QHeaderView):
                widen_to_titles(watched)
            return False
        if kind != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        if isinstance(watched, QComboBox):  # a choice cut short ("08-CTr/TU — Phát triển hệ thống an sinh…")
            if not watched.toolTip() and combo_is_cut(watched):
                QToolTip.showText(event.globalPos(), watched.currentText(), watched)
                return True
            return False
        view = watched.parent()
        if not isinstance(view, QAbstractItemView) or watched is not view.viewport():
            return False
        index = view.indexAt(event.pos())
        if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole):
            return False  # the model's own tooltip (or nothing under the mouse): Qt shows it as usual
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text:
            return False
        rect = view.visualRect(index)
        width = rect.width()
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        if icon is not None:
            width -= view.iconSize().width() or 16
        if cell_is_cut(view, text, width):
            QToolTip.showText(event.globalPos(), text, view.viewport(), rect)
            return True
        return False

    def watch(self, widget: QWidget) -> None:
        """Put the filter where ``widget`` needs it: a view's viewport, a header, a combo box (nothing else)."""
        if isinstance(widget, QHeaderView):  # polished as it is first shown: its Show is the first event seen
            if widget.orientation() == Qt.Orientation.Horizontal:
                widget.installEventFilter(self)
        elif isinstance(widget, QAbstractItemView):
            widget.viewport().installEventFilter(self)  # installed twice, Qt keeps one
        elif isinstance(widget, QComboBox):
            widget.installEventFilter(self)


class PolishHook(QProxyStyle):
    """The application's style, drawing as the one it wraps; its only addition is that each widget it polishes
    (once, before the widget is first shown, or again when the style changes) passes by :meth:`CellTips.watch`.

    A style is the one place every widget passes through once, whoever built it; PySide answers the style's other
    calls (drawing, metrics) in C++ without entering Python, so the hook costs about nothing (docs/benchmark-gui.md).
    """

    def __init__(self, base: str, tips: CellTips) -> None:
        super().__init__(base)
        self.tips = tips

    def polish(self, target: object) -> object:  # type: ignore[override]
        # one Python name for three overloads: polish(QWidget), polish(QApplication), polish(QPalette) -> QPalette
        if isinstance(target, (QAbstractItemView, QComboBox)):
            self.tips.watch(target)
        return super().polish(target)  # type: ignore[call-overload]


def install(app: QApplication | None = None) -> CellTips | None:
    """Make ``app``'s style (default: the running application's) a :class:`PolishHook` around the style it has, once;
    widgets already polished are polished again by Qt, so they are covered too."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return None
    found = app.findChild(CellTips, "cellTips")
    if found is None:
        found = CellTips(app)
        found.setObjectName("cellTips")
    if not isinstance(app.style(), PolishHook):
        app.setStyle(PolishHook(app.style().name(), found))  # the application owns the style from here
    return found
