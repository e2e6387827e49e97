"""``ssdesk issue`` does what the GUI's Issue does: a frozen PDF with its sha256, the next version on re-issue."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ssdesk.cli import main
from ssdesk.demo import build_demo
from ssdesk.enums import Classification, DocumentKind
from ssdesk.models import IssuedDocument
from ssdesk.store import Store


@pytest.fixture
def case(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "c.ssdesk"
    with Store.open(path, user="t@t") as s:
        visit_id = build_demo(s)
    return path, visit_id


def issued(path: Path) -> list[IssuedDocument]:
    with Store.open(path) as s, s.read() as db:
        return list(db.scalars(select(IssuedDocument).order_by(IssuedDocument.created_at)))


def first_page(path: Path) -> str:
    return " ".join(PdfReader(path).pages[0].extract_text().split())


def test_issue_visit_documents_freezes_and_versions(case: tuple[Path, str], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path, visit_id = case
    out = tmp_path / "tb.pdf"
    argv = ["issue", str(path), "--visit", visit_id, "--kind", "conclusion", "--number", "125", "--date",
            "2024-03-05", "--place", "Hà Nội", "--signer", "Nguyễn Thị Tuyến", "-o", str(out)]
    assert main(argv) == 0
    assert "125-TB/TU" in capsys.readouterr().out
    page = first_page(out)
    assert "Số 125-TB/TU" in page and "Hà Nội, ngày 05 tháng 03 năm 2024" in page
    assert main(argv) == 0  # re-issue: the next version, the first one kept
    docs = issued(path)
    assert [(d.kind, d.version, d.number) for d in docs] == [(DocumentKind.CONCLUSION, 1, "125-TB/TU"),
                                                            (DocumentKind.CONCLUSION, 2, "125-TB/TU")]
    assert docs[1].sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    minutes = tmp_path / "bb.pdf"
    assert main(["issue", str(path), "--visit", visit_id, "--kind", "minutes", "--number", "7", "-o",
                 str(minutes)]) == 0
    assert "Hà Nội, ngày 27 tháng 02 năm 2024" in first_page(minutes)  # no --date: the session's own day


def test_issue_followup_and_reminder(case: tuple[Path, str], tmp_path: Path) -> None:
    path, _visit = case
    report, letter = tmp_path / "bc.pdf", tmp_path / "cv.pdf"
    assert main(["issue", str(path), "--kind", "followup", "--number", "30", "--date", "2024-07-15",
                 "--delegation", "Đoàn giám sát số 1", "-o", str(report)]) == 0
    assert "Số 30-BC/ĐGS" in first_page(report)
    assert main(["issue", str(path), "--kind", "reminder", "--number", "31", "--date", "2024-07-16",
                 "--unit", "Ban Thường vụ Quận ủy Hoàng Mai", "-o", str(letter)]) == 0
    assert "Số 31-CV/ĐGS" in first_page(letter) and "ngày 16 tháng 07 năm 2024" in first_page(letter)
    assert [d.kind for d in issued(path)] == [DocumentKind.FOLLOWUP_REPORT, DocumentKind.REMINDER]


def test_issue_refusals_write_nothing(case: tuple[Path, str], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path, visit_id = case
    with Store.open(path) as s:
        s.visits.update(visit_id, classification=Classification.SECRET)
    out = tmp_path / "x.pdf"
    capsys.readouterr()
    for argv, code in (
            (["issue", str(path), "--visit", visit_id, "--kind", "conclusion", "--number", "1", "-o", str(out)], 1),
            (["issue", str(path), "--visit", visit_id, "--kind", "conclusion", "--number", "1/TB-UBND",
              "--allow-secret", "-o", str(out)], 1),
            (["issue", str(path), "--kind", "followup", "--number", "1", "-o", str(out)], 1),  # no date
            (["issue", str(path), "--kind", "minutes", "--number", "1", "-o", str(out)], 2),  # no visit
            (["issue", str(path), "--kind", "reminder", "--number", "1", "--date", "2024-07-01", "-o", str(out)], 2)):
        assert main(argv) == code, argv
        err = capsys.readouterr().err
        assert err.startswith("ssdesk:") and err.count("\n") == 1, (argv, err)
    assert not out.exists() and issued(path) == []
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    backup = tmp_path / "c.ssdesk.before-x.bak"
    backup.write_bytes(path.read_bytes())
    for target in (path, backup, tmp_path):  # the case file, a backup, a folder: refused before a number is taken
        assert main(["issue", str(path), "--visit", visit_id, "--kind", "conclusion", "--number", "1",
                     "--allow-secret", "-o", str(target)]) == 1
        assert "Nothing was written" in capsys.readouterr().err
    assert issued(path) == [] and hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert main(["issue", str(path), "--visit", visit_id, "--kind", "conclusion", "--number", "1",
                 "--allow-secret", "-o", str(out)]) == 0
    assert "MẬT" in first_page(out)
    assert out.stat().st_mode & 0o777 == 0o600  # a secret session's document is the user's only, as for export


def test_export_of_a_document_only_reads_the_file(case: tuple[Path, str], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """``export --kind minutes`` opens the file read-only (no byte changes), checks kind and format once and loads
    the visit once."""
    import ssdesk.documents as documents
    from ssdesk.documents import content

    path, visit_id = case
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    calls = {"check": 0, "load": 0}
    real_check, real_load = documents.check, content.load_visit

    def counting_check(*a: object) -> None:
        calls["check"] += 1
        real_check(*a)  # type: ignore[arg-type]

    def counting_load(*a: object) -> object:
        calls["load"] += 1
        return real_load(*a)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "check", counting_check)
    monkeypatch.setattr(content, "load_visit", counting_load)
    out = tmp_path / "bb.pdf"
    assert main(["export", str(path), "--visit", visit_id, "--kind", "minutes", "--format", "pdf", "-o",
                 str(out)]) == 0
    assert calls == {"check": 1, "load": 1}
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
