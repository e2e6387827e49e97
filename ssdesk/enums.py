"""Closed vocabularies of the domain, stored as their English value and shown through the catalogue.

The stored values never change (files from two laptops must agree); the labels are what the secretary reads.
"""

from __future__ import annotations

from enum import StrEnum

from ssdesk.i18n import N_, _, gettext_in


class LabelledEnum(StrEnum):
    """A ``StrEnum`` whose members carry a translatable label in ``_labels``."""

    @property
    def label(self) -> str:
        return _(type(self)._labels()[self.value])

    def label_in(self, lang: str) -> str:
        """The label in a fixed language (documents are printed in Vietnamese whatever the UI language)."""
        return gettext_in(lang, type(self)._labels()[self.value])

    @classmethod
    def _labels(cls) -> dict[str, str]:  # pragma: no cover - overridden
        raise NotImplementedError

    @classmethod
    def parse(cls, value: str) -> "LabelledEnum":
        """Accept the stored value or the (Vietnamese or English) label, case-insensitively."""
        key = value.strip().lower()
        for member in cls:
            if key in (member.value, member.label.lower(), cls._labels()[member.value].lower()):
                return member
        raise ValueError(value)


class MemberRole(LabelledEnum):
    HEAD = "head"
    DEPUTY_HEAD = "deputy_head"
    MEMBER = "member"
    SECRETARY = "secretary"
    SUPPORT = "support"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "head": N_("Head of delegation"),
            "deputy_head": N_("Deputy head of delegation"),
            "member": N_("Member"),
            "secretary": N_("Secretary"),
            "support": N_("Support team"),
        }


class UnitKind(LabelledEnum):
    CITY_COMMITTEE = "city_committee"
    DISTRICT_COMMITTEE = "district_committee"
    RURAL_DISTRICT_COMMITTEE = "rural_district_committee"
    WARD_COMMITTEE = "ward_committee"
    PARTY_COMMITTEE = "party_committee"
    PEOPLES_COMMITTEE = "peoples_committee"
    PEOPLES_COUNCIL = "peoples_council"
    DEPARTMENT = "department"
    AGENCY = "agency"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "city_committee": N_("City/provincial Party committee"),
            "district_committee": N_("Urban district Party committee"),
            "rural_district_committee": N_("Rural district Party committee"),
            "ward_committee": N_("Ward/commune Party committee"),
            "party_committee": N_("Party committee"),
            "peoples_committee": N_("People's Committee"),
            "peoples_council": N_("People's Council"),
            "department": N_("Department"),
            "agency": N_("Agency"),
            "other": N_("Other"),
        }


class SuccessionKind(LabelledEnum):
    MERGED = "merged"
    RENAMED = "renamed"
    SPLIT = "split"
    REPLACED = "replaced"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "merged": N_("Merged into"),
            "renamed": N_("Renamed to"),
            "split": N_("Split into"),
            "replaced": N_("Replaced by"),
        }


class VisitForm(LabelledEnum):
    THEMATIC = "thematic"
    REGULAR = "regular"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"thematic": N_("Thematic supervision"), "regular": N_("Regular supervision")}


class Classification(LabelledEnum):
    NORMAL = "normal"
    SECRET = "secret"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"normal": N_("Normal"), "secret": N_("Secret")}


class VisitKind(LabelledEnum):
    """The shape of a session (domain §3c): who holds it, whether a single unit is visited, what the documents say.

    A supervision or an inspection is a delegation visiting one unit; a steering committee's review meeting (giao
    ban / sơ kết) has a convening body and its chair but neither delegation nor visited unit; a survey, a hearing or
    another session is held by a delegation or a convening body, with or without one unit."""

    SUPERVISION = "supervision"
    INSPECTION = "inspection"
    REVIEW_MEETING = "review_meeting"
    SURVEY = "survey"
    HEARING = "hearing"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "supervision": N_("Supervision"),
            "inspection": N_("Inspection"),
            "review_meeting": N_("Review meeting"),
            "survey": N_("Survey"),
            "hearing": N_("Hearing"),
            "other": N_("Other session"),
        }

    @property
    def needs_delegation(self) -> bool:
        """A supervision or an inspection is the work of a delegation: without one there is no such session."""
        return self in (VisitKind.SUPERVISION, VisitKind.INSPECTION)

    @property
    def needs_unit(self) -> bool:
        """A supervision, an inspection or a survey is of one unit; a review meeting gathers many bodies."""
        return self in (VisitKind.SUPERVISION, VisitKind.INSPECTION, VisitKind.SURVEY)

    @property
    def needs_convening_body(self) -> bool:
        """A review meeting or a hearing is held by a body (a steering committee, a council's standing board)."""
        return self in (VisitKind.REVIEW_MEETING, VisitKind.HEARING)

    @property
    def has_visited_unit(self) -> bool:
        """Whether the editor offers a visited unit at all (a review meeting has reporting bodies instead)."""
        return self is not VisitKind.REVIEW_MEETING


