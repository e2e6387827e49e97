"""The draft of a visit: what was found, where, how sure; as visit exchange data plus the draft's own extras."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from ssdesk.drafting.facts import Body, Document, Figure, Found, When
from ssdesk.drafting.people import PersonDraft
from ssdesk.drafting.speech import Item, StatementDraft
from ssdesk.drafting.text import Sentence
from ssdesk.enums import VisitKind

FORMAT = "ssdesk-draft"
#: What a session without a visited unit is called in its drafted title ("Ban Chỉ đạo …: hội nghị").
KIND_TITLES = {"review_meeting": "hội nghị", "hearing": "phiên giải trình", "survey": "khảo sát",
               "supervision": "giám sát", "inspection": "kiểm tra", "other": "buổi làm việc"}
VERSION = 1


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Match:
    """A record already in the case file that a drafted one is taken to be."""

    id: str
    name: str
    title: str | None = None
    same_title: bool = True


#: A petition that opens with the body it asks ("UBND tỉnh sớm phân bổ vốn …", "Bộ Tài chính xem xét …"): that
#: body is its addressee, not the delegation's (a review found both petitions of "kiến nghị HĐND tỉnh …; kiến nghị
#: UBND tỉnh …" addressed to the council).
_ADDRESSED = re.compile(r"^((?:UBND|HĐND|Ủy ban nhân dân|Hội đồng nhân dân|Thường trực HĐND|Chính phủ|Thủ tướng Chính "
                        r"phủ|Quốc hội|Trung ương|Thành phố|Tỉnh|Thành ủy|Tỉnh ủy|Ban Thường vụ(?: (?:Thành|Tỉnh) ủy)?"
                        r"|Bộ [A-ZĐ][\w]*(?: [a-zđ\w]+){0,4}?|Sở [A-ZĐ][\w]*(?: [a-zđ\w]+){0,4}?)"
                        r"(?: (?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)(?: [A-ZĐ][\w]*)*)?)"
                        r"(?= (?:sớm|xem xét|quan tâm|bố trí|hỗ trợ|cho phép|chỉ đạo|ban hành|bổ sung|điều chỉnh|có))")


@dataclass
class Draft:
    text: str
    when: When | None = None
    delegation: Body | None = None
    unit: Body | None = None
    convening: Body | None = None      # who holds a session without a delegation (a steering committee's meeting)
    kind: str = "supervision"          # a VisitKind value
    programme: Document | None = None
    documents: list[Document] = field(default_factory=list)
    people: list[PersonDraft] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    statements: list[StatementDraft] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    messages: list[dict[str, str]] = field(default_factory=list)
    placeholder: str = "(chưa xác định)"
    matches: dict[str, Match] = field(default_factory=dict)   # "person:<key>", "unit", "delegation", "programme"
    ids: dict[str, str] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def empty(self) -> bool:
        return not (self.people or self.figures or self.statements or self.items or self.documents)

    def _id(self, key: str) -> str:
        match = self.matches.get(key)
        if match is not None:
            return match.id
        return self.ids.setdefault(key, new_id())

    # -- the importable part --------------------------------------------------------------------------------

    @property
    def starts_at(self) -> dt.datetime:
        if self.when is not None:
            return self.when.starts_at
        return dt.datetime.combine(self.today, dt.time(8, 0))

    def _person(self, p: PersonDraft) -> dict[str, Any]:
        match = self.matches.get(f"person:{p.key}")
        if match is not None:
            return {"id": match.id, "full_name": match.name}
        return {"id": self._id(f"person:{p.key}"), "full_name": p.name, "title": p.title,
                "organisation": p.organisation}

    def _unit(self) -> dict[str, Any] | None:
        u = self.unit
        if "unit" in self.matches:
            m = self.matches["unit"]
            return {"id": m.id, "name": m.name, "kind": m.title or "other", "parent": None}
        if u is None:
            if not VisitKind(self.kind).needs_unit:
                return None  # a review meeting gathers many bodies: no placeholder unit
            return {"id": self._id("unit"), "name": self.placeholder, "kind": "other", "parent": None}
        return {"id": self._id("unit"), "name": u.name, "kind": u.kind or "other", "short_name": u.short_name,
                "parent": None}

    def convening_body(self) -> str | None:
        """Who holds a session without a delegation; the placeholder when its kind needs one and none is named."""
        if self.delegation is not None or "delegation" in self.matches:
            return None
        if self.convening is not None:
            return self.convening.name
        kind = VisitKind(self.kind)
        return None if kind.needs_delegation else self.placeholder

    def _delegation(self) -> dict[str, Any] | None:
        d = self.delegation
        if d is None and "delegation" not in self.matches and not VisitKind(self.kind).needs_delegation:
            return None
        if "delegation" in self.matches:
            m = self.matches["delegation"]
            return {"id": m.id, "name": m.name, "issuing_body": m.title or self.placeholder, "members": []}
        members: list[dict[str, Any]] = []
        head = False
        for p in self.people:
            if p.side != "delegation":
                continue
            role = p.role or "member"
            if role == "head":
                if head:
                    role = "member"
                head = True
            members.append({"id": self._id(f"member:{p.key}"), "role": role, "position": p.title,
                            "order_no": len(members) + 1, "person": self._person(p)})
        return {"id": self._id("delegation"), "name": d.name if d else f"Đoàn {self.placeholder}",
                "issuing_body": (d.issuing_body if d else None) or self.placeholder, "members": members}

    def _programme(self) -> dict[str, Any] | None:
        p = self.programme
        if p is None:
            return None
        if "programme" in self.matches:
            m = self.matches["programme"]
            return {"id": m.id, "code": m.name, "title": m.title or p.title or self.placeholder, "indicators": []}
        return {"id": self._id("programme"), "code": p.number, "title": p.title or self.placeholder,
                "indicators": []}

    def _statement_text(self, kind: str) -> str | None:
        texts = [s.text for s in self.statements if s.kind == kind]
        return "\n\n".join(texts) or None

    def to_exchange(self) -> dict[str, Any]:
        """The draft as visit exchange data (``docs/exchange-format.md``), ready for ``import_visit``."""
        starts = self.starts_at
        unit_name = self.unit.name if self.unit else self.placeholder
        title = f"Làm việc với {unit_name}"
        if self.unit is None and self.convening_body():
            title = f"{self.convening_body()}: {KIND_TITLES.get(self.kind, 'buổi làm việc')}"
        if self.programme is not None:
            title += f" về thực hiện Chương trình số {self.programme.number}"
        met = next((f for f in self.figures if f.unit == "chỉ tiêu" and "/" in f.reported), None)
        others = [d.label for d in self.documents if d is not self.programme]
        visit: dict[str, Any] = {
            "id": self._id("visit"), "kind": self.kind, "convening_body": self.convening_body(),
            "title": title, "starts_at": starts.isoformat(timespec="seconds"),
            "ends_at": self.when.ends_at.isoformat(timespec="seconds") if self.when and self.when.ends_at else None,
            "place": self.when.place if self.when else None, "state": "minutes_drafted", "form": "thematic",
            "report_summary": self._statement_text("report"), "conclusion": self._statement_text("conclusion"),
            "related_documents": "\n".join(others) or None,
        }
        if met is not None:
            a, b = met.reported.split()[0].split("/")
            if a.isdigit() and b.isdigit() and int(a) <= int(b):
                visit["indicators_met"], visit["indicators_total"] = int(a), int(b)
        attendees = []
        for i, p in enumerate(self.people, 1):
            attendees.append({
                "id": self._id(f"attendee:{p.key}"), "name": p.name, "title": p.title,
                "organisation": p.organisation, "side": p.side,
                "delegation_role": (p.role or "member") if p.side == "delegation" else None,
                "presides": p.presides, "takes_minutes": p.role == "secretary", "order_no": i,
                "person": self._person(p)})
        # keyed from 0, as draft_items() keys them: an item's id is its record's id
        results = [{"id": self._id(f"figure:{i}"), "label": f.label, "reported": f.reported,
                    "reported_value": f.value, "unit_of_measure": f.unit, "target": f.target, "note": f.note,
                    "order_no": i + 1} for i, f in enumerate(self.figures)]
        statements = [{"id": self._id(f"statement:{i}"), "speaker_name": s.speaker.name,
                       "speaker_title": s.speaker.title, "attendee_id": self._id(f"attendee:{s.speaker.key}"),
                       "kind": s.kind, "text": s.text, "order_no": i + 1} for i, s in enumerate(self.statements)
                      if s.text.strip()]
        findings: list[dict[str, Any]] = []
        recs: list[dict[str, Any]] = []
        addressee = (self.delegation.issuing_body if self.delegation else self.convening_body()) or self.placeholder
        for i, item in enumerate(self.items):
            if item.kind in ("request", "petition"):
                deadline = item.deadline if item.deadline and item.deadline >= starts.date() else None
                named = _ADDRESSED.match(item.text) if item.kind == "petition" else None
                recs.append({"id": self._id(f"item:{i}"), "direction": item.kind, "text": item.text,
                             "addressee": (item.addressee or (named.group(1) if named else addressee))
                             if item.kind == "petition" else None,
                             "responsible_text": item.responsible, "cooperating": item.cooperating,
                             "deadline": deadline.isoformat() if deadline else None, "status": "new",
                             "order_no": len(recs) + 1})
            else:
                findings.append({"id": self._id(f"item:{i}"), "kind": item.kind, "text": item.text,
                                 "order_no": len(findings) + 1})
        return {"format": "ssdesk-visit", "version": 1, "visit": visit, "delegation": self._delegation(),
                "unit": self._unit(), "programme": self._programme(), "attendees": attendees,
                "indicator_results": results, "statements": statements, "findings": findings,
                "recommendations": recs}

    # -- the extras: where each item came from, how sure -----------------------------------------------------

    def _source(self, start: int, end: int, sentence: Sentence) -> dict[str, Any]:
        return {"start": start, "end": end, "sentence": sentence.text,
                "sentence_start": sentence.start, "sentence_end": sentence.end}

    def draft_items(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []

        def add(path: str, kind: str, key: str, found: Found | None, confidence: float | None = None,
                **extra: Any) -> None:
            entry: dict[str, Any] = {"path": path, "kind": kind, "id": self._id(key),
                                     "confidence": round(confidence if confidence is not None
                                                         else found.confidence if found else 0.0, 2),
                                     "source": self._source(found.start, found.end, found.sentence)
                                     if found else None}
            entry.update({k: v for k, v in extra.items() if v is not None})
            out.append(entry)

        add("visit", "visit", "visit", self.when, None if self.when else 0.0,
            year_inferred=self.when.year_inferred if self.when else None)
        for key, body in (("delegation", self.delegation), ("unit", self.unit)):
            if (self._delegation() if key == "delegation" else self._unit()) is None:
                continue  # a session of this kind has none (a review meeting): nothing to review
            add(key, key, key, body, None if body else 0.0, placeholder=True if body is None else None,
                match=self._match(key))
        if self.programme is not None:
            add("programme", "programme", "programme", self.programme, match=self._match("programme"))
        for d in self.documents:
            if d is not self.programme:
                out.append({"path": "visit.related_documents", "kind": "document", "number": d.number,
                            "confidence": d.confidence, "source": self._source(d.start, d.end, d.sentence)})
        for i, p in enumerate(self.people):
            m = p.first
            conf = 0.9 if p.titles else 0.6
            add(f"attendees[{i}]", "attendee", f"attendee:{p.key}", None, conf,
                match=self._match(f"person:{p.key}"))
            out[-1]["source"] = self._source(m.span_start, m.span_end, m.sentence)
        for i, f in enumerate(self.figures):
            add(f"indicator_results[{i}]", "figure", f"figure:{i}", f)
        for i, s in enumerate(self.statements):
            first, last = s.sentences[0], s.sentences[-1]
            add(f"statements[{i}]", "statement", f"statement:{i}", None, 0.8)
            out[-1]["source"] = {**self._source(first.start, last.end, first)}
        n_find = n_rec = 0
        for i, item in enumerate(self.items):
            if item.kind in ("request", "petition"):
                path, n_rec = f"recommendations[{n_rec}]", n_rec + 1
            else:
                path, n_find = f"findings[{n_find}]", n_find + 1
            add(path, item.kind, f"item:{i}", None, item.confidence)
            out[-1]["source"] = self._source(item.sentence.start, item.sentence.end, item.sentence)
        return out

    def _match(self, key: str) -> dict[str, Any] | None:
        m = self.matches.get(key)
        if m is None:
            return None
        return {"id": m.id, "name": m.name, "title": m.title, "same_title": m.same_title}

    def to_json(self) -> dict[str, Any]:
        """What ``ssdesk draft --json`` prints: the importable exchange data and, beside it, the draft's extras."""
        return {"format": FORMAT, "version": VERSION, "exchange": self.to_exchange(),
                "draft": {"empty": self.empty, "messages": self.messages, "text": self.text,
                          "items": self.draft_items()}}
