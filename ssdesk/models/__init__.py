"""The case file's schema as typed SQLAlchemy 2 models.

Rules that every table follows, and why:
- text UUID primary keys, so records made on two laptops never collide and can be merged by id;
- ``created_at``/``updated_at`` (UTC) on every row, so a merge can tell which side changed what since they parted;
- closed vocabularies are stored as their English value (``ssdesk.enums``), never as a translated label;
- child rows (attendees, statements, …) are owned by their visit and go with it; rows that other data points at
  (units, persons, delegations) are protected by ``ON DELETE RESTRICT`` and the services say what depends on them.

The models live in one module per family (:mod:`.base`, :mod:`.catalog`, :mod:`.visits`, :mod:`.files`,
:mod:`.followup`); every name is re-exported here, so ``from ssdesk.models import X`` is the one way to import them
and importing this package registers every table on ``Base.metadata``.
"""

from ssdesk.models.base import NAMING, Base, Entity, enum_column, new_id, utcnow
from ssdesk.models.catalog import Delegation, DelegationMember, Indicator, Person, Plan, Programme, Unit, UnitSuccession
from ssdesk.models.files import (
    Attachment,
    AttachmentBlob,
    AuditEntry,
    IssuedDocument,
    MergeBase,
    Meta,
    read_meta,
    write_meta,
)
from ssdesk.models.followup import ImportedRow, RecheckEntry, ReportingSchedule, SavedFilter
from ssdesk.models.visits import Attendee, Finding, FollowUp, IndicatorResult, Recommendation, Statement, Visit

__all__ = [
    "NAMING", "new_id", "utcnow", "enum_column", "Base", "Entity", "Programme", "Indicator", "Plan", "Person",
    "Delegation", "DelegationMember", "Unit", "UnitSuccession", "Visit", "Attendee", "IndicatorResult", "Statement",
    "Finding", "Recommendation", "FollowUp", "Attachment", "AttachmentBlob", "IssuedDocument", "AuditEntry", "Meta",
    "read_meta", "write_meta", "MergeBase", "ReportingSchedule", "RecheckEntry", "SavedFilter", "ImportedRow",
]
