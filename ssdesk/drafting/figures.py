"""One figure picked out of a typed line, for the live minutes' "send to the indicator table" (Ctrl+I).

The secretary types ``đạt 23/27 chỉ tiêu`` or ``tỷ lệ bao phủ 94,1%`` and presses one key with the cursor on (or
beside) the figure, or with it selected. The same rules as "Draft from text" recognise it (:func:`facts.find_figures`:
the measure word, what it measures, the qualifier), so a figure sent by hand and one drafted from a text read alike;
a bare number the rules do not know (``50.019/160.000`` with no measure word) is still taken as written.
"""

from __future__ import annotations

import re
from typing import Any

from ssdesk.drafting import facts
from ssdesk.drafting.rules import rules
from ssdesk.drafting.text import Sentence, parse_number, sentences

_NUMBER = re.compile(rf"(?<![\w/.,])({facts.NUM})(?:/({facts.NUM}))?(?:\s*%)?(?![\w/])")


def parse_reported(reported: str, unit: str | None = None) -> dict[str, Any]:
    """The numeric value and target of a figure as written: ``94,1%`` → 94.1; ``50.019/160.000 lao động`` → 50019,
    target ``160.000 lao động``. A count of indicators (``23/27 chỉ tiêu``) has no target: the visit keeps that
    count itself. Nothing recognised: value and target ``None``."""
    m = _NUMBER.search(reported or "")
    if m is None:
        return {"reported_value": None, "target": None}
    target = None
    if m.group(2) is not None and unit != "chỉ tiêu":
        target = f"{m.group(2)} {unit}" if unit and unit != "%" else m.group(2) + ("%" if unit == "%" else "")
    return {"reported_value": parse_number(m.group(1)), "target": target}


def _sentence(sents: list[Sentence], pos: int) -> Sentence | None:
    return next((s for s in sents if s.start <= pos <= s.end), None)


def _label(sent: Sentence, start: int) -> str:
    """What a bare figure measures: the clause before it (as the drafting rules cut it), else the sentence."""
    r = rules()
    before = sent.text[:start - sent.start]
    clause = re.split(r"[,;:(]|\s[-–]\s", before)[-1]
    verbs = list(r.speech_re.finditer(clause))
    if verbs:
        clause = clause[verbs[-1].end():]
    label = facts.clean_clause(clause, r)
    if not label:
        label = " ".join(sent.text.split()[:12])
    return label[:1].upper() + label[1:]


def figure_at(text: str, start: int, end: int | None = None) -> dict[str, Any] | None:
    """The figure at ``start`` (the cursor) or overlapping ``start``–``end`` (a selection) in ``text``, as the
    fields of an indicator result (``label``, ``reported``, ``reported_value``, ``unit_of_measure``, ``target``,
    ``note``); ``None`` when there is no number there. ``text`` is taken as it is (offsets are the caller's)."""
    end = start if end is None else end
    start, end = min(start, end), max(start, end)
    sents = sentences(text)
    sent = _sentence(sents, start)
    if sent is None:
        return None

    def touches(a: int, b: int) -> bool:
        return a < end and start < b if end > start else a <= start <= b

    for f in facts.find_figures([sent], rules(), []):
        if touches(f.start, f.end):
            return {"label": f.label, "reported": f.reported, "reported_value": f.value, "unit_of_measure": f.unit,
                    "target": f.target, "note": f.note}
    for m in _NUMBER.finditer(sent.text):
        a, b = sent.start + m.start(), sent.start + m.end()
        if touches(a, b):
            reported = m.group(0).strip()
            unit = "%" if reported.endswith("%") else None
            if end > start and text[start:end].strip() and parse_number(text[start:end].split("/")[0].strip(" %")):
                reported = text[start:end].strip()  # the selection as written ("14.740 suất")
            return {"label": _label(sent, a), "reported": reported, **parse_reported(reported, unit),
                    "unit_of_measure": unit, "note": None}
    return None
