"""python -m jobs: run the scheduled jobs alone, as `actionbot scheduler` and `actionbot run` do."""

import sys

from bot.startup import configure_logging, load_settings, with_database
from jobs.scheduler import run_scheduler

if __name__ == "__main__":
    settings = load_settings()
    if settings is None:
        sys.exit(2)
    configure_logging(settings)
    ready = settings
    sys.exit(with_database(ready, lambda: run_scheduler(ready)))
