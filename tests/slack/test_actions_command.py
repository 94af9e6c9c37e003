"""The /actions command through the real bolt app over HTTP, against a fake Slack Web API."""

from __future__ import annotations

import re
import time

from bot.config import Settings
from bot.slack.client import build_client
from tests.fakes.signing import slash_command_body


def added_id(bot, text: str) -> int:
    """Add an action and return the id the bot gave it."""
    reply = bot.command("add " + text)
    match = re.search(r"Added #(\d+)", bot.text(reply))
    assert match, bot.text(reply)
    return int(match.group(1))


def test_add_list_done_round_trip(bot):
    reply = bot.command('add Provide the SSO report lead:MPS due:"August 2022"')
    assert reply["response_type"] == "ephemeral"
    action_id = int(re.search(r"Added #(\d+)", bot.text(reply)).group(1))

    listed = bot.command("list lead:MPS")
    text = bot.text(listed)
    assert "Provide the SSO report" in text
    assert "due 31 August 2022" in text

    done = bot.command(f"done {action_id} sent")
    assert f"Done: #{action_id}" in bot.text(done)
    shown = bot.command(f"show #{action_id}")
    history = bot.text(shown)
    assert "status: open → done — sent" in history
    assert "<@USEC> created it" in history


def test_a_forged_signature_is_refused_and_changes_nothing(bot):
    body = slash_command_body(
        "add Forged action lead:MPS", user_id="USEC", response_url=bot.slack.response_url()
    )
    status, _ = bot.post(body, secret="not-the-secret")
    assert status == 401
    listed = bot.command("list all")
    assert "Forged action" not in bot.text(listed)
    assert "0 action(s)" in bot.text(listed)


def test_a_stale_signature_is_refused(bot):
    status = bot.send_command("add Stale action lead:MPS", timestamp=int(time.time()) - 600)
    assert status == 401
    assert "Stale action" not in bot.text(bot.command("list all"))


def test_bad_input_gets_an_ephemeral_explanation(bot):
    reply = bot.command('add Provide the report lead:MPS due:"soonish"')
    text = bot.text(reply)
    assert "soonish" in text and "is not a date or timing" in text
    assert reply["response_type"] == "ephemeral"
    listed = bot.command("list all")
    assert "0 action(s)" in bot.text(listed)


def test_user_text_cannot_ping_the_channel(bot):
    reply = bot.command("add Tell <!channel> and <@U999> about it lead:MPS")
    text = bot.text(reply)
    assert "&lt;!channel&gt;" in text
    assert "<!channel>" not in text
    assert "<@U999>" not in text


def test_only_secretaries_and_mapped_leads_may_change(bot):
    action_id = added_id(bot, 'Provide the SSO report lead:MPS due:"August 2022"')
    refused = bot.command(f"done {action_id}", user="UOTHER")
    assert "only a board secretary can change it" in bot.text(refused)
    shown = bot.command(f"show {action_id}", user="UOTHER")
    assert "Open" in bot.text(shown)
    bot.command("lead MPS <@UALICE|alice>")
    allowed = bot.command(f"update {action_id} status:in-progress drafting", user="UALICE")
    assert f"Updated #{action_id}" in bot.text(allowed)
    lead_change = bot.command(f"update {action_id} lead:MOPAC", user="UALICE")
    assert "Only a board secretary can change who leads" in bot.text(lead_change)


def test_an_unexpected_error_shows_a_reference(bot, monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(bot.services.actions, "find", explode)
    reply = bot.command("list")
    text = bot.text(reply)
    assert "Something went wrong (ref " in text
    ref = text.split("(ref ")[1][:6]
    assert any(ref in r.getMessage() and r.exc_info for r in caplog.records)


def test_long_lists_are_paginated_within_block_limits(bot):
    for n in range(23):
        bot.command(f'add Action number {n} lead:MPS due:"31/12/2022"')
    first = bot.command("list")
    assert len(first["blocks"]) <= 50
    assert "page 1 of 3" in bot.text(first)
    assert "/actions list open page:2" in bot.text(first)
    last = bot.command("list page:3")
    assert "Action number 22" in bot.text(last)


def test_settings_point_the_client_at_the_configured_api(slack):
    settings = Settings(_env_file=None, slack_bot_token="xoxb-x", slack_api_url=slack.api_url)
    build_client(settings).auth_test()
    assert slack.called("auth.test")[0].headers["Authorization"] == "Bearer xoxb-x"
