"""Reading the text to draft from: a plain-text file in any of the encodings offices use, or a Word (.docx) file.

Secretaries receive the unit's report and keep their notes as .docx as often as .txt; the review screen opens
either. A .docx gives its paragraphs (and the cells of its tables, row by row) one a line, which is the layout the
drafting rules expect (a line is a paragraph).
"""

from __future__ import annotations

from pathlib import Path

from ssdesk.errors import SsdeskError
from ssdesk.i18n import _


def decode_text(data: bytes) -> str:
    """Bytes of a text file, whatever its encoding: UTF-8 (with or without BOM), UTF-16, else Windows-1258."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def read_docx(path: Path) -> str:
    import docx  # python-docx: loaded only when a Word file is opened

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
            if cells:
                lines.append(" – ".join(cells))
    return "\n".join(lines)


def read_source(path: str | Path) -> str:
    """The text of ``path`` (.docx or plain text). Raises :class:`SsdeskError` with a one-line reason."""
    target = Path(path)
    try:
        if target.suffix.lower() == ".docx":
            return read_docx(target)
        return decode_text(target.read_bytes())
    except OSError as exc:
        raise SsdeskError(_("Cannot read “{name}”: {reason}").format(
            name=target.name, reason=exc.strerror or exc)) from exc
    except Exception as exc:  # a damaged or foreign .docx: python-docx raises many kinds
        raise SsdeskError(_("“{name}” is not a Word document that can be read ({reason}).").format(
            name=target.name, reason=type(exc).__name__)) from exc
