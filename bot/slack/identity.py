"""Who the bot is in Slack, learned from auth.test when first needed, never on an ack's path.

bolt's single-workspace authorization calls auth.test on the first request a process serves,
before the acknowledgement, and refuses every request while Slack does not answer. Here the
token is known from the settings, so a request is authorised at once; the bot's own user id is
learned by the work that needs it (after the ack), once, and remembered.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

if TYPE_CHECKING:  # bolt is imported by the web app only; the scheduler sends without it
    from slack_bolt.authorization import AuthorizeResult

log = logging.getLogger("bot.slack")


class BotIdentity:
    def __init__(self, client: WebClient) -> None:
        self._client = client
        self._lock = threading.Lock()
        self._user_id: str | None = None
        self._bot_id: str | None = None

    def authorizer(self) -> Callable[..., AuthorizeResult]:
        """bolt's `authorize`: the configured token, and the bot's ids once they are known."""
        from slack_bolt.authorization import AuthorizeResult

        def authorize(
            enterprise_id: str | None, team_id: str | None, user_id: str | None
        ) -> AuthorizeResult:
            return AuthorizeResult(
                enterprise_id=enterprise_id,
                team_id=team_id,
                bot_token=self._client.token,
                bot_user_id=self._user_id,
                bot_id=self._bot_id,
                user_id=user_id,
            )

        return authorize

    def user_id(self) -> str | None:
        """The bot's own user id (asks Slack the first time); None while Slack cannot say."""
        with self._lock:
            if self._user_id is None:
                try:
                    answer: Any = self._client.auth_test()
                except (SlackClientError, OSError) as exc:
                    log.warning("auth.test failed: %r", exc)
                    return None
                self._user_id = answer.get("user_id") or None
                self._bot_id = answer.get("bot_id") or None
            return self._user_id


def person_name(user: dict[str, Any]) -> str | None:
    """What users.info says a person is called: the full name, else the display name."""
    profile = user.get("profile") or {}
    names = ("real_name", "display_name")
    for name in (*(profile.get(n) for n in names), user.get("real_name"), user.get("name")):
        if isinstance(name, str) and name.strip():
            return " ".join(name.split())[:200]
    return None
