"""Files and documents kept in the case file (attachments, issued documents), and the file's own records:
audit log, metadata, merge bases."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ssdesk.enums import (
    Classification,
    DocumentKind,
)
from ssdesk.models.base import Base, Entity, enum_column, new_id, utcnow

if TYPE_CHECKING:
    from ssdesk.models.visits import FollowUp


# --- files and documents ----------------------------------------------------------------------------------------


class Attachment(Entity):
    """A file kept inside the case file. Its bytes live in ``attachment_blob`` so that lists never load them."""

    __tablename__ = "attachment"

    name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(128))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[str | None] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"),
                                                          index=True)
    follow_up_id: Mapped[str | None] = mapped_column(ForeignKey("follow_up.id", ondelete="CASCADE"), index=True)

    follow_up: Mapped[FollowUp | None] = relationship(back_populates="attachments")
    blob: Mapped[AttachmentBlob] = relationship(cascade="all, delete-orphan", single_parent=True, lazy="select")
    blob_id: Mapped[str] = mapped_column(ForeignKey("attachment_blob.id", ondelete="RESTRICT"))


class AttachmentBlob(Entity):
    __tablename__ = "attachment_blob"

    content: Mapped[bytes] = mapped_column(LargeBinary)


class IssuedDocument(Entity):
    """A numbered, signed document. Its PDF is frozen in an attachment; a later edit makes a new version."""

    __tablename__ = "issued_document"

    kind: Mapped[DocumentKind] = enum_column(DocumentKind)
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id", ondelete="RESTRICT"), index=True)
    delegation_id: Mapped[str | None] = mapped_column(ForeignKey("delegation.id", ondelete="RESTRICT"), index=True)
    number: Mapped[str | None] = mapped_column(String(64))  # "125-TB/TU"
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(128))  # "Hà Nội"
    subject: Mapped[str | None] = mapped_column(Text)
    signing_authority: Mapped[str | None] = mapped_column(String(128))  # "T/M BAN THƯỜNG VỤ"
    signer_position: Mapped[str | None] = mapped_column(String(128))  # "PHÓ BÍ THƯ"
    signer_name: Mapped[str | None] = mapped_column(String(255))
    recipients: Mapped[str | None] = mapped_column(Text)  # one per line
    version: Mapped[int] = mapped_column(Integer, default=1)
    profile: Mapped[str | None] = mapped_column(String(64))  # document-format profile: "party-36-2018"
    classification: Mapped[Classification] = enum_column(Classification, default=Classification.NORMAL)
    attachment_id: Mapped[str | None] = mapped_column(ForeignKey("attachment.id", ondelete="RESTRICT"))
    sha256: Mapped[str | None] = mapped_column(String(64))

    attachment: Mapped[Attachment | None] = relationship()


class AuditEntry(Base):
    """Who changed what, when. Written by the store for every flush; never edited."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(8))  # insert / update / delete
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str | None] = mapped_column(String(64))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)


class Meta(Base):
    """Key/value facts about the file itself (which app made it, its id, when it was created)."""

    __tablename__ = "ssdesk_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def read_meta(session: Session, key: str) -> str | None:
    """The value of ``key`` in ``ssdesk_meta``, read through the table (SQL, not the mapped class).

    Why not ``session.get(Meta, key)``: opening a file reads its metadata, and the first ORM query of a process
    configures every mapper (~40 ms of a 0.6 s start, issue 15). Through the table the start-up shows the window
    first; the mappers are configured on first real use."""
    table = Meta.metadata.tables[Meta.__tablename__]
    return session.execute(select(table.c.value).where(table.c.key == key)).scalar_one_or_none()


def write_meta(session: Session, key: str, value: str) -> None:
    """Set ``key`` to ``value`` (insert or replace), through the table for the reason :func:`read_meta` gives."""
    table = Meta.metadata.tables[Meta.__tablename__]
    if read_meta(session, key) is None:
        session.execute(insert(table).values(key=key, value=value))
    else:
        session.execute(update(table).where(table.c.key == key).values(value=value))


class MergeBase(Base):
    """Merge bookkeeping: per peer file (its ``file_id``), the digest each record had in this file right after the
    last merge with it (NULL: absent). A record whose digest differs now was changed here since that merge, so a
    change from the peer to it is a conflict, not an overwrite (``ssdesk.safety.merge``)."""

    __tablename__ = "merge_base"

    peer_file_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(64), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    digest: Mapped[str | None] = mapped_column(String(64))
