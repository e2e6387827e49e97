"""The catalogue pages of the sidebar, each made of :class:`RecordPanel` s that follow the open file."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from ssdesk.i18n import _
from ssdesk.store import Change, Store
from ui.features.catalog.members import MembersEditor
from ui.features.catalog.panel import RecordPanel
from ui.features.catalog.specs import DELEGATION, PERSON, PLAN, PROGRAMME, indicator_spec
from ui.features.catalog.units import UnitsPanel


class CatalogPage(QWidget):
    """A page that reloads its panels after changes of the tables they show (one reload per burst)."""

    def __init__(self, store: Callable[[], Store], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.panels: list[RecordPanel] = []
        self._entities: set[str] = set()
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.refresh)
        self._stale = False

    def _watch(self, panel: RecordPanel, *entities: str) -> RecordPanel:
        self.panels.append(panel)
        self._entities |= set(panel.spec.entities) | set(entities)
        return panel

    def on_change(self, change: Change) -> None:
        if change.entities & self._entities:
            self._timer.start()

    def refresh(self) -> None:
        """Reload now if the page is shown, else when it is next shown: a page built once stays in the window,
        and re-reading the lists of pages nobody looks at would slow every change (issue 15)."""
        if self.isVisible():
            self._stale = False
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        for panel in self.panels:
            panel.reload()

    def store_replaced(self) -> None:
        """Another file is open: show none of the old records, then the new file's lists."""
        for panel in self.panels:
            panel.show_record(None)
        self.refresh()

    def flush(self) -> bool:
        return all([panel.flush() for panel in self.panels])


class PlansPage(CatalogPage):
    """Plans, and the delegations they set up with their members (two tabs)."""

    def __init__(self, store: Callable[[], Store], parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.plans = self._watch(RecordPanel(PLAN, store, self))
        self.delegations = self._watch(RecordPanel(DELEGATION, store, self), "delegation_member", "person")
        self.members = MembersEditor(store, self)
        self.delegations.add_below(self.members)
        self.delegations.current_changed.connect(self.members.set_delegation)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("plansTabs")
        self.tabs.addTab(self.plans, _("Plans"))
        self.tabs.addTab(self.delegations, _("Delegations"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.refresh()

    def reload(self) -> None:
        super().reload()
        self.members.reload()


class UnitsPage(CatalogPage):
    def __init__(self, store: Callable[[], Store], parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.units = self._watch(UnitsPanel(store, self))
        assert isinstance(self.units, UnitsPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.units)
        self.refresh()


class PeoplePage(CatalogPage):
    def __init__(self, store: Callable[[], Store], parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.people = self._watch(RecordPanel(PERSON, store, self))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.people)
        self.refresh()


class ProgrammesPage(CatalogPage):
    """Programmes above, the indicators of the selected programme below."""

    def __init__(self, store: Callable[[], Store], parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.programmes = self._watch(RecordPanel(PROGRAMME, store, self))
        self.indicators = self._watch(RecordPanel(indicator_spec(lambda: self.programmes.current_id), store, self))
        self.programmes.current_changed.connect(self._programme_shown)
        self.indicator_title = QLabel(self)
        font = self.indicator_title.font()
        font.setBold(True)
        self.indicator_title.setFont(font)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.indicator_title)
        lower_layout.addWidget(self.indicators)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.programmes)
        splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.refresh()
        self._programme_shown(None)

    def _programme_shown(self, ident: str | None) -> None:
        self.indicators.show_record(None)
        self.indicators.reload()
        self.indicators.new_button.setEnabled(ident is not None)
        self.indicator_title.setText(_("Indicators of the selected programme") if ident
                                     else _("Indicators: select a programme first"))
