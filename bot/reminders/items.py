"""Turn an action and a delivery into the digest item a recipient reads."""

from __future__ import annotations

from datetime import datetime

from bot.models.actions import Action
from bot.reminders.digest import DigestItem
from bot.reminders.policy import days_until

UNREACHABLE_PREFIX = "unreachable-"


def build_item(delivery_id: int, action: Action, *, kind: str, rule: str, reason: str | None,
               tz: str, now: datetime) -> DigestItem:
    due = action.deadline_end
    return DigestItem(
        delivery_id=delivery_id,
        action_id=action.id,
        description=action.description,
        due=due,
        days_left=days_until(due, now, tz) if due is not None else 0,
        timing=action.timing_raw,
        leads=action.lead_names,
        board=action.board.name if action.board is not None else None,
        item_no=action.item_no,
        kind=kind,
        rule=rule,
        subject=_subject(action, rule) if rule.startswith(UNREACHABLE_PREFIX) else None,
        reason=reason,
    )


def _subject(action: Action, rule: str) -> str:
    """'lead MOPAC' for a lead with nobody mapped, or the Slack user id that failed."""
    who = rule.removeprefix(UNREACHABLE_PREFIX)
    if who.startswith("lead-"):
        for lead in action.leads:
            if f"lead-{lead.id}" == who:
                return f"lead {lead.name}"
        return "a lead no longer on this action"
    return who
