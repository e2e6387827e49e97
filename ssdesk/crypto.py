"""Optional encryption of the case file at rest: SQLCipher through the maintained ``sqlcipher3`` binding.

Optional twice over: ssdesk works with plain ``sqlite3`` when the binding is not installed (``pip install
ssdesk[encryption]`` adds it), and a case file is encrypted only when its owner gives a password.

* :func:`is_encrypted` tells an encrypted file from a plain one without a key: a plain SQLite file starts with
  ``"SQLite format 3\\0"``, an SQLCipher file with 16 random bytes (its salt) and is made of whole pages (a multiple
  of 512 bytes), which a stray text or office document almost never is.
* :func:`connect` opens a DB-API connection with the key applied first (``PRAGMA key`` with the password quoted as an
  SQL string, or a raw 32-byte key as hex) and proves the key by reading the schema: a wrong one raises
  :class:`WrongPasswordError` and nothing is written.
* :func:`connect_file` is the one door the backups, checks, restore, merge and package code go through: plain
  ``sqlite3`` for a plain file, :func:`connect` with the right password for an encrypted one.
* Passwords the process was given are remembered in memory only (:func:`remember`), so a backup taken of an open
  encrypted store, or its restore, needs no second prompt. ``SSDESK_PASSWORD`` (or ``SSDESK_PASSWORD_FILE``, a file
  holding it on its first line) gives one to the command line without putting it in ``ps`` output or shell history.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import urllib.parse
from pathlib import Path
from typing import Any

from ssdesk import filehead
from ssdesk.errors import CaseFileError
from ssdesk.i18n import _

try:  # the optional binding
    from sqlcipher3 import dbapi2 as sqlcipher
except ImportError:  # pragma: no cover - depends on the installation
    sqlcipher = None

SQLITE_MAGIC = b"SQLite format 3\x00"
#: ``PRAGMA application_id`` of every case file: "SSDK". Lets us tell our files from any other SQLite file.
APPLICATION_ID = 0x5353444B
ENV_PASSWORD = "SSDESK_PASSWORD"
ENV_PASSWORD_FILE = "SSDESK_PASSWORD_FILE"

#: What a database call may raise, plain or encrypted (the binding's errors are not ``sqlite3.Error`` subclasses).
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,) + ((sqlcipher.Error,) if sqlcipher is not None else ())

Password = str | bytes


class EncryptionUnavailableError(CaseFileError):
    """The file is encrypted (or encryption was asked for) but the SQLCipher binding is not installed."""


class PasswordRequiredError(CaseFileError):
    """The case file is encrypted and no password was given."""


class WrongPasswordError(CaseFileError):
    """The password does not open the case file; the file was not touched."""


def available() -> bool:
    """True when the SQLCipher binding is installed (``pip install ssdesk[encryption]``)."""
    return sqlcipher is not None


def require() -> Any:
    """The SQLCipher DB-API module; a clear :class:`EncryptionUnavailableError` when it is not installed."""
    if sqlcipher is None:
        raise EncryptionUnavailableError(_(
            "Encrypted case files need the SQLCipher component, which is not installed "
            "(pip install \"ssdesk[encryption]\")."))
    return sqlcipher


def is_encrypted(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` looks like an SQLCipher file: not a plain SQLite header, whole pages, not empty."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size < 512 or size % 512:
            return False
        return filehead.read_head(p, 16) != SQLITE_MAGIC  # never open() an open case file (ssdesk.filehead)
    except OSError:
        return False


def key_literal(password: Password) -> str:
    """The value of ``PRAGMA key``: a quoted SQL string, or ``"x'…'"`` (a raw key) for 32 bytes."""
    if isinstance(password, bytes):
        if len(password) != 32:
            raise ValueError("a raw key must be 32 bytes")
        return f"\"x'{password.hex()}'\""
    if not password or "\x00" in password:
        raise ValueError(_("The password must not be empty."))
    return "'" + password.replace("'", "''") + "'"


def ro_uri(path: str | os.PathLike[str]) -> str:
    """The SQLite URI that opens ``path`` read-only (any file name: built from its bytes).

    In a folder we cannot write to, a WAL-mode file without its ``-wal``/``-shm`` cannot get the shared-memory file
    SQLite wants even to read: it is then opened ``immutable`` — nothing can change it there, and nothing waits."""
    p = Path(path).resolve()
    uri = "file:" + urllib.parse.quote(os.fsencode(p)) + "?mode=ro"
    if not os.access(p.parent, os.W_OK) and not any(p.with_name(p.name + s).exists() for s in ("-wal", "-shm")):
        uri += "&immutable=1"
    return uri


#: SQLCipher 4's key derivation (its defaults, which every file here is made with): PBKDF2-HMAC-SHA512.
KDF_ITERATIONS = 256_000
#: Keys that opened a file in this process, by (the file's salt, the password): see :func:`derived_key_literal`.
#: None: the password opened that file but its derived key did not (a file made with other key settings).
_derived: dict[tuple[bytes, str], bytes | None] = {}
_derived_lock = threading.Lock()


def _derive(path: Path, password: str) -> tuple[tuple[bytes, str], bytes | None] | None:
    """(the cache's key, the raw key) for the existing encrypted file ``path``: the remembered one, else derived now
    and not remembered; None for a new or plain file."""
    try:
        salt = filehead.read_head(path, 16)
    except OSError:
        return None
    if len(salt) < 16 or salt == SQLITE_MAGIC:
        return None
    entry = (salt, password)
    with _derived_lock:
        if entry in _derived:
            return entry, _derived[entry]
    return entry, hashlib.pbkdf2_hmac("sha512", password.encode("utf-8"), salt, KDF_ITERATIONS, 32)


def _raw_literal(key: bytes, salt: bytes) -> str:
    return f"\"x'{key.hex()}{salt.hex()}'\""


def derived_key_literal(path: Path, password: str) -> str | None:
    """The raw-key ``PRAGMA key`` value for the existing encrypted file ``path`` (key and the file's salt, its
    first 16 bytes); None for a new or plain file, or one this password opened only by itself.

    Why: SQLCipher derives the key again for every connection (~0.14 s each), and opening a file takes several
    (inspection, the engine, the checks): an encrypted file opened in ~1.2 s; with the raw key a connection costs
    ~2 ms. The password still opens nothing it did not open before: a wrong one gives a wrong key. The key is
    remembered by :func:`connect` only once it opened the file: a mistyped password leaves nothing behind that a
    later look-up would hand out."""
    found = _derive(path, password)
    if found is None or found[1] is None:
        return None
    return _raw_literal(found[1], found[0][0])


def _keep(entry: tuple[bytes, str], key: bytes | None) -> None:
    with _derived_lock:
        _derived[entry] = key


def connect(path: str | os.PathLike[str], password: Password, *, readonly: bool = False) -> Any:
    """A DB-API connection to the encrypted (or new, empty) file at ``path``, keyed with ``password``.

    Raises :class:`WrongPasswordError` when the key does not open it (nothing is written then, nothing is
    remembered)."""
    mod = require()
    p = Path(path)
    literal = key_literal(password)
    found = _derive(p, password) if isinstance(password, str) else None
    derived = _raw_literal(found[1], found[0][0]) if found is not None and found[1] is not None else None
    for attempt in ([derived, literal] if derived is not None else [literal]):
        con = mod.connect(ro_uri(p) if readonly else str(p), uri=readonly, check_same_thread=False)
        try:
            try:
                con.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to report, not a log line
            except mod.Error:  # pragma: no cover - older SQLCipher
                pass
            con.execute(f"PRAGMA key = {attempt}")
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except mod.DatabaseError as exc:
            con.close()
            if "not a database" not in str(exc):  # SQLITE_NOTADB is what a wrong key gives; anything else is itself
                raise
            if attempt is literal:  # the password itself (a file made with other settings is tried this way too)
                raise WrongPasswordError(_("The password does not open the case file “{name}” (it was not "
                                           "changed).").format(name=p.name)) from exc
            continue
        except BaseException:
            con.close()
            raise
        if found is not None:  # proven: the key (or, when only the password opened it, that the key does not)
            _keep(found[0], found[1] if attempt is derived else None)
        return con
    raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover


# -- passwords the process knows ---------------------------------------------------------------------------------

_known: dict[str, Password] = {}
_known_lock = threading.Lock()


def remember(path: str | os.PathLike[str], password: Password) -> None:
    """Keep ``password`` (in memory) as the one of ``path``, for backups and checks of that file and its copies."""
    with _known_lock:
        _known[str(Path(path).resolve())] = password


def forget(path: str | os.PathLike[str] | None = None) -> None:
    with _known_lock:
        if path is None:
            _known.clear()
        else:
            _known.pop(str(Path(path).resolve()), None)


def env_password() -> str | None:
    """``SSDESK_PASSWORD``, else the first line of the file named by ``SSDESK_PASSWORD_FILE``; None when neither."""
    value = os.environ.get(ENV_PASSWORD)
    if value:
        try:
            value.encode("utf-8")  # bytes that are not UTF-8 arrive as lone surrogates: no key can be made of them
        except UnicodeEncodeError:
            raise CaseFileError(_("SSDESK_PASSWORD is not valid text (UTF-8).")) from None
        return value
    file = os.environ.get(ENV_PASSWORD_FILE)
    if file:
        return read_password_file(file)
    return None


def read_password_file(file: str | os.PathLike[str]) -> str:
    """The first line of ``file`` (without its line ending): the password."""
    text = Path(file).expanduser().read_text(encoding="utf-8")
    line = text.splitlines()[0] if text else ""
    if not line:
        raise CaseFileError(_("The password file “{name}” is empty.").format(name=str(file)))
    return line


def candidates(path: str | os.PathLike[str], password: Password | None = None) -> list[Password]:
    """Passwords to try for ``path``, best first: the given one, the one remembered for it, the environment's, then
    the other remembered ones (a backup has its case file's key)."""
    if password:  # given for this call: that one only (a wrong one must not be rescued by another)
        return [password]
    out: list[Password] = []
    with _known_lock:
        mine = _known.get(str(Path(path).resolve()))
        others = list(_known.values())
    for pw in (mine, env_password(), *others):
        if pw and pw not in out:
            out.append(pw)
    return out


def find_password(path: str | os.PathLike[str], password: Password | None = None) -> Password | None:
    """The password that opens ``path`` (None for a plain file). Raises :class:`PasswordRequiredError` when none is
    known, :class:`WrongPasswordError` when none of the known ones fits."""
    if not is_encrypted(path):
        return None
    require()
    tries = candidates(path, password)
    if not tries:
        raise PasswordRequiredError(needs_password_message(path))
    for pw in tries:
        try:
            connect(path, pw, readonly=True).close()
        except WrongPasswordError:
            continue
        return pw
    raise WrongPasswordError(_("The password does not open the case file “{name}” (it was not changed).")
                             .format(name=Path(path).name))


def needs_password_message(path: str | os.PathLike[str]) -> str:
    return _("The case file “{name}” is encrypted: give its password (SSDESK_PASSWORD or --password-file).").format(
        name=Path(path).name)


def connect_file(path: str | os.PathLike[str], *, readonly: bool = False, password: Password | None = None) -> Any:
    """A connection to ``path``, plain or encrypted: the one helper for code that reads or copies case files."""
    pw = find_password(path, password)
    if pw is None:
        p = Path(path)
        if readonly:
            return sqlite3.connect(ro_uri(p), uri=True, check_same_thread=False)
        return sqlite3.connect(p, check_same_thread=False)
    return connect(path, pw, readonly=readonly)


# -- converting --------------------------------------------------------------------------------------------------


def _export(src: Any, dst: Path, key_sql: str) -> None:
    src.execute(f"ATTACH DATABASE ? AS ssdesk_export KEY {key_sql}", (str(dst),))
    try:
        src.execute("SELECT sqlcipher_export('ssdesk_export')").fetchall()
        for pragma in ("application_id", "user_version"):
            value = int(src.execute(f"PRAGMA main.{pragma}").fetchone()[0])
            src.execute(f"PRAGMA ssdesk_export.{pragma} = {value}")
        src.commit()
    finally:
        src.execute("DETACH DATABASE ssdesk_export")


def _fresh_target(dst: Path) -> None:
    if dst.exists() and dst.stat().st_size:
        raise CaseFileError(_("“{name}” already exists; choose another name.").format(name=str(dst)))
    fd = os.open(dst, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)


def encrypt_copy(src: str | os.PathLike[str], dst: str | os.PathLike[str], password: Password) -> Path:
    """Write an encrypted copy of the plain database ``src`` to the new file ``dst`` (``sqlcipher_export``)."""
    mod = require()
    src, dst = Path(src), Path(dst)
    literal = key_literal(password)
    _fresh_target(dst)
    con = mod.connect(str(src), check_same_thread=False)  # no key: reads the plain file
    try:
        _export(con, dst, literal)
    finally:
        con.close()
    return dst


def decrypt_copy(src: str | os.PathLike[str], dst: str | os.PathLike[str], password: Password) -> Path:
    """Write a plain copy of the encrypted database ``src`` to the new file ``dst``."""
    src, dst = Path(src), Path(dst)
    con = connect(src, password)
    _fresh_target(dst)
    try:
        _export(con, dst, "''")
    finally:
        con.close()
    return dst
