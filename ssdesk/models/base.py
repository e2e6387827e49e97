"""What every table shares: the naming convention, ids and timestamps, the optimistic lock, enum columns."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    DateTime,
    Integer,
    MetaData,
    String,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

if TYPE_CHECKING:
    pass


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def enum_column(enum_cls: type[enum.Enum], **kw: Any) -> Any:
    return mapped_column(
        SAEnum(enum_cls, native_enum=False, values_callable=lambda e: [m.value for m in e], length=32,
               validate_strings=True),
        **kw,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Entity(Base):
    """Common columns; abstract.

    ``row_version`` is the optimistic lock (office server mode: several people edit one database): every UPDATE of a
    row checks that it still has the version this session read and raises it by one, so a change made by someone
    else in between is reported (:class:`ssdesk.errors.ConflictError`), never overwritten. The services take the
    version the user opened as ``expected_version``. Not in the exchange format, not audited, not in merge digests.
    (Not ``version``: :class:`IssuedDocument` has a field of that name.)"""

    __abstract__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    row_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - declarative directive
        return {"version_id_col": cls.__table__.c.row_version}
