"""The optional password: a case file encrypted at rest with SQLCipher (``ssdesk[encryption]``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

pytest.importorskip("sqlcipher3")

from ssdesk import crypto  # noqa: E402
from ssdesk.cli import main  # noqa: E402
from ssdesk.errors import CaseFileError  # noqa: E402
from ssdesk.filecheck import check_file  # noqa: E402
from ssdesk.models import Meta  # noqa: E402
from ssdesk.safety.backups import backup_now, list_backups, restore, verify_case_file  # noqa: E402
from ssdesk.store import Store  # noqa: E402

SECRET = "Kiến nghị: khắc phục sai phạm ở xã Tân Phú"
PASSWORD = "mật khẩu 'đoàn' \"giám sát\""  # quotes on purpose: the key must be escaped, not pasted


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(crypto.ENV_PASSWORD, raising=False)
    monkeypatch.delenv(crypto.ENV_PASSWORD_FILE, raising=False)
    monkeypatch.setenv("SSDESK_BACKUP_DIR", str(tmp_path / "backups"))
    crypto.forget()
    yield
    crypto.forget()


def _write_secret(store: Store, n: int = 3, prefix: str = "note") -> None:
    with store.write() as s:
        for i in range(n):
            s.add(Meta(key=f"{prefix}{i}", value=f"{SECRET} {i}"))


def _make(path: Path, password: str | None) -> dict[str, int]:
    with Store.open(path, password=password) as store:
        _write_secret(store)
        return store.counts()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_encrypted_file_round_trip_and_bytes_on_disk(tmp_path: Path) -> None:
    enc, plain = tmp_path / "enc.ssdesk", tmp_path / "plain.ssdesk"
    counts = _make(enc, PASSWORD)
    _make(plain, None)
    crypto.forget()
    assert crypto.is_encrypted(enc) and not crypto.is_encrypted(plain)
    assert SECRET.encode() not in enc.read_bytes()
    assert SECRET.encode() in plain.read_bytes()
    with Store.open(enc, password=PASSWORD) as store:
        assert store.encrypted
        assert store.meta("note1") == f"{SECRET} 1"
        assert store.counts() == counts
        assert store.verify() == []
    with Store.open(enc, password=PASSWORD, readonly=True) as store:
        assert store.meta("note2") == f"{SECRET} 2"
    assert check_file(enc, PASSWORD).ok


def test_wrong_or_missing_password_is_refused_and_file_untouched(tmp_path: Path) -> None:
    enc = tmp_path / "enc.ssdesk"
    _make(enc, PASSWORD)
    crypto.forget()
    before = _digest(enc)
    with pytest.raises(crypto.WrongPasswordError) as wrong:
        Store.open(enc, password="not it")
    assert enc.name in str(wrong.value)
    with pytest.raises(crypto.PasswordRequiredError) as missing:
        Store.open(enc)
    assert "encrypted" in str(missing.value) or "mã hoá" in str(missing.value)
    with pytest.raises(CaseFileError):
        Store.open(enc, readonly=True)
    assert isinstance(missing.value, CaseFileError) and isinstance(wrong.value, CaseFileError)
    assert _digest(enc) == before
    assert not check_file(enc).ok  # checked without a password: an error, not "not a case file"
    assert verify_case_file(enc) is not None


def test_password_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    enc = tmp_path / "enc.ssdesk"
    counts = _make(enc, PASSWORD)
    crypto.forget()
    monkeypatch.setenv(crypto.ENV_PASSWORD, PASSWORD)
    with Store.open(enc) as store:
        assert store.counts() == counts


def test_backup_of_encrypted_file_stays_encrypted(tmp_path: Path) -> None:
    enc = tmp_path / "enc.ssdesk"
    with Store.open(enc, password=PASSWORD) as store:
        _write_secret(store)
        counts = store.counts()
        backup = backup_now(store, tmp_path / "bk")
    crypto.forget()
    assert crypto.is_encrypted(backup)
    assert SECRET.encode() not in backup.read_bytes()
    with pytest.raises(crypto.WrongPasswordError):
        Store.open(backup, password="nope", readonly=True)
    with Store.open(backup, password=PASSWORD, readonly=True) as copy:
        assert copy.counts() == counts
    assert verify_case_file(backup, PASSWORD) is None
    [info] = list_backups(enc, tmp_path / "bk")
    assert info.path == backup
    # restore it over a changed file: the result opens with the same password
    with Store.open(enc, password=PASSWORD) as store:
        _write_secret(store, 5, "later")
    restore(backup, enc, tmp_path / "bk")
    with Store.open(enc, password=PASSWORD) as store:
        assert store.counts() == counts


def test_encrypt_then_decrypt_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "case.ssdesk"
    counts = _make(path, None)
    monkeypatch.setenv(crypto.ENV_PASSWORD, PASSWORD)
    assert main(["encrypt", str(path)]) == 0
    assert crypto.is_encrypted(path) and SECRET.encode() not in path.read_bytes()
    crypto.forget()
    monkeypatch.delenv(crypto.ENV_PASSWORD)
    with pytest.raises(crypto.PasswordRequiredError):
        Store.open(path)
    with Store.open(path, password=PASSWORD) as store:
        assert store.counts() == counts
    crypto.forget()
    pw_file = tmp_path / "pw.txt"
    pw_file.write_text(PASSWORD + "\n", encoding="utf-8")
    assert main(["decrypt", "--password-file", str(pw_file), str(path)]) == 0
    assert not crypto.is_encrypted(path) and SECRET.encode() in path.read_bytes()
    with Store.open(path) as store:
        assert store.counts() == counts
    assert main(["decrypt", str(path)]) == 1  # not encrypted: one-line error
    assert "ssdesk:" in capsys.readouterr().err


def test_cli_wrong_password_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    enc = tmp_path / "enc.ssdesk"
    _make(enc, PASSWORD)
    crypto.forget()
    before = _digest(enc)
    monkeypatch.setenv(crypto.ENV_PASSWORD, "wrong")
    assert main(["decrypt", str(enc)]) == 1
    assert main(["backup", str(enc), "--to", str(tmp_path / "bk")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("ssdesk:") == 2
    assert _digest(enc) == before


def test_copy_helpers(tmp_path: Path) -> None:
    plain = tmp_path / "plain.ssdesk"
    counts = _make(plain, None)
    enc = crypto.encrypt_copy(plain, tmp_path / "enc.ssdesk", PASSWORD)
    back = crypto.decrypt_copy(enc, tmp_path / "back.ssdesk", PASSWORD)
    for path, pw in ((enc, PASSWORD), (back, None)):
        with Store.open(path, password=pw) as store:  # a copy beside its original takes its own identity
            assert {k: v for k, v in store.counts().items() if k != "ssdesk_meta"} == {
                k: v for k, v in counts.items() if k != "ssdesk_meta"}
            assert store.meta("copied_from") is not None
    assert crypto.key_literal("a'b") == "'a''b'"
    with pytest.raises(ValueError):
        crypto.key_literal("")


def test_a_wrong_password_leaves_no_key_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key derived from a password is remembered only once it opened the file: a mistyped one is not kept for a
    later look-up to hand out, and the right one still opens and is kept."""
    enc = tmp_path / "enc.ssdesk"
    _make(enc, PASSWORD)
    crypto.forget()
    monkeypatch.setattr(crypto, "_derived", {})
    salt = enc.read_bytes()[:16]
    with pytest.raises(crypto.WrongPasswordError):
        crypto.connect(enc, "not it")
    with pytest.raises(crypto.WrongPasswordError):
        Store.open(enc, password="not it")
    assert crypto._derived == {}
    with Store.open(enc, password=PASSWORD) as store:
        assert store.meta("note0") == f"{SECRET} 0"
    assert list(crypto._derived) == [(salt, PASSWORD)]
    key = crypto._derived[(salt, PASSWORD)]
    assert key is not None and crypto.derived_key_literal(enc, PASSWORD) == f"\"x'{key.hex()}{salt.hex()}'\""
