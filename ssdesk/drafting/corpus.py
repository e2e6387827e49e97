"""Scoring "Draft from text" against hand labels of a corpus of real texts (``docs/drafting-corpus.md``).

Why: the rules were first fitted to one article and scored 1.0 there while missing most requests in reports they
had never seen. Every rule change is now measured on thirty real texts of every shape of session (labels in
``tests/fixtures/drafting/corpus-labels.json``; the texts stay in ``../shared/corpus/drafting/``, never in the
repository). Precision and recall are micro-averaged over all texts: each expected item is matched at most once.

``python -m ssdesk.drafting.corpus CORPUS_DIR LABELS.json`` prints the table of the note (Markdown).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ssdesk.abbreviations import expand
from ssdesk.drafting.core import draft_from_text
from ssdesk.drafting.model import Draft

LISTS = ("attendees", "figures", "requests", "petitions")
CHOICES = ("body", "unit", "kind", "chair")
_OLD = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe",
        "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_OLD_RE = re.compile("(?:" + "|".join(_OLD) + r")(?!\w)")  # "hoà" but never "hoàn"
_NUMBER = re.compile(r"\d[\d.,/]*")


def loose(text: str | None) -> str:
    """The form two spellings of the same words share: NFC, case, old tone placement ("uỷ"), dashes, spaces,
    abbreviations written out ("HĐND" = "Hội đồng nhân dân")."""
    text = unicodedata.normalize("NFC", expand(text or "")).casefold()
    text = _OLD_RE.sub(lambda m: _OLD[m.group(0)], text)
    text = re.sub(r"\s*[-–—]\s*", " - ", text)
    return " ".join(text.replace("(", " ").replace(")", " ").split())


@dataclass
class Tally:
    """Matches of one category over many texts."""

    got: int = 0
    want: int = 0
    hits: int = 0

    @property
    def precision(self) -> float:
        return self.hits / self.got if self.got else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.want if self.want else 1.0

    def add(self, other: Tally) -> None:
        self.got += other.got
        self.want += other.want
        self.hits += other.hits


def match_items(got: Sequence[Any], want: Sequence[Any], same: Callable[[Any, Any], bool]) -> Tally:
    """How many found items match an expected one, each expected item matched at most once (the scorers'
    rule, shared with the tests of the team's own fixtures)."""
    left = list(want)
    hits = 0
    for g in got:
        for w in left:
            if same(g, w):
                left.remove(w)
                hits += 1
                break
    return Tally(len(got), len(want), hits)


def _number(reported: str) -> str:
    m = _NUMBER.search(reported)
    return m.group(0).rstrip(".,") if m else ""


def body_text(draft: Draft) -> str | None:
    """Who holds the session as one string: the delegation "of" its issuer, else the convening body."""
    d = draft.delegation
    if d is not None:
        if d.issuing_body and loose(d.issuing_body) not in loose(d.name):
            return f"{d.name} của {d.issuing_body}"
        return d.name
    return draft.convening.name if draft.convening is not None else None


@dataclass
class TextScore:
    name: str
    lists: dict[str, Tally] = field(default_factory=dict)
    right: dict[str, bool | None] = field(default_factory=dict)   # None: not scored for this text
    got: dict[str, Any] = field(default_factory=dict)


def score_text(name: str, text: str, label: dict[str, Any]) -> TextScore:
    """The draft of ``text`` against its ``label``."""
    draft = draft_from_text(text)
    ex = draft.to_exchange()
    out = TextScore(name)
    people = [(a["name"], f"{a['title'] or ''} {a['organisation'] or ''}") for a in ex["attendees"]]
    out.lists["attendees"] = match_items(people, label["attendees"],
                                    lambda g, w: g[0] == w[0] and loose(w[1]) in loose(g[1]))
    figures = [(_number(f["reported"]), loose(f"{f['label']} {f['reported']} {f['note'] or ''}"))
               for f in ex["indicator_results"]]
    out.lists["figures"] = match_items(figures, label["figures"],
                                  lambda g, w: g[0] == w[0].rstrip("%") and loose(w[1]) in g[1])
    for direction, key in (("request", "requests"), ("petition", "petitions")):
        texts = [loose(r["text"]) for r in ex["recommendations"] if r["direction"] == direction]
        out.lists[key] = match_items(texts, label[key], lambda g, w: loose(w) in g)
    body = body_text(draft)
    out.got["body"] = body
    out.right["body"] = (loose(body) if body else None) in {loose(a) if a else None for a in label["body"]}
    unit = draft.unit
    names = {loose(unit.name), loose(unit.short_name)} - {""} if unit else {None}
    out.got["unit"] = unit.name if unit else None
    out.right["unit"] = bool(names & {loose(a) if a else None for a in label["unit"]})
    out.got["kind"] = draft.kind
    out.right["kind"] = draft.kind in label["kind"]
    chairs = [w[0] for w in label["attendees"] if w[2]]
    presiding = [a["name"] for a in ex["attendees"] if a["presides"]]
    out.got["chair"] = presiding
    out.right["chair"] = presiding == chairs[:1] if chairs else None
    return out


def score_corpus(corpus: Path, labels: dict[str, Any]) -> list[TextScore]:
    return [score_text(name, read_corpus_text(corpus / name), label)
            for name, label in sorted(labels.items()) if not name.startswith("_")]


def read_corpus_text(path: Path) -> str:
    """A corpus file without its ``source:`` line."""
    text = path.read_text(encoding="utf-8")
    return text.split("\n", 2)[2] if text.startswith("source:") else text


def totals(scores: list[TextScore]) -> dict[str, Any]:
    """Micro-averaged precision and recall of each list; share of texts right for each single choice."""
    out: dict[str, Any] = {}
    for key in LISTS:
        t = Tally()
        for s in scores:
            t.add(s.lists[key])
        out[key] = t
    for key in CHOICES:
        scored = [s.right[key] for s in scores if s.right.get(key) is not None]
        out[key] = (sum(1 for r in scored if r), len(scored))
    return out


def table(scores: list[TextScore]) -> str:
    """The Markdown tables of the note: totals, then each text."""
    tot = totals(scores)
    lines = ["| category | found | expected | right | precision | recall |", "|---|---:|---:|---:|---:|---:|"]
    for key in LISTS:
        t = tot[key]
        lines.append(f"| {key} | {t.got} | {t.want} | {t.hits} | {t.precision:.2f} | {t.recall:.2f} |")
    for key in CHOICES:
        right, n = tot[key]
        lines.append(f"| {key} | | {n} | {right} | | {right / n if n else 1:.2f} |")
    lines += ["", "| text | attendees | figures | requests | petitions | body | unit | kind | chair |",
              "|---|---|---|---|---|---|---|---|---|"]
    for s in scores:
        cells = [f"{s.lists[k].hits}/{s.lists[k].want} ({s.lists[k].got})" for k in LISTS]
        cells += ["—" if s.right[k] is None else ("✓" if s.right[k] else "✗") for k in CHOICES]
        lines.append(f"| {s.name[:2]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    corpus, labels = Path(argv[0]), json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    scores = score_corpus(corpus, labels)
    print(table(scores))
    if "-v" in argv:
        for s in scores:
            print(s.name, {k: v for k, v in s.got.items()}, {k: v for k, v in s.right.items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
