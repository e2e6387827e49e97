"""DOCX rendering of a :class:`Document`: the content, sizes and margins of the PDF, laid out with Word's own means.

Why DOCX at all: the leader edits the wording before signing, so the file must hold its layout when Word (or
LibreOffice) reflows it. Nothing is positioned by tricks: headings and lead-in lines keep with the next paragraph, the
last paragraph keeps with the signature, table rows cannot split and the header row repeats, column widths are fixed
(``tblLayout fixed`` with a grid, so a date never breaks as "30/06/202 / 4"), signature blocks are a borderless
three-row table (titles, signature space, names — two signers' names on one line), and the rules under header lines
are their own short paragraphs, so no indent narrows "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" into three lines.

Why tables are written as XML text: python-docx builds every cell as objects (a 10,000-row report took 48 s and
460 MB); the body is built with python-docx around a placeholder paragraph per table, and the tables' XML is joined
as strings and put in its place when the file is written.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ssdesk.documents import fonts
from ssdesk.documents.model import Document, Heading, Para, SignBlock, Table
from ssdesk.documents.pdf_table import fit_widths
from ssdesk.documents.profiles import Element, Profile
from ssdesk.documents.text import clean, keep_names, tie

ALIGN = {"L": WD_ALIGN_PARAGRAPH.LEFT, "C": WD_ALIGN_PARAGRAPH.CENTER, "R": WD_ALIGN_PARAGRAPH.RIGHT,
         "J": WD_ALIGN_PARAGRAPH.JUSTIFY}
JC = {"L": "left", "C": "center", "R": "right", "J": "both"}
TWIPS = 20  # per point
CELL_MARGIN = 40  # twips (2 pt) each side of a table cell's text
_PLACEHOLDER = "SSDESK-TABLE-{}"


def _font(run, prof: Profile, el: Element | None = None, size: float | None = None,  # type: ignore[no-untyped-def]
          bold: bool | None = None, italic: bool | None = None, underline: bool | None = None) -> None:
    run.font.name = prof.font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), prof.font)
    run.font.size = Pt(size or (el.size if el else 14))
    run.font.bold = bold if bold is not None else (el.bold if el else None)
    run.font.italic = italic if italic is not None else (el.italic if el else None)
    if underline if underline is not None else (el.underline if el else False):
        run.font.underline = True


def _para(container, prof: Profile, text: str, el: Element, align: str = "C",  # type: ignore[no-untyped-def]
          **kw: object):
    p = container.add_paragraph()
    p.alignment = ALIGN[align]
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    _font(p.add_run(tie(clean(text))), prof, el, **kw)  # type: ignore[arg-type]
    return p


def _rule(container, prof: Profile, width_pt: float, cell_width_pt: float):  # type: ignore[no-untyped-def]
    """A short rule centred in its column: an empty 2 pt paragraph with a bottom border, narrowed by indents.

    Its own paragraph, so the indents narrow nothing but the rule; the text above keeps the column's full width."""
    p = _para(container, prof, "", Element(size=2))
    side = max((cell_width_pt - width_pt) / 2, 0)
    p.paragraph_format.left_indent = Pt(side)
    p.paragraph_format.right_indent = Pt(side)
    p.paragraph_format.line_spacing = Pt(2)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    p._p.get_or_add_pPr().append(border)
    return p


def _layout_table(d, widths_pt: list[float]):  # type: ignore[no-untyped-def]
    """A borderless table of fixed column widths and no cell padding (header and signature blocks)."""
    table = d.add_table(rows=1, cols=len(widths_pt))
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:w"), "0")
        e.set(qn("w:type"), "dxa")
        margins.append(e)
    tbl_pr.append(margins)
    for i, w in enumerate(widths_pt):
        table.columns[i].width = Pt(w)  # the grid: what LibreOffice reads
        table.cell(0, i).width = Pt(w)
    return table


def _cell(table, row: int, col: int):  # type: ignore[no-untyped-def]
    cell = table.cell(row, col)
    if cell.paragraphs and not cell.paragraphs[0].text:
        cell._tc.remove(cell.paragraphs[0]._p)  # start empty: add_paragraph appends
    return cell


