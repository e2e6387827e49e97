"""The daily actions one click away, and Help: the user guide (F1), the keyboard shortcuts, About.

The toolbar holds what a secretary does every day — a new working session, its live minutes, printing its minutes,
the follow-up list — as the actions the other features already made (found by object name), so a toolbar button and
its menu item never differ. The guide is Markdown under ``resources/guide/`` with pictures taken from the app by
``tools/screenshots.py`` (re-run it after changing a screen); it opens in the app's language, Vietnamese first.
The shortcut list is read from the actions themselves, so it cannot go stale.
"""

from __future__ import annotations

import platform
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, QUrl, qVersion
from PySide6.QtGui import QAction, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ssdesk import __version__
from ssdesk.i18n import N_, _, language
from ssdesk.paths import resources_dir
from ui.features.documents import DocumentsFeature
from ui.icons import icon
from ui.screen_fit import open_at

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def guide_path(lang: str | None = None) -> Path:
    """The guide in ``lang`` (the app's language), else the Vietnamese one."""
    folder = resources_dir() / "guide"
    chosen = folder / f"{lang or language()}.md"
    return chosen if chosen.is_file() else folder / "vi.md"


#: Keys of the visit editor and the live minutes (windows of their own, not open when the list is shown).
EDITOR_KEYS: tuple[tuple[str, str], ...] = (
    ("Ctrl+S", N_("Visit editor: save now (it also saves 0.8 s after typing stops)")),
    ("Ctrl+Z / Ctrl+Y", N_("Visit editor: undo / redo")),
    ("Ctrl+F", N_("Visit editor: find in the page")),
    ("Ctrl+P", N_("Visit editor: print the minutes or the conclusion notice")),
    ("Ctrl+L", N_("Visit editor: live minutes of the session")),
    ("Ctrl+Shift+R", N_("Visit editor: pick up open recommendations of earlier sessions")),
    ("Ctrl+W", N_("Visit editor: close the window")),
    ("Alt+1 … Alt+9", N_("Live minutes: the speaker in that place of the list")),
    ("Enter", N_("Live minutes: on an empty line, ends the statement")),
    ("Ctrl+I", N_("Live minutes: send the figure at the cursor to the indicator table")),
)


