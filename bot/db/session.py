"""Engine and session factory: one engine per process, sessions that keep objects readable."""

from __future__ import annotations

import logging
import time
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from bot.errors import Unavailable

log = logging.getLogger("bot.db")
SQLITE_CONNECTIONS = 4
# A database server's connection that has been idle this long is asked whether it is alive
# before it is used (a round trip); one in use a moment ago is not.
PING_AFTER_IDLE_SECONDS = 2.0


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
        engine = create_engine(url, **kwargs)
        _ping_when_idle(engine)
        if engine.dialect.driver == "psycopg":
            from bot.db.postgresql import send_ints_as_integer

            event.listen(engine, "connect", send_ints_as_integer)
    event.listen(engine, "handle_error", _unavailable)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Replace connections the server dropped while they sat in the pool, so the bot recovers by
    itself after the database restarts. Unlike `pool_pre_ping`, which asks before every use, a
    connection given back a moment ago is used as it is: under load that saves one round trip
    of the five or six a list or a card makes. If the server drops a connection within those
    seconds, the next command on it is answered "try again" and changes nothing; the pool
    replaces it."""
    dialect = engine.dialect

    def checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is not None and time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            raise DisconnectionError(first_line(exc)) from exc  # the pool connects again

    event.listen(engine, "checkin", checkin)
    event.listen(engine, "checkout", checkout)


def _unavailable(context: ExceptionContext) -> None:
    """A database that cannot be reached becomes one plain `Unavailable`, not a traceback."""
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


def reading(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    """Sessions for work that only reads: on PostgreSQL, its statements run without a BEGIN and
    a COMMIT around them (two round trips a command). Each statement sees what was committed
    when it began, as it does inside a READ COMMITTED transaction. SQLite begins no
    transaction for reading anyway."""
    engine = sessions.kw.get("bind")
    if not isinstance(engine, Engine) or engine.dialect.name != "postgresql":
        return sessions
    return sessionmaker(
        engine.execution_options(isolation_level="AUTOCOMMIT"),
        **{key: value for key, value in sessions.kw.items() if key != "bind"},
    )
