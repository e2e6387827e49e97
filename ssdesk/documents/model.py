"""The neutral document model: what a document says, built once from the case file, laid out by PDF and DOCX alike.

Why a model: the PDF and the DOCX must carry the same facts in the same order; building the text once and letting
each renderer only decide *how* it looks keeps them from drifting apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ssdesk.documents.profiles import Profile
from ssdesk.enums import DocumentKind


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Para:
    """A paragraph; ``style``: ``body`` (justified, first-line indent), ``plain`` (no indent), ``center``."""

    runs: tuple[Run, ...]
    style: str = "body"

    @classmethod
    def of(cls, text: str, style: str = "body", lead: str = "", italic: bool = False) -> Para:
        runs = (Run(lead, bold=True),) if lead else ()
        return cls(runs + (Run(text, italic=italic),), style)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: "I. …", 2: "1. …"


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # fractions of the text width
    align: tuple[str, ...] = ()  # per column: L, C, R
    size: float | None = None  # overrides the profile's table size

    def without_empty_columns(self, keep: int = 2) -> Table:
        """The table less every column empty in all rows (after the first ``keep``: the number and the text),
        their width given to the second column — a column of blanks says nothing and narrows the others."""
        used = [c for c in range(len(self.headers)) if c < keep or any(row[c] for row in self.rows)]
        if len(used) == len(self.headers):
            return self
        widths = list(self.widths)
        widths[min(1, len(widths) - 1)] += sum(w for c, w in enumerate(widths) if c not in used)
        return Table(tuple(self.headers[c] for c in used), tuple(tuple(row[c] for c in used) for row in self.rows),
                     tuple(widths[c] for c in used), tuple(self.align[c] for c in used) if self.align else (),
                     self.size)


Block = Para | Heading | Table


@dataclass(frozen=True)
class SignBlock:
    authority: str  # "T/M ĐOÀN GIÁM SÁT", "ĐẠI DIỆN …", may be ""
    position: str  # "TRƯỞNG ĐOÀN"
    name: str


@dataclass(frozen=True)
class Closing:
    """Two columns: the left holds a second signature (minutes) or ``Nơi nhận`` with the recipients."""

    right: SignBlock
    left: SignBlock | None = None
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class Header:
    superior: str
    issuing: str
    number: str  # formatted: "Số 125-TB/TU"
    place_date: str
    doc_type: str
    subject: tuple[str, ...]
    excerpt: str = ""  # an official letter's "V/v …", printed under the number instead of a type and subject


@dataclass
class Document:
    kind: DocumentKind
    profile: Profile
    header: Header
    blocks: list[Block] = field(default_factory=list)
    closing: Closing | None = None
    secret: bool = False
    title: str = ""
    author: str = ""
    issued_on: dt.date | None = None
    landscape: bool = False  # wide tables: printed on a page turned sideways where the profile allows it
    addressees: tuple[str, ...] = ()  # an official letter's "Kính gửi:" lines, under the header

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def all_text(self) -> str:
        """Every word of the document (tests and search compare renderers against it)."""
        parts = [self.header.superior, self.header.issuing, self.header.number, self.header.excerpt,
                 self.header.place_date, self.header.doc_type, *self.header.subject, *self.addressees]
        for b in self.blocks:
            if isinstance(b, Para):
                parts.append(b.text)
            elif isinstance(b, Heading):
                parts.append(b.text)
            else:
                parts.extend(b.headers)
                parts.extend(c for row in b.rows for c in row)
        if self.closing:
            for sb in (self.closing.left, self.closing.right):
                if sb:
                    parts.extend((sb.authority, sb.position, sb.name))
            parts.extend(self.closing.recipients)
        return "\n".join(parts)
