"""Engine and session factory: one engine per process, sessions that keep objects readable."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.errors import Unavailable

log = logging.getLogger("bot.db")
SQLITE_CONNECTIONS = 4


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        connect_args = kwargs.pop("connect_args", {})
        # Several threads (the web server's and the scheduler's) share the file; wait for a
        # writer rather than failing at once.
        connect_args.setdefault("timeout", 30)
        if make_url(url).database not in (None, "", ":memory:"):
            # Each connection keeps its own page cache (2 MB): a few serve a process's threads
            # as fast as many, since SQLite runs one writer at a time on one file.
            kwargs.setdefault("pool_size", SQLITE_CONNECTIONS)
            kwargs.setdefault("max_overflow", 0)
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        # pre_ping replaces connections the server dropped, so the bot recovers by itself.
        engine = create_engine(url, pool_pre_ping=True, **kwargs)
    event.listen(engine, "handle_error", _unavailable)
    return engine


def _unavailable(context: ExceptionContext) -> None:
    """A database that cannot be reached becomes one plain `Unavailable`, not a traceback."""
    if context.is_pre_ping:
        return  # the pool reconnects on its own
    if context.connection is None or context.is_disconnect:
        cause = first_line(context.original_exception)
        log.warning("database unavailable: %s", cause)
        raise Unavailable(cause) from context.original_exception


def first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def describe_url(url: str) -> str:
    """The URL as it may be shown: without its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL is shown only by its scheme
        return url.split(":", 1)[0] + ":…"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # Services return ORM objects to the command layer after the transaction ends.
    return sessionmaker(engine, expire_on_commit=False)
