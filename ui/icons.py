"""The app's own icons: small SVG drawings in ``resources/icons/`` (original, CC0-1.0, see the LICENSE there).

Why bundled and not Qt's standard pixmaps: those differ from one platform style to the next (and several are the same
folder picture), while the sidebar and the menus should look the same on every office laptop. SVG keeps them sharp at
any scale; Qt's ``qsvg`` image plugin (in PySide6-Essentials) draws them. ``icon(name)`` is cached, so asking twice
costs nothing; an unknown name gives an empty icon (and the test suite checks every name used exists).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget

from ssdesk.paths import resources_dir

#: The app's own icon (window and task bar).
APP_ICON = "ssdesk"

#: Sidebar icons by page key (``MainWindow.add_page``); a key not here gets no icon.
PAGE_ICONS: dict[str, str] = {
    "visits": "visits", "plans": "plans", "units": "units", "people": "people", "programmes": "programmes",
    "followup": "followup", "dashboard": "dashboard", "search": "search", "backups": "backups",
}

#: Icons of existing actions by their object name, set by :func:`decorate` wherever the actions live (the main
#: window's menus, each visit editor's), so the features that make those actions need not know about icons.
ACTION_ICONS: dict[str, str] = {
    "actionSaveCopy": "save-copy", "actionSave": "save", "actionPrint": "print", "actionUndo": "undo",
    "actionRedo": "redo", "actionFind": "search", "actionLiveMinutes": "live-minutes",
}


def icon_dir() -> Path:
    return resources_dir() / "icons"


def icon_path(name: str) -> Path:
    return icon_dir() / f"{name}.svg"


def names() -> list[str]:
    """Every bundled icon's name."""
    return sorted(p.stem for p in icon_dir().glob("*.svg"))


#: The drawings' one stroke colour, and what it becomes on a selected (highlighted) row or menu item, where the
#: highlight is about the same blue and the drawing would vanish.
STROKE = b"#4f7aa3"
SELECTED_STROKE = b"#ffffff"
_SIZES = (16, 24, 32)


def _tinted(path: Path, colour: bytes) -> list[QPixmap]:
    renderer = QSvgRenderer(QByteArray(path.read_bytes().replace(STROKE, colour)))
    out = []
    for size in _SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        out.append(QPixmap.fromImage(image))
    return out


@cache
def icon(name: str) -> QIcon:
    """The bundled icon ``name`` (the file ``resources/icons/NAME.svg``); an empty icon when there is none."""
    path = icon_path(name)
    if not path.is_file():
        return QIcon()
    result = QIcon(str(path))
    for pixmap in _tinted(path, SELECTED_STROKE):
        result.addPixmap(pixmap, QIcon.Mode.Selected)
    return result


def decorate(widget: QWidget) -> int:
    """Give the actions under ``widget`` that have no icon yet their bundled one (by object name, see
    :data:`ACTION_ICONS`); how many got one."""
    done = 0
    for action in widget.findChildren(QAction):
        name = ACTION_ICONS.get(action.objectName())
        if name is not None and action.icon().isNull():
            action.setIcon(icon(name))
            done += 1
    return done