def _no_split(row) -> None:  # type: ignore[no-untyped-def]
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _write_heading(d, doc: Document) -> None:  # type: ignore[no-untyped-def]
    prof, h = doc.profile, doc.header
    tw = prof.text_width
    lw = tw * prof.left_column_ratio
    table = _layout_table(d, [lw, tw - lw])
    _no_split(table.rows[0])
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    if h.superior:
        _para(left, prof, keep_names(h.superior), prof.el("superior"))
    iss = prof.el("issuing")
    _para(left, prof, keep_names(h.issuing), iss)
    if float(iss.get("rule_ratio", 0)) > 0:
        _rule(left, prof, fonts.width(h.issuing, iss.size, iss.bold) * float(iss.get("rule_ratio")), lw)
    if iss.get("star"):
        _para(left, prof, "*", iss, bold=False)
    _para(left, prof, h.number, prof.el("number"))
    if h.excerpt:
        _para(left, prof, h.excerpt, prof.el("number"), size=12)
    if doc.secret:
        sec = prof.el("secret")
        _para(left, prof, str(sec.get("text", "MẬT")), sec).paragraph_format.space_before = Pt(4)
    motto = prof.motto
    for i, line in enumerate(motto["lines"], 1):
        el = Element(size=float(motto["sizes"][i - 1]), bold=bool(motto["bold"][i - 1]))
        _para(right, prof, line, el)
        if i == int(motto["rule_under"]):
            _rule(right, prof, fonts.width(line, el.size, el.bold) * float(motto["rule_ratio"]), tw - lw)
    _para(right, prof, "", prof.el("place_date"))
    _para(right, prof, h.place_date, prof.el("place_date"))
    if h.doc_type:
        p = _para(d, prof, h.doc_type, prof.el("doc_type"))
        p.paragraph_format.space_before = Pt(float(prof.el("doc_type").get("space_before", 12)))
        p.paragraph_format.keep_with_next = True
    sub = prof.el("subject")
    for line in h.subject:
        _para(d, prof, line, sub).paragraph_format.keep_with_next = True
    if h.subject:
        short = max(tw * float(sub.get("rule_ratio", 0.2)), float(sub.get("rule_min", 25)) * 72 / 25.4)
        _rule(d, prof, short, tw).paragraph_format.keep_with_next = True
    _para(d, prof, "", prof.el("body"))
    if doc.addressees:
        lines = [f"Kính gửi: {doc.addressees[0]}"] if len(doc.addressees) == 1 else \
            ["Kính gửi:", *(f"- {a};" for a in doc.addressees)]
        for line in lines:
            p = _para(d, prof, line, prof.el("body"))
            p.paragraph_format.space_after = Pt(6)
            p.paragraph_format.keep_with_next = True


def _blocks(d, doc: Document) -> list[Table]:  # type: ignore[no-untyped-def]
    """Headings and paragraphs through python-docx; each table leaves a placeholder paragraph (returned in order)."""
    prof = doc.profile
    body = prof.el("body")
    indent = Mm(float(body.get("first_indent", 12.7)))
    tables: list[Table] = []
    last = None
    for b in doc.blocks:
        if isinstance(b, Heading):
            p = _para(d, prof, b.text, prof.el("heading"), "J")
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.space_after = Pt(float(body.get("space_after", 6)))
            if b.level == 2:
                p.paragraph_format.first_line_indent = indent
            last = p
        elif isinstance(b, Para):
            p = d.add_paragraph()
            p.alignment = {"center": ALIGN["C"], "plain": ALIGN["L"]}.get(b.style, ALIGN["J"])
            fmt = p.paragraph_format
            fmt.first_line_indent = indent if b.style == "body" else None
            fmt.space_after = Pt(float(body.get("space_after", 6)))
            fmt.line_spacing = float(body.get("leading", 1.2)) / 1.15  # Word's "single" is ~1.15 × size
            fmt.widow_control = True
            # A lead-in line never ends a page alone; a long paragraph ending with ":" is left free (LibreOffice
            # keeps a whole paragraph with the next, so a chain of long ones would leave a heading behind).
            if b.text.rstrip().endswith(":") and len(b.text) < 160:
                fmt.keep_with_next = True
            for run in b.runs:
                _font(p.add_run(tie(clean(run.text))), prof, body, bold=run.bold or None, italic=run.italic or None)
            last = p
        else:
            d.add_paragraph(_PLACEHOLDER.format(len(tables)))
            tables.append(b)
            spacer = _para(d, prof, "", Element(size=6))
            last = spacer
    if last is not None and doc.closing is not None:
        last.paragraph_format.keep_with_next = True  # the signature never stands alone on a page
    return tables


