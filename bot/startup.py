"""What every entry point does first: read the settings, set up logging, explain failures."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable

from pydantic import ValidationError

from bot.config import Settings
from bot.errors import Unavailable


def load_settings() -> Settings | None:
    """The settings, or None after printing what is wrong with them."""
    try:
        return Settings()
    except ValidationError as exc:
        print("The settings are not valid:\n" + _explain(exc), file=sys.stderr)
        return None


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s",
    )
    if settings.log_level != "DEBUG":
        logging.getLogger("alembic").setLevel(logging.WARNING)


def with_database(settings: Settings, run: Callable[[], int]) -> int:
    """Run `run`; a database that cannot be opened ends it with one sentence and exit code 1."""
    try:
        return run()
    except Unavailable as exc:
        from bot.db.session import describe_url

        url = describe_url(settings.database_url.get_secret_value())
        print(
            f"actionbot could not open the database DATABASE_URL={url}: {exc.cause}. Check "
            "the setting, and that the database server is running and reachable.",
            file=sys.stderr,
        )
        return 1


def keep_what_started() -> None:
    """Take what the process built at start (its modules, mappers and app) out of the cyclic
    garbage collector's sight, for good.

    A full collection walks every object the collector tracks, and holds every thread of the
    process while it does: in a built web worker about 125,000 objects and 55-80 ms of CPU,
    once every few thousand requests under load, each time holding up every request in flight.
    What was built at start lives as long as the process, so there is nothing there to find.
    Called once the app is built, before the first request."""
    gc.collect()
    gc.freeze()


def _explain(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]).upper()
        lines.append(f"  {name}: {error['msg']}")
    return "\n".join(lines)
