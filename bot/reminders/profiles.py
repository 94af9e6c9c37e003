"""Slack profiles (time zone, account state, name), kept in the database and asked again after
three days, a few at a time."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.models.reminders import Account
from bot.reminders.ports import Notifier, UserProfile
from bot.reminders.repository import ReminderRepository
from bot.stopping import SendingStopped

log = logging.getLogger(__name__)

# Time zones and deactivations change rarely. A profile checked within FRESH_FOR is used as it
# is: longer than a day, so leads reminded at the same hour day after day are not asked about
# each morning. Older profiles are asked again at most REFRESH_AT_ONCE in one lookup, those
# checked longest ago first, and the rest used as they are until their turn: users.info allows
# about 100 calls a minute, and a sweep waiting on a thousand would send nothing for ten minutes.
# Users never looked up are always asked.
FRESH_FOR = timedelta(days=3)
REFRESH_AT_ONCE = 50


class ProfileBook:
    def __init__(self, sessions: sessionmaker[Session], notifier: Notifier) -> None:
        self._sessions = sessions
        self._notifier = notifier

    def names(self, user_ids: Iterable[str], now: datetime) -> dict[str, str]:
        """The name of each user whose name is known, for papers that must not show Slack ids."""
        found = self.lookup(user_ids, now, names=True)
        return {user_id: p.name for user_id, p in found.items() if p is not None and p.name}

    def lookup(
        self, user_ids: Iterable[str], now: datetime, *, save: bool = True, names: bool = False
    ) -> dict[str, UserProfile | None]:
        """Each user's profile; None where neither the cache nor the platform can tell.

        Asks the platform outside any transaction, then stores what it said. With `names`, a
        kept profile without a name (kept before names were) is asked again like a stale one.
        """
        wanted = sorted(set(user_ids))
        with self._sessions.begin() as session:
            cached = ReminderRepository(session).profiles(wanted)
        stale = sorted(
            (row.checked_at, user_id)
            for user_id, row in cached.items()
            if row.checked_at <= now - FRESH_FOR
            or (names and row.name is None and row.account == Account.ACTIVE)
        )
        ask_again = {user_id for _, user_id in stale[:REFRESH_AT_ONCE]}
        found: dict[str, UserProfile | None] = {}
        fresh_rows = []
        try:
            for user_id in wanted:
                row = cached.get(user_id)
                if row is not None and user_id not in ask_again:
                    found[user_id] = UserProfile(user_id, row.tz, row.account, row.name)
                    continue
                profile = self._ask(user_id)
                if profile is None and row is not None:
                    # Stale beats none.
                    profile = UserProfile(user_id, row.tz, row.account, row.name)
                elif profile is not None:
                    fresh_rows.append(
                        {
                            "user_id": user_id,
                            "tz": profile.tz,
                            "name": profile.name,
                            "account": profile.account,
                            "checked_at": now,
                        }
                    )
                found[user_id] = profile
        finally:
            # Kept even when the process stops half-way: the next sweep need not ask again.
            if save and fresh_rows:
                with self._sessions.begin() as session:
                    ReminderRepository(session).save_profiles(fresh_rows)
        return found

    def _ask(self, user_id: str) -> UserProfile | None:
        try:
            return self._notifier.lookup_user(user_id)
        except SendingStopped:
            raise
        except Exception:
            log.warning("could not look up Slack user %s", user_id, exc_info=True)
            return None
