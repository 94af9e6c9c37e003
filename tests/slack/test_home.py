"""The App Home tab shows the viewer their own open actions."""

from __future__ import annotations

import json

from bot.actions.service import Actor, NewAction
from bot.leads.service import LeadRef
from tests.annex_a import SECRETARY


def open_home(bot, user: str) -> dict:
    event = {
        "type": "app_home_opened",
        "user": user,
        "channel": "D1",
        "tab": "home",
        "event_ts": "1.0",
    }
    status, _ = bot.post(
        json.dumps(
            {
                "type": "event_callback",
                "team_id": "T1",
                "api_app_id": "A1",
                "event_id": "Ev1",
                "event_time": 1,
                "event": event,
            }
        ),
        json_body=True,
    )
    assert status == 200
    call = bot.slack.wait_for("views.publish")[-1]
    return call.args


def test_home_lists_the_viewers_own_open_actions(bot):
    secretary = Actor("USEC", is_secretary=True)
    bot.services.leads.map_users(SECRETARY, "MPS", user_ids=["UALICE"], aliases=[])
    for text, lead, timing in [
        ("Send the SSO report", "MPS", "June 2022"),
        ("Align the reviews", "MOPAC", "August 2022"),
    ]:
        bot.services.actions.add(secretary, NewAction(text, [LeadRef(name=lead)], timing))
    published = open_home(bot, "UALICE")
    assert published["user_id"] == "UALICE"
    view = (
        json.loads(published["view"]) if isinstance(published["view"], str) else published["view"]
    )
    text = json.dumps(view["blocks"])
    assert view["type"] == "home"
    assert "Send the SSO report" in text and ":warning:" in text  # overdue on 25 July 2022
    assert "Align the reviews" not in text


def test_home_tells_someone_with_no_actions_how_to_get_mapped(bot):
    view = open_home(bot, "UNOBODY")["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert "ask a board secretary to map you" in json.dumps(view["blocks"])
