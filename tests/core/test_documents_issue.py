"""Issuing freezes the PDF; the CLI makes every document with one-line errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from ssdesk.cli import main
from ssdesk.demo import build_demo
from ssdesk.documents import DocOptions
from ssdesk.documents.issuing import issue_document, issued_pdf, issued_versions
from ssdesk.enums import DocumentKind
from ssdesk.errors import ValidationError
from ssdesk.store import Store

ISSUE = DocOptions(number="125", issued_on=dt.date(2024, 3, 5))


def test_issue_freezes_the_pdf_and_versions(store: Store) -> None:
    visit_id = build_demo(store)
    first = issue_document(store, visit_id, "conclusion", ISSUE)
    assert (first.version, first.number, first.kind) == (1, "125-TB/TU", DocumentKind.CONCLUSION)
    assert first.signer_name == "Nguyễn Thị Tuyến" and first.profile == "party-36-2018"
    frozen = issued_pdf(store, first.id)
    assert hashlib.sha256(frozen).hexdigest() == first.sha256
    assert "Số 125-TB/TU" in PdfReader(io.BytesIO(frozen)).pages[0].extract_text()
    store.visits.update(visit_id, conclusion="Nội dung đã sửa sau khi ban hành.")
    assert issued_pdf(store, first.id) == frozen  # the edit does not touch the issued file
    second = issue_document(store, visit_id, "conclusion", ISSUE.with_(number="126"))
    assert second.version == 2 and issued_pdf(store, second.id) != frozen
    assert issue_document(store, visit_id, "minutes", ISSUE).version == 1
    assert [d.version for d in issued_versions(store, visit_id, "conclusion")] == [1, 2]


def test_issue_validates_number_and_signer(store: Store) -> None:
    visit_id = build_demo(store)
    with pytest.raises(ValidationError) as err:
        issue_document(store, visit_id, "conclusion", DocOptions(issued_on=dt.date(2024, 3, 5)))
    assert err.value.for_field("number")
    with pytest.raises(ValidationError) as err:
        issue_document(store, visit_id, "conclusion", ISSUE.with_(number="125/TB-UBND"))
    assert err.value.for_field("number")
    with pytest.raises(ValidationError) as err:
        issue_document(store, visit_id, "conclusion", ISSUE.with_(signer_name=" "))
    assert err.value.for_field("signer_name")
    assert store.counts()["issued_document"] == 0


@pytest.fixture
def case(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "c.ssdesk"
    with Store.open(path, user="t@t") as s:
        visit_id = build_demo(s)
    return path, visit_id


@pytest.mark.parametrize(("kind", "fmt", "magic"), [("minutes", "pdf", b"%PDF"), ("minutes", "docx", b"PK"),
                                                    ("conclusion", "pdf", b"%PDF"), ("conclusion", "docx", b"PK")])
def test_cli_visit_documents(case: tuple[Path, str], tmp_path: Path, kind: str, fmt: str, magic: bytes) -> None:
    path, visit_id = case
    out = tmp_path / f"out.{fmt}"
    assert main(["export", str(path), "--visit", visit_id, "--kind", kind, "--format", fmt, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(magic)


def test_cli_followup_and_errors(case: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, visit_id = case
    for fmt in ("pdf", "docx", "xlsx"):
        out = tmp_path / f"f.{fmt}"
        assert main(["export", str(path), "--kind", "followup", "--format", fmt, "--unit",
                     "Ban Thường vụ Quận ủy Hoàng Mai", "--status", "new", "-o", str(out)]) == 0
        assert out.stat().st_size > 1000
    capsys.readouterr()
    bad = [
        ["export", str(path), "--kind", "minutes", "--format", "pdf", "-o", "x.pdf"],  # no --visit
        ["export", str(path), "--kind", "minutes", "--visit", visit_id, "--format", "xlsx", "-o", "x"],
        ["export", str(path), "--kind", "followup", "--format", "pdf", "--unit", "Không có", "-o", "x"],
        ["export", str(path), "--kind", "followup", "--format", "pdf", "--status", "nope", "-o", "x"],
        ["export", str(path), "--format", "pdf", "--visit", visit_id, "-o", "x"],
        ["export", str(path), "--kind", "minutes", "--visit", visit_id, "--format", "pdf", "--profile", "nope",
         "-o", "x"],
    ]
    for argv in bad:
        assert main(argv) != 0, argv
        err = capsys.readouterr().err.strip()
        assert err.startswith("ssdesk:") and "Traceback" not in err, argv
    assert not Path("x").exists() and not Path("x.pdf").exists()
