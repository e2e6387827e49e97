"""PDF rendering of a :class:`Document` with ReportLab platypus, laid out by the profile's numbers.

Why platypus: it breaks long texts across pages by itself (headings keep with the next paragraph, table headers
repeat, rows split), and it embeds subsets of the TrueType fonts, so the file prints the same on any machine.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus import Table as RLTable

from ssdesk.documents import fonts
from ssdesk.documents.model import Closing, Document, Heading, Para, SignBlock, Table
from ssdesk.documents.pdf_table import PAD_X, GridTable, fit_widths
from ssdesk.documents.profiles import MM, Element, Profile
from ssdesk.documents.text import clean, keep_names, replace_missing, tie

ALIGN = {"L": TA_LEFT, "C": TA_CENTER, "R": TA_RIGHT, "J": TA_JUSTIFY}


class Styles:
    """Paragraph styles of one profile, built once (building them is a measurable part of a 30 ms render)."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self._cache: dict[tuple[Any, ...], ParagraphStyle] = {}

    def get(self, el: Element | str, align: str = "C", **over: Any) -> ParagraphStyle:
        e = self.profile.el(el) if isinstance(el, str) else el
        key = (e.size, e.bold, e.italic, e.get("leading"), align, tuple(sorted(over.items())))
        if key not in self._cache:
            lead = float(e.get("leading", 1.15))
            params: dict[str, Any] = dict(fontName=fonts.face(e.bold, e.italic), fontSize=e.size,
                                          leading=e.size * lead, alignment=ALIGN[align], splitLongWords=1)
            params.update(over)
            self._cache[key] = ParagraphStyle(f"s{len(self._cache)}", **params)
        return self._cache[key]


@lru_cache(maxsize=16)
def _styles(profile: Profile) -> Styles:
    return Styles(profile)


class _Text:
    """Turns model text into safe platypus markup: cleaned, escaped, glyphs the font lacks replaced."""

    def __init__(self) -> None:
        self.glyphs = fonts.ensure_fonts()
        self.chars = fonts.drawable()

    def __call__(self, text: str) -> str:
        return escape(tie(self.plain(text))).replace("\n", "<br/>")

    def plain(self, text: str) -> str:
        """Text drawn as is (table cells): cleaned, glyphs the font lacks replaced, no markup."""
        text = clean(text)
        return text if self.chars.issuperset(text) else replace_missing(text, self.glyphs)


def _p(t: _Text, text: str, style: ParagraphStyle, bold: bool = False, underline: bool = False) -> Paragraph:
    markup = t(text)
    if bold:
        markup = f"<b>{markup}</b>"
    if underline:
        markup = f"<u>{markup}</u>"
    return Paragraph(markup, style)


class CentredRule(Flowable):
    """A horizontal rule centred in the width it is given.

    ReportLab's ``HRFlowable`` reports only its own width, so a table cell places it at the cell's left edge and
    the rule under a centred header line came out shifted; this one takes the whole width and centres itself."""

    def __init__(self, length: float, *, thickness: float = 0.6, space_before: float = 3.0,
                 space_after: float = 2.0) -> None:
        super().__init__()
        self.length, self.thickness = length, thickness
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self._avail = length

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        self._avail = availWidth
        return availWidth, self.thickness

    def draw(self) -> None:
        x0 = max(0.0, (self._avail - self.length) / 2)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x0, self.thickness / 2, x0 + min(self.length, self._avail), self.thickness / 2)


def _rule(text: str, el: Element, ratio: float, minimum: float = 0, bold: bool | None = None) -> CentredRule:
    """A rule centred under ``text``, ``ratio`` of its width (formats.md: "as long as the text", "1/3–1/2")."""
    widest = max((fonts.width(line, el.size, el.bold if bold is None else bold) for line in text.split("\n")),
                 default=0)
    return CentredRule(max(widest * ratio, minimum))


def _layout_style(size: float = 12) -> list[tuple[Any, ...]]:
    """A borderless layout table (header, signatures): no padding, and the bundled font for any plain-string cell —
    ReportLab's default cell font is an unembedded Helvetica, which an empty cell would otherwise pull in."""
    return [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), fonts.face(), size),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]


