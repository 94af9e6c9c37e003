"""`/actions add` with nothing after it: Slack opens a form; the shell says what to type."""

from __future__ import annotations

from bot.commands import Context
from bot.commands.execute import execute
from bot.console.render import render


def test_add_alone_in_the_shell_says_how_to_type_the_action(services):
    text = render(execute("add", Context("USEC", services)))
    assert "In Slack, /actions add on its own opens a form" in text
    assert '/actions add Provide the SSO report lead:MPS due:"August 2022"' in text
    assert services.actions.find(services.caller("USEC"), state="all").total == 0


def test_help_says_add_alone_opens_a_form(services):
    text = render(execute("help", Context("USEC", services)))
    assert "/actions add alone opens a form" in text
