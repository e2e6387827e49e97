"""An empty file leads the way; the sample file says it is one.

A new secretary opening an empty case file saw an empty list and no hint. The start panel sits above the visit list
while the file has no working session: the three steps in the order the core needs them (a delegation, a unit, then
the working session), each ticked once done and opening the page where it is done, and the other ways in (the sample
data, importing a session, another file).

A file holding the sample working session is marked as sample data in the window title and in a yellow banner with a
way back to the user's own file, so that nobody records real work in it by mistake.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ssdesk import store as store_module
from ssdesk.demo import holds_sample
from ssdesk.i18n import _
from ssdesk.store import Change, Store
from ui.features.files.sample import open_sample, sample_path

if TYPE_CHECKING:
    from ui.main_window import MainWindow

#: Changes that can tick a step or fill the list.
STEP_ENTITIES = frozenset({"visit", "delegation", "unit"})
DONE, TODO = "✓", "•"


def _delegations_tab(page: QWidget) -> None:
    """The delegations' tab of the page of plans and delegations (step 1 is about the delegation)."""
    tabs = getattr(page, "tabs", None)
    delegations = getattr(page, "delegations", None)
    if tabs is not None and delegations is not None:
        tabs.setCurrentWidget(delegations)


def is_sample(store: Store) -> bool:
    """The sample file of the app (beside the user's own), or any file holding the sample working session."""
    if store.path is not None and store.path.name == sample_path().name:
        return True
    return holds_sample(store)


class StartPanel(QFrame):
    """The three steps and the other ways in, shown above the (empty) visit list."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window.visit_page)
        self.setObjectName("startPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.main = window
        self.delegations = lambda: _delegations_tab(window.show_page("plans"))
        heading = QLabel(_("Start here"), self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        intro = QLabel(_("This case file holds no working session yet. Record the first one in three steps:"), self)
        intro.setWordWrap(True)
        steps = QGridLayout()
        steps.setColumnStretch(1, 1)
        self.marks: list[QLabel] = []
        self.buttons: list[QPushButton] = []
        # Alt+1, Alt+2, Alt+3 as the steps are numbered: the letters clashed in Vietnamese with the menu bar
        # ("Trợ &giúp") and with the buttons below, and Qt then only moved the focus (GUI walk)
        rows = (
            (_("1. The supervision delegation (and its plan), on the page “Plans & delegations”."),
             _("&1 Delegations…"), self.delegations),
            (_("2. The units to be supervised, on the page “Units”."), _("&2 Units…"),
             lambda: window.show_page("units")),
            (_("3. The working session: delegation, unit, date and place."), _("&3 New working session…"),
             window.new_visit),
        )
        for r, (text, button_text, slot) in enumerate(rows):
            mark = QLabel(TODO, self)
            mark.setObjectName(f"startMark{r + 1}")
            label = QLabel(text, self)
            label.setWordWrap(True)
            button = QPushButton(button_text, self)
            button.setObjectName(f"startStep{r + 1}")
            button.clicked.connect(slot)
            steps.addWidget(mark, r, 0)
            steps.addWidget(label, r, 1)
            steps.addWidget(button, r, 2)
            self.marks.append(mark)
            self.buttons.append(button)
        other = QLabel(_("Or:"), self)
        self.sample_button = QPushButton(_("Open the &sample data"), self)
        self.sample_button.setObjectName("startSample")
        self.sample_button.setToolTip(_("A complete working session of 27/02/2024, in a file of its own: try every "
                                        "page without touching your case file"))
        self.sample_button.clicked.connect(lambda: open_sample(window))
        self.import_button = QPushButton(_("&Import a working session…"), self)
        self.import_button.setObjectName("startImport")
        self.import_button.clicked.connect(window.import_visit)
        self.open_button = QPushButton(_("&Open another case file…"), self)
        self.open_button.setObjectName("startOpen")
        self.open_button.clicked.connect(window.choose_and_open)
        others = QHBoxLayout()
        others.addWidget(other)
        for button in (self.sample_button, self.import_button, self.open_button):
            others.addWidget(button)
        others.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(steps)
        layout.addSpacing(6)
        layout.addLayout(others)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def show_progress(self, has_delegation: bool, has_unit: bool) -> None:
        """Tick what is done; the session step waits for both (the core needs a delegation and a unit)."""
        for mark, done in zip(self.marks, (has_delegation, has_unit, False), strict=True):
            mark.setText(DONE if done else TODO)
        ready = has_delegation and has_unit
        self.buttons[2].setEnabled(ready)
        self.buttons[2].setToolTip("" if ready else _("First a delegation and a unit (steps 1 and 2)."))
        self.buttons[2].setDefault(ready)


class SampleBanner(QToolBar):
    """A yellow line under the menus while the sample file is open."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(_("Sample data"), window)
        self.setObjectName("sampleBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not a toolbar the user can hide: it says where they are
        self.setStyleSheet("QToolBar#sampleBanner { background: #fff3b0; border: 1px solid #d9b700; }")
        self.text = QLabel(_("SAMPLE DATA — this file holds the sample working session, for trying the app. Record "
                             "real work in your own case file."), self)
        self.text.setObjectName("sampleBannerText")
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.own = QPushButton(_("Open &my case file"), self)
        self.own.setObjectName("sampleBannerOwn")
        self.own.clicked.connect(lambda: window.open_path(store_module.default_case_file(), create=True))
        self.addWidget(self.text)
        self.addWidget(self.own)


class StartFeature(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("startFeature")
        self.main = window
        self._panel: StartPanel | None = None  # built the first time a file is empty: most starts never need it
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.banner = SampleBanner(window)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)
        self._timer = QTimer(self, singleShot=True, interval=100)  # a burst of notices (an import): one count
        self._timer.timeout.connect(self.refresh)
        window.changed.connect(self._on_change)
        window.store_replaced.connect(lambda _store: self.refresh(replaced=True))
        self.refresh(replaced=True)

    @property
    def panel(self) -> StartPanel:
        """The three steps, above the visit list (built on first use)."""
        if self._panel is None:
            self._panel = StartPanel(self.main)
            self._panel.hide()  # shown by refresh() when the file is empty
            layout = self.main.visit_page.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(0, self._panel, 0, Qt.AlignmentFlag.AlignTop)  # at the top while the list is hidden
        return self._panel

    def _on_change(self, change: Change) -> None:
        if change.entities & STEP_ENTITIES:
            self._timer.start()

    def refresh(self, *, replaced: bool = False) -> None:
        store = self.main.store
        empty = store.visits.count() == 0
        if empty or self._panel is not None:
            self.panel.setVisible(empty)
        self.main.visit_page.table.setVisible(not empty)
        self.main.visit_page.filter_box.setVisible(not empty)
        if empty:
            self.panel.show_progress(bool(store.catalog.delegations()), bool(store.catalog.units()))
        if replaced:
            sample = is_sample(store)
            self.banner.setVisible(sample)
            own = store_module.default_case_file()
            self.banner.own.setVisible(store.path is None or store.path != own.expanduser().resolve())
            self.main.set_title_note(_("SAMPLE DATA") if sample else "")


def install(window: MainWindow) -> None:
    StartFeature(window)
