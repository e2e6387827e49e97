"""The rules of "Draft from text", read once from ``resources/drafting/`` (TOML and plain text, user-editable)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ssdesk.paths import resources_dir


def _chars(predicate: Any) -> str:
    return "".join(c for c in map(chr, range(0x41, 0x1F00))
                   if predicate(c) and unicodedata.name(c, "").startswith("LATIN"))


UPPER = _chars(str.isupper)
LOWER = _chars(str.islower)
#: One capitalised syllable: "Nguyễn", "Đình"; never an all-caps abbreviation ("UBND").
CAP_WORD = rf"(?<![\w/])[{UPPER}][{LOWER}]*(?![\w/])"
#: A run of capitalised syllables on one line.
CAP_RUN = re.compile(rf"{CAP_WORD}(?:[ ]{CAP_WORD})*")


def alternation(words: list[str] | tuple[str, ...], *, flags: int = 0, bounded: bool = True) -> re.Pattern[str]:
    """A regex matching any of ``words``, the longest first, on word boundaries."""
    body = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    if bounded:
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)
    return re.compile(rf"(?:{body})", flags)


def _lines(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = unicodedata.normalize("NFC", line.strip())
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        data = tomllib.load(fh)

    def nfc(value: Any) -> Any:
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value)
        if isinstance(value, list):
            return [nfc(v) for v in value]
        if isinstance(value, dict):
            return {nfc(k): nfc(v) for k, v in value.items()}
        return value

    return nfc(data)


@dataclass(frozen=True)
class Rules:
    family_names: frozenset[str]
    places: frozenset[str]
    max_place_words: int
    title_re: re.Pattern[str]       # a title word, capitalised as written
    rank_re: re.Pattern[str]
    roles: dict[str, str]
    role_re: re.Pattern[str]
    honorific_re: re.Pattern[str]
    org_heads: dict[str, str]
    org_re: re.Pattern[str]
    city_level: tuple[str, ...]
    delegation_words: tuple[str, ...]
    placeholder: str
    speech_re: re.Pattern[str]
    report_re: re.Pattern[str]
    conclusion_re: re.Pattern[str]
    findings: tuple[tuple[str, re.Pattern[str]], ...]
    request_re: re.Pattern[str]
    continuation_re: re.Pattern[str]
    subject_re: re.Pattern[str]
    action_split_re: re.Pattern[str]
    petition_re: re.Pattern[str]
    petition_lead_re: re.Pattern[str]
    measure_re: re.Pattern[str]
    not_measure_re: re.Pattern[str]
    qualifier_re: re.Pattern[str]
    label_tail_re: re.Pattern[str]
    doc_type_re: re.Pattern[str]
    times: dict[str, str]
    segment_stop_re: re.Pattern[str]    # where a title segment after a name ends
    short_title_re: re.Pattern[str]     # an abbreviated title ("PBT", "UVBTV", "HUV")
    name_end_re: re.Pattern[str]        # what may follow a name whose family name is not in the list
    presides_re: re.Pattern[str]        # right after a person: presides (group "head": heads the delegation)
    presided_re: re.Pattern[str]        # right before a person: presides
    body_heads: tuple[str, ...]         # more heads of bodies (organisations.toml [bodies])
    parent_heads: tuple[str, ...]
    long_names: tuple[str, ...]
    stop_words: str                     # regex: a lower-case word that never continues a body's name
    place_names: str                    # regex: a known place name
    action_re: re.Pattern[str]          # a sentence opening with an action ("Tăng cường …"): one more request
    classifier_re: re.Pattern[str]      # "con bò", "phần quà": a classifier and the noun it counts
    admin_measures: frozenset[str]      # measures that are administrative units ("xã", "phường")
    steering_stops: str                 # regex: where the purpose of a steering committee's name ends


def _title_words(titles: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Every title as written, with only its first letter capitalised, and abbreviated (from the dictionary:
    a short form whose long form is a title, or starts with one, is a title)."""
    from ssdesk.abbreviations import load as abbreviations

    words = titles["titles"] + list(titles["roles"])
    words += [w[0] + w[1:].lower() for w in words]
    base = alternation(words)
    short = [a.short for a in abbreviations() if base.match(a.long) or base.match(a.long[:1].upper() + a.long[1:])]
    return sorted(set(words + short)), short