def _heading_block(doc: Document, st: Styles, t: _Text) -> list[Flowable]:
    prof, h = doc.profile, doc.header
    tw = prof.text_width
    lw = tw * prof.left_column_ratio
    left: list[Flowable] = []
    if h.superior:
        left.append(_p(t, keep_names(h.superior), st.get("superior")))
    iss = prof.el("issuing")
    left.append(_p(t, keep_names(h.issuing), st.get("issuing")))
    if iss.get("star"):
        left.append(Paragraph("*", st.get("issuing", fontName=fonts.face())))
    if float(iss.get("rule_ratio", 0)) > 0:
        left.append(_rule(h.issuing, iss, float(iss.get("rule_ratio"))))
    left.append(_p(t, h.number, st.get("number")))
    if h.excerpt:  # an official letter: "V/v …" under the number (12 pt, regular)
        left.append(_p(t, h.excerpt, st.get(prof.el("number"), fontSize=12, leading=14.4, spaceBefore=2)))
    if doc.secret:
        sec = prof.el("secret")
        left.append(Spacer(1, 4))
        left.append(_p(t, str(sec.get("text", "MẬT")), st.get(sec)))
    right: list[Flowable] = []
    motto = prof.motto
    for i, line in enumerate(motto["lines"], 1):
        el = Element(size=float(motto["sizes"][i - 1]), bold=bool(motto["bold"][i - 1]))
        right.append(_p(t, line, st.get(el)))
        if i == int(motto["rule_under"]):
            right.append(_rule(line, el, float(motto["rule_ratio"])))
    right.append(Spacer(1, 8))
    right.append(_p(t, h.place_date, st.get("place_date")))
    table = RLTable([[left, right]], colWidths=[lw, tw - lw], hAlign="LEFT")
    table.setStyle(_layout_style())
    dt_el, sub = prof.el("doc_type"), prof.el("subject")
    out: list[Flowable] = [table, Spacer(1, float(dt_el.get("space_before", 12)))]
    if h.doc_type:
        out.append(_p(t, h.doc_type, st.get(dt_el, keepWithNext=1)))
    for line in h.subject:
        out.append(_p(t, line, st.get(sub, keepWithNext=1)))
    if h.subject:
        rule = _rule("", sub, 0, max(tw * float(sub.get("rule_ratio", 0.2)), float(sub.get("rule_min", 25)) * MM))
        rule.spaceBefore = sub.size * 0.45  # clear of the last line's descenders (ReportLab's box ends at baseline)
        out.append(rule)
    out.append(Spacer(1, 8))
    if doc.addressees:  # "Kính gửi: …" of an official letter, centred, one line per addressee
        body = prof.el("body")
        style = st.get(body, "C", spaceAfter=float(body.get("space_after", 6)), leading=body.size * 1.2)
        lines = [f"Kính gửi: {doc.addressees[0]}"] if len(doc.addressees) == 1 else \
            ["Kính gửi:", *(f"- {a};" for a in doc.addressees)]
        out.extend(_p(t, line, style) for line in lines)
    return out


def _block(b: Any, st: Styles, t: _Text, prof: Profile) -> Flowable | list[Flowable]:
    body = prof.el("body")
    if isinstance(b, Heading):
        # A heading never ends a page: it needs room for itself and a few lines of what follows. A conditional
        # break rather than keepWithNext, which would move a whole long paragraph and leave half a page blank.
        line = body.size * float(body.get("leading", 1.2))
        indent = float(body.get("first_indent", 12.7)) * MM if b.level == 2 else 0
        style = st.get("heading", "J", spaceBefore=4 if b.level == 1 else 0, firstLineIndent=indent,
                       spaceAfter=float(body.get("space_after", 6)), leading=line)
        return [CondPageBreak(line * (6 if b.level == 1 else 4)), _p(t, b.text, style)]
    if isinstance(b, Para):
        indent = float(body.get("first_indent", 12.7)) * MM if b.style == "body" else 0
        align = {"center": "C", "plain": "L"}.get(b.style, "J" if body.get("justify", True) else "L")
        style = st.get(body, align, firstLineIndent=indent, spaceAfter=float(body.get("space_after", 6)),
                       leading=body.size * float(body.get("leading", 1.2)))
        markup = ""
        for run in b.runs:
            piece = t(run.text)
            if run.bold:
                piece = f"<b>{piece}</b>"
            if run.italic:
                piece = f"<i>{piece}</i>"
            markup += piece
        if b.text.rstrip().endswith(":"):  # a line that introduces what follows never ends a page either
            return [CondPageBreak(style.leading * 3), Paragraph(markup, style)]
        return Paragraph(markup, style)
    # a table keeps the paragraphs' spacing below it: a heading right under its last rule reads as its caption
    return [_table(b, t, prof), Spacer(1, float(body.get("space_after", 6)))]


def _table(b: Table, t: _Text, prof: Profile) -> Flowable:
    """A grid table (``pdf_table``): plain text cells, fixed widths, header repeated, rows never split."""
    size = b.size or prof.el("table").size
    widths = fit_widths(b.headers, b.rows, [prof.text_width * w for w in b.widths], size, PAD_X)
    frame_h = prof.mm("height") - prof.mm("margin_top") - prof.mm("margin_bottom")
    plain = t.plain
    return GridTable.build(tuple(plain(h) for h in b.headers), tuple(tuple(plain(c) for c in row) for row in b.rows),
                           widths, b.align or ("L",) * len(b.headers), size, frame_h * 0.6)


