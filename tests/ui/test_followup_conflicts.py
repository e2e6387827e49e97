"""The follow-up dialogs save only on top of the version they showed: a recommendation someone else changed after
the dialog opened is reported (conflict bar: who, when, which fields), nothing of the dialog is written, what was
typed stays, and Reload shows the other person's version (the typed text copied to the clipboard).

As in ``test_conflicts_ui.py``, "someone else" writes through the same store under another user name (another window
of the app), or through a raw second SQLAlchemy connection (another computer on the office server).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from helpers import MakeStore
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text

from ssdesk.enums import RecStatus
from ssdesk.store import Store
from ui.features.followup.dialogs import BulkStatusDialog, FollowupDialog
from ui.visit_editor.resupervision import ResupervisionDialog

OTHER = "khac@may-2"
TODAY = dt.date(2024, 12, 1)
DAY = dt.date(2024, 11, 20)


@contextmanager
def as_user(store: Store, user: str) -> Iterator[Store]:
    before = store.user
    store.user = user
    try:
        yield store
    finally:
        store.user = before


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


@pytest.fixture
def recs(seeded: MakeStore) -> Iterator[tuple[Store, list[str]]]:
    """One session (27/02/2024) with two open requests."""
    store = seeded(1)
    visit_id = store.visits.rows()[0].id
    ids = [store.recommendations.add(visit_id, direction="request", ref=ref, text=body, deadline="2024-06-30").id
           for ref, body in (("1", "Ra soat ho ngheo"), ("2", "Kien toan ban chi dao"))]
    yield store, ids
    store.close()


def open_dialog(qtbot: QtBot, store: Store, rec_id: str) -> FollowupDialog:
    dialog = FollowupDialog(store, rec_id, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def fill_step(qtbot: QtBot, dialog: FollowupDialog, status: RecStatus | None, note: str) -> None:
    dialog.status.setCurrentIndex(dialog.status.findData(status))
    dialog.date.setDate(QDate(DAY.year, DAY.month, DAY.day))
    qtbot.keyClicks(dialog.note, note)


def steps(store: Store, rec_id: str) -> list[tuple[str | None, RecStatus | None, str | None]]:
    return [(e.recorded_by, e.new_status, e.note) for e in store.followup.history(rec_id)]


def test_status_change_after_someone_elses_is_refused_and_reload_shows_theirs(
        qtbot: QtBot, recs: tuple[Store, list[str]]) -> None:
    store, (rec_id, _other) = recs
    dialog = open_dialog(qtbot, store, rec_id)
    fill_step(qtbot, dialog, RecStatus.IN_PROGRESS, "Da giao So Y te")
    with as_user(store, OTHER):
        store.recommendations.change_status(rec_id, RecStatus.REPORTED_DONE, date=DAY, note="Don vi bao xong",
                                            today=TODAY)

    click(qtbot, dialog.record_button)

    assert dialog.conflict_bar.isVisible()
    message = dialog.conflict_bar.message.text()
    assert OTHER in message and "status" in message.lower()
    assert store.recommendations.get(rec_id).status is RecStatus.REPORTED_DONE  # theirs is kept
    assert steps(store, rec_id) == [(OTHER, RecStatus.REPORTED_DONE, "Don vi bao xong")]  # no step of mine
    assert dialog.note.toPlainText() == "Da giao So Y te"  # what was typed stays
    assert dialog.message.text() != "Step recorded."

    click(qtbot, dialog.conflict_bar.reload_button)
    assert not dialog.conflict_bar.isVisible()
    assert RecStatus.REPORTED_DONE.label in dialog.summary.text()
    assert dialog.history.rowCount() == 1 and dialog.history.item(0, 2).text() == "Don vi bao xong"
    assert "Da giao So Y te" in QApplication.clipboard().text()
    assert dialog.note.toPlainText() == "Da giao So Y te"
    assert "Reloaded" in dialog.message.text()

    # after the reload the step is recorded on top of the other one
    dialog.status.setCurrentIndex(dialog.status.findData(RecStatus.DONE))
    click(qtbot, dialog.record_button)
    assert not dialog.conflict_bar.isVisible() and dialog.message.text() == "Step recorded."
    assert steps(store, rec_id)[-1] == ("test@host", RecStatus.DONE, "Da giao So Y te")
    assert store.recommendations.get(rec_id).status is RecStatus.DONE


def test_a_status_no_longer_allowed_after_reload_is_said(qtbot: QtBot, recs: tuple[Store, list[str]]) -> None:
    store, (rec_id, _other) = recs
    dialog = open_dialog(qtbot, store, rec_id)
    fill_step(qtbot, dialog, RecStatus.IN_PROGRESS, "Dang lam")
    with as_user(store, OTHER):
        store.recommendations.change_status(rec_id, RecStatus.IN_PROGRESS, date=DAY, today=TODAY)
    click(qtbot, dialog.record_button)
    assert dialog.conflict_bar.isVisible()
    click(qtbot, dialog.conflict_bar.reload_button)
    assert dialog.status.currentData() is None  # IN_PROGRESS → IN_PROGRESS is not offered
    assert RecStatus.IN_PROGRESS.label in dialog.message.text()


def test_an_edit_of_the_recommendation_by_someone_else_refuses_a_progress_report(
        qtbot: QtBot, recs: tuple[Store, list[str]]) -> None:
    store, (rec_id, _other) = recs
    dialog = open_dialog(qtbot, store, rec_id)
    fill_step(qtbot, dialog, None, "Bao cao quy IV")
    with as_user(store, OTHER):
        store.recommendations.update(rec_id, text="Ra soat ho ngheo va can ngheo")

    click(qtbot, dialog.record_button)

    assert dialog.conflict_bar.isVisible()
    assert OTHER in dialog.conflict_bar.message.text() and "text" in dialog.conflict_bar.message.text()
    assert steps(store, rec_id) == []
    assert store.recommendations.get(rec_id).text == "Ra soat ho ngheo va can ngheo"
    click(qtbot, dialog.conflict_bar.reload_button)
    assert "Ra soat ho ngheo va can ngheo" in dialog.summary.text()
    assert "Bao cao quy IV" in QApplication.clipboard().text()
    click(qtbot, dialog.record_button)
    assert steps(store, rec_id) == [("test@host", None, "Bao cao quy IV")]


def test_a_change_from_another_computer_is_a_conflict(qtbot: QtBot, recs: tuple[Store, list[str]]) -> None:
    store, (rec_id, _other) = recs
    dialog = open_dialog(qtbot, store, rec_id)
    fill_step(qtbot, dialog, RecStatus.IN_PROGRESS, "Ben nay ghi")
    other = create_engine(f"sqlite:///{store.path}")  # no Store, no notice: like another computer on a server
    try:
        with other.begin() as conn:
            conn.execute(text("UPDATE recommendation SET text='Ben kia sua', row_version=row_version+1 "
                              "WHERE id=:i"), {"i": rec_id})
    finally:
        other.dispose()

    assert not dialog.record()
    assert dialog.conflict_bar.isVisible()
    assert steps(store, rec_id) == [] and store.recommendations.get(rec_id).status is RecStatus.NEW
    click(qtbot, dialog.conflict_bar.reload_button)
    assert "Ben kia sua" in dialog.summary.text()
    assert "Ben nay ghi" in QApplication.clipboard().text()


def test_saves_without_conflict_pass_the_version_from_two_openings_and_in_a_row(
        qtbot: QtBot, recs: tuple[Store, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    store, (rec_id, _other) = recs
    service = store.recommendations
    passed: list[int | None] = []
    for name in ("change_status", "add_progress"):
        real = getattr(service, name)

        def spy(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            passed.append(kwargs.get("expected_version"))
            return _real(*args, **kwargs)

        monkeypatch.setattr(service, name, spy)
    start = service.get(rec_id).row_version

    first = open_dialog(qtbot, store, rec_id)
    fill_step(qtbot, first, RecStatus.IN_PROGRESS, "Buoc mot")
    assert first.record()
    first.close()
    second = open_dialog(qtbot, store, rec_id)
    fill_step(qtbot, second, RecStatus.REPORTED_DONE, "Buoc hai")
    assert second.record()
    fill_step(qtbot, second, None, "Buoc ba")  # the same dialog again: it saves on top of its own step
    assert second.record()

    assert passed == [start, start + 1, start + 2]
    assert not second.conflict_bar.isVisible()
    assert [s[2] for s in steps(store, rec_id)] == ["Buoc mot", "Buoc hai", "Buoc ba"]
    assert service.get(rec_id).status is RecStatus.REPORTED_DONE


def test_reporting_period_set_by_someone_else_is_not_overwritten(
        qtbot: QtBot, recs: tuple[Store, list[str]]) -> None:
    store, (rec_id, _other) = recs
    dialog = open_dialog(qtbot, store, rec_id)
    dialog.period.setCurrentIndex(dialog.period.findData(3))
    dialog.first_due.setDate(QDate(2024, 3, 31))
    with as_user(store, OTHER):
        store.followup.set_schedule(rec_id, 6, "2024-06-30")

    assert not dialog.save_period()
    assert dialog.conflict_bar.isVisible() and OTHER in dialog.conflict_bar.message.text()
    assert store.followup.get_schedule(rec_id) == (6, dt.date(2024, 6, 30))
    click(qtbot, dialog.conflict_bar.reload_button)
    assert dialog.period.currentData() == 6 and dialog.first_due.date() == QDate(2024, 6, 30)

    dialog.period.setCurrentIndex(dialog.period.findData(3))
    assert dialog.save_period()  # on top of theirs now; and again on top of its own
    dialog.period.setCurrentIndex(dialog.period.findData(12))
    assert dialog.save_period()
    assert store.followup.get_schedule(rec_id) == (12, dt.date(2024, 6, 30))


def test_bulk_change_writes_nothing_when_one_item_changed_meanwhile(
        qtbot: QtBot, recs: tuple[Store, list[str]]) -> None:
    store, ids = recs
    dialog = BulkStatusDialog(store, ids, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.status.setCurrentIndex(dialog.status.findData(RecStatus.IN_PROGRESS))
    dialog.date.setDate(QDate(DAY.year, DAY.month, DAY.day))
    qtbot.keyClicks(dialog.note, "Giao cho cac ban")
    with as_user(store, OTHER):
        store.recommendations.update(ids[1], deadline="2024-09-30")

    assert not dialog.apply()
    assert dialog.conflict_bar.isVisible() and OTHER in dialog.conflict_bar.message.text()
    assert all(steps(store, i) == [] for i in ids)  # not even the unchanged first one
    click(qtbot, dialog.conflict_bar.reload_button)
    assert "Giao cho cac ban" in QApplication.clipboard().text() and "Reloaded" in dialog.info.text()
    assert dialog.apply()
    assert all(store.recommendations.get(i).status is RecStatus.IN_PROGRESS for i in ids)
    assert store.recommendations.get(ids[1]).deadline == dt.date(2024, 9, 30)


def test_resupervision_of_an_item_changed_meanwhile_records_nothing(
        qtbot: QtBot, recs: tuple[Store, list[str]], seeder: Any) -> None:
    store, ids = recs
    first = store.recommendations.get(ids[0])
    later = store.visits.create(delegation_id=store.visits.get(first.visit_id).delegation_id,
                                unit_id=store.visits.get(first.visit_id).unit_id, starts_at="2024-10-15 08:00").id
    dialog = ResupervisionDialog(store, later, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 2
    for row, status in ((0, RecStatus.PARTLY_DONE), (1, RecStatus.IN_PROGRESS)):
        dialog.found_combo(row).setCurrentIndex(dialog.found_combo(row).findData(status))
    qtbot.keyClicks(dialog.note_edit(0), "Con 3 ho")
    qtbot.keyClicks(dialog.note_edit(1), "Da kien toan")
    with as_user(store, OTHER):
        store.recommendations.change_status(ids[0], RecStatus.REPORTED_DONE, date=DAY, today=TODAY)

    click(qtbot, dialog.record_button)

    assert dialog.conflict_bar.isVisible() and OTHER in dialog.conflict_bar.message.text()
    assert store.followup.rechecks(visit_id=later) == []
    assert steps(store, ids[1]) == [] and store.recommendations.get(ids[0]).status is RecStatus.REPORTED_DONE
    click(qtbot, dialog.conflict_bar.reload_button)
    current = dialog.table.item(0, 4)
    assert current is not None and current.text() == RecStatus.REPORTED_DONE.label
    assert dialog.found_combo(0).currentData() is None and dialog.note_edit(0).text() == ""
    assert dialog.found_combo(1).currentData() == RecStatus.IN_PROGRESS  # the untouched row keeps its choice
    assert dialog.note_edit(1).text() == "Da kien toan"
    assert "Con 3 ho" in QApplication.clipboard().text()
    click(qtbot, dialog.record_button)
    assert [e.recommendation_id for e in store.followup.rechecks(visit_id=later)] == [ids[1]]
