"""Pictures of the app, taken from the app itself: the user guide's figures, and what a reviewer looks at.

    python tools/screenshots.py OUT_DIR [--lang vi|en] [--size 1280x800] [--width 900] [--only NAME ...]

Builds the sample case file (``ssdesk demo``) in a temporary folder with private settings, opens the main window
headless (offscreen) at ``--size``, and saves one PNG per page of the sidebar, per tab of the visit editor, and of
the live minutes, the start page of an empty file and the Help windows. ``--width`` scales each picture down (the
guide's pictures stay small: 8-bit palette PNGs); 0 keeps the real size. The guide (``docs/guide/``) is made with
``--lang vi --width 900``, so re-running it after a change of the screens keeps the guide's pictures current.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _settle(app: object, rounds: int = 6) -> None:
    from PySide6.QtCore import QCoreApplication, QThreadPool

    for _ in range(rounds):
        QThreadPool.globalInstance().waitForDone(2000)
        QCoreApplication.processEvents()


def _save(widget: object, path: Path, width: int) -> Path:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    image = widget.grab().toImage()
    if width and image.width() > width:
        image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    if width:  # the guide's pictures: a 256-colour palette keeps each one small
        image = image.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither)
    image.save(str(path))  # the format from the name: .png
    return path


def take(out: Path, *, lang: str, size: tuple[int, int], width: int, only: set[str] | None = None) -> list[Path]:
    """Take every picture into ``out``; the paths written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="ssdesk-shots-"))
    os.environ["SSDESK_BACKUP_DIR"] = str(work / "backups")
    os.environ["XDG_DATA_HOME"] = str(work / "data")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    import ui  # noqa: F401  (Qt compatibility fixes before any Qt call)

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(work / "settings"))
    app = QApplication.instance() or QApplication([sys.argv[0]])
    from ssdesk.demo import build_demo
    from ssdesk.i18n import set_language
    from ssdesk.store import Store
    from ui import qt_strings
    from ui.features.minutes import MinutesFeature
    from ui.look import apply_look
    from ui.main_window import MainWindow

    set_language(lang)
    apply_look(app)  # type: ignore[arg-type]
    qt_strings.install(app)  # Qt's own texts (buttons, menus) in the app's language
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def shot(name: str, widget: object) -> None:
        if only is None or name in only:
            _settle(app)
            written.append(_save(widget, out / f"{name}.png", width))

    empty = Store.open(work / "trong.ssdesk", create=True, user="screenshots@ssdesk")
    window = MainWindow(empty)
    window.resize(*size)
    window.show()
    shot("start-page", window)
    sample = Store.open(work / "mau.ssdesk", create=True, user="screenshots@ssdesk")
    visit_id = build_demo(sample)
    window.replace_store(sample)
    for row in range(window.sidebar.count()):
        item = window.sidebar.item(row)
        key = item.data(256) if item is not None else None  # Qt.ItemDataRole.UserRole: the page key
        window.sidebar.setCurrentRow(row)
        shot(f"page-{key}", window)
    window.sidebar.setCurrentRow(0)
    editor = window.open_visit(visit_id)
    editor.resize(*size)
    _settle(app)
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        page = editor.tabs.widget(index)
        shot(f"editor-{page.objectName() if page is not None else index}", editor)
    minutes = window.findChild(MinutesFeature)
    live = minutes.open_live(visit_id) if minutes is not None else None
    if live is not None:
        live.resize(*size)
        shot("live-minutes", live)
        live.close()
    if importlib.util.find_spec("ui.features.help") is not None:
        from ui.features.help import screens

        for name, widget in screens(window):
            shot(name, widget)
            widget.close()
    editor.close()
    window.close()
    _settle(app)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="vi", choices=("vi", "en"))
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--width", type=int, default=0, help="scale pictures down to this width (0: real size)")
    parser.add_argument("--only", nargs="*", help="names of the pictures to take (default: all)")
    args = parser.parse_args(argv)
    w, h = (int(v) for v in args.size.lower().split("x"))
    for path in take(args.out, lang=args.lang, size=(w, h), width=args.width,
                     only=set(args.only) if args.only else None):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
