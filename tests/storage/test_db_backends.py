"""Storage runs on SQLite always and on PostgreSQL when FIELDNOTES_TEST_DB is set."""

import pytest
from sqlalchemy import Engine, inspect, select, text

from fieldnotes.storage.db import migrate, session_scope, table_names
from fieldnotes.storage.models import Base, Event, Note, Project


def test_db_migrations_create_every_model_table(engine: Engine) -> None:
    assert set(Base.metadata.tables) <= set(table_names(engine))
    assert "alembic_version" in table_names(engine)


def test_db_migrations_match_the_models(engine: Engine) -> None:
    """Autogenerate finds nothing to add: the migrations and the models agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_db_migrate_is_idempotent(engine: Engine) -> None:
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from alembic_version")).scalar() == 1


def test_db_constraints_follow_naming_convention(engine: Engine) -> None:
    fks = inspect(engine).get_foreign_keys("note")
    assert any(fk["name"] == "fk_note_project_id_project" for fk in fks)


def test_db_text_round_trips_exactly(engine: Engine) -> None:
    weird = "Tabs\tand CRLF\r\nemoji 🎉 <img src=x onerror=alert(1)> </script> ĳ Ærø"
    with session_scope(engine) as s:
        p = Project(name="p")
        s.add(p)
        s.flush()
        s.add(Note(project_id=p.id, text=weird))
    with session_scope(engine) as s:
        assert s.scalar(select(Note.text)) == weird


def test_db_transaction_rolls_back_on_error(engine: Engine) -> None:
    with pytest.raises(RuntimeError), session_scope(engine) as s:
        s.add(Project(name="half"))
        s.flush()
        raise RuntimeError("boom")
    with session_scope(engine) as s:
        assert s.scalar(select(Project).where(Project.name == "half")) is None


def test_db_event_log_is_append_only(engine: Engine) -> None:
    with session_scope(engine) as s:
        s.add(Event(actor="a", action="x", entity="note", payload={}))
    with pytest.raises(RuntimeError, match="append-only"), session_scope(engine) as s:
        ev = s.scalar(select(Event))
        ev.actor = "someone else"
    with pytest.raises(RuntimeError, match="append-only"), session_scope(engine) as s:
        s.delete(s.scalar(select(Event)))


def test_db_foreign_keys_are_enforced(engine: Engine) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(Note(project_id=999_999, text="orphan"))
        s.flush()


def test_db_sqlite_uses_wal(sqlite_url: str) -> None:
    from fieldnotes.storage.db import get_engine

    with get_engine(sqlite_url).connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
