"""Before a form opens from a button: may this person change the action the message showed?"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from bot.access import Caller
from bot.actions.changes import check_may_change
from bot.actions.checks import check_version, found_action
from bot.actions.repository import ActionRepository
from bot.errors import InvalidInput
from bot.models.actions import Action


class PressService:
    """The checks a press gets at once, so nobody fills in a form only to be refused."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def check(self, by: Caller, action_id: int, version: int | None, *, closing: bool) -> Action:
        """The action as it is now, when `by` may change it and `version` is still current.

        The change itself checks all of this again when the form is sent.
        """
        with self._sessions.begin() as session:
            action = found_action(ActionRepository(session).card(action_id), action_id)
            check_version(action, version)
            if closing and action.is_closed:
                raise InvalidInput(f"#{action_id} is already {action.status}.")
            check_may_change(session, by.rights(session), action, changes_lead=False)
            return action
