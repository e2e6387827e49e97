"""Alembic environment: always handed an open connection by ``ssdesk.migrations.upgrade`` (or the dev CLI)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from ssdesk.models import Base

config = context.config
target_metadata = Base.metadata


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Autogenerate must not offer to drop the tables the ORM does not map (the FTS search index)."""
    return not (type_ == "table" and reflected and name is not None and name.startswith("search_"))


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # developer use: `alembic -x db=path.ssdesk revision --autogenerate`
        url = context.get_x_argument(as_dictionary=True).get("db", "sqlite:///dev.ssdesk")
        if "://" not in url:
            url = f"sqlite:///{url}"
        engine = create_engine(url)
        with engine.begin() as conn:
            context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True,
                              include_object=include_object)
            context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      transaction_per_migration=False)
    context.run_migrations()


run()
