"""The Backups page: the current file's backups (newest first), Back up now / Restore… / Open folder, and where and
how often automatic backups are taken. The list is read when the page is shown, never at start-up."""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ssdesk.i18n import _
from ssdesk.safety.backups import BackupInfo, backup_folder, backup_now, list_backups, reason_label
from ui.cell_tips import header_text_width
from ui.features.safety import settings
from ui.features.safety.opening import restore_into_window, when_text
from ui.jobs import run_job
from ui.places import file_only_reason

if TYPE_CHECKING:
    from ui.main_window import MainWindow

COL_WHEN, COL_REASON, COL_SIZE, COL_VISITS, COL_RECS = range(5)
INFO_ROLE = Qt.ItemDataRole.UserRole + 1


def size_text(size: int) -> str:
    if size >= 2**20:
        return _("{n:.1f} MB").format(n=size / 2**20)
    return _("{n} KB").format(n=max(1, round(size / 1024)))


class BackupTableModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[BackupInfo] = []

    def set_rows(self, rows: list[BackupInfo]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("Taken at"), _("Why"), _("Size"), _("Working sessions"), _("Recommendations"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        info = self.rows[index.row()]
        col = index.column()
        if role == INFO_ROLE:
            return info
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_SIZE, COL_VISITS, COL_RECS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == COL_WHEN:
            return when_text(info.taken_at)
        if col == COL_REASON:
            return reason_label(info.reason)
        if col == COL_SIZE:
            return size_text(info.size)
        value = info.visits if col == COL_VISITS else info.recommendations
        return "—" if value is None else str(value)


class BackupsPage(QWidget):
    """Emits :attr:`settings_saved` when the folder or the interval changed (the auto-backup is rebuilt)."""

    settings_saved = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = weakref.ref(window)  # the page lives in the window: no strong reference back
        self.setObjectName("backupsPage")
        self.model = BackupTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("backupTable")
        self.table.setAccessibleName(_("Backups"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        # fitted to contents, "Size" sat a pixel short of its title in English: no column narrower than the widest
        # title of the fitted ones
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(max(header.minimumSectionSize(),
                                         *(header_text_width(header, c) for c in (COL_SIZE, COL_VISITS, COL_RECS))))
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())

        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.backup_button = QPushButton(_("Back up now"), self)
        self.restore_button = QPushButton(_("Restore…"), self)
        self.folder_button = QPushButton(_("Open folder"), self)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self.open_folder)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        box = QGroupBox(_("Automatic backups"), self)
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setPlaceholderText(_("Default: the ssdesk folder in your user data"))
        choose = QPushButton(_("Choose…"), self)
        choose.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(choose)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(settings.MIN_MINUTES, settings.MAX_MINUTES)
        self.minutes.setSuffix(_(" min"))
        self.save_button = QPushButton(_("Save settings"), self)
        self.save_button.clicked.connect(self.save_settings)
        minutes_row = QHBoxLayout()
        minutes_row.addWidget(self.minutes)
        minutes_row.addWidget(QLabel(_("while something was changed"), self), 1)
        minutes_row.addWidget(self.save_button)
        form = QFormLayout(box)
        form.addRow(_("Folder:"), folder_row)
        form.addRow(_("Back up every:"), minutes_row)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(box)
        window.store_replaced.connect(self._store_replaced)
        self._load_settings()
        self._update_buttons()

    @property
    def window_(self) -> MainWindow:
        window = self._window()
        assert window is not None
        return window

    # -- state ---------------------------------------------------------------------------------------------------

    def _load_settings(self) -> None:
        self.folder_edit.setText(settings.backup_folder() or "")
        self.minutes.setValue(settings.backup_minutes())

    def _store_replaced(self, _store: object) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def folder(self) -> Path:
        path = self.window_.store.path
        if path is None:  # a server database: no backups of ours; the folder chosen for files' backups
            return Path(settings.backup_folder() or Path.home())
        return backup_folder(path, settings.folder_for(path))

    def _server_mode(self, on_server: bool) -> None:
        """A server database is backed up by its administrator (pg_dump): the page says so; its buttons are off."""
        reason = file_only_reason() if on_server else ""
        for button in (self.backup_button, self.folder_button):
            button.setEnabled(not on_server)
            button.setToolTip(reason)
        self.table.setEnabled(not on_server)

    def refresh(self) -> None:
        store = self.window_.store
        self._server_mode(store.path is None)
        if store.path is None:
            self.model.set_rows([])
            self.heading.setText(_("“{name}” is a database on the office server.").format(name=store.name) + " "
                                 + file_only_reason())
            self._update_buttons()
            return
        rows = list_backups(store.path, settings.folder_for(store.path))
        self.model.set_rows(rows)
        self.heading.setText(_("Backups of “{name}” in {folder}").format(name=store.path.name, folder=self.folder()))
        if rows:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(INFO_ROLE) if rows else None

    def _update_buttons(self) -> None:
        store = self.window_.store
        self.restore_button.setEnabled(self.selected() is not None and not store.readonly and store.path is not None)

    # -- actions -------------------------------------------------------------------------------------------------

    def back_up_now(self) -> None:
        store = self.window_.store
        if store.path is None:
            self.window_.statusBar().showMessage(file_only_reason(), 10_000)
            return
        folder = settings.folder_for(store.path)

        def done(path: Path) -> None:
            self.refresh()
            self.window_.statusBar().showMessage(_("Backed up to {path}").format(path=path), 10_000)

        run_job(self, _("Backing up the case file…"), lambda _p, _c: backup_now(store, folder, reason="manual"),
                on_done=done, cancellable=False,
                on_error=lambda exc: QMessageBox.critical(self, _("Back up now"), str(exc)))

    def restore_selected(self) -> bool:
        info = self.selected()
        if info is None:
            return False
        return restore_into_window(self.window_, info)

    def open_folder(self) -> bool:
        if self.window_.store.path is None:
            return False
        folder = self.folder()
        folder.mkdir(parents=True, exist_ok=True)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Folder for backups"), self.folder_edit.text()
                                                  or str(self.folder()))
        if chosen:
            self.folder_edit.setText(chosen)

    def save_settings(self) -> None:
        settings.save(self.folder_edit.text().strip() or None, self.minutes.value())
        self._load_settings()
        self.settings_saved.emit()
        if self.isVisible():
            self.refresh()
