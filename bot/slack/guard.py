"""Check a Slack request before anything acts on it: signature, freshness and shape.

Pure functions: the WSGI layer in `bot.slack.http` calls them and turns a refusal into 401/400.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

# Slack's rule: a request is valid for five minutes either side of its timestamp.
MAX_SKEW_SECONDS = 5 * 60
SIGNATURE_PREFIX = "v0="


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str


def signature_problem(
    secret: str, timestamp: str | None, signature: str | None, body: bytes, now: float
) -> str | None:
    """Why the signature does not prove the request came from Slack just now, or None."""
    if not timestamp or not signature:
        return "no X-Slack-Request-Timestamp or X-Slack-Signature header"
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return "the timestamp is not a number of seconds"
    if abs(now - int(timestamp)) > MAX_SKEW_SECONDS:
        return "the timestamp is more than five minutes from now (stale or replayed)"
    if not signature.startswith(SIGNATURE_PREFIX):
        return "the signature is not of the v0= form"
    expected = hmac.new(
        secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(SIGNATURE_PREFIX + expected, signature):
        return "the signature does not match the body"
    return None


@dataclass(frozen=True)
class Payload:
    """What the bot needs to know of a verified request before bolt dispatches it."""

    response_url: str | None


def read_payload(content_type: str, body: bytes) -> Payload | Refusal:
    """The request's shape, or why Slack would never send it."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Refusal(400, "the body is not UTF-8 text")
    if content_type.startswith("application/json"):
        return _json_body(text)
    if content_type.startswith("application/x-www-form-urlencoded"):
        return _form_body(text)
    return Refusal(400, "Slack sends application/x-www-form-urlencoded or application/json")


def _json_body(text: str) -> Payload | Refusal:
    data = _json_object(text)
    if data is None or not isinstance(data.get("type"), str):
        return Refusal(400, "the JSON body is not a Slack event")
    return Payload(None)


def _form_body(text: str) -> Payload | Refusal:
    form = {key: values[0] for key, values in parse_qs(text, keep_blank_values=True).items()}
    if "payload" in form:
        payload = _json_object(form["payload"])
        if payload is None or not isinstance(payload.get("type"), str):
            return Refusal(400, "the payload field is not a JSON object with a type")
        user = payload.get("user")
        if not isinstance(user, dict) or not isinstance(user.get("id"), str):
            return Refusal(400, "the payload names no user")
        url = payload.get("response_url")
        return Payload(url if isinstance(url, str) else None)
    if "command" in form:
        for field in ("user_id", "response_url", "trigger_id"):
            if not form.get(field):
                return Refusal(400, f"the slash command has no {field}")
        return Payload(form["response_url"])
    if form.get("ssl_check"):
        return Payload(None)
    return Refusal(400, "the form is neither a slash command nor an interaction payload")


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
