"""The conclusion's dialog dates it by the session, not by the day of printing, and asks the day the issuing body
heard the delegation's report (left blank to fill in by hand while unknown)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from helpers import type_text
from pypdf import PdfReader
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.store import Store
from ui.features.documents import DocumentDialog


@pytest.fixture
def case(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "case.ssdesk", user="t@t") as s:
        yield s, build_demo(s)


def test_conclusion_dialog_dates_by_the_session_and_cites_the_hearing(qtbot: QtBot, case) -> None:  # type: ignore[no-untyped-def]
    store, visit_id = case
    dialog = DocumentDialog(store, visit_id, "conclusion")
    qtbot.addWidget(dialog)
    form = dialog.form
    assert form.issued_on.date() == QDate(2024, 2, 27)  # the session's day, not today
    assert form.heard_on.isVisibleTo(dialog) and form.options().heard_on is None
    form.heard_on.selectAll()
    type_text(qtbot, form.heard_on, "15/3/2024")  # typed as people write it
    assert form.options().heard_on == dt.date(2024, 3, 15)
    from ssdesk.documents import render

    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(
        render(store, "conclusion", "pdf", visit_id=visit_id, options=form.options()))).pages)
    assert "Ngày 15 tháng 03 năm 2024, Ban Thường vụ Thành ủy nghe Đoàn giám sát số 1 báo cáo" in text
    minutes = DocumentDialog(store, visit_id, "minutes")
    qtbot.addWidget(minutes)
    assert not minutes.form.heard_on.isVisibleTo(minutes)
