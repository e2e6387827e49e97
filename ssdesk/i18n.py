"""One catalogue system (gettext) for every string the app shows, the core's error messages included.

Source strings are English; Vietnamese is the default language. Catalogues live in
``resources/locale/<lang>/LC_MESSAGES/ssdesk.mo`` (compiled from the ``.po`` beside them, see ``tools/i18n.py``).
``_`` looks the translation up at call time, so switching language needs no restart for text built afterwards.
Set ``SSDESK_PSEUDO=1`` to stretch every translated string (layout test for long text).
"""

from __future__ import annotations

import gettext as _gettext
import os
import threading

from ssdesk.paths import resources_dir

DOMAIN = "ssdesk"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_lock = threading.Lock()
_current: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def locale_dir() -> str:
    return str(resources_dir() / "locale")


def set_language(lang: str | None = None) -> str:
    """Switch the catalogue; ``None`` takes ``SSDESK_LANG`` or the default (Vietnamese). Returns the language used."""
    global _current, _language
    lang = (lang or os.environ.get("SSDESK_LANG") or DEFAULT_LANGUAGE).split("_")[0].lower()
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    with _lock:
        if lang == "en":
            _current = _gettext.NullTranslations()
        else:
            _current = _gettext.translation(DOMAIN, locale_dir(), languages=[lang], fallback=True)
        _language = lang
    return lang


def language() -> str:
    return _language


def _(message: str) -> str:
    text = _current.gettext(message)
    if os.environ.get("SSDESK_PSEUDO"):
        text = f"[{text} ~~~~~~~~]"
    return text


_fixed: dict[str, _gettext.NullTranslations] = {}


def gettext_in(lang: str, message: str) -> str:
    """Translate into a fixed language whatever the UI uses: official documents are Vietnamese even when the
    secretary runs the app in English."""
    if lang == "en":
        return message
    with _lock:
        if lang not in _fixed:
            _fixed[lang] = _gettext.translation(DOMAIN, locale_dir(), languages=[lang], fallback=True)
    return _fixed[lang].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (module-level tables)."""
    return message


set_language()