def _table_style(d, prof: Profile, size: float) -> str:  # type: ignore[no-untyped-def]
    """The paragraph style of table cells at ``size`` pt (font, size, no spacing), so a cell carries no run
    properties of its own: a 10,000-row table is a third of the XML."""
    name = f"Ssdesk Table {size:g}"
    for style in d.styles:
        if style.name == name:
            return str(style.style_id)
    style = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = d.styles["Normal"]
    style.font.name = prof.font
    style.font.size = Pt(size)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing, fmt.first_line_indent = Pt(0), Pt(0), 1.0, Pt(0)
    return str(style.style_id)


def table_xml(b: Table, prof: Profile, style_id: str) -> str:
    """A grid table as WordprocessingML text: fixed widths, header row repeated, no row split across pages."""
    align = b.align or ("L",) * len(b.headers)
    size = b.size or prof.el("table").size
    widths = [round(w * TWIPS) for w in fit_widths(b.headers, b.rows, [prof.text_width * w for w in b.widths], size,
                                                    CELL_MARGIN / TWIPS)]
    border = "".join(f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    head = (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{border}</w:tblBorders>'
            f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
            f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>'
            + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>")

    def p_pr(a: str) -> str:
        return f'<w:pPr><w:pStyle w:val="{style_id}"/>' + (f'<w:jc w:val="{JC[a]}"/>' if a != "L" else "") + \
            "</w:pPr>"

    head_cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p>{p_pr("C")}<w:r><w:rPr><w:b/></w:rPr>'
        f'<w:t xml:space="preserve">{_xml_text(h)}</w:t></w:r></w:p></w:tc>'
        for w, h in zip(widths, b.headers, strict=True))
    parts = [head, f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head_cells}</w:tr>"]
    starts = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p>{p_pr(a)}<w:r><w:t xml:space="preserve">'
              for w, a in zip(widths, align, strict=True)]
    end = "</w:t></w:r></w:p></w:tc>"
    for row in b.rows:
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        parts.extend(start + _xml_text(text) + end for start, text in zip(starts, row, strict=True))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


_NEEDS_CLEANING = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\r\t]")


def _xml_text(text: str) -> str:
    """Escaped cell text; a line break inside a cell becomes Word's own break."""
    if _NEEDS_CLEANING.search(text):
        text = clean(text)
    text = escape(text)
    return text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">') if "\n" in text else text


def _line_count(text: str, el: Element, width_pt: float) -> int:
    """Lines ``text`` takes in a column ``width_pt`` wide (greedy wrap on the font's metrics: Liberation Serif has
    Times New Roman's, so Word and LibreOffice break at the same words)."""
    lines, used = 1, 0.0
    space = fonts.width(" ", el.size, el.bold)
    for word in text.split():
        w = fonts.width(word, el.size, el.bold)
        if used and used + space + w > width_pt:
            lines, used = lines + 1, w
        else:
            used += (space if used else 0) + w
    return lines


def _closing(d, doc: Document) -> None:  # type: ignore[no-untyped-def]
    """The signature block: one borderless row that cannot split (so it never leaves its name on the next page),
    titles, signature space and name in each column; the shorter column's titles are padded by empty lines so the
    two signers' names stand on one line. ``Nơi nhận`` and the recipients fill the left column."""
    prof, c = doc.profile, doc.closing
    assert c is not None
    share = 0.5 if c.left else 0.45
    widths = [prof.text_width * share, prof.text_width * (1 - share)]
    table = _layout_table(d, widths)
    _no_split(table.rows[0])
    signer = prof.el("signer")

    def title_lines(sb: SignBlock, width: float) -> list[tuple[str, Element]]:
        return [(keep_names(t), prof.el(k)) for t, k in ((sb.authority, "authority"), (sb.position, "position")) if t]

    def height(items: list[tuple[str, Element]], width: float) -> int:
        return sum(_line_count(t, el, width) for t, el in items)

    blocks = [(0, c.left), (1, c.right)] if c.left else [(1, c.right)]
    tallest = max(height(title_lines(sb, widths[i]), widths[i]) for i, sb in blocks)
    for i, sb in blocks:
        cell = _cell(table, 0, i)
        items = title_lines(sb, widths[i])
        for text, el in items:
            _para(cell, prof, text, el).paragraph_format.keep_with_next = True
        for _ in range(tallest - height(items, widths[i])):
            _para(cell, prof, "", prof.el("authority")).paragraph_format.keep_with_next = True
        space = _para(cell, prof, "", signer)
        space.paragraph_format.space_after = Mm(float(signer.get("space", 25)))
        space.paragraph_format.keep_with_next = True
        _para(cell, prof, sb.name, signer)
    if not c.left:
        left = _cell(table, 0, 0)
        rt = prof.el("recipients_title")
        _para(left, prof, prof.recipients_label + (":" if rt.get("colon") else ""), rt, "L")
        for line in c.recipients:
            _para(left, prof, line, prof.el("recipients"), "L")