def _sign_parts(sb: SignBlock, st: Styles, t: _Text) -> list[Flowable]:
    out: list[Flowable] = []
    if sb.authority:
        out.append(_p(t, keep_names(sb.authority), st.get("authority")))
    if sb.position:
        out.append(_p(t, keep_names(sb.position), st.get("position")))
    return out


def _closing(c: Closing, st: Styles, t: _Text, prof: Profile) -> Flowable:
    """Signatures in a three-row table (titles, signature space, names) so two signers' names line up; ``Nơi
    nhận`` and the recipients fill the left column level with the signature."""
    tw = prof.text_width
    signer = prof.el("signer")
    space = Spacer(1, float(signer.get("space", 25)) * MM)
    right_top, right_name = _sign_parts(c.right, st, t), _p(t, c.right.name, st.get(signer))
    style = _layout_style()
    if c.left:
        rows = [[_sign_parts(c.left, st, t), right_top], [space, ""], [_p(t, c.left.name, st.get(signer)),
                                                                       right_name]]
        widths = [tw * 0.5, tw * 0.5]
    else:
        rt = prof.el("recipients_title")
        title = prof.recipients_label + (":" if rt.get("colon") else "")
        left: list[Flowable] = [_p(t, title, st.get(rt, "L", fontName=fonts.face(rt.bold, rt.italic)),
                                   underline=rt.underline)]
        rs = st.get("recipients", "L")
        left.extend(_p(t, line, rs) for line in c.recipients)
        rows = [[left, right_top], ["", space], ["", right_name]]
        style.append(("SPAN", (0, 0), (0, 2)))
        widths = [tw * 0.45, tw * 0.55]
    table = RLTable(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(style)
    return table


def _page_decorations(doc: Document, t: _Text,  # type: ignore[no-untyped-def]
                      on_page: Callable[[int], None] | None = None):
    """Page number centred in the top margin from the profile's first numbered page; ``MẬT`` on pages 2+ (page 1
    has it in the header, under the number)."""
    prof = doc.profile
    pn, sec = prof.el("page_number"), prof.el("secret")
    width, height = prof.mm("width"), prof.mm("height")
    left_centre = prof.mm("margin_left") + prof.text_width * prof.left_column_ratio / 2
    secret_text = replace_missing(str(sec.get("text", "MẬT")), t.glyphs)

    def draw(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        page = canvas.getPageNumber()
        canvas.saveState()
        if page >= int(pn.get("from_page", 2)):
            canvas.setFont(fonts.face(pn.bold, pn.italic), pn.size)
            canvas.drawCentredString(width / 2, height - float(pn.get("y_from_top", 10)) * MM - pn.size / 3,
                                     str(page))
        if doc.secret and page >= 2:
            canvas.setFont(fonts.face(sec.bold, sec.italic), sec.size)
            canvas.drawCentredString(left_centre, height - float(sec.get("later_pages_y_from_top", 12)) * MM
                                     - sec.size / 3, secret_text)
        canvas.restoreState()
        if on_page is not None:  # progress, and the place a cancel (an exception) stops the layout
            on_page(page)

    return draw


def render_pdf(doc: Document, on_page: Callable[[int], None] | None = None) -> bytes:
    """The document as PDF bytes (A4 by default, fonts embedded)."""
    t = _Text()
    prof = doc.profile
    st = _styles(prof)
    buf = io.BytesIO()
    template = BaseDocTemplate(
        buf, pagesize=(prof.mm("width"), prof.mm("height")), leftMargin=prof.mm("margin_left"),
        rightMargin=prof.mm("margin_right"), topMargin=prof.mm("margin_top"), bottomMargin=prof.mm("margin_bottom"),
        initialFontName=fonts.face(), initialFontSize=prof.el("body").size,  # no stray unembedded Helvetica
        title=clean(doc.title), author=clean(doc.author), creator="ssdesk", subject=" ".join(doc.header.subject))
    frame = Frame(template.leftMargin, template.bottomMargin, template.width, template.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_page_decorations(doc, t, on_page))])
    story = _heading_block(doc, st, t)
    leads: set[int] = set()  # ids of the flowables that introduce what follows: headings, "…:" lines
    for b in doc.blocks:
        made = _block(b, st, t, prof)
        made = made if isinstance(made, list) else [made]
        if isinstance(b, Heading) or (isinstance(b, Para) and b.text.rstrip().endswith(":")):
            leads.add(id(made[-1]))
        story.extend(made)
    if doc.closing:
        # The signature never stands alone on a page: it is kept with the paragraph before it, and that paragraph
        # with the heading or the "…:" line that introduces it — pulled onto the next page alone, it left its
        # heading at the foot of the page before ("5. Tổ chức thực hiện", then the page break).
        last = [story.pop()] if story and isinstance(story[-1], Paragraph) else []
        while last and story and id(story[-1]) in leads and len(last) < 3:
            last.insert(0, story.pop())
        story.append(KeepTogether([*last, Spacer(1, 10), _closing(doc.closing, st, t, prof)]))
    template.build(story)
    return buf.getvalue()
