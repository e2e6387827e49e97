"""Restore trusts nothing it is given (issue 19 §5): a backup is checked first — application id, schema not newer,
soundness, password — and ``check`` fails on a file it cannot open."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from ssdesk import crypto
from ssdesk.cli import main
from ssdesk.errors import DamagedCaseFileError
from ssdesk.safety.backups import backup_now, restore, verify_case_file
from ssdesk.store import Store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def case(tmp_path: Path) -> Path:
    path = tmp_path / "case.ssdesk"
    with Store.open(path) as s:
        s.catalog.add_unit("Ban Thường vụ Quận ủy Hoàng Mai", "district_committee")
    return path


def crafted(case: Path, tmp_path: Path, sql: str, name: str) -> Path:
    """A copy of ``case`` changed by ``sql`` (plain SQLite, as an attacker or a broken tool would)."""
    out = tmp_path / name
    shutil.copyfile(case, out)
    con = sqlite3.connect(out)
    con.executescript(sql)
    con.commit()
    con.close()
    return out


def test_a_backup_from_a_newer_or_foreign_schema_is_not_restored(case: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = {
        "newer": crafted(case, tmp_path, "UPDATE alembic_version SET version_num='9999';", "newer.ssdesk"),
        "foreign": crafted(case, tmp_path, "PRAGMA application_id=0;", "foreign.ssdesk"),
        "unversioned": crafted(case, tmp_path, "DELETE FROM alembic_version;", "unversioned.ssdesk"),
        "dangling": crafted(case, tmp_path, "PRAGMA foreign_keys=OFF; UPDATE unit SET parent_id='nowhere';",
                            "dangling.ssdesk"),
    }
    before = digest(case)
    for label, backup in bad.items():
        assert verify_case_file(backup) is not None, label
        with pytest.raises(DamagedCaseFileError):
            restore(backup, case)
        assert main(["--lang", "en", "restore", str(backup), str(case)]) == 1, label
        assert digest(case) == before, label
    assert "newer version of ssdesk" in capsys.readouterr().err
    assert main(["--lang", "en", "check", str(bad["newer"])]) == 1  # not "will be upgraded on next open"
    err = capsys.readouterr().err
    assert "newer version of ssdesk" in err and "upgraded" not in err
    with Store.open(case) as store:
        assert store.integrity() == ["ok"]


def test_a_damaged_backup_is_not_restored(case: Path, tmp_path: Path) -> None:
    backup = backup_now(case, tmp_path / "bk")
    data = bytearray(backup.read_bytes())
    for page in range(4096, len(data), 4096):  # garble the cell pointers of every page but the first
        for offset in range(page + 8, page + 40):
            data[offset] ^= 0x5A
    backup.write_bytes(bytes(data))
    before = digest(case)
    with pytest.raises(DamagedCaseFileError):
        restore(backup, case)
    assert digest(case) == before


def test_an_encrypted_backup_needs_its_password(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("sqlcipher3")
    secret = tmp_path / "secret.ssdesk"
    with Store.open(secret, password="mật khẩu đúng") as s:
        s.catalog.add_unit("Phường Tương Mai", "ward_committee")
    backup = backup_now(secret, tmp_path / "bk")
    crypto.forget()
    monkeypatch.setenv("SSDESK_PASSWORD", "sai")
    before = digest(case)
    assert main(["--lang", "en", "restore", str(backup), str(case)]) == 1
    assert "password" in capsys.readouterr().err
    assert digest(case) == before
    monkeypatch.setenv("SSDESK_PASSWORD", "mật khẩu đúng")
    assert main(["--lang", "en", "restore", str(backup), str(case)]) == 0
    crypto.forget()
