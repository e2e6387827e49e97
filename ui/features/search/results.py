"""The search results: a table model over the core's hits (in the core's rank order) and a delegate that shows a
snippet's matched words in bold.

Why a delegate rather than rich text in the model: the snippet is user data and may hold ``<`` or ``&``; the
delegate escapes it and adds the bold itself from the hit's spans, so nothing typed can turn into markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ssdesk.i18n import _
from ssdesk.search.hits import SearchHit
from ssdesk.services.base import entity_label

COL_KIND, COL_TITLE, COL_DATE, COL_SNIPPET = range(4)
#: The :class:`SearchHit` of a row.
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The snippet as HTML with the matched words in ``<b>``.
HTML_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def snippet_html(hit: SearchHit) -> str:
    """The snippet, HTML-escaped, with each matched span in bold."""
    out, last = [], 0
    for a, b in hit.spans:
        out += [html.escape(hit.snippet[last:a], quote=False), "<b>", html.escape(hit.snippet[a:b], quote=False),
                "</b>"]
        last = b
    out.append(html.escape(hit.snippet[last:], quote=False))
    return "".join(out)


class SearchHitModel(QAbstractTableModel):
    """Rows are hits exactly in the order the core ranked them; the view does not sort."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hits: Sequence[SearchHit] = []

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        """Keeps the core's sequence as it is: its hits are dressed a page at a time as rows are first shown."""
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def hit_at(self, row: int) -> SearchHit | None:
        return self.hits[row] if 0 <= row < len(self.hits) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Kind"), _("Title"), _("Date"), _("Where it matched"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit_at(index.row()) if index.isValid() else None
        if hit is None:
            return None
        col = index.column()
        if role == HIT_ROLE:
            return hit
        if role == HTML_ROLE:
            return snippet_html(hit)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == COL_KIND:
                return hit.kind or entity_label(hit.entity)
            if col == COL_TITLE:
                return hit.title
            if col == COL_DATE:
                return hit.date.strftime("%d/%m/%Y") if hit.date else ""
            return hit.snippet
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_TITLE, COL_SNIPPET):
            return hit.title if col == COL_TITLE else hit.snippet
        return None


def snippet_document(font: QFont, html_text: str, width: float) -> QTextDocument:
    """A snippet's rich text laid out as its cell shows it: in ``font``, wrapped to ``width``."""
    doc = QTextDocument()
    doc.setDefaultFont(font)
    doc.setDocumentMargin(3)
    doc.setHtml(html_text)
    doc.setTextWidth(max(40.0, width))
    return doc


def whole_lines_height(doc: QTextDocument, height: float) -> float:
    """How much of ``height`` the document's lines fill whole, from the top: a row shorter than its snippet shows
    the lines that fit and none cut through the middle (half a line of Vietnamese reads as other words: the marks
    above and below the letters are lost). The whole snippet is in the cell's tooltip."""
    layout = doc.documentLayout()
    fit = 0.0
    block = doc.begin()
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        lines = block.layout()
        for i in range(lines.lineCount()):
            line = lines.lineAt(i)
            bottom = top + line.y() + line.height()
            if bottom > height:
                return fit if fit > 0 else height
            fit = bottom
        block = block.next()
    return height


class SnippetDelegate(QStyledItemDelegate):
    """Paints ``HTML_ROLE`` as rich text (wrapped to the column), in the selection colours when selected."""

    def _document(self, option: QStyleOptionViewItem, index: Index, width: float) -> QTextDocument:
        return snippet_document(option.font, index.data(HTML_ROLE) or "", width)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        doc = self._document(option, index, option.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        clip = QRectF(0, 0, option.rect.width(), whole_lines_height(doc, option.rect.height()))
        painter.setClipRect(clip)
        context.clip = clip
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        view: QWidget | None = option.widget
        width = option.rect.width()
        if view is not None and hasattr(view, "columnWidth"):
            width = view.columnWidth(index.column())
        doc = self._document(option, index, width if width > 0 else 400)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 2)