def _plain(text: str) -> str:
    """A menu text without its Alt-letter mark and trailing dots."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(keys, what) for every action of the main window that has a shortcut, then the editor's own keys."""
    rows: dict[str, str] = {}
    for action in window.findChildren(QAction):
        keys = action.shortcuts()
        text = _plain(action.text())
        if keys and text:
            rows.setdefault(" / ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys), text)
    found = sorted(rows.items(), key=lambda kv: (len(kv[0]), kv[0]))
    return found + [(keys, _(what)) for keys, what in EDITOR_KEYS]


class GuideWindow(QDialog):
    """The user guide, with its pictures; links to other pages of the guide stay inside."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideWindow")
        self.setWindowTitle(_("ssdesk user guide"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guideText")
        self.browser.setOpenExternalLinks(True)
        path = guide_path()
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        open_at(self, 980, 720)


class ShortcutsDialog(QDialog):
    """Every key, read from the actions (never a list written twice)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(_("Keyboard shortcuts"))
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([_("Keys"), _("What they do")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (keys, what) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(keys))
            item = QTableWidgetItem(what)
            item.setToolTip(what)
            self.table.setItem(r, 1, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        open_at(self, 720, 560)


#: What ships inside the app, with its licence (the fonts and icons are bundled files; the rest are libraries).
LICENCES = (
    ("Liberation Serif, Liberation Sans", "SIL Open Font License 1.1"),
    ("ssdesk icons", "CC0 1.0"),
    ("Qt / PySide6", "LGPL v3"),
    ("SQLAlchemy, Alembic", "MIT"),
    ("ReportLab", "BSD"),
    ("python-docx, openpyxl, jsonschema, platformdirs", "MIT"),
    ("psycopg (office server)", "LGPL v3"),
    ("SQLCipher (encrypted files)", "BSD"),
    ("Python", "PSF License"),
)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "—"


def about_text() -> str:
    """Version, what it runs on, and the licences, as HTML for the About box."""
    rows = "".join(f"<tr><td>{name}</td><td>&nbsp;&nbsp;{licence}</td></tr>" for name, licence in LICENCES)
    purpose = _("For the secretaries of supervision delegations: plans, working sessions, minutes, conclusions "
                "and the follow-up of recommendations. Works offline on one file.")
    licence = _("Licence: MIT.")
    included = _("Included with their licences:")
    where = _("The licence texts are in the folder resources/ of the installed app.")
    runs_on = (f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version} · "
               f"SQLAlchemy {_version('SQLAlchemy')} · ReportLab {_version('reportlab')}")
    return (f"<h3>ssdesk {__version__}</h3><p>{purpose}</p><p>{licence} {runs_on}</p>"
            f"<p><b>{included}</b></p><table>{rows}</table><p>{where}</p>")


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(_("About ssdesk"))
        self.text = QLabel(about_text(), self)
        self.text.setObjectName("aboutText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)


class HelpFeature(QObject):
    """The daily toolbar and the Help menu of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("helpFeature")
        self.main = window
        self.action_followup = QAction(icon("followup"), _("&Follow-up"), window)
        self.action_followup.setObjectName("actionShowFollowup")
        self.action_followup.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.action_followup.setStatusTip(_("The recommendations and how far each one got"))
        self.action_followup.triggered.connect(self.show_followup)
        self.toolbar = QToolBar(_("Daily work"), window)
        self.toolbar.setObjectName("dailyToolBar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in self.daily_actions():
            self.toolbar.addAction(action)
        search_bar = window.findChild(QToolBar, "searchToolBar")
        if search_bar is not None:  # on the left, the search box keeps the right
            window.insertToolBar(search_bar, self.toolbar)
            screen = window.screen()
            if screen is not None and screen.availableGeometry().width() < 1000:
                # both would not fit one row of a narrow screen: Qt then hides the search box behind the toolbar's
                # "»" button, and the box's error line with it; on a row of its own it stays in sight
                window.insertToolBarBreak(search_bar)
        else:
            window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

        menu = window.menu("help")
        self.action_guide = QAction(_("User &guide"), window)
        self.action_guide.setObjectName("actionGuide")
        self.action_guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.action_guide.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # F1 in every window
        self.action_guide.triggered.connect(self.show_guide)
        self.action_shortcuts = QAction(_("&Keyboard shortcuts"), window)
        self.action_shortcuts.setObjectName("actionShortcuts")
        self.action_shortcuts.triggered.connect(self.show_shortcuts)
        self.action_about = QAction(_("&About ssdesk"), window)
        self.action_about.setObjectName("actionAbout")
        self.action_about.triggered.connect(self.show_about)
        for action in (self.action_guide, self.action_shortcuts, self.action_about):
            menu.addAction(action)
        window.addAction(self.action_guide)
        self.guide: GuideWindow | None = None

    def daily_actions(self) -> list[QAction]:
        """New session, live minutes, print the minutes, follow-up: the other features' own actions."""
        found: list[QAction] = [self.main.action_new_visit]
        live = self.main.findChild(QAction, "actionLiveMinutes")
        if live is not None:
            live.setIconText(_("Live minutes"))  # the menu keeps its longer text
            found.append(live)
        documents = self.main.findChild(DocumentsFeature, "documentsFeature")
        if documents is not None:
            documents.action_minutes.setIconText(_("Print minutes"))
            found.append(documents.action_minutes)
        found.append(self.action_followup)
        return found

    def show_followup(self) -> None:
        if self.main.page("followup") is not None:
            self.main.show_page("followup")

    def show_guide(self) -> GuideWindow:
        if self.guide is None:
            self.guide = GuideWindow(self.main)
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()
        return self.guide

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.main)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.main)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


def install(window: MainWindow) -> None:
    HelpFeature(window)


def screens(window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    """The Help windows, shown, for ``tools/screenshots.py``."""
    feature = window.findChild(HelpFeature, "helpFeature")
    if feature is None:
        return
    yield "help-guide", feature.show_guide()
    yield "help-shortcuts", feature.show_shortcuts()
    yield "help-about", feature.show_about()
