"""The app's own settings (QSettings "ssdesk"/"ssdesk"): recent files and the language chosen in the menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from ssdesk import server
from ssdesk.i18n import LANGUAGES

RECENT_KEY = "files/recent"
LANGUAGE_KEY = "ui/language"
SAMPLE_DECLINED_KEY = "files/sample_declined"
MAX_RECENT = 10


def settings() -> QSettings:
    return QSettings("ssdesk", "ssdesk")


def preferred_language() -> str | None:
    """The language chosen in View → Language, or ``None`` (then ``SSDESK_LANG`` or Vietnamese).

    ``ui/app.py`` calls ``set_language(preferred_language())`` before building any window."""
    value = settings().value(LANGUAGE_KEY)
    return str(value) if value in LANGUAGES else None


def store_language(lang: str) -> None:
    s = settings()
    s.setValue(LANGUAGE_KEY, lang)
    s.sync()


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]  # type: ignore[attr-defined]


def _present(entry: str) -> bool:
    """A remembered file that still exists, or a server database (its URL, kept without a password)."""
    return server.is_url(entry) or Path(entry).is_file()


def _entry(entry: str) -> Path | str:
    return entry if server.is_url(entry) else Path(entry)


def _key(location: Path | str) -> str:
    if server.is_url(location):
        return server.display_location(str(location))  # never a password in the settings
    return str(Path(location).resolve())


def recent_files() -> list[Path | str]:
    """The recently opened case files, newest first: paths, and URLs of server databases (without password).
    Files that no longer exist are dropped (and forgotten)."""
    s = settings()
    stored = _as_list(s.value(RECENT_KEY))
    kept = [p for p in stored if _present(p)][:MAX_RECENT]
    if kept != stored:
        s.setValue(RECENT_KEY, kept)
    return [_entry(p) for p in kept]


def remember_file(path: Path | str) -> list[Path | str]:
    """Put ``path`` (or a server database's URL) first in the recent list (at most :data:`MAX_RECENT`); the new
    list."""
    key = _key(path)
    s = settings()
    entries = [key] + [p for p in _as_list(s.value(RECENT_KEY)) if p != key and _present(p)]
    s.setValue(RECENT_KEY, entries[:MAX_RECENT])
    s.sync()
    return [_entry(p) for p in entries[:MAX_RECENT]]


def forget_file(path: Path | str) -> None:
    key = _key(path)
    s = settings()
    s.setValue(RECENT_KEY, [p for p in _as_list(s.value(RECENT_KEY)) if p != key])


def sample_declined() -> bool:
    return bool(settings().value(SAMPLE_DECLINED_KEY, False, type=bool))


def decline_sample() -> None:
    settings().setValue(SAMPLE_DECLINED_KEY, True)
