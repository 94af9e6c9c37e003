"""The shell's `:sweep` line: what the scheduler sends at a chosen moment (reminders, update
requests, summary posts), with the messages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.console.messenger import message_text
from bot.console.scheduled import post_run_text
from bot.errors import InvalidInput
from bot.models.boards import PostKind
from bot.reminders.digest import Digest, format_report
from bot.services import Services


def sweep_text(
    services: Services, when: str, *, record: bool, printed: Callable[[], list[str]]
) -> str:
    """`when` is an ISO time ('2022-08-24T09:30+01:00'; TIMEZONE if it has no offset) or empty
    for now. Without `record` it is a dry run: the messages are shown, nothing is written."""
    try:
        now = _moment(when, services.settings.timezone) if when else services.clock.now()
    except InvalidInput as exc:
        return f"Error: {exc.user_message}"
    report = services.reminders.send_due(now, dry_run=not record, thorough=True)
    if record:
        messages = printed()
    else:
        messages = [message_text(Digest(d.recipient, now.date(), d.items)) for d in report.sent]
    lines = [*messages, format_report(report)]
    for kind in (PostKind.UPDATE_REQUEST, PostKind.SUMMARY):
        # Recorded posts went through the console messenger, which printed them as they went.
        run = services.summaries.scheduled.run(kind, now=now, dry_run=not record)
        lines.append(post_run_text(run))
    if not record:
        lines.append(
            "(This shell is on a real database, so the sweep was a dry run. "
            "`actionbot shell --demo` records what it prints.)"
        )
    return "\n".join(lines)


def _moment(text: str, default_zone: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not an ISO time; try :sweep 2022-08-24T09:30+01:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(default_zone))
