"""SlackMessenger against the fake Web API: DMs, channel posts, uploads and Slack's refusals."""

from __future__ import annotations

from datetime import date

import pytest

from bot.config import Settings
from bot.slack.client import build_client
from bot.slack.messenger import SlackMessenger
from bot.summaries.model import SummaryInput, build_summary
from bot.summaries.ports import FileUpload, PublishError, Recipient, UpdateRequest
from tests.fakes.slack_api import FakeSlack

SUMMARY = build_summary(
    SummaryInput("Finance Board", "FIN", date(2022, 10, 20), None, date(2022, 10, 10), ())
)
REQUEST = UpdateRequest("Finance Board", date(2022, 10, 20), "U0JO", (), date(2022, 10, 10))


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def publisher(slack) -> SlackMessenger:  # type: ignore[no-untyped-def]
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_api_url=slack.api_url)
    return SlackMessenger(build_client(settings))


def test_a_dm_is_posted_to_the_user_after_checking_the_account(slack, publisher) -> None:  # type: ignore[no-untyped-def]
    slack.add_user("U0JO")
    assert publisher.post(Recipient(user_id="U0JO"), REQUEST) == 1
    assert [c.method for c in slack.calls] == ["users.info", "chat.postMessage"]
    assert len(slack.messages_in("DU0JO")) == 1


def test_a_file_for_a_person_goes_to_their_dm_opened_only_when_not_yet_known(
    slack, publisher
) -> None:  # type: ignore[no-untyped-def]
    slack.add_user("U0JO")
    slack.add_user("U0AB")
    log = FileUpload(b"# Matters arising\n", "log.md", "Matters arising", "text/markdown")
    publisher.upload(Recipient(user_id="U0JO"), log)  # files are shared to a D… id, not a U… id
    assert [c.args["users"] for c in slack.called("conversations.open")] == ["U0JO"]
    assert slack.called("files.completeUploadExternal")[0].args["channel_id"] == "DU0JO"
    publisher.post(Recipient(user_id="U0AB"), REQUEST)  # the answer names the DM: remembered
    publisher.upload(Recipient(user_id="U0AB"), log)
    assert len(slack.called("conversations.open")) == 1
    assert slack.called("files.completeUploadExternal")[1].args["channel_id"] == "DU0AB"


def test_a_deactivated_account_is_not_written_to(slack, publisher) -> None:  # type: ignore[no-untyped-def]
    slack.add_user("U0JO", deleted=True)
    with pytest.raises(PublishError) as raised:
        publisher.post(Recipient(user_id="U0JO"), REQUEST)
    assert raised.value.retry is False
    assert slack.called("chat.postMessage") == []


def test_a_channel_the_bot_is_not_in_explains_itself(slack, publisher) -> None:  # type: ignore[no-untyped-def]
    slack.on("chat.postMessage", lambda args: {"ok": False, "error": "not_in_channel"})
    with pytest.raises(PublishError) as raised:
        publisher.post(Recipient(channel_id="C0FIN"), SUMMARY)
    assert "/invite @actionbot" in raised.value.user_message
    assert raised.value.retry is False


def test_a_server_error_may_be_retried(slack, publisher) -> None:  # type: ignore[no-untyped-def]
    slack.on("chat.postMessage", lambda args: {"ok": False, "error": "fatal_error"})
    with pytest.raises(PublishError) as raised:
        publisher.post(Recipient(channel_id="C0FIN"), SUMMARY)
    assert raised.value.retry is True


def test_an_upload_uses_the_three_step_files_api(slack, publisher) -> None:  # type: ignore[no-untyped-def]
    publisher.upload(
        Recipient(channel_id="C0FIN"),
        FileUpload(
            b"# Matters arising\n", "log.md", "Matters arising", "text/markdown", comment="Open: 0."
        ),
    )
    assert [c.method for c in slack.calls] == [
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]
    assert slack.called("upload")[0].body == b"# Matters arising\n"
    assert slack.called("files.completeUploadExternal")[0].args["channel_id"] == "C0FIN"
