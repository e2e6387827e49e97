"""Matching the unit names typed in a tracker to the unit tree of the case file.

Without diacritics ("Quan uy Hoang Mai"), through the abbreviations of ``resources/abbreviations.toml`` ("UBND") and
the short forms trackers use for places and party committees ("QU Hoàng Mai", "UBND Q. Hoàng Mai"), and ignoring a
leading "Ban Thường vụ" (the committee and its standing board are one addressee in a tracker). A name that matches
no unit, or several, is not guessed: it is offered as a new unit, created only when the user confirms.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ssdesk.abbreviations import expand
from ssdesk.enums import UnitKind
from ssdesk.search.folding import fold

if TYPE_CHECKING:
    from ssdesk.store import Store

#: Short forms of unit names in trackers (case-sensitive, as a word of their own), beyond abbreviations.toml.
SHORT_FORMS = {"QU": "Quận ủy", "HU": "Huyện ủy", "TU": "Tỉnh ủy", "ĐU": "Đảng ủy", "TP.": "thành phố",
               "Q.": "quận", "H.": "huyện", "P.": "phường", "TX.": "thị xã", "X.": "xã", "TT.": "thị trấn"}
_SHORT = re.compile(r"(?<![\w.])(" + "|".join(re.escape(k) for k in SHORT_FORMS) + r")(?=\s|$)")
_BOARD = re.compile(r"^(ban thuong vu|thuong truc|btv)\s+")


def unit_key(name: str) -> str:
    """The form two spellings of one unit share."""
    text = _SHORT.sub(lambda m: SHORT_FORMS[m.group(1)], " ".join(name.split()))
    key = re.sub(r"[^a-z0-9 ]+", " ", fold(expand(text)))
    return _BOARD.sub("", " ".join(key.split()))


def guess_kind(name: str) -> UnitKind:
    """The kind of a unit created from a tracker, from its name (the user can change it later in the unit tree)."""
    key = unit_key(name)
    for words, kind in (("uy ban nhan dan", UnitKind.PEOPLES_COMMITTEE), ("hoi dong nhan dan",
                        UnitKind.PEOPLES_COUNCIL), ("quan uy", UnitKind.DISTRICT_COMMITTEE),
                        ("huyen uy", UnitKind.RURAL_DISTRICT_COMMITTEE), ("phuong uy", UnitKind.WARD_COMMITTEE),
                        ("dang uy", UnitKind.PARTY_COMMITTEE), ("so ", UnitKind.DEPARTMENT),
                        ("phong ", UnitKind.DEPARTMENT)):
        if key.startswith(words) or f" {words}" in f" {key}":
            return kind
    return UnitKind.OTHER


class UnitMatcher:
    """The file's units by key (name and short name), read once for a whole import."""

    def __init__(self, store: Store) -> None:
        self.by_key: dict[str, set[str]] = {}
        for unit in store.catalog.units():
            for name in (unit.name, unit.short_name):
                if name:
                    self.by_key.setdefault(unit_key(name), set()).add(unit.id)
        self.cache: dict[str, str | None] = {}

    def match(self, typed: str) -> str | None:
        """The id of the one unit ``typed`` names, or None (none, or several)."""
        if typed in self.cache:
            return self.cache[typed]
        key = unit_key(typed)
        found = self.by_key.get(key, set())
        if not found and len(key) >= 8:
            found = {i for k, ids in self.by_key.items() if k.endswith(" " + key) for i in ids}
        result = next(iter(found)) if len(found) == 1 else None
        self.cache[typed] = result
        return result