def load_rules(folder: Path) -> Rules:
    titles = _toml(folder / "titles.toml")
    title_words, short_titles = _title_words(titles)
    seg = titles["segments"]
    honorifics = "|".join(re.escape(w) for w in titles["honorifics"]["words"])
    orgs = _toml(folder / "organisations.toml")
    cues = _toml(folder / "cues.toml")
    places = _lines(folder / "places.txt")
    ci = re.IGNORECASE
    req, pet, fig = cues["requests"], cues["petitions"], cues["figures"]
    subjects = sorted(req["subjects"], key=len, reverse=True)
    tails = sorted(fig["label_tails"], key=len, reverse=True)
    return Rules(
        family_names=frozenset(_lines(folder / "family_names.txt")),
        places=frozenset(places),
        max_place_words=max((len(p.split()) for p in places), default=1),
        title_re=alternation(title_words),
        rank_re=alternation(titles["ranks"]),
        roles=dict(titles["roles"]),
        role_re=alternation(list(titles["roles"])),
        honorific_re=alternation(titles["honorifics"]["words"]),
        org_heads=dict(orgs["heads"]),
        org_re=alternation(list(orgs["heads"])),
        city_level=tuple(orgs["city_level"]),
        delegation_words=tuple(orgs["delegations"]),
        placeholder=orgs["placeholder"],
        speech_re=alternation([w for w in cues["speech_verbs"] if w != ":"], flags=ci),
        report_re=alternation(cues["report_words"], flags=ci),
        conclusion_re=alternation(cues["conclusion_words"], flags=ci),
        findings=tuple((kind, alternation(words, flags=ci)) for kind, words in cues["findings"].items()),
        request_re=alternation(req["cues"], flags=ci),
        continuation_re=re.compile(r"^(?:\w+ ){0,3}?(?:" + "|".join(re.escape(w) for w in req["continuations"])
                                   + r")(?!\w)", ci),
        subject_re=re.compile(r"^(?:(?:" + "|".join(re.escape(w) for w in subjects) + rf")(?:\s+(?-i:[{UPPER}]\w*))*"
                              r"[\s,]+)+", ci),
        action_split_re=re.compile(r"(?:;\s+|,?\s+và\s+(?=(?:" + "|".join(re.escape(w) for w in req["actions"])
                                   + r")(?!\w)))", ci),
        petition_re=alternation(pet["cues"], flags=ci),
        petition_lead_re=alternation(pet["lead_ins"], flags=ci),
        measure_re=re.compile(r"\s*(%|(?:(?:" + "|".join(fig["multipliers"]) + r")\s+)?(?:"
                              + "|".join(re.escape(w) for w in sorted(fig["measures"], key=len, reverse=True))
                              + r")(?!\w))"),
        not_measure_re=alternation(fig["not_measures"], flags=ci),
        qualifier_re=re.compile(r"(?:" + "|".join(re.escape(w) for w in fig["qualifiers"]) + r")\s*$", ci),
        label_tail_re=re.compile(r"(?:(?:^|\s+)(?:" + "|".join(re.escape(w) for w in tails) + r"))+\s*[:,]?\s*$", ci),
        doc_type_re=alternation(cues["documents"]["types"]),
        times=dict(cues["times"]),
        segment_stop_re=re.compile(r"\s(?:" + "|".join(re.escape(w) for w in sorted(
            seg["stops"] + [w for w in cues["speech_verbs"] if w != ":"], key=len, reverse=True)) + r")(?!\w)", ci),
        short_title_re=alternation(short_titles),
        name_end_re=re.compile(r"\s*(?:$|[,(:\-–—]|(?:" + "|".join(re.escape(w) for w in sorted(
            seg["stops"] + [w for w in cues["speech_verbs"] if w != ":"], key=len, reverse=True)) + r")(?!\w))", ci),
        presides_re=re.compile(r"[\s,]*(?:(?P<head>" + "|".join(re.escape(w) for w in seg["heads"]) + r")|(?:"
                               + "|".join(re.escape(w) for w in seg["presides"]) + r"))(?!\w)"),
        body_heads=tuple(orgs["bodies"]["heads"]),
        parent_heads=tuple(orgs["bodies"]["parents"]),
        long_names=tuple(orgs["bodies"]["long_names"]),
        stop_words="(?:" + "|".join(re.escape(w) for w in sorted(orgs["bodies"]["stops"], key=len, reverse=True))
                   + r")(?!\w)",
        action_re=re.compile(r"(?:" + "|".join(re.escape(w) for w in sorted(req["actions"], key=len, reverse=True))
                             + r")(?!\w)", ci),
        classifier_re=re.compile(r"\s*((?:" + "|".join(re.escape(w) for w in fig["classifiers"])
                                 + rf")\s+[{LOWER}]+)(?!\w)"),
        admin_measures=frozenset(fig["admin_measures"]),
        steering_stops="(?:" + "|".join(re.escape(w) for w in sorted(
            seg["stops"] + [w for w in cues["speech_verbs"] if w != ":"] + ["tổ chức", "họp", "ngày", "giai đoạn",
                                                                           "năm", "tháng", "quý"],
            key=len, reverse=True)) + r")(?!\w)",
        place_names="(?:" + "|".join(re.escape(w) for w in sorted(places, key=len, reverse=True)) + r")(?!\w)",
        presided_re=re.compile(r"(?:(?:" + "|".join(re.escape(w) for w in seg["presided_by"]) + r")\s*,?"
                               + r"|^(?:" + "|".join(re.escape(w) for w in seg["presided_by_clause"])
                               + r")[^.;:]{0,80},)\s*(?:" + rf"{honorifics}" + r")?\s*$"),
    )


@lru_cache(maxsize=4)
def rules(folder: str | None = None) -> Rules:
    """The rules, loaded once per folder (default: ``resources/drafting``)."""
    return load_rules(Path(folder) if folder else resources_dir() / "drafting")
