"""Digests as Slack sees them: Block Kit within limits, and sweeps against the fake Web API."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime

import pytest

from bot.clock import FixedClock
from bot.reminders.digest import Digest, DigestItem
from bot.services import Services
from bot.slack.blocks.digest import build_digest_messages
from tests.annex_a import AUGUST_ITEMS, SECRETARY, add_annex_a
from tests.fakes.slack_api import FakeSlack


def item(number: int, days_left: int = 7, description: str = "Provide the report.") -> DigestItem:
    return DigestItem(
        delivery_id=number,
        action_id=number,
        description=description,
        due=date(2022, 8, 31),
        days_left=days_left,
        timing="August 2022",
        leads="MPS",
        board="Performance and Risk Oversight Board",
        item_no=str(number),
        rule="before-7",
    )


def all_text(blocks: list[dict] | str) -> str:
    return blocks if isinstance(blocks, str) else json.dumps(blocks, ensure_ascii=False)


def test_a_digest_groups_items_and_shows_id_timing_board_and_a_hint() -> None:
    digest = Digest("U1", date(2022, 8, 24), (item(2, 7), item(3, -2), item(4, 0)))
    [message] = build_digest_messages(digest)
    text = all_text(message.blocks)
    assert text.index("Overdue") < text.index("Due today") < text.index("Coming up")
    assert "*#2* · due in 7 days · 31 August 2022 (August 2022)" in text
    assert "overdue by 2 days" in text
    assert "Performance and Risk Oversight Board, item 2" in text
    assert "/actions update 2" in text
    assert sorted(message.delivery_ids) == [2, 3, 4]
    assert message.text == "Action reminders: 1 overdue, 1 due today, 1 coming up"


def test_user_text_is_escaped_so_it_cannot_ping_or_link() -> None:
    digest = Digest("U1", date(2022, 8, 24), (item(1, description="Tell <!channel> & <@U9>"),))
    text = all_text(build_digest_messages(digest)[0].blocks)
    assert "<!channel>" not in text and "&lt;!channel&gt; &amp; &lt;@U9&gt;" in text


def test_long_digests_split_into_messages_within_block_kit_limits() -> None:
    items = tuple(item(n, days_left=n % 9 - 4, description="x" * 2500) for n in range(1, 121))
    messages = build_digest_messages(Digest("U1", date(2022, 8, 24), items))
    assert len(messages) > 2
    for message in messages:
        assert len(message.blocks) <= 50
        for block in message.blocks:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= 3000
    carried = [i for m in messages for i in m.delivery_ids]
    assert sorted(carried) == list(range(1, 121))
    # Every action keeps its own buttons, whichever message it lands in.
    buttons = [b["block_id"] for m in messages for b in m.blocks if b["type"] == "actions"]
    assert sorted(buttons) == sorted(f"buttons-{n}" for n in range(1, 121))
    assert "(1 of" in messages[0].blocks[0]["text"]["text"]


@pytest.fixture
def slack() -> FakeSlack:
    with FakeSlack() as fake:
        for user in ("U1", "U2", "USEC"):
            fake.add_user(user)
        yield fake


def posts_by_channel(slack: FakeSlack) -> Counter:
    """Answered posts by the channel they landed in."""
    return Counter(slack.landed_in(call) for call in slack.answered("chat.postMessage"))


def test_a_sweep_posts_one_digest_to_each_leads_dm_despite_429_and_500(
    slack_services: Services, clock: FixedClock, slack: FakeSlack
) -> None:
    slack_services.leads.map_users(SECRETARY, "MPS", user_ids=["U1", "U2"], aliases=[])
    add_annex_a(slack_services)
    slack.fail_next("chat.postMessage", 429, "ratelimited", headers={"Retry-After": "1"})
    slack.fail_next("users.info", 500)
    clock.set(datetime.fromisoformat("2022-08-24T09:30:00+01:00"))
    report = slack_services.reminders.send_due()
    assert report.failed == []
    assert slack.called("conversations.open") == []  # a post to a user id opens the DM itself
    assert posts_by_channel(slack) == {"DU1": 1, "DU2": 1}
    assert len(slack.called("chat.postMessage")) == 3  # one answered 429, then retried
    for call in slack.answered("chat.postMessage"):
        assert all_text(call.args["blocks"]).count("due in 7 days") == len(AUGUST_ITEMS)
    clock.set(datetime.fromisoformat("2022-08-24T09:45:00+01:00"))
    assert slack_services.reminders.send_due().nothing_happened
    assert posts_by_channel(slack) == {"DU1": 1, "DU2": 1}


def test_a_deactivated_lead_is_named_to_the_secretary_by_dm(
    slack_services: Services, clock: FixedClock, slack: FakeSlack
) -> None:
    slack.add_user("U2", deleted=True)
    slack_services.leads.map_users(SECRETARY, "MPS", user_ids=["U1", "U2"], aliases=[])
    add_annex_a(slack_services)
    clock.set(datetime.fromisoformat("2022-08-24T09:30:00+01:00"))
    slack_services.reminders.send_due()
    assert posts_by_channel(slack) == {"DU1": 1, "DUSEC": 1}
    [notice] = [c for c in slack.answered("chat.postMessage") if slack.landed_in(c) == "DUSEC"]
    text = all_text(notice.args["blocks"])
    assert text.count("Could not reach U2: their Slack account is deactivated") == len(AUGUST_ITEMS)


def test_a_failure_that_outlasts_the_retries_is_retried_on_a_later_sweep(
    slack_services: Services, clock: FixedClock, slack: FakeSlack
) -> None:
    slack_services.leads.map_users(SECRETARY, "MPS", user_ids=["U1", "U2"], aliases=[])
    add_annex_a(slack_services)
    slack.fail_next("chat.postMessage", 500)  # the client never repeats a post itself
    clock.set(datetime.fromisoformat("2022-08-24T09:30:00+01:00"))
    report = slack_services.reminders.send_due()
    assert [f.recipient for f in report.failed] == ["U1"]
    assert posts_by_channel(slack) == {"DU2": 1}
    clock.set(datetime.fromisoformat("2022-08-24T09:36:00+01:00"))
    slack_services.reminders.send_due()
    assert posts_by_channel(slack) == {"DU1": 1, "DU2": 1}
