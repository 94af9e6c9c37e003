"""Reminder messages as Slack stored them, and what an escalation reads of past reminders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.db.sql import insert_or_ignore, table_of
from bot.models.actions import Action, ActionEvent
from bot.models.reminders import Delivery, DeliveryKind, DeliveryState, SentMessage
from bot.reminders.escalation import EscalationFacts, LatestUpdate, Reminded
from bot.reminders.repository.actions import chunks

TABLE = table_of(SentMessage)
# History entries that are not an update of the action itself.
_NOT_UPDATES = ("reminder",)


@dataclass(frozen=True)
class Landing:
    """One message as Slack stored it, and the actions it carries."""

    channel: str
    ts: str
    action_ids: tuple[int, ...]
    recipient: str
    kind: str  # reminder, nudge or escalation


class MessageRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def record_all(self, landings: Sequence[Landing], *, at: datetime) -> None:
        rows: list[dict[str, Any]] = [
            {
                "channel": landing.channel,
                "ts": landing.ts,
                "action_id": action_id,
                "recipient": landing.recipient,
                "kind": landing.kind,
                "sent_at": at,
            }
            for landing in landings
            if landing.channel and landing.ts
            for action_id in dict.fromkeys(landing.action_ids)
        ]
        insert_or_ignore(self._session, TABLE, rows)

    def actions_of(self, channel: str, ts: str) -> list[int]:
        """The actions of the reminder posted at `ts` in `channel`, in id order; [] if none."""
        query = (
            select(SentMessage.action_id)
            .where(SentMessage.channel == channel, SentMessage.ts == ts)
            .order_by(SentMessage.action_id)
        )
        return list(self._session.scalars(query))

    def facts(self, action_ids: Sequence[int]) -> dict[int, EscalationFacts]:
        """For each action: each person reminded (by the schedule or a secretary) and when last,
        and its latest update."""
        ids = list(dict.fromkeys(action_ids))
        if not ids:
            return {}
        found: dict[int, EscalationFacts] = {}
        for chunk in chunks(ids):
            found.update(self._facts(list(chunk)))
        return found

    def _facts(self, ids: list[int]) -> dict[int, EscalationFacts]:
        reminded: dict[int, dict[str, tuple[datetime, int]]] = {}
        scheduled = (
            select(Delivery.action_id, Delivery.recipient, func.max(Delivery.sent_at), func.count())
            .where(
                Delivery.action_id.in_(ids),
                Delivery.kind == DeliveryKind.REMINDER,
                Delivery.state == DeliveryState.SENT,
                Delivery.sent_at.is_not(None),
            )
            .group_by(Delivery.action_id, Delivery.recipient)
        )
        nudged = (
            select(
                SentMessage.action_id,
                SentMessage.recipient,
                func.max(SentMessage.sent_at),
                func.count(),
            )
            .where(SentMessage.action_id.in_(ids), SentMessage.kind == "nudge")
            .group_by(SentMessage.action_id, SentMessage.recipient)
        )
        for query in (scheduled, nudged):
            for action_id, recipient, last, times in self._session.execute(query):
                at = cast(datetime, last)
                before = reminded.setdefault(action_id, {}).get(recipient)
                if before is not None:
                    at, times = max(at, before[0]), times + before[1]
                reminded[action_id][recipient] = (at, times)
        latest = self._latest_updates(ids)
        versions: dict[int, int] = {
            row.id: row.version
            for row in self._session.execute(
                select(Action.id, Action.version).where(Action.id.in_(ids))
            )
        }
        return {
            action_id: EscalationFacts(
                reminded=tuple(
                    Reminded(who, at, times)
                    for who, (at, times) in sorted(
                        reminded.get(action_id, {}).items(), key=lambda kv: kv[1][0]
                    )
                ),
                latest=latest.get(action_id),
                version=versions.get(action_id, 0),
            )
            for action_id in ids
        }

    def _latest_updates(self, ids: list[int]) -> dict[int, LatestUpdate]:
        query = (
            select(ActionEvent)
            .where(
                ActionEvent.action_id.in_(ids),
                or_(ActionEvent.field.is_(None), ActionEvent.field.not_in(_NOT_UPDATES)),
            )
            .order_by(ActionEvent.action_id, ActionEvent.at.desc(), ActionEvent.id.desc())
        )
        found: dict[int, LatestUpdate] = {}
        for event in self._session.scalars(query):
            if event.action_id not in found:
                found[event.action_id] = LatestUpdate(
                    event.at, event.actor, event.field or "note", event.new, event.note
                )
        return found
