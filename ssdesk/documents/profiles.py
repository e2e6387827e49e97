"""Document-format profiles: every size, margin and wording rule of an official document family, read from TOML.

Why data and not code: the Party rules were reissued in 2026 and offices differ (25/25/35/15 margins, bold
positions), so an office must switch or adjust a profile without a release. Bundled profiles live in
``resources/formats/*.toml``; a file of the same ``name`` in the user config folder ``formats/`` overrides one, and
a new name adds one. Files are validated when loaded, with an error that names the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ssdesk.errors import SsdeskError
from ssdesk.i18n import _
from ssdesk.paths import resources_dir

DEFAULT_PROFILE = "party-36-2018"
STATE_PROFILE = "state-nd30-2020"
FAMILIES = ("party", "state")
ELEMENTS = ("superior", "issuing", "number", "place_date", "doc_type", "subject", "body", "heading", "table",
            "authority", "position", "signer", "recipients_title", "recipients", "page_number", "secret")
TOP_STRINGS = ("name", "family", "title", "font", "number_format", "place_date_format", "authority_prefix",
               "deputy_prefix", "order_prefix", "recipients_label", "archive_line")
PAGE_KEYS = ("width", "height", "margin_top", "margin_bottom", "margin_left", "margin_right")
MM = 72 / 25.4  # points per millimetre

# Words that tell a Party body from a State one; checked on the lower-cased issuing body.
PARTY_WORDS = ("thành ủy", "tỉnh ủy", "quận ủy", "huyện ủy", "thị ủy", "đảng ủy", "đảng bộ", "đảng", "ban thường vụ",
               "chi bộ", "ủy ban kiểm tra", "ban bí thư", "bộ chính trị", "ban chấp hành", "cấp ủy")
STATE_WORDS = ("hđnd", "hội đồng nhân dân", "ubnd", "ủy ban nhân dân", "sở ", "bộ ", "chính phủ")


class ProfileError(SsdeskError):
    """A profile file is missing, unreadable or has a wrong value; the message names the file and the key."""


@dataclass(frozen=True)
class Element:
    """The look of one element: size in pt and style flags; ``extra`` holds element-specific numbers."""

    size: float
    bold: bool = False
    italic: bool = False
    underline: bool = False
    upper: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.extra.get(key, default)


@dataclass(frozen=True, eq=False)  # hashed by identity: profiles are cached, and used as cache keys
class Profile:
    name: str
    family: str
    title: str
    font: str
    number_format: str
    number_pad: int
    place_date_format: str
    pad_day: bool
    pad_months: frozenset[int]
    authority_prefix: str
    deputy_prefix: str
    order_prefix: str
    recipients_label: str
    archive_line: str
    left_column_ratio: float
    page: dict[str, float]
    motto: dict[str, Any]
    elements: dict[str, Element]
    source: str = ""
    letter_number_format: str = ""  # an official letter's number (công văn); empty: ``number_format``
    landscape_tables: bool = False  # may a document whose tables are wide be printed in landscape?

    def el(self, name: str) -> Element:
        return self.elements[name]

    def mm(self, key: str) -> float:
        """A page dimension (``width``, ``margin_left`` …) in points."""
        return self.page[key] * MM

    @property
    def text_width(self) -> float:
        return self.mm("width") - self.mm("margin_left") - self.mm("margin_right")

    def landscape(self) -> Profile:
        """The same profile on a page turned sideways (margins stay with the binding edge: left stays left)."""
        return _turned(self)


def _bad(source: str, key: str, why: str) -> ProfileError:
    return ProfileError(_("Document format profile {file}: “{key}” {why}").format(file=source, key=key, why=why))


def _number(source: str, data: dict[str, Any], key: str, lo: float, hi: float, prefix: str = "") -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(source, prefix + key, _("must be a number."))
    if not lo <= value <= hi:
        raise _bad(source, prefix + key, _("must be between {lo} and {hi}.").format(lo=lo, hi=hi))
    return float(value)


def _element(source: str, name: str, data: Any) -> Element:
    if not isinstance(data, dict):
        raise _bad(source, name, _("must be a table of settings."))
    size = _number(source, data, "size", 6, 30, f"{name}.")
    flags = {}
    for flag in ("bold", "italic", "underline", "upper"):
        value = data.get(flag, False)
        if not isinstance(value, bool):
            raise _bad(source, f"{name}.{flag}", _("must be true or false."))
        flags[flag] = value
    extra = {k: v for k, v in data.items() if k not in ("size", "bold", "italic", "underline", "upper")}
    for key, value in extra.items():
        if not isinstance(value, bool | int | float | str):
            raise _bad(source, f"{name}.{key}", _("has a value of the wrong type."))
        if isinstance(value, int | float) and not isinstance(value, bool) and not 0 <= value <= 300:
            raise _bad(source, f"{name}.{key}", _("must be between {lo} and {hi}.").format(lo=0, hi=300))
    return Element(size=size, extra=extra, **flags)


def parse_profile(data: dict[str, Any], source: str = "<profile>") -> Profile:
    """Validate a decoded profile and build it; every problem is a :class:`ProfileError` naming the key."""
    for key in TOP_STRINGS:
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise _bad(source, key, _("is required and must be text."))
    if data["family"] not in FAMILIES:
        raise _bad(source, "family", _("must be one of: {values}.").format(values=", ".join(FAMILIES)))
    if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", data["name"]):
        raise _bad(source, "name", _("may hold only lower-case letters, digits, '-', '_' and '.'."))
    for placeholder in ("{number}", "{type}", "{issuer}"):
        if placeholder not in data["number_format"]:
            raise _bad(source, "number_format", _("must contain {placeholder}.").format(placeholder=placeholder))
    for placeholder in ("{place}", "{day}", "{month}", "{year}"):
        if placeholder not in data["place_date_format"]:
            raise _bad(source, "place_date_format", _("must contain {placeholder}.").format(placeholder=placeholder))
    page_data = data.get("page")
    if not isinstance(page_data, dict):
        raise _bad(source, "page", _("must be a table of settings."))
    page = {k: _number(source, page_data, k, 0 if k.startswith("margin") else 50, 1000, "page.") for k in PAGE_KEYS}
    if page["margin_left"] + page["margin_right"] >= page["width"] - 50 \
            or page["margin_top"] + page["margin_bottom"] >= page["height"] - 50:
        raise _bad(source, "page", _("leaves too little room for text between the margins."))
    motto = data.get("motto")
    if not isinstance(motto, dict) or not isinstance(motto.get("lines"), list) or not motto["lines"] \
            or not all(isinstance(x, str) for x in motto["lines"]):
        raise _bad(source, "motto.lines", _("must be a list of text lines."))
    n = len(motto["lines"])
    for key in ("sizes", "bold"):
        if not isinstance(motto.get(key), list) or len(motto[key]) != n:
            raise _bad(source, f"motto.{key}", _("must list one value per line."))
    for size in motto["sizes"]:
        _number(source, {"size": size}, "size", 6, 30, "motto.")
    _number(source, motto, "rule_under", 0, n, "motto.")
    _number(source, motto, "rule_ratio", 0, 1, "motto.")
    elements = {}
    for name in ELEMENTS:
        if name not in data:
            raise _bad(source, name, _("is missing."))
        elements[name] = _element(source, name, data[name])
    letter = data.get("letter_number_format", data["number_format"])
    if not isinstance(letter, str) or "{number}" not in letter or "{issuer}" not in letter:
        raise _bad(source, "letter_number_format", _("must contain {placeholder}.").format(
            placeholder="{number}, {issuer}"))
    if not isinstance(data.get("landscape_tables", False), bool):
        raise _bad(source, "landscape_tables", _("must be true or false."))
    pad_months = data.get("pad_months", [])
    if not isinstance(pad_months, list) or not all(isinstance(m, int) and 1 <= m <= 12 for m in pad_months):
        raise _bad(source, "pad_months", _("must be a list of month numbers (1–12)."))
    return Profile(
        name=data["name"], family=data["family"], title=data["title"], font=data["font"],
        number_format=data["number_format"], number_pad=int(_number(source, data, "number_pad", 0, 4)),
        place_date_format=data["place_date_format"], pad_day=bool(data.get("pad_day", True)),
        pad_months=frozenset(pad_months), authority_prefix=data["authority_prefix"],
        deputy_prefix=data["deputy_prefix"], order_prefix=data["order_prefix"],
        recipients_label=data["recipients_label"], archive_line=data["archive_line"],
        left_column_ratio=_number(source, data, "left_column_ratio", 0.2, 0.6), page=page, motto=motto,
        elements=elements, source=source, letter_number_format=letter,
        landscape_tables=bool(data.get("landscape_tables", False)))


_turned_cache: dict[int, Profile] = {}


def _turned(profile: Profile) -> Profile:
    from dataclasses import replace

    key = id(profile)
    if key not in _turned_cache or _turned_cache[key].source != profile.source:
        page = dict(profile.page, width=profile.page["height"], height=profile.page["width"])
        _turned_cache[key] = replace(profile, page=page)
    return _turned_cache[key]


def load_profile_file(path: Path) -> Profile:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(_("Document format profile {file} is not valid TOML: {detail}").format(
            file=path, detail=exc)) from exc
    except OSError as exc:
        raise ProfileError(_("Document format profile {file} cannot be read: {detail}").format(
            file=path, detail=exc.strerror or exc)) from exc
    return parse_profile(data, str(path))


def bundled_dir() -> Path:
    return resources_dir() / "formats"


def user_dir() -> Path:
    """Where an office drops its own or adjusted profiles (``…/ssdesk/formats``)."""
    from platformdirs import user_config_path

    return user_config_path("ssdesk", appauthor=False) / "formats"


_cache: dict[tuple[str, ...], dict[str, Profile]] = {}


def _signature(folders: list[Path]) -> tuple[str, ...]:
    """Folder contents with mtimes, so an edited user profile is picked up without restarting."""
    parts: list[str] = []
    for folder in folders:
        if folder.is_dir():
            for p in sorted(folder.glob("*.toml")):
                parts.append(f"{p}:{p.stat().st_mtime_ns}")
    return tuple(parts)


def all_profiles(user_folder: Path | None = None) -> dict[str, Profile]:
    """Bundled profiles, then the user's, which override by name. Cached until a file changes."""
    folders = [bundled_dir(), user_folder if user_folder is not None else user_dir()]
    key = _signature(folders)
    if key not in _cache:
        found: dict[str, Profile] = {}
        for folder in folders:
            if folder.is_dir():
                for path in sorted(folder.glob("*.toml")):
                    profile = load_profile_file(path)
                    found[profile.name] = profile
        _cache.clear()
        _cache[key] = found
    return _cache[key]


