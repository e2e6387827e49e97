"""The visit editor: one window per working session, every page of it, saving as the secretary types.

Writes go through :class:`EditSession` (core services only). Typed text is saved :data:`AUTOSAVE_MS` after the last
keystroke, at once when the field loses focus, on Ctrl+S and when the window closes; the status line says when it was
last saved or why it was not. Every accepted change is on one undo stack (Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y). The store's
change notices (through :class:`ChangeNotifier`) reload the editor when someone else wrote, and the main window's list
follows the editor's writes the same way — the two windows never call each other.

Someone else's change since the editor loaded the record (office server mode, or another window) refuses the save
with :class:`~ssdesk.errors.ConflictError`: the text stays in its field, and a bar (:class:`ui.conflict_bar.
ConflictBar`) says who changed what and offers to reload; reloading copies the unsaved text to the clipboard first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from ssdesk.enums import VisitKind, VisitState
from ssdesk.errors import NotFoundError, SsdeskError
from ssdesk.i18n import _
from ssdesk.models import Attendee, Finding, IndicatorResult, Recommendation
from ssdesk.store import Store
from ui.forms import FieldForm, follow_the_eye, tab_follows_the_eye
from ui.jobs import Job, run_job
from ui.screen_fit import open_at
from ui.visit_editor import form_pages, lazy_pages, table_pages
from ui.visit_editor.autosave import AutosavingWindow
from ui.visit_editor.part_models import (
    ATTENDEE_COLUMNS,
    FINDING_COLUMNS,
    MODEL_LABELS,
    PartTableModel,
    recommendation_columns,
    result_columns,
)
from ui.visit_editor.session import Snapshot
from ui.visit_editor.statements import STATEMENT_LABELS, StatementsPage


class VisitEditor(AutosavingWindow):
    """Edits one visit of ``store``. ``print_requested(visit_id)``: Ctrl+P (the documents work prints).

    The conflict bar, the save status, the change notices, Reload after a conflict and closing are
    :class:`~ui.visit_editor.autosave.AutosavingWindow`'s, shared with the live minutes."""

    print_requested = Signal(str)
    #: Ctrl+L: the live minutes of this visit (the minutes feature listens; the editor knows no such window).
    live_minutes_requested = Signal(str)

    def __init__(self, store: Store, visit_id: str, parent: QWidget | None = None, *,
                 background: bool = False) -> None:
        """``background``: read the visit on a worker and show the window at once (the main window opens editors
        so); the tabs wait, disabled, until it is read (:meth:`when_loaded`)."""
        super().__init__(store, visit_id, parent, load=not background)
        self._when_loaded: list[Callable[[], object]] = []
        tab_follows_the_eye(self)  # Tab follows the drawn order (ui.forms.taborder)
        self.undo_stack = self.session.undo_stack
        self.visit_form = FieldForm(self._save_visit, self, versioned=True)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("editorPages")
        self.tabs.setDocumentMode(True)
        # the catalogue's lists: read now, or on the worker beside the visit (:meth:`_load_in_background`)
        choices = None if background else form_pages.read_choices(store)
        general, self.state_row = form_pages.general_page(self.visit_form, choices)
        self.state_row.step_requested.connect(self.set_state)

        self._unit_names: dict[str, str] = choices.unit_names if choices is not None else {}
        unit_names = self._unit_names
        self.models: dict[type[Any], PartTableModel] = {
            Attendee: PartTableModel(self.session, Attendee, ATTENDEE_COLUMNS, MODEL_LABELS[Attendee], self),
            IndicatorResult: PartTableModel(self.session, IndicatorResult, result_columns(self.session),
                                            MODEL_LABELS[IndicatorResult], self),
            Finding: PartTableModel(self.session, Finding, FINDING_COLUMNS, MODEL_LABELS[Finding], self),
            Recommendation: PartTableModel(self.session, Recommendation, recommendation_columns(unit_names),
                                           MODEL_LABELS[Recommendation], self),
        }
        # Only the first page is built now; each other page when first shown (or asked for: search results, tests),
        # so that opening an editor does not stall the window building six pages nobody looks at yet.
        self._pages: dict[str, QWidget] = {"general": general}
        self._ticked: QLabel | None = None
        lazy_pages.add_tabs(self.tabs, self._pages)

        self.find_box = QLineEdit(self)
        self.find_box.setObjectName("findBox")
        self.find_box.setPlaceholderText(_("Find in this page (Ctrl+F)"))
        self.find_box.setAccessibleName(_("Find in this page"))
        self.find_box.setClearButtonEnabled(True)
        hint = self.find_box.fontMetrics().horizontalAdvance(self.find_box.placeholderText())
        self.find_box.setMinimumWidth(hint + 48)
        self.find_box.textChanged.connect(self._filter)
        # QTabWidget places its corner widget by the widget's size hint, and a QLineEdit's hint ignores its minimum
        # width (the placeholder was cut off): a layout's hint respects it
        corner = QWidget(self)
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 0, 0, 0)
        corner_layout.addWidget(self.find_box)
        self.tabs.setCornerWidget(corner, Qt.Corner.TopRightCorner)
        self.tabs.currentChanged.connect(self._page_changed)
        self._shown_page: QWidget | None = None

        self.set_content(self.tabs)
        self._build_actions()

        self.session.reloaded.connect(self._show)
        self.visit_form.refused.connect(self._refused)
        for model in self.models.values():
            model.problems_changed.connect(lambda m=model: self._model_problems(m))
        results = self.models[IndicatorResult]
        for signal in (results.modelReset, results.dataChanged, results.rowsInserted, results.rowsRemoved):
            signal.connect(self._show_ticked)

        if background:
            self._load_in_background()
        else:
            self._show(True)
        open_at(self, 1180, 760)

    # -- building ------------------------------------------------------------------------------------------------

    def _action(self, text: str, keys: list[QKeySequence], slot: Any, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence
        self.action_save = self._action(_("&Save now"), [key(key.StandardKey.Save)], self.save_now, "actionSave")
        self.action_print = self._action(_("&Print…"), [key(key.StandardKey.Print)], self.request_print,
                                         "actionPrint")
        self.action_close = self._action(_("&Close"), [key("Ctrl+W")], self.close, "actionClose")
        self.action_pick_up = self._action(_("Pick &up open recommendations…"), [key("Ctrl+Shift+R")],
                                           self.pick_up, "actionPickUp")
        self.action_undo = self._action(_("&Undo"), [key(key.StandardKey.Undo)], self.undo, "actionUndo")
        self.action_redo = self._action(_("&Redo"), [key("Ctrl+Shift+Z"), key("Ctrl+Y")], self.redo, "actionRedo")
        self.action_find = self._action(_("&Find…"), [key(key.StandardKey.Find)], self.focus_find, "actionFind")
        self.action_live_minutes = self._action(_("&Live minutes…"), [key("Ctrl+L")], self.request_live_minutes,
                                                "actionLiveMinutes")
        session_menu = self.menuBar().addMenu(_("&Session"))
        for action in (self.action_save, self.action_print, self.action_live_minutes, self.action_pick_up,
                       self.action_close):
            session_menu.addAction(action)
        edit_menu = self.menuBar().addMenu(_("&Edit"))
        for action in (self.action_undo, self.action_redo, self.action_find):
            edit_menu.addAction(action)
        self.undo_stack.undoTextChanged.connect(
            lambda text: self.action_undo.setText(_("&Undo {what}").format(what=text) if text else _("&Undo")))
        self.undo_stack.redoTextChanged.connect(
            lambda text: self.action_redo.setText(_("&Redo {what}").format(what=text) if text else _("&Redo")))

    # -- pages, built when first shown -----------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page ``key`` (one of :data:`~ui.visit_editor.lazy_pages.PAGE_KEYS`), built now if it was not yet
        (:mod:`ui.visit_editor.lazy_pages`): its fields show the visit, its labels the kind, Tab its drawn order."""
        built = self._pages.get(key)
        if built is not None:
            return built
        before = set(self.visit_form.bindings)
        page, ticked = lazy_pages.make_page(key, store=self.store, session=self.session, models=self.models,
                                            form=self.visit_form)
        self._pages[key] = page
        if ticked is not None:
            self._ticked = ticked
        if isinstance(page, StatementsPage):
            page.form.refused.connect(self._refused)
        lazy_pages.put_in_tab(self.tabs, key, page)
        added = set(self.visit_form.bindings) - before  # the report's and the conclusion's fields
        if added and self.session.loaded:
            visit = self.session.visit
            self.visit_form.load({"row_version": visit.get("row_version"),
                                  **{f: visit[f] for f in added if f in visit}}, force=True)
        kind = self.visit_form.bindings["kind"].widget
        if added and isinstance(kind, QComboBox) and kind.currentData():
            form_pages.relabel_for_kind(self.visit_form, VisitKind(kind.currentData()))
        self._show_ticked()
        if self.isVisible():
            follow_the_eye(self)  # Tab through the new page in drawn order, as through the first
        return page

    @property
    def page_keys(self) -> tuple[str, ...]:
        return lazy_pages.PAGE_KEYS

    def is_built(self, key: str) -> bool:
        """Whether page ``key`` exists yet (the first page always; the others once shown or asked for)."""
        return key in self._pages

    def _table_page(self, key: str) -> table_pages.TablePage:
        page = self.page(key)
        assert isinstance(page, table_pages.TablePage)
        return page

    @property
    def attendees(self) -> table_pages.TablePage:
        return self._table_page("attendees")

    @property
    def results(self) -> table_pages.TablePage:
        return self._table_page("results")

    @property
    def findings(self) -> table_pages.TablePage:
        return self._table_page("findings")

    @property
    def recommendations(self) -> table_pages.TablePage:
        return self._table_page("recommendations")

    @property
    def statements(self) -> StatementsPage:
        page = self.page("statements")
        assert isinstance(page, StatementsPage)
        return page

    @property
    def ticked(self) -> QLabel:
        """The ✓ count beside the unit's own count (on the report page, built for it)."""
        self.page("results")
        assert self._ticked is not None
        return self._ticked

    def _built_statements(self) -> StatementsPage | None:
        page = self._pages.get("statements")
        return page if isinstance(page, StatementsPage) else None

    # -- showing -------------------------------------------------------------------------------------------------

    def _show(self, force: bool) -> None:
        visit = self.session.visit
        self.visit_form.load(visit, force=force)
        self.state_row.show_state(visit["state"])
        for model in self.models.values():
            model.refresh()
        statements = self._built_statements()
        if statements is not None:
            statements.refresh(force=force)
        self._show_ticked()
        when = visit["starts_at"].strftime("%d/%m/%Y") if visit.get("starts_at") else ""
        self.setWindowTitle(f"{self.session.names.get('unit', '')} — {when} — ssdesk")
        if self.find_box.text():
            self._filter(self.find_box.text())

    def _load_in_background(self) -> Job:
        """The first reading of the visit (eight eager loads, ~100 ms on a slow office PC) off the GUI thread."""
        self.tabs.setEnabled(False)
        self.say(_("Opening the working session…"))

        def read(_progress: object, _cancelled: object) -> tuple[Snapshot, form_pages.Choices]:
            return self.session.read(), form_pages.read_choices(self.store)

        def done(result: tuple[Snapshot, form_pages.Choices]) -> None:
            if self.is_closed:
                return
            snapshot, choices = result
            form_pages.fill_choices(self.visit_form, choices)  # before the visit's values are shown in them
            self._unit_names.update(choices.unit_names)
            if self.session.loaded:  # a change notice meanwhile read a newer one
                snapshot = self.session.read()
            self.session.apply(snapshot, force=True)  # → _show
            self.tabs.setEnabled(True)
            self.say("")
            waiting, self._when_loaded = self._when_loaded, []
            for callback in waiting:
                callback()

        def failed(exc: BaseException) -> None:
            if self.is_closed:
                return
            if isinstance(exc, NotFoundError):
                self.visit_gone()
            else:
                self._refused(str(exc))

        return run_job(self, "", read, on_done=done, on_error=failed, dialog=False)

    def when_loaded(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the visit is shown (at once when it already is)."""
        if self.session.loaded and not self._when_loaded:
            callback()
        else:
            self._when_loaded.append(callback)

    def _show_ticked(self) -> None:
        """The total of the ✓ column, beside the unit's own count, so the two can be compared."""
        if self._ticked is None:  # the report page is not built yet: counted when it is
            return
        rows = self.session.rows(IndicatorResult)
        ticked = sum(1 for r in rows if r.get("achieved"))
        self._ticked.setText(_("✓ in the table below: {n} of {total} figures").format(n=ticked, total=len(rows)))

    def visit_gone(self) -> None:
        """The visit was deleted elsewhere: nothing left to edit (its refused text has nowhere to go)."""
        self.visit_form.clear_errors()
        self.close_now()

    def unsaved_texts(self) -> list[str]:
        """What was typed and is not stored (refused, or not saved yet), as "field: text" lines."""
        lines: list[str] = []
        statements = self._built_statements()
        forms = [(self.visit_form, form_pages.FIELD_LABELS)] + \
            ([(statements.form, STATEMENT_LABELS)] if statements is not None else [])
        for form, labels in forms:
            for field, binding in form.bindings.items():
                value = binding.value()
                if (binding.dirty or field in form.conflicts() or field in form.problems_by_field()) and \
                        isinstance(value, str) and value.strip():
                    lines.append(f"{_(labels.get(field, field))}: {value}")
        for model in self.models.values():
            lines += model.pending_texts()
        return lines

    def discard_unsaved(self) -> None:
        """Before a Reload after a conflict (the typed text is on the clipboard): the fields show the store."""
        self.visit_form.clear_errors()
        statements = self._built_statements()
        if statements is not None:
            statements.form.clear_errors()
        for model in self.models.values():
            model.revert_pending()

    def _model_problems(self, model: PartTableModel) -> None:
        problems = model.problems()
        if problems:
            self._refused(problems[-1])

    # -- editing -------------------------------------------------------------------------------------------------

    def _save_visit(self, values: dict[str, Any], expected_version: int | None = None) -> dict[str, Any]:
        field = next(iter(values))
        if field == "kind" and values[field] == VisitKind.REVIEW_MEETING.value:
            # a review meeting has no delegation and no visited unit: cleared in the same step (Ctrl+Z restores)
            values = {**values, "delegation_id": None, "unit_id": None}
        self.session.update_visit(values, label=_(form_pages.FIELD_LABELS.get(field, field)),
                                  expected_version=expected_version)
        return self.session.visit

    def flush(self) -> bool:
        """Save everything typed and not yet saved; ``True`` when nothing is left unsaved."""
        ok = self.visit_form.flush()
        statements = self._built_statements()
        if statements is not None:
            ok = statements.form.flush() and ok
        for model in self.models.values():
            model.retry_pending()
            ok = ok and not model.has_pending()
        return ok

    def save_now(self) -> None:
        if self.flush():
            self._saved(dt.datetime.now())

    def undo(self) -> None:
        self.flush()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.flush()
        self.undo_stack.redo()

    def set_state(self, state: VisitState) -> None:
        self.flush()
        try:
            self.session.set_state(state)
        except SsdeskError as exc:
            self._refused(str(exc))
        self.state_row.show_state(self.session.visit["state"])

    def request_print(self) -> None:
        """Save, then ask for the document dialog (the documents feature listens; the editor knows no documents)."""
        self.flush()
        self.print_requested.emit(self.visit_id)

    def request_live_minutes(self) -> None:
        """Save, then ask for the live minutes window (the minutes feature listens)."""
        self.flush()
        self.live_minutes_requested.emit(self.visit_id)

    def pick_up(self) -> None:
        """Re-supervision: the open recommendations of earlier sessions, checked at this one."""
        from ui.visit_editor.resupervision import ResupervisionDialog

        self.flush()
        dialog = ResupervisionDialog(self.store, self.visit_id, parent=self)
        dialog.exec()

    # -- finding -------------------------------------------------------------------------------------------------

    def focus_find(self) -> None:
        self.find_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_box.selectAll()

    def _filter(self, text: str) -> None:
        page = self.tabs.currentWidget()
        if hasattr(page, "apply_filter"):
            page.apply_filter(text)

    def _page_changed(self, index: int) -> None:
        if 0 <= index < len(lazy_pages.PAGE_KEYS):
            self.page(lazy_pages.PAGE_KEYS[index])  # first shown: built now
        if self._shown_page is not None and hasattr(self._shown_page, "apply_filter"):
            self._shown_page.apply_filter("")
        self._shown_page = self.tabs.currentWidget()
        self._filter(self.find_box.text())

    # -- closing -------------------------------------------------------------------------------------------------

    def pending_problems(self) -> list[str]:
        statements = self._built_statements()
        out = self.visit_form.problems() + (statements.form.problems() if statements is not None else [])
        for model in self.models.values():
            out += model.problems()
        return out


