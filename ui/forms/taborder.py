"""Tab follows the eye: the focus chain of a form set from its layouts, top to bottom and left to right.

Qt chains widgets in the order they were created, and a widget created without a parent joins the chain at the end
when a layout adopts it — so in the visit editor's figure bar Tab went from "Chỉ tiêu" to "Đạt", skipping the figure
just typed. :func:`follow_the_eye` walks the layouts the way they are drawn (form rows label then field, boxes in
their direction, grids row by row, splitters, scroll areas and tab pages in order) and sets the chain from that;
every window calls it once its widgets are in place, so a form added later gets the same order without thought.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QBoxLayout,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QLayout,
    QLayoutItem,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

_CONTAINERS = (QScrollArea, QSplitter, QStackedWidget, QTabWidget)


def _takes_tab(widget: QWidget) -> bool:
    return (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and not isinstance(widget, _CONTAINERS)
            and widget.focusProxy() is None)


def visual_order(root: QWidget) -> list[QWidget]:
    """The widgets of ``root`` that Tab can reach, in the order they are drawn."""
    out: list[QWidget] = []
    seen: set[int] = set()
    _walk(root, out, seen, root)
    return out


def _walk(widget: QWidget | None, out: list[QWidget], seen: set[int], root: QWidget) -> None:
    if widget is None or id(widget) in seen:
        return
    seen.add(id(widget))
    if widget is not root and _takes_tab(widget):
        out.append(widget)
        return
    if isinstance(widget, QTabWidget):
        _walk(widget.tabBar(), out, seen, root)
        for i in range(widget.count()):
            _walk(widget.widget(i), out, seen, root)
    elif isinstance(widget, QScrollArea):
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a stop on the frame itself is a wasted Tab; the fields
        _walk(widget.widget(), out, seen, root)        # it holds scroll into view when they get the focus
    elif isinstance(widget, QAbstractScrollArea):
        # a list, table or text box that takes no Tab itself: what it holds are Qt's own parts (viewport, scroll
        # bar containers whose layouts Qt rebuilds). Walking them made Python wrappers of those parts that outlived
        # them, and a later garbage collection crashed the app.
        return
    elif isinstance(widget, (QSplitter, QStackedWidget)):
        for i in range(widget.count()):
            _walk(widget.widget(i), out, seen, root)
    elif widget.layout() is not None:
        layout = widget.layout()
        assert layout is not None
        _walk_layout(layout, out, seen, root)
    proxy = widget.focusProxy()
    if proxy is not None and widget is not root:
        _walk(proxy, out, seen, root)
    # children outside any layout (floating bars, widgets placed by hand) come after the laid-out ones
    for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if not child.isWindow():
            _walk(child, out, seen, root)


def _walk_layout(layout: QLayout, out: list[QWidget], seen: set[int], root: QWidget) -> None:
    items: list[QLayoutItem] = []
    if isinstance(layout, QFormLayout):
        for row in range(layout.rowCount()):
            for role in (QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole,
                         QFormLayout.ItemRole.SpanningRole):
                item = layout.itemAt(row, role)
                if item is not None:
                    items.append(item)
    elif isinstance(layout, QGridLayout):
        placed: list[tuple[int, int, int, QLayoutItem]] = []
        for i in range(layout.count()):
            position: tuple[int, int, int, int] = layout.getItemPosition(i)  # type: ignore[assignment]
            cell = layout.itemAt(i)
            if cell is not None:
                placed.append((position[0], position[1], i, cell))
        items = [p[3] for p in sorted(placed, key=lambda p: (p[0], p[1], p[2]))]
    else:
        items = [item for i in range(layout.count()) if (item := layout.itemAt(i)) is not None]
        if isinstance(layout, QBoxLayout) and layout.direction() in (QBoxLayout.Direction.RightToLeft,
                                                                     QBoxLayout.Direction.BottomToTop):
            items.reverse()
    for item in items:
        child = item.widget()
        if child is not None:
            _walk(child, out, seen, root)
        elif (inner := item.layout()) is not None:
            _walk_layout(inner, out, seen, root)


def follow_the_eye(root: QWidget) -> list[QWidget]:
    """Set the Tab chain of ``root``'s widgets to the order they are drawn; returns that order."""
    order = visual_order(root)
    for widget in order:
        if isinstance(widget, QAbstractItemView):
            widget.setTabKeyNavigation(False)  # Tab leaves a list or table (arrows move inside it), never traps
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            widget.setTabChangesFocus(True)  # Tab leaves a text box too, as in every field
        elif isinstance(widget, QDateTimeEdit) and not widget.property("tabLeaves"):
            widget.installEventFilter(_TabLeaves(widget))  # not day → month → year: arrows move there
            widget.setProperty("tabLeaves", True)
    for first, second in pairwise(order):
        QWidget.setTabOrder(first, second)
    return order


class _TabLeaves(QObject):
    """Tab and Shift+Tab leave a date picker at once (Qt walks its day, month and year first)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and isinstance(watched, QWidget)
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)):
            forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            target: QWidget | None = watched.nextInFocusChain() if forward else watched.previousInFocusChain()
            while target is not None and target is not watched and (watched.isAncestorOf(target) or not (
                    target.isVisible() and target.isEnabled() and target.focusPolicy() & Qt.FocusPolicy.TabFocus)):
                target = target.nextInFocusChain() if forward else target.previousInFocusChain()
            if target is not None:
                target.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
            return True
        return False


class _OnShow(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            follow_the_eye(watched)
        return False


def tab_follows_the_eye(widget: QWidget) -> None:
    """Each time ``widget`` is shown, its Tab chain is set to the drawn order (:func:`follow_the_eye`) — so widgets
    a subclass or a feature adds after construction are placed too. One filter on ``widget`` only: cheap."""
    widget.installEventFilter(_OnShow(widget))
