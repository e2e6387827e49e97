"""The main window: the visit list of one open case file, and the File menu to make or open another.

The window owns the :class:`~ssdesk.store.Store` it shows: switching files closes the old one, and closing the window
closes the file. It never queries the database itself; it reloads its model when a change notice says visits (or
what a visit row shows) changed, whoever wrote them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from ssdesk.errors import CaseFileError
from ssdesk.extensions import import_present
from ssdesk.i18n import _
from ssdesk.store import EXTENSION, Change, Store
from ui.cell_tips import install as install_cell_tips
from ui.forms import tab_follows_the_eye
from ui.icons import APP_ICON, PAGE_ICONS, decorate, icon  # sidebar icons by page key: the app's own SVGs
from ui.import_visit import choose_and_import
from ui.jobs import Job, finish_background_work
from ui.lazy import swap_in
from ui.notify import ChangeNotifier
from ui.screen_fit import open_at
from ui.visit_list_page import VisitListPage
from ui.visit_table import ROW_ROLE

if TYPE_CHECKING:  # the editor is imported when a session is first opened, not at start-up
    from ui.visit_editor import VisitEditor

#: Feature modules of the GUI, each with ``install(window: MainWindow) -> None`` adding its pages, menu actions and
#: dialogs; the window itself knows none of them. A module not written yet is skipped; any other import error surfaces.
FEATURES = ("ui.features.catalog", "ui.features.followup", "ui.features.documents", "ui.features.search",
            "ui.features.safety", "ui.features.files", "ui.features.minutes", "ui.features.identity",
            "ui.features.start", "ui.features.help", "ui.features.tracker", "ui.features.access")

#: Tables whose changes alter what a visit row shows (names, counts), so the list must be reloaded.
VISIT_LIST_ENTITIES = frozenset({"visit", "recommendation", "unit", "delegation", "programme"})


def file_filter() -> str:
    return _("ssdesk case files (*{ext});;All files (*)").format(ext=EXTENSION)


def open_error_message(path: Path | str, exc: Exception) -> str:
    """The one-line reason a file (or a server database) could not be opened, for a message box (never a
    traceback)."""
    if isinstance(exc, CaseFileError):
        return str(exc)
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    from ssdesk import server

    name = server.display_location(path) if server.is_url(path) else Path(path).name
    return _("Cannot open “{name}”: {reason}").format(name=name, reason=reason)


def _features() -> list[ModuleType]:
    return import_present(FEATURES)


class MainWindow(QMainWindow):
    """Shows one case file; owns that store and closes it when replaced or when the window closes.

    A sidebar switches pages: the visit list is built in; features add their own pages and menu actions through
    :meth:`add_page` and :meth:`menu`, and follow the file through :attr:`store_replaced` and :attr:`changed`.
    Double-click or Enter on a visit opens its editor (one window per visit; opening it again raises it).
    The editors are closed — and so save what was typed — before the file is closed or replaced.
    """

    #: The store now shown (after New/Open); features rebuild their models on it.
    store_replaced = Signal(object)
    #: Every committed change of the current store, on the GUI thread.
    changed = Signal(object)
    #: A visit editor was opened (features connect to its signals, e.g. ``print_requested``).
    editor_opened = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tab_follows_the_eye(self)  # Tab follows the drawn order (ui.forms.taborder)
        install_cell_tips()  # every list: cut cells show their text as a tooltip, columns as wide as their titles
        self._store = store
        self._where: QLabel | None = None  # the server location in the status bar (office server mode)
        #: Said in the title after the file's name (the sample data says so there); features set it.
        self.title_note = ""
        self._notifier = ChangeNotifier(store, self)
        self._notifier.changed.connect(self._on_change)
        # Many notices in a row (an import) cost one reload: the timer fires once the burst is handled.
        self._reload_timer = QTimer(self, singleShot=True, interval=0)
        self._reload_timer.timeout.connect(self.reload)

        self.visit_page = VisitListPage(store, self)
        self.visit_page.counts_changed.connect(self._refresh_chrome)
        self.model = self.visit_page.model
        self.table = self.visit_page.table
        self.table.activated.connect(self.open_visit_at)
        self.table.doubleClicked.connect(self.open_visit_at)
        self.editors: dict[str, VisitEditor] = {}

        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName(_("Sections"))
        self.sidebar.setMaximumWidth(280)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.setSpacing(3)
        self.pages = QStackedWidget(self)
        self.sidebar.currentRowChanged.connect(self._show_row)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self._page_keys: list[str] = []
        #: pages not built yet (key → factory): built when first shown or asked for (:meth:`page`), not at start
        self._page_factories: dict[str, Callable[[], QWidget]] = {}
        self._menus: dict[str, QMenu] = {}

        self._build_menu()
        self.add_page("visits", _("Working sessions"), self.visit_page)
        open_at(self, 1200, 680)
        self._refresh_chrome()
        self._fit_columns()
        for feature in _features():
            feature.install(self)
        self.setWindowIcon(icon(APP_ICON))
        decorate(self)  # the features' actions that have a bundled icon (by object name)
        self.editor_opened.connect(decorate)
        self.sidebar.setMinimumWidth(self.sidebar.sizeHintForColumn(0) + 2 * self.sidebar.frameWidth() + 12)
        self.sidebar.setCurrentRow(0)

    # -- what features build on ------------------------------------------------------------------------------------

    def add_page(self, key: str, title: str, widget: QWidget | Callable[[], QWidget]) -> None:
        """Add a page to the sidebar (in call order), with its icon from :data:`PAGE_ICONS` (the app's own SVG
        icons, the same on every platform and sharp at any DPI).

        ``widget`` may be a factory instead: the page is then built when it is first shown or asked for
        (:meth:`page`), not while the window starts — the start shows the visit list only, and building every
        catalogue page first cost a tenth of the start-up time. The factory connects what the page listens to."""
        self._page_keys.append(key)
        item = QListWidgetItem(title, self.sidebar)
        name = PAGE_ICONS.get(key)
        if name is not None:
            item.setIcon(icon(name))
        item.setData(Qt.ItemDataRole.UserRole, key)
        if isinstance(widget, QWidget):
            self.pages.addWidget(widget)
        else:
            self._page_factories[key] = widget
            self.pages.addWidget(QWidget(self.pages))  # a placeholder, replaced by the page when it is built

    @property
    def page_keys(self) -> list[str]:
        """The pages' keys in sidebar order (built or not)."""
        return list(self._page_keys)

    def _build_page(self, index: int) -> QWidget:
        """The page at ``index``, built now if it was added as a factory."""
        key = self._page_keys[index]
        factory = self._page_factories.pop(key, None)
        if factory is not None:
            page = factory()
            swap_in(self.pages, index, page)
            decorate(page)  # its actions' bundled icons, as the window's own got at start
        widget = self.pages.widget(index)
        assert widget is not None  # every key in _page_keys has its page
        return widget

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self._page_keys):
            self._build_page(row)
        self.pages.setCurrentIndex(row)

    def show_page(self, key: str) -> QWidget:
        index = self._page_keys.index(key)
        widget = self._build_page(index)
        self.sidebar.setCurrentRow(index)
        return widget

    def page(self, key: str) -> QWidget | None:
        """The page ``key`` (built now if it was not yet), None when no feature added it."""
        return self._build_page(self._page_keys.index(key)) if key in self._page_keys else None

    def menu(self, key: str) -> QMenu:
        """The top-level menu ``key`` ("file", "edit", "view", "tools", "help"), made on first use."""
        if key not in self._menus:
            titles = {"file": _("&File"), "edit": _("&Edit"), "view": _("&View"), "tools": _("&Tools"),
                      "help": _("&Help")}
            self._menus[key] = self.menuBar().addMenu(titles.get(key, key))
        return self._menus[key]

    # -- building ------------------------------------------------------------------------------------------------

    def _build_menu(self) -> None:
        menu = self.menu("file")
        self.action_new = self._action(_("&New…"), QKeySequence.StandardKey.New, self.new_file)
        self.action_new.setIcon(icon("new-file"))
        self.action_open = self._action(_("&Open…"), QKeySequence.StandardKey.Open, self.choose_and_open)
        self.action_open.setIcon(icon("open"))
        self.action_quit = self._action(_("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        self.action_new_visit = QAction(icon("add"), _("New &working session…"), self)
        self.action_new_visit.setObjectName("actionNewVisit")
        self.action_new_visit.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.action_new_visit.triggered.connect(self.new_visit)
        menu.addAction(self.action_new)
        menu.addAction(self.action_open)
        menu.addSeparator()
        menu.addAction(self.action_new_visit)
        self.action_import_visit = QAction(_("&Import working session…"), self)
        self.action_import_visit.setObjectName("actionImportVisit")
        self.action_import_visit.triggered.connect(self.import_visit)
        menu.addAction(self.action_import_visit)
        menu.addSeparator()
        menu.addAction(self.action_quit)

    def _action(self, text: str, key: QKeySequence.StandardKey, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(slot)
        return action

    # -- state shown ---------------------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self._store

    def set_title_note(self, note: str) -> None:
        """Say ``note`` in the title after the file's name (the sample data says so); "" removes it."""
        self.title_note = note
        self._refresh_chrome()

    def _refresh_chrome(self) -> None:
        store = self._store
        note = f" — {self.title_note}" if self.title_note else ""
        self.setWindowTitle(f"{store.name}{note} — ssdesk")
        self.setWindowFilePath(str(store.path) if store.path is not None else "")
        if store.is_server:  # a database on the office server: the status bar says where it is
            if self._where is None:
                self._where = QLabel(self)
                self._where.setObjectName("storeLocation")
                self.statusBar().addPermanentWidget(self._where)
            self._where.setText(_("Office server: {location}").format(location=store.location))
            self._where.setToolTip(_("Shared database; changes by others are reported, never overwritten. No "
                                     "automatic backups here: the server's administrator backs it up."))
            self._where.show()
        elif self._where is not None:
            self._where.hide()
        self.statusBar().showMessage(self.visit_page.status_text())

    def _fit_columns(self) -> None:
        """Size columns to the loaded rows once per file; later reloads keep the widths the user chose."""
        self.table.resizeColumnsToContents()

    def reload(self) -> None:
        """Reload the list, keeping the selected visits selected and the scroll position where it was."""
        selection = self.table.selectionModel()
        selected = [self.model.row_at(i.row()) for i in selection.selectedRows()]
        current = self.model.row_at(self.table.currentIndex().row())
        scroll = self.table.verticalScrollBar().value()
        self.model.reload()
        for row in selected:
            if row is not None and (r := self.model.row_of(row.id)) is not None:
                selection.select(self.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
        if current is not None and (r := self.model.row_of(current.id)) is not None:
            selection.setCurrentIndex(self.model.index(r, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        self.table.verticalScrollBar().setValue(scroll)
        self._refresh_chrome()

    def _on_change(self, change: Change) -> None:
        self.changed.emit(change)
        if change.entities & VISIT_LIST_ENTITIES:
            self._reload_timer.start()

    # -- visit editors ---------------------------------------------------------------------------------------------

    def open_visit_at(self, index: QModelIndex) -> VisitEditor | None:
        row = index.data(ROW_ROLE) if index.isValid() else None
        return self.open_visit(row.id) if row is not None else None

    def open_visit(self, visit_id: str) -> VisitEditor:
        """Show the editor of ``visit_id``: the open one if there is one, else a new window."""
        editor = self.editors.get(visit_id)
        if editor is None:
            from ui.visit_editor import VisitEditor

            editor = VisitEditor(self._store, visit_id, self, background=True)  # shown at once, read on a worker
            editor.closed.connect(self._editor_closed)
            self.editors[visit_id] = editor
            self.editor_opened.emit(editor)
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def _editor_closed(self, visit_id: str) -> None:
        editor = self.editors.pop(visit_id, None)
        if editor is not None:
            editor.deleteLater()

    def close_editors(self) -> bool:
        """Close every editor (each saves first); ``False`` when one stays open (the user kept unsaved text)."""
        for editor in list(self.editors.values()):
            if not editor.close():
                return False
        return True

    def new_visit(self) -> VisitEditor | None:
        """Ask delegation, unit and date; make the visit and open its editor."""
        from ui.visit_editor import NewVisitDialog

        dialog = NewVisitDialog(self._store, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.visit_id is None:
            return None
        return self.open_visit(dialog.visit_id)

    def import_visit(self) -> Job | None:
        """Ask for a working session exchange file (JSON) and add it to this file; the list shows it when done."""
        def shown(visit_id: str) -> None:
            self.reload()
            if (row := self.model.row_of(visit_id)) is not None:
                self.table.selectRow(row)

        return choose_and_import(self, self._store, self._start_dir(), shown)

    # -- files ---------------------------------------------------------------------------------------------------

    #: How New/Open/Recent open a file: a feature may install a richer opener (the safety feature's lock,
    #: damaged-file and password dialogs); called as ``file_opener(window, path, create=...)``.
    file_opener: Callable[..., bool] | None = None

    def open_path(self, path: str | Path, *, create: bool = False) -> bool:
        """Open ``path`` and show it instead of the current file. On failure, say why and keep the current file."""
        if self.file_opener is not None:
            return self.file_opener(self, path, create=create)
        from ssdesk import server

        target: Path | str = path if server.is_url(path) else Path(path)
        if not self.close_editors():
            return False
        try:
            new_store = Store.open(target, create=create)
        except (CaseFileError, OSError) as exc:
            QMessageBox.critical(self, _("Cannot open the case file"), open_error_message(target, exc))
            return False
        self.replace_store(new_store)
        return True

    def replace_store(self, new_store: Store) -> None:
        """Show ``new_store`` instead of the current file (opened by the caller); the old store is closed."""
        old = self._store
        self._notifier.detach()
        self._notifier.deleteLater()
        self._store = new_store
        self._notifier = ChangeNotifier(new_store, self)
        self._notifier.changed.connect(self._on_change)
        self.model.set_store(new_store)
        self._refresh_chrome()
        self._fit_columns()
        self.store_replaced.emit(new_store)
        if old is not new_store:
            finish_background_work(cancel=False)  # a read of the old file still running ends before it closes
            old.close()

    def _start_dir(self) -> str:
        from ui.places import start_dir

        return str(start_dir(self._store))

    def choose_and_open(self) -> bool:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open case file"), self._start_dir(), file_filter())
        return bool(path) and self.open_path(path)

    def new_file(self) -> bool:
        """Ask where to make a new, empty case file; an existing file is never overwritten."""
        path, _filter = QFileDialog.getSaveFileName(self, _("New case file"), self._start_dir(), file_filter(),
                                                    options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() != EXTENSION:
            target = target.with_name(target.name + EXTENSION)
        if target.exists():
            QMessageBox.warning(self, _("New case file"),
                                _("“{name}” already exists. Choose another name, or use Open to open it.")
                                .format(name=target.name))
            return False
        return self.open_path(target, create=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_editors():
            event.ignore()
            return
        self._reload_timer.stop()
        self._notifier.detach()
        finish_background_work(cancel=True)
        self._store.close()
        super().closeEvent(event)