class VisitState(LabelledEnum):
    PLANNED = "planned"
    HELD = "held"
    MINUTES_DRAFTED = "minutes_drafted"
    CONCLUDED = "concluded"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "planned": N_("Planned"),
            "held": N_("Held"),
            "minutes_drafted": N_("Minutes drafted"),
            "concluded": N_("Concluded"),
        }


class Side(LabelledEnum):
    DELEGATION = "delegation"
    UNIT = "unit"
    INVITED = "invited"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"delegation": N_("Delegation"), "unit": N_("Supervised unit"), "invited": N_("Invited")}


class StatementKind(LabelledEnum):
    REPORT = "report"
    OPINION = "opinion"
    EXPLANATION = "explanation"
    CONCLUSION = "conclusion"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "report": N_("Report"),
            "opinion": N_("Opinion"),
            "explanation": N_("Explanation"),
            "conclusion": N_("Conclusion"),
            "other": N_("Other"),
        }


class FindingKind(LabelledEnum):
    RESULT = "result"
    STRENGTH = "strength"
    LIMITATION = "limitation"
    CAUSE = "cause"
    DIFFICULTY = "difficulty"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "result": N_("Result"),
            "strength": N_("Strength"),
            "limitation": N_("Limitation"),
            "cause": N_("Cause"),
            "difficulty": N_("Difficulty"),
        }


class Direction(LabelledEnum):
    REQUEST = "request"
    PETITION = "petition"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"request": N_("Request to the unit"), "petition": N_("Petition from the unit")}


class RecStatus(LabelledEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    REPORTED_DONE = "reported_done"
    DONE = "done"
    PARTLY_DONE = "partly_done"
    CANNOT_DO = "cannot_do"
    CARRIED_OVER = "carried_over"
    WITHDRAWN = "withdrawn"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "new": N_("Not started"),
            "in_progress": N_("In progress"),
            "reported_done": N_("Reported done by the unit"),
            "done": N_("Done (verified)"),
            "partly_done": N_("Partly done"),
            "cannot_do": N_("Cannot be done"),
            "carried_over": N_("Carried to next period"),
            "withdrawn": N_("Withdrawn"),
        }


#: Which status may follow which. The unit's "done" and the delegation's verified closing are two steps, so DONE is
#: reachable only from REPORTED_DONE; closed items can be reopened (re-supervision).
REC_TRANSITIONS: dict[RecStatus, frozenset[RecStatus]] = {
    RecStatus.NEW: frozenset({RecStatus.IN_PROGRESS, RecStatus.REPORTED_DONE, RecStatus.PARTLY_DONE,
                              RecStatus.CANNOT_DO, RecStatus.CARRIED_OVER, RecStatus.WITHDRAWN}),
    RecStatus.IN_PROGRESS: frozenset({RecStatus.REPORTED_DONE, RecStatus.PARTLY_DONE, RecStatus.CANNOT_DO,
                                      RecStatus.CARRIED_OVER, RecStatus.WITHDRAWN}),
    RecStatus.PARTLY_DONE: frozenset({RecStatus.IN_PROGRESS, RecStatus.REPORTED_DONE, RecStatus.CANNOT_DO,
                                      RecStatus.CARRIED_OVER, RecStatus.WITHDRAWN}),
    RecStatus.REPORTED_DONE: frozenset({RecStatus.DONE, RecStatus.IN_PROGRESS, RecStatus.PARTLY_DONE}),
    RecStatus.DONE: frozenset({RecStatus.IN_PROGRESS}),
    RecStatus.CANNOT_DO: frozenset({RecStatus.IN_PROGRESS, RecStatus.WITHDRAWN}),
    RecStatus.CARRIED_OVER: frozenset({RecStatus.IN_PROGRESS, RecStatus.REPORTED_DONE, RecStatus.PARTLY_DONE,
                                       RecStatus.CANNOT_DO, RecStatus.WITHDRAWN}),
    RecStatus.WITHDRAWN: frozenset({RecStatus.IN_PROGRESS}),
}

#: Statuses that end the follow-up: no deadline alert for them.
REC_CLOSED: frozenset[RecStatus] = frozenset({RecStatus.DONE, RecStatus.CANNOT_DO, RecStatus.WITHDRAWN,
                                              RecStatus.CARRIED_OVER})

#: A visit moves forward one step at a time, and may step back one to correct a mistake.
VISIT_ORDER: tuple[VisitState, ...] = (VisitState.PLANNED, VisitState.HELD, VisitState.MINUTES_DRAFTED,
                                       VisitState.CONCLUDED)


class Priority(LabelledEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"low": N_("Low"), "normal": N_("Normal"), "high": N_("High")}


class DocumentKind(LabelledEnum):
    MINUTES = "minutes"
    CONCLUSION = "conclusion"
    FOLLOWUP_REPORT = "followup_report"
    REMINDER = "reminder"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "minutes": N_("Minutes of the working session"),
            "conclusion": N_("Conclusion notice"),
            "followup_report": N_("Follow-up report"),
            "reminder": N_("Reminder letter"),
            "other": N_("Other document"),
        }
