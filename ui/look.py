"""The app's look: the bundled Liberation Sans (full Vietnamese coverage on every laptop) at 10 pt.

``apply_look(app)`` is called once in ``ui/app.py`` after the ``QApplication`` exists and before any window is built.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication

from ssdesk.paths import resources_dir

FAMILY = "Liberation Sans"
POINT_SIZE = 10
FONT_FILES = ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf",
              "LiberationSans-BoldItalic.ttf")


def set_dpi_policy() -> None:
    """Keep fractional scale factors (125 %, 150 %) as they are instead of rounding them; call before the app
    object is made (it has no effect afterwards; Qt 6 already defaults to this, so it only guards older setups)."""
    if QGuiApplication.instance() is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)


def load_fonts() -> list[str]:
    """Register the bundled fonts; the families Qt now knows from them (empty when the files are missing)."""
    families: list[str] = []
    folder = resources_dir() / "fonts"
    for name in FONT_FILES:
        path = folder / name
        if not path.is_file():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families)
    return families


def apply_look(app: QApplication) -> QFont:
    """Load the bundled fonts and make Liberation Sans 10 pt the app font (the system font stays if missing)."""
    families = load_fonts()
    font = QFont(app.font())
    if FAMILY in families:
        font.setFamily(FAMILY)
    font.setPointSize(POINT_SIZE)
    app.setFont(font)
    return font
