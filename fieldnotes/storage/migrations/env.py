"""Alembic environment: runs on the connection handed over by `fieldnotes.storage.db.migrate`."""

from alembic import context
from sqlalchemy import create_engine

from fieldnotes.config import database_url
from fieldnotes.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    """Migrate on the given connection, or on FIELDNOTES_DB_URL when run from the alembic CLI."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(database_url())
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
