"""An encrypted file's key is derived once per process and then given raw (key + the file's salt): SQLCipher would
otherwise derive it again for every connection (~0.14 s each, several per opening). The password must open exactly
what it opened before: the right one opens, a wrong one is refused, a file made with other key settings still opens
with its password."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssdesk import crypto
from ssdesk.store import Store

pytest.importorskip("sqlcipher3")

PASSWORD = "mật khẩu 'đoàn'"  # not ASCII, with a quote: the derived key must be of the same bytes as PRAGMA key's


def test_the_derived_key_opens_what_the_password_opens(tmp_path: Path) -> None:
    path = tmp_path / "enc.ssdesk"
    with Store.open(path, password=PASSWORD) as store:
        store.catalog.add_unit("Phường Tương Mai", "ward_committee")
    crypto.forget()
    literal = crypto.derived_key_literal(path, PASSWORD)
    assert literal is not None and literal.startswith("\"x'") and len(literal) == len("\"x'") + 64 + 32 + len("'\"")
    mod = crypto.require()
    con = mod.connect(str(path))  # the raw key alone, without the password, opens the file
    con.execute(f"PRAGMA key = {literal}")
    assert con.execute("SELECT count(*) FROM unit").fetchone() == (1,)
    con.close()
    with pytest.raises(crypto.WrongPasswordError):
        crypto.connect(path, "mật khẩu sai")
    with Store.open(path, password=PASSWORD) as store:
        assert [u.name for u in store.catalog.units()] == ["Phường Tương Mai"]


def test_when_the_derived_key_does_not_open_the_password_is_tried(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A SQLCipher whose defaults differ from :data:`crypto.KDF_ITERATIONS` derives another key: the password itself,
    with the library's own settings, is then tried before the password is called wrong."""
    path = tmp_path / "enc.ssdesk"
    with Store.open(path, password=PASSWORD) as store:
        store.catalog.add_unit("Phường Tương Mai", "ward_committee")
    crypto.forget()
    monkeypatch.setattr(crypto, "KDF_ITERATIONS", 1000)
    monkeypatch.setattr(crypto, "_derived", {})
    con = crypto.connect(path, PASSWORD)
    assert con.execute("SELECT count(*) FROM unit").fetchone() == (1,)
    con.close()
    with pytest.raises(crypto.WrongPasswordError):
        crypto.connect(path, "mật khẩu sai")
