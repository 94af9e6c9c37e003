"""Two people importing the same letter at the same moment get one set of actions."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from bot.actions.service import Actor
from bot.clock import FixedClock
from bot.config import Settings
from bot.errors import Conflict
from bot.imports.plan import ImportOptions, ImportResult
from bot.services import Services, build_services
from tests.conftest import BACKENDS

BOARD = "Performance and Risk Oversight Board"
SECRETARY = Actor("USEC", is_secretary=True)
TABLE = "No.\tAction\tTiming\tLead\n" + "".join(
    f"{n}\tMPS to send report {n}.\tAugust 2022\tMPS\n" for n in range(1, 16)
)


def process(url: str, *, migrate: bool = False) -> Services:
    """One process's worth of services: its own engine and connection pool."""
    settings = Settings(_env_file=None, database_url=url, secretary_user_ids=["USEC"])
    return build_services(
        settings, clock=FixedClock(datetime(2022, 7, 25, tzinfo=UTC)), migrate=migrate
    )


def race(first: Services, second: Services) -> list[ImportResult | BaseException]:
    options = ImportOptions(BOARD, source_ref="PROB-2022-06")
    plans = [
        s.imports.preview(s.imports.read_text(TABLE), options, by=SECRETARY)
        for s in (first, second)
    ]
    barrier = threading.Barrier(2)
    outcomes: list[ImportResult | BaseException] = []

    def run(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        try:
            outcomes.append(services.imports.apply(plan, by=SECRETARY))
        except BaseException as exc:
            outcomes.append(exc)

    threads = [
        threading.Thread(target=run, args=pair) for pair in zip((first, second), plans, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
@pytest.mark.parametrize("board_exists", [True, False])
def test_concurrent_imports_of_one_letter_write_it_once(fresh_database, board_exists):
    setup = process(fresh_database.url, migrate=True)
    first, second = process(fresh_database.url), process(fresh_database.url)
    try:
        # A known lead, so that creating it cannot be what tells the two imports apart.
        setup.leads.map_users(SECRETARY, "MPS", user_ids=["UMPS"], aliases=[])
        if board_exists:
            setup.imports.apply(
                setup.imports.preview(
                    setup.imports.read_text("No.\tAction\tLead\nA\tKeep minutes.\tMOPAC\n"),
                    ImportOptions(BOARD, source_ref="OTHER"),
                    by=SECRETARY,
                ),
                by=SECRETARY,
            )
        outcomes = race(first, second)
        results = [o for o in outcomes if isinstance(o, ImportResult)]
        refused = [o for o in outcomes if not isinstance(o, ImportResult)]
        assert len(results) == 1 and len(results[0].created) == 15
        assert len(refused) == 1 and isinstance(refused[0], Conflict), refused
        total = setup.actions.find(SECRETARY, state="all", board=BOARD).total
        assert total == 15 + board_exists
    finally:
        for services in (setup, first, second):
            services.engine.dispose()
