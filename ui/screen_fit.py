"""Every window opens no larger than the screen it opens on (issue 14: a 1220×820 document dialog on a 1280×800
laptop had its buttons below the screen's edge, out of reach).

A window that asks for a comfortable size calls :func:`open_at` instead of ``resize``: it gets that size where the
screen allows, and the screen's free area (``QScreen.availableGeometry``: less the task bar) less the window
frame's room where it does not. Qt centres a dialog over its parent and keeps it on the screen, so a window that
fits is seen whole. What a layout needs at least (``minimumSizeHint``) cannot be clamped here: the text-fit walk
(tests/ui/test_text_fits.py) holds every dialog's to a 1024×768 screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Room the window manager's frame takes around a window: borders, and the title bar above.
FRAME = QSize(16, 48)
#: The smallest screen the app is made for (an old laptop, a projector).
SMALLEST_SCREEN = QSize(1024, 768)


def screen_room(widget: QWidget) -> QSize:
    """The largest size a window of ``widget``'s can take on the screen it opens on, frame included.

    A dialog not yet shown has no screen of its own: it opens on its parent window's."""
    parent = widget.parentWidget()
    screen = (parent.window() if parent is not None else widget).screen() or QGuiApplication.primaryScreen()
    free = screen.availableGeometry().size() if screen is not None else SMALLEST_SCREEN
    return room_within(free)


def room_within(free: QSize) -> QSize:
    """The size a window may have inside a screen's free area ``free``: less the frame's room, never below 1×1."""
    return QSize(max(1, free.width() - FRAME.width()), max(1, free.height() - FRAME.height()))


def fitted(wanted: QSize, room: QSize) -> QSize:
    """``wanted``, less where ``room`` is smaller."""
    return wanted.boundedTo(room)


def open_at(widget: QWidget, width: int, height: int) -> QSize:
    """Resize ``widget`` (a window about to be shown) to ``width``×``height``, or to the screen's room where that
    is larger; the size given."""
    size = fitted(QSize(width, height), screen_room(widget))
    widget.resize(size)
    return size
