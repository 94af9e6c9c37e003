"""Split a command line into words, quoted values, key:value options and Slack mentions."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.errors import InvalidInput

# Opening quote -> the characters that may close it (people mix straight and curly quotes).
_QUOTES = {'"': '"”“', "“": '”"“', "„": '”"“', "'": "'’‘", "‘": "’'‘"}
_KEY = re.compile(r"([A-Za-z]+):")
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>")


@dataclass(frozen=True)
class Token:
    raw: str  # exactly as written
    value: str  # unquoted and unescaped
    key: str | None = None  # "due" for due:"August 2022"
    quoted: bool = False

    @property
    def mention(self) -> tuple[str, str | None] | None:
        """(user id, label) when the value is a Slack user mention."""
        match = _MENTION.fullmatch(self.value)
        return (match.group(1), match.group(2) or None) if match else None

    @property
    def word(self) -> str:
        """The token as it should read inside free text."""
        return self.value if self.key is None else _clean(self.raw)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        key = None
        match = _KEY.match(text, i)
        if match and match.end() < n and (text[match.end()] in _QUOTES or text[match.end()] == "<"):
            key, i = match.group(1).lower(), match.end()
        if text[i] in _QUOTES:
            value, i = _quoted(text, i)
            tokens.append(Token(text[start:i], _clean(value), key, quoted=True))
            continue
        if text[i] == "<" and ">" in text[i:]:
            i = text.index(">", i) + 1
        else:
            while i < n and not text[i].isspace():
                i += 1
        raw = text[start:i]
        if key is None and (plain := _KEY.match(raw)) and plain.end() < len(raw):
            key = plain.group(1).lower()
            value = raw[plain.end() :]
        else:
            value = raw[len(key) + 1 :] if key else raw
        tokens.append(Token(raw, _clean(value), key))
    return tokens


def _quoted(text: str, i: int) -> tuple[str, int]:
    closers = _QUOTES[text[i]]
    for j in range(i + 1, len(text)):
        if text[j] in closers:
            return text[i + 1 : j], j + 1
    raise InvalidInput(
        f"A quote opened at `{text[i : i + 20]}` is never closed. Put quotes around values with "
        'spaces, e.g. due:"August 2022" or lead:"MPS and MOPAC".'
    )


def _clean(value: str) -> str:
    # Slack escapes &, < and > in what people type; links keep only their address.
    value = _LINK.sub(lambda m: m.group(1), value)
    return html.unescape(value) if "&" in value else value


def join_words(tokens: list[Token]) -> str:
    return " ".join(t.word for t in tokens).strip()
