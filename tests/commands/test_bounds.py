"""Every number a user types is bounded: a huge one gets a message, never an error page."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.commands import Context
from bot.commands.execute import execute
from bot.commands.replies import Notice
from bot.console.render import render

HUGE = "9" * 40
TEMPLATES = [
    "list page:{n}",
    "list all page:{n}",
    "show {n}",
    "show #{n}",
    "done {n} sent",
    "update {n} status:done",
    "reopen {n}",
    "remind {n}",
    "add Test lead:MPS no:{n}",
    "add Test lead:MPS due:31/12/{n}",
    'add Test lead:MPS due:"Q{n} 2023"',
    "list meeting:{n}-01-01",
    'update 1 due:"By {n} December 2023"',
]


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_huge_number_gets_a_clear_message_and_changes_nothing(services, template):
    context = Context("USEC", services)
    reply = execute(template.format(n=HUGE), context)
    assert isinstance(reply, Notice) and reply.error, render(reply)
    assert "Something went wrong" not in render(reply)
    assert "All actions (0," in render(execute("list all", context))


def test_a_page_past_the_limit_names_the_limit(services):
    reply = render(execute(f"list page:{HUGE}", Context("USEC", services)))
    assert "pages go up to 100,000" in reply


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    number=st.integers(min_value=-(10**30), max_value=10**30),
    template=st.sampled_from(["list page:{n}", "show {n}", "done {n}", "reopen {n}"]),
)
def test_any_integer_is_answered_without_an_unexpected_error(services, number, template):
    reply = execute(template.format(n=number), Context("USEC", services))
    assert "Something went wrong" not in render(reply)
