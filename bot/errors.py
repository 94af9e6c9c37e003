"""Errors that explain themselves to the person who typed the command."""

from __future__ import annotations


class BotError(Exception):
    """Base of every domain error; `user_message` is safe to show to the user as is."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class InvalidInput(BotError):
    """The user wrote something the bot cannot read; nothing was changed."""


class NotFound(BotError):
    """An id or a name that does not exist."""


class PermissionDenied(BotError):
    """The user may not do this; nothing was changed."""


class Conflict(BotError):
    """Someone else changed the same thing first; nothing was changed."""


class Unavailable(BotError):
    """The database cannot be reached just now; nothing was changed."""

    def __init__(self, cause: str) -> None:
        super().__init__(
            "The database is not answering just now, so nothing was changed. "
            "Please try again in a minute."
        )
        self.cause = cause
