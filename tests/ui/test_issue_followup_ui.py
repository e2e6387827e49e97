"""Issuing the follow-up report and the reminder letter from the GUI (issue 20): the Issue button of the dialogs that
print them opens the issue box; a missing number is refused in the box with the typed fields kept; issuing freezes
the PDF in the case file as the next version with its sha256 and saves exactly those bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.documents.issuing import issued_pdf
from ssdesk.enums import DocumentKind
from ssdesk.models import IssuedDocument
from ssdesk.store import Store
from ui.features.documents.followup import FollowupReportDialog
from ui.features.documents.issue_box import IssueDialog
from ui.features.followup.tools import ReminderDialog

UNIT = "Ban Thường vụ Quận ủy Hoàng Mai"


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "case.ssdesk", user="thu-ky@doan1")
    build_demo(store)
    yield store
    store.close()


def issued_rows(store: Store) -> list[IssuedDocument]:
    from sqlalchemy import select

    with store.read() as s:
        return list(s.scalars(select(IssuedDocument).order_by(IssuedDocument.version)))


def fill_and_issue(qtbot: QtBot, box: IssueDialog, number: str) -> None:
    field = box.findChild(QLineEdit, "issueNumber")
    field.clear()
    qtbot.keyClicks(field, number)
    qtbot.mouseClick(box.findChild(QPushButton, "issueButton"), Qt.MouseButton.LeftButton)


def test_the_follow_up_report_is_issued_from_its_dialog(qtbot: QtBot, case: Store, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = FollowupReportDialog(case)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.findChild(QPushButton, "followupIssue"), Qt.MouseButton.LeftButton)
    box = dialog.issue_dialog
    assert isinstance(box, IssueDialog) and box.isVisible()
    box.day.setDate(QDate(2024, 12, 1))
    box.findChild(QLineEdit, "issuePlace").insert("Hà Nội")  # QTest cannot type beyond Latin-1
    target = tmp_path / "bao-cao.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    fill_and_issue(qtbot, box, "")  # no number: refused in the box, nothing issued, the place kept
    assert "number" in box.message.text() and issued_rows(case) == []
    assert box.findChild(QLineEdit, "issuePlace").text() == "Hà Nội"

    fill_and_issue(qtbot, box, "42")
    rows = issued_rows(case)
    assert [(r.kind, r.version, r.number) for r in rows] == [(DocumentKind.FOLLOWUP_REPORT, 1, "42-BC/TU")]
    assert rows[0].issued_on == dt.date(2024, 12, 1) and rows[0].signer_name
    data = target.read_bytes()
    assert data == issued_pdf(case, rows[0].id) and hashlib.sha256(data).hexdigest() == rows[0].sha256
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)
    assert "Số: 42-BC/TU" in text or "Số 42-BC/TU" in text
    assert "Hà Nội, ngày 01 tháng 12 năm 2024" in text and box.saved == target

    fill_and_issue(qtbot, box, "43")  # issued again: the next version of the same report
    assert [r.version for r in issued_rows(case)] == [1, 2]


def test_the_reminder_letter_is_issued_from_its_dialog(qtbot: QtBot, case: Store, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = ReminderDialog(case, dt.date(2024, 12, 1))
    qtbot.addWidget(dialog)
    dialog.unit.setCurrentIndex(dialog.unit.findText(UNIT))
    qtbot.mouseClick(dialog.findChild(QPushButton, "reminderIssue"), Qt.MouseButton.LeftButton)
    box = dialog.issue_dialog
    assert isinstance(box, IssueDialog)
    target = tmp_path / "don-doc.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    fill_and_issue(qtbot, box, "15")
    rows = issued_rows(case)
    assert [(r.kind, r.version) for r in rows] == [(DocumentKind.REMINDER, 1)], box.message.text()
    assert rows[0].number.startswith("15") and "Issued" in box.message.text()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert f"Kính gửi: {UNIT}" in text and rows[0].number in text
