"""A database of a benchmark's own: a temporary SQLite file, or a new database on a
PostgreSQL server, dropped afterwards."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextmanager
def scratch_database(server: str | None) -> Iterator[str]:
    """The URL of an empty database: on `server` (a PostgreSQL URL), or SQLite without one."""
    if not server:
        with tempfile.TemporaryDirectory(prefix="actionbot-bench-") as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    name = f"actionbot_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
