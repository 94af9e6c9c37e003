"""Safe text for Block Kit: escape what users wrote, and keep within Slack's limits.

Every mrkdwn text goes through `mrkdwn`, so the bot's own words may say `<id>` or `<lead name>`
and still reach Slack as text; `escape` is for what users wrote, before it joins those words.
"""

from __future__ import annotations

import re
from typing import Any

SECTION_TEXT_LIMIT = 3000
HEADER_LIMIT = 150
MAX_BLOCKS = 50
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
# The markup the bot writes on purpose: a user or channel mention by id, a web link. Nothing
# else: `<!channel>`, `<!here>` and a labelled mention (`<@U123|alice>`, as Slack passes on what
# a person typed) are shown as text.
_MARKUP = re.compile(r"<(?:@[UW][A-Z0-9]+|#[CG][A-Z0-9]+|https?://[^\s<>|]+(?:\|[^<>|]+)?)>")
# An entity left by `escape`: kept, so that text escaped once is not escaped again.
_BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt);)")


def escape(text: str) -> str:
    """Escape &, < and > so user text cannot ping, link or format as Slack markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(text: str) -> str:
    """Text as Slack mrkdwn: every &, < and > is shown as written (`<id>` stays `<id>`, and
    `<!channel>` pings nobody) except the markup the bot means and what `escape` already did."""
    parts, start = [], 0
    for match in _MARKUP.finditer(text):
        parts += [_escape_rest(text[start : match.start()]), match.group()]
        start = match.end()
    parts.append(_escape_rest(text[start:]))
    return "".join(parts)


def _escape_rest(text: str) -> str:
    return _BARE_AMPERSAND.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def user(user_id: str) -> str:
    """A mention for a real Slack user id; anything else is shown as plain escaped text."""
    return f"<@{user_id}>" if _USER_ID.fullmatch(user_id) else escape(user_id)


def plain(text: str) -> dict[str, Any]:
    """A plain-text object: labels, button texts, titles."""
    return {"type": "plain_text", "text": text}


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _fit(text)}}


def header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, HEADER_LIMIT)}}


def context(text: str) -> dict[str, Any]:
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": _fit(text)}],
    }


def _fit(text: str) -> str:
    # Escaping lengthens the text, so the limit is applied to what Slack will count.
    text = mrkdwn(text)
    if len(text) <= SECTION_TEXT_LIMIT:
        return text
    cut = text[: SECTION_TEXT_LIMIT - 1]
    # A cut inside an entity or a mention would show as stray characters.
    for opening, closing in (("&", ";"), ("<", ">")):
        start = cut.rfind(opening)
        if start != -1 and closing not in cut[start:]:
            cut = cut[:start]
    return cut + "…"
