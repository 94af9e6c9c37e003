"""Apply the Alembic migrations that ship inside the package."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from bot.errors import Unavailable

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database at `engine` up to `revision`, on the engine's own connection."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revisions(engine: Engine) -> tuple[str, ...]:
    with engine.connect() as connection:
        return tuple(MigrationContext.configure(connection).get_current_heads())


@cache
def head_revisions() -> tuple[str, ...]:
    return tuple(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def readiness_problem(engine: Engine) -> str | None:
    """Why the database cannot serve this build yet, or None when it can."""
    try:
        current = current_revisions(engine)
    except Unavailable as exc:
        return f"the database is not answering ({exc.cause})"
    if sorted(current) != sorted(head_revisions()):
        have = ", ".join(current) or "none"
        return (
            f"the database schema is at revision {have}, this version needs "
            f"{', '.join(head_revisions())}: run `actionbot db upgrade`"
        )
    return None