def _page_setup(d, doc: Document) -> None:  # type: ignore[no-untyped-def]
    prof = doc.profile
    sec = d.sections[0]
    sec.start_type = WD_SECTION.NEW_PAGE
    if prof.page["width"] > prof.page["height"]:
        sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(prof.page["width"]), Mm(prof.page["height"])
    sec.top_margin, sec.bottom_margin = Mm(prof.page["margin_top"]), Mm(prof.page["margin_bottom"])
    sec.left_margin, sec.right_margin = Mm(prof.page["margin_left"]), Mm(prof.page["margin_right"])
    pn = prof.el("page_number")
    sec.header_distance = Mm(max(float(pn.get("y_from_top", 10)) - 3, 3))
    sec.different_first_page_header_footer = True  # no number on page 1 (MẬT is in its header block)
    p = sec.header.paragraphs[0]
    p.alignment = ALIGN["C"]
    run = p.add_run()
    _font(run, prof, pn)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    if doc.secret:  # on pages 2+: centred over the left column, where page 1 has it under the number
        secret = prof.el("secret")
        mark = _para(sec.header, prof, str(secret.get("text", "MẬT")), secret, "C")
        mark.paragraph_format.right_indent = Pt(prof.text_width * (1 - prof.left_column_ratio))
    normal = d.styles["Normal"]
    normal.font.name = prof.font
    normal.font.size = Pt(prof.el("body").size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), prof.font)


def _put_tables(data: bytes, tables: list[str]) -> bytes:
    """Replace each placeholder paragraph of word/document.xml by its table's XML (one pass, string joins)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    xml = src.read("word/document.xml").decode("utf-8")
    pieces: list[str] = []
    pos = 0
    for n, table in enumerate(tables):
        at = xml.index(_PLACEHOLDER.format(n) + "<", pos)
        start = max(xml.rfind("<w:p>", 0, at), xml.rfind("<w:p ", 0, at))
        end = xml.index("</w:p>", at) + len("</w:p>")
        pieces.extend((xml[pos:start], table))
        pos = end
    pieces.append(xml[pos:])
    document = "".join(pieces).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = document if item.filename == "word/document.xml" else src.read(item)
            dst.writestr(item, body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return out.getvalue()


def render_docx(doc: Document, on_progress: Callable[[float], None] | None = None) -> bytes:
    """The document as DOCX bytes; ``on_progress(fraction)`` after each table (an exception raised there — a
    cancel — stops the work)."""
    d = new_docx()
    _page_setup(d, doc)
    d.core_properties.title = clean(doc.title)
    d.core_properties.author = clean(doc.author)
    _write_heading(d, doc)
    tables = _blocks(d, doc)
    if doc.closing:
        _closing(d, doc)
    styles = [_table_style(d, doc.profile, t.size or doc.profile.el("table").size) for t in tables]
    buf = io.BytesIO()
    d.save(buf)
    if not tables:
        return buf.getvalue()
    total = sum(len(t.rows) for t in tables) or 1
    xml, done = [], 0
    for table, sid in zip(tables, styles, strict=True):
        xml.append(table_xml(table, doc.profile, sid))
        done += len(table.rows)
        if on_progress is not None:
            on_progress(done / total)
    return _put_tables(buf.getvalue(), xml)
