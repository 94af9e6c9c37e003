"""Forty people naming the same new lead or board at once: every command works, one is made."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from pydantic import SecretStr

from bot.commands import Context
from bot.commands.execute import execute
from bot.commands.replies import Notice
from bot.console.render import render
from bot.services import build_services
from tests.conftest import BACKENDS

PEOPLE = 40


@pytest.mark.parametrize("fresh_database", BACKENDS, indirect=True)
def test_the_same_new_lead_and_board_named_at_once(settings, fresh_database):
    settings = settings.model_copy(
        update={"database_url": SecretStr(fresh_database.url), "secretary_user_ids": []}
    )
    services = build_services(settings)
    try:

        def add(n: int) -> str:
            reply = execute(
                f'add Action {n} lead:"Race Lead" board:"Race Board"', Context(f"U{n}", services)
            )
            assert not (isinstance(reply, Notice) and reply.error), render(reply)
            return render(reply)

        with ThreadPoolExecutor(PEOPLE) as pool:
            replies = list(pool.map(add, range(PEOPLE)))
        assert all("Added #" in reply for reply in replies)
        assert sum("New board Race Board created" in reply for reply in replies) == 1
        leads = render(execute("leads", Context("U0", services)))
        assert leads.count("Race Lead") == 1
        listed = render(
            execute('list lead:"Race Lead" board:"Race Board" page:4', Context("U0", services))
        )
        assert f"({PEOPLE}, page 4 of 4)" in listed
    finally:
        services.engine.dispose()
