"""DOCX rendering of a :class:`Document` with python-docx: the same content, sizes and margins as the PDF.

Why DOCX at all: the leader edits the wording before signing. The font is named "Times New Roman" (what every office
Word has; the PDF embeds the metric-compatible Liberation Serif), so lines break the same way in both.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ssdesk.documents import fonts
from ssdesk.documents.model import Document, Heading, Para, SignBlock, Table
from ssdesk.documents.profiles import Element, Profile
from ssdesk.documents.text import clean

ALIGN = {"L": WD_ALIGN_PARAGRAPH.LEFT, "C": WD_ALIGN_PARAGRAPH.CENTER, "R": WD_ALIGN_PARAGRAPH.RIGHT,
         "J": WD_ALIGN_PARAGRAPH.JUSTIFY}


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
    _font(p.add_run(clean(text)), prof, el, **kw)  # type: ignore[arg-type]
    return p


def _rule(p, width_pt: float, cell_width_pt: float) -> None:  # type: ignore[no-untyped-def]
    """A bottom border on ``p`` shortened by indents to about ``width_pt`` (Word has no "rule as long as text").

    The indents also narrow the text, so they leave a few points of slack: Word and LibreOffice measure the text a
    little wider than ReportLab and would otherwise break "ĐẢNG CỘNG SẢN VIỆT NAM" onto two lines."""
    side = max((cell_width_pt - width_pt) / 2 - 4, 0)
    p.paragraph_format.left_indent = Pt(side)
    p.paragraph_format.right_indent = Pt(side)
    p_pr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    p_pr.append(border)


def _no_borders(table) -> None:  # type: ignore[no-untyped-def]
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    tbl_pr.append(borders)
    # No cell padding: Word's and LibreOffice's default 0.19 cm each side made "ĐẢNG CỘNG SẢN VIỆT NAM" (15 pt bold)
    # wrap in a column the PDF fills exactly; the header is laid out by column widths alone, as in the PDF.
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:w"), "0")
        e.set(qn("w:type"), "dxa")
        margins.append(e)
    tbl_pr.append(margins)


def _cell(table, row: int, col: int):  # type: ignore[no-untyped-def]
    cell = table.cell(row, col)
    cell._tc.remove(cell.paragraphs[0]._p)  # start empty: add_paragraph appends
    return cell


def _header(d, doc: Document) -> None:  # type: ignore[no-untyped-def]
    prof, h = doc.profile, doc.header
    tw = prof.text_width
    lw = tw * prof.left_column_ratio
    table = d.add_table(rows=1, cols=2)
    _no_borders(table)
    table.autofit = False
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    left.width, right.width = Pt(lw), Pt(tw - lw)
    table.columns[0].width, table.columns[1].width = Pt(lw), Pt(tw - lw)  # the grid: what LibreOffice reads
    if h.superior:
        _para(left, prof, h.superior, prof.el("superior"))
    iss = prof.el("issuing")
    p = _para(left, prof, h.issuing, iss)
    if float(iss.get("rule_ratio", 0)) > 0:
        _rule(p, fonts.width(h.issuing, iss.size, iss.bold) * float(iss.get("rule_ratio")), lw)
    if iss.get("star"):
        _para(left, prof, "*", iss, bold=False)
    _para(left, prof, h.number, prof.el("number"))
    if doc.secret:
        sec = prof.el("secret")
        _para(left, prof, str(sec.get("text", "MẬT")), sec)
    motto = prof.motto
    for i, line in enumerate(motto["lines"], 1):
        el = Element(size=float(motto["sizes"][i - 1]), bold=bool(motto["bold"][i - 1]))
        p = _para(right, prof, line, el)
        if i == int(motto["rule_under"]):
            _rule(p, fonts.width(line, el.size, el.bold) * float(motto["rule_ratio"]), tw - lw)
    _para(right, prof, "", prof.el("place_date"))
    _para(right, prof, h.place_date, prof.el("place_date"))
    p = _para(d, prof, h.doc_type, prof.el("doc_type"))
    p.paragraph_format.space_before = Pt(float(prof.el("doc_type").get("space_before", 12)))
    p.paragraph_format.keep_with_next = True
    sub = prof.el("subject")
    for line in h.subject:
        _para(d, prof, line, sub).paragraph_format.keep_with_next = True
    if h.subject:
        short = max(tw * float(sub.get("rule_ratio", 0.2)), float(sub.get("rule_min", 25)) * 72 / 25.4)
        _rule(_para(d, prof, "", Element(size=4)), short, tw)
    _para(d, prof, "", prof.el("body"))


def _blocks(d, doc: Document) -> None:  # type: ignore[no-untyped-def]
    prof = doc.profile
    body = prof.el("body")
    indent = Mm(float(body.get("first_indent", 12.7)))
    for b in doc.blocks:
        if isinstance(b, Heading):
            p = _para(d, prof, b.text, prof.el("heading"), "J")
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.space_after = Pt(float(body.get("space_after", 6)))
            if b.level == 2:
                p.paragraph_format.first_line_indent = indent
        elif isinstance(b, Para):
            p = d.add_paragraph()
            p.alignment = {"center": ALIGN["C"], "plain": ALIGN["L"]}.get(b.style, ALIGN["J"])
            fmt = p.paragraph_format
            fmt.first_line_indent = indent if b.style == "body" else None
            fmt.space_after = Pt(float(body.get("space_after", 6)))
            fmt.line_spacing = float(body.get("leading", 1.2)) / 1.15  # Word's "single" is ~1.15 × size
            for run in b.runs:
                _font(p.add_run(clean(run.text)), prof, body, bold=run.bold or None, italic=run.italic or None)
        else:
            _table(d, b, prof)


def _table(d, b: Table, prof: Profile) -> None:  # type: ignore[no-untyped-def]
    el = prof.el("table")
    size = b.size or el.size
    align = b.align or ("L",) * len(b.headers)
    table = d.add_table(rows=1, cols=len(b.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    widths = [Pt(prof.text_width * w) for w in b.widths]
    for i, w in enumerate(widths):
        table.columns[i].width = w
    head = table.rows[0]
    tr_pr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for i, text in enumerate(b.headers):
        cell = head.cells[i]
        cell.width = widths[i]
        cell.paragraphs[0].alignment = ALIGN["C"]
        _font(cell.paragraphs[0].add_run(clean(text)), prof, el, size=size, bold=True)
    for row in b.rows:
        cells = table.add_row().cells
        for i, text in enumerate(row):
            cells[i].width = widths[i]
            cells[i].paragraphs[0].alignment = ALIGN[align[i]]
            _font(cells[i].paragraphs[0].add_run(clean(text)), prof, el, size=size, bold=False)
    _para(d, prof, "", Element(size=6))


def _sign(cell, sb: SignBlock, prof: Profile) -> None:  # type: ignore[no-untyped-def]
    if sb.authority:
        _para(cell, prof, sb.authority, prof.el("authority"))
    if sb.position:
        _para(cell, prof, sb.position, prof.el("position"))
    signer = prof.el("signer")
    space = _para(cell, prof, "", signer)
    space.paragraph_format.space_after = Mm(float(signer.get("space", 25)))
    _para(cell, prof, sb.name, signer)


def _closing(d, doc: Document) -> None:  # type: ignore[no-untyped-def]
    prof, c = doc.profile, doc.closing
    assert c is not None
    table = d.add_table(rows=1, cols=2)
    _no_borders(table)
    table.autofit = False
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    share = 0.5 if c.left else 0.45
    for i, w in enumerate((share, 1 - share)):
        table.columns[i].width = table.cell(0, i).width = Pt(prof.text_width * w)
    if c.left:
        _sign(left, c.left, prof)
    else:
        rt = prof.el("recipients_title")
        _para(left, prof, prof.recipients_label + (":" if rt.get("colon") else ""), rt, "L")
        for line in c.recipients:
            _para(left, prof, line, prof.el("recipients"), "L")
    _sign(right, c.right, prof)


def _page_setup(d, doc: Document) -> None:  # type: ignore[no-untyped-def]
    prof = doc.profile
    sec = d.sections[0]
    sec.start_type = WD_SECTION.NEW_PAGE
    sec.page_width, sec.page_height = Mm(prof.page["width"]), Mm(prof.page["height"])
    sec.top_margin, sec.bottom_margin = Mm(prof.page["margin_top"]), Mm(prof.page["margin_bottom"])
    sec.left_margin, sec.right_margin = Mm(prof.page["margin_left"]), Mm(prof.page["margin_right"])
    pn = prof.el("page_number")
    sec.header_distance = Mm(max(float(pn.get("y_from_top", 10)) - 3, 3))
    sec.different_first_page_header_footer = True  # no number on page 1
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
    if doc.secret:
        secret = prof.el("secret")
        _para(sec.header, prof, str(secret.get("text", "MẬT")), secret, "L")
    normal = d.styles["Normal"]
    normal.font.name = prof.font
    normal.font.size = Pt(prof.el("body").size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), prof.font)


def render_docx(doc: Document) -> bytes:
    d = new_docx()
    _page_setup(d, doc)
    d.core_properties.title = clean(doc.title)
    d.core_properties.author = clean(doc.author)
    _header(d, doc)
    _blocks(d, doc)
    if doc.closing:
        _closing(d, doc)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
