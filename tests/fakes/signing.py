"""Sign requests the way Slack does: HMAC-SHA256 of v0:{timestamp}:{body}."""

from __future__ import annotations

import hashlib
import hmac
import time
from urllib.parse import urlencode


def signature_headers(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
    }


def slash_command_body(
    text: str, *, user_id: str, response_url: str, command: str = "/actions"
) -> str:
    return urlencode(
        {
            "token": "legacy-unused",
            "team_id": "T1",
            "team_domain": "board",
            "channel_id": "C1",
            "channel_name": "general",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A1",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )
