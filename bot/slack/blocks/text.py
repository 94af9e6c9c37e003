"""Safe text for Block Kit: escape what users wrote, and keep within Slack's limits."""

from __future__ import annotations

import re
from typing import Any

SECTION_TEXT_LIMIT = 3000
HEADER_LIMIT = 150
MAX_BLOCKS = 50
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


def escape(text: str) -> str:
    """Escape &, < and > so user text cannot ping, link or format as Slack markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def user(user_id: str) -> str:
    """A mention for a real Slack user id; anything else is shown as plain escaped text."""
    return f"<@{user_id}>" if _USER_ID.fullmatch(user_id) else escape(user_id)


def plain(text: str) -> dict[str, Any]:
    """A plain-text object: labels, button texts, titles."""
    return {"type": "plain_text", "text": text}


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, SECTION_TEXT_LIMIT)}}


def header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, HEADER_LIMIT)}}


def context(text: str) -> dict[str, Any]:
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": clip(text, SECTION_TEXT_LIMIT)}],
    }