def get_profile(name: str | None = None, *, user_folder: Path | None = None) -> Profile:
    """The profile called ``name`` (default: the 2018 Party profile)."""
    profiles = all_profiles(user_folder)
    wanted = name or DEFAULT_PROFILE
    if wanted not in profiles:
        raise ProfileError(_("No document format profile “{name}”; known: {names}.").format(
            name=wanted, names=", ".join(sorted(profiles))))
    return profiles[wanted]


def family_of(issuing_body: str | None) -> str:
    """Party or State, from the issuing body's name; Party when it cannot tell (the app's main users).

    State first for the bodies whose names would also match a Party word (``Ủy ban nhân dân`` holds ``ủy``): the
    People's Councils and Committees and the National Assembly's delegations."""
    text = f" {(issuing_body or '').lower().replace('uỷ', 'ủy')} "
    if any(w in text for w in ("hđnd", "hội đồng nhân dân", "ubnd", "ủy ban nhân dân", "quốc hội", "đbqh")):
        return "state"
    if any(w in text for w in PARTY_WORDS):
        return "party"
    if any(w in text for w in STATE_WORDS):
        return "state"
    return "party"


def choose_profile(issuing_body: str | None, name: str | None = None, *,
                   user_folder: Path | None = None) -> Profile:
    """The named profile, or the default one of the issuing body's family."""
    if name:
        return get_profile(name, user_folder=user_folder)
    default = DEFAULT_PROFILE if family_of(issuing_body) == "party" else STATE_PROFILE
    return get_profile(default, user_folder=user_folder)
