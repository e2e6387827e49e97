"""The PDF fonts: Liberation Serif (Times New Roman metrics, full Vietnamese), registered once per process.

Why once: parsing four TTF files costs more than laying out a whole page, and ReportLab keeps registrations global;
a lock makes the first registration safe when the GUI renders a preview in a worker thread.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ssdesk.paths import resources_dir

FAMILY = "LiberationSerif"
FACES = {(False, False): "LiberationSerif", (True, False): "LiberationSerif-Bold",
         (False, True): "LiberationSerif-Italic", (True, True): "LiberationSerif-BoldItalic"}
_FILES = {"LiberationSerif": "Regular", "LiberationSerif-Bold": "Bold", "LiberationSerif-Italic": "Italic",
          "LiberationSerif-BoldItalic": "BoldItalic"}

_lock = threading.Lock()
_glyphs: frozenset[int] | None = None
registrations = 0  # how many times the fonts were really registered (the benchmark checks it stays 1)


def ensure_fonts() -> frozenset[int]:
    """Register the four faces (first call only); return the code points the regular face can draw."""
    global _glyphs, registrations
    if _glyphs is not None:
        return _glyphs
    with _lock:
        if _glyphs is None:
            folder = resources_dir() / "fonts"
            cover: set[int] | None = None
            for name, style in _FILES.items():
                font = TTFont(name, str(folder / f"LiberationSerif-{style}.ttf"))
                pdfmetrics.registerFont(font)
                chars = set(font.face.charToGlyph)
                cover = chars if cover is None else cover & chars
            for (bold, italic), name in FACES.items():
                addMapping(FAMILY, int(bold), int(italic), name)
            registrations += 1
            _glyphs = frozenset(cover or ())
    return _glyphs


_drawable: frozenset[str] | None = None


def drawable() -> frozenset[str]:
    """The characters the regular face can draw, plus line breaks (a text made only of them needs no replacing)."""
    global _drawable
    if _drawable is None:
        _drawable = frozenset(map(chr, ensure_fonts())) | {"\n"}
    return _drawable


def face(bold: bool = False, italic: bool = False) -> str:
    return FACES[(bold, italic)]


def width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width in points of ``text`` set in the face (also used to size DOCX rules, the metrics are the same)."""
    ensure_fonts()
    return pdfmetrics.stringWidth(text, face(bold, italic), size)
