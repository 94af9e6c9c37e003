"""The /actions command through the real bolt app over HTTP, against a fake Slack Web API."""

from __future__ import annotations

import json
import re
import time

import pytest

from bot.config import Settings
from bot.services import build_services
from bot.slack.app import build_app
from bot.slack.client import build_client
from tests.fakes.http_app import BoltHTTP
from tests.fakes.signing import signature_headers, slash_command_body
from tests.fakes.slack_api import FakeSlack

SECRET = "test-secret"


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def bot(settings, clock, migrated_engine, sessions, slack):
    settings = settings.model_copy(update={"slack_api_url": slack.api_url})
    services = build_services(settings, clock=clock, engine=migrated_engine, sessions=sessions,
                              migrate=False)
    app = build_app(settings, services, client=build_client(settings))
    with BoltHTTP(app) as server:
        yield Bot(server, slack, services)


class Bot:
    def __init__(self, server: BoltHTTP, slack: FakeSlack, services) -> None:
        self.server, self.slack, self.services = server, slack, services
        self._sent = 0

    def command(self, text: str, user: str = "USEC", *, secret: str = SECRET,
                timestamp: int | None = None) -> tuple[int, dict | None]:
        """Send a signed /actions; return the HTTP status and the reply posted to response_url."""
        body = slash_command_body(text, user_id=user, response_url=self.slack.response_url())
        status, _ = self.server.post(body, signature_headers(secret, body, timestamp))
        if status != 200:
            return status, None
        self._sent += 1
        reply = self.slack.wait_for("response_url", self._sent)[-1]
        return status, reply.args

    def all_text(self, reply: dict) -> str:
        return json.dumps(reply["blocks"], ensure_ascii=False)

    def add(self, text: str) -> int:
        """Add an action and return the id the bot gave it."""
        _, reply = self.command("add " + text)
        match = re.search(r"Added #(\d+)", self.all_text(reply))
        assert match, self.all_text(reply)
        return int(match.group(1))


def test_add_list_done_round_trip(bot):
    status, reply = bot.command('add Provide the SSO report lead:MPS due:"August 2022"')
    assert status == 200
    assert reply["response_type"] == "ephemeral"
    action_id = int(re.search(r"Added #(\d+)", bot.all_text(reply)).group(1))

    _, listed = bot.command("list lead:MPS")
    text = bot.all_text(listed)
    assert "Provide the SSO report" in text
    assert "due 31 August 2022" in text

    _, done = bot.command(f"done {action_id} sent")
    assert f"Done: #{action_id}" in bot.all_text(done)
    _, shown = bot.command(f"show #{action_id}")
    history = bot.all_text(shown)
    assert "status: open → done — sent" in history
    assert "<@USEC> created it" in history


def test_a_forged_signature_is_refused_and_changes_nothing(bot):
    body = slash_command_body("add Forged action lead:MPS", user_id="USEC",
                              response_url=bot.slack.response_url())
    status, _ = bot.server.post(body, signature_headers("not-the-secret", body))
    assert status == 401
    _, listed = bot.command("list all")
    assert "Forged action" not in bot.all_text(listed)
    assert "0 action(s)" in bot.all_text(listed)


def test_a_stale_signature_is_refused(bot):
    status, reply = bot.command("add Stale action lead:MPS", timestamp=int(time.time()) - 600)
    assert status == 401
    assert reply is None


def test_bad_input_gets_an_ephemeral_explanation(bot):
    _, reply = bot.command('add Provide the report lead:MPS due:"soonish"')
    text = bot.all_text(reply)
    assert "soonish" in text and "is not a date or timing" in text
    assert reply["response_type"] == "ephemeral"
    _, listed = bot.command("list all")
    assert "0 action(s)" in bot.all_text(listed)


def test_user_text_cannot_ping_the_channel(bot):
    _, reply = bot.command("add Tell <!channel> and <@U999> about it lead:MPS")
    text = bot.all_text(reply)
    assert "&lt;!channel&gt;" in text
    assert "<!channel>" not in text
    assert "<@U999>" not in text


def test_only_secretaries_and_mapped_leads_may_change(bot):
    action_id = bot.add('Provide the SSO report lead:MPS due:"August 2022"')
    _, refused = bot.command(f"done {action_id}", user="UOTHER")
    assert "only a board secretary can change it" in bot.all_text(refused)
    _, shown = bot.command(f"show {action_id}", user="UOTHER")
    assert "Open" in bot.all_text(shown)
    bot.command("lead MPS <@UALICE|alice>")
    _, allowed = bot.command(f"update {action_id} status:in-progress drafting", user="UALICE")
    assert f"Updated #{action_id}" in bot.all_text(allowed)
    _, lead_change = bot.command(f"update {action_id} lead:MOPAC", user="UALICE")
    assert "Only a board secretary can change who leads" in bot.all_text(lead_change)


def test_an_unexpected_error_shows_a_reference(bot, monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(bot.services.actions, "list", explode)
    _, reply = bot.command("list")
    text = bot.all_text(reply)
    assert "Something went wrong (ref " in text
    ref = text.split("(ref ")[1][:6]
    assert any(ref in r.getMessage() and r.exc_info for r in caplog.records)


def test_long_lists_are_paginated_within_block_limits(bot):
    for n in range(23):
        bot.command(f'add Action number {n} lead:MPS due:"31/12/2022"')
    _, first = bot.command("list")
    assert len(first["blocks"]) <= 50
    assert "page 1 of 3" in bot.all_text(first)
    assert "/actions list open page:2" in bot.all_text(first)
    _, last = bot.command("list page:3")
    assert "Action number 22" in bot.all_text(last)


def test_settings_point_the_client_at_the_configured_api(slack):
    settings = Settings(_env_file=None, slack_bot_token="xoxb-x", slack_api_url=slack.api_url)
    build_client(settings).auth_test()
    assert slack.called("auth.test")[0].headers["Authorization"] == "Bearer xoxb-x"
