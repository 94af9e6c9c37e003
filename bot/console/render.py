"""Render command replies as plain text for the terminal."""

from __future__ import annotations

import re
import textwrap
from datetime import date, tzinfo
from typing import assert_never

from bot.commands.replies import (
    ActionCard,
    ActionList,
    BoardCard,
    BoardList,
    Help,
    LeadList,
    MeetingList,
    Notice,
    OpenAddForm,
    OpenImportForm,
    Reply,
    SummaryReply,
    SummarySent,
)
from bot.console.boards import (
    board_card_text,
    board_list_text,
    meeting_list_text,
    summary_sent_text,
    summary_text,
)
from bot.models.shown import Shown, ShownEvent
from bot.wording import (
    PROPOSAL_VERBS,
    action_status,
    closure_event_text,
    deadline_text,
    moment_text,
    note_label,
    origin_text,
)

WIDTH = 100
# A mention in the bot's words (<@U123>, <#C123>) reads as @U123 or #C123 in a terminal, as the
# lead and board listings show people; every other <...> is text already.
_MENTION = re.compile(r"<(@[UW][A-Z0-9]+|#[CG][A-Z0-9]+)>")


ADD_HINT = (
    "In Slack, /actions add on its own opens a form. Here, type the action and its parts: "
    '/actions add Provide the SSO report lead:MPS due:"August 2022" board:PROB'
)
IMPORT_HINT = (
    "The import form opens only in Slack. In a terminal, import a letter or an action table "
    'with: actionbot import <file> --board "<board>" --dry-run (then again without --dry-run '
    "to write it); `actionbot import --help` explains every option."
)


def render(reply: Reply) -> str:
    """Any reply as text for the terminal."""
    match reply:
        case Notice():
            return _notice(reply)
        case ActionCard():
            return _action_card(reply)
        case ActionList():
            return _action_list(reply)
        case LeadList():
            return _lead_list(reply)
        case Help():
            return _help(reply)
        case BoardCard():
            return board_card_text(reply)
        case BoardList():
            return board_list_text(reply)
        case MeetingList():
            return meeting_list_text(reply)
        case SummaryReply():
            return summary_text(reply)
        case SummarySent():
            return summary_sent_text(reply)
        case OpenImportForm():
            return IMPORT_HINT
        case OpenAddForm():
            return ADD_HINT
        case _:
            assert_never(reply)


def _notice(reply: Notice) -> str:
    lines = [("Error: " if reply.error else "") + reply.text, *reply.details]
    return _as_text("\n".join(lines))


def _action_card(reply: ActionCard) -> str:
    lines = [_as_text(reply.headline)] if reply.headline else []
    if reply.caller_note:
        lines.append(f"{note_label(reply.action)}: {reply.caller_note}")
    lines += action_lines(reply.action, reply.today)
    if reply.history:
        lines.append("  History:")
        lines.extend("    " + event_line(e, reply.zone) for e in reply.action.events)
    lines.extend("  Note: " + _as_text(note) for note in reply.notes)
    return "\n".join(lines)


def _as_text(words: str) -> str:
    return _MENTION.sub(r"\1", words)


def _action_list(reply: ActionList) -> str:
    page = reply.page
    lines = [f"{reply.title} ({page.total}, page {page.number} of {page.pages})"]
    if not page.items:
        lines.append(reply.empty_hint)
    for action in page.items:
        lines.extend(action_lines(action, reply.today))
    if page.number < page.pages:
        lines.append("More: " + reply.page_command.format(page=page.number + 1))
    return "\n".join(lines)


def _lead_list(reply: LeadList) -> str:
    if not reply.leads:
        return "No leads yet. Actions name them with lead:<name>."
    lines = ["Leads:"]
    for lead in reply.leads:
        others = [a.alias for a in lead.aliases if a.alias != lead.name]
        also = f" (also {', '.join(others)})" if others else ""
        people = ", ".join("@" + u for u in lead.user_ids) or "no Slack user yet"
        lines.append(f"  {lead.name}{also}: {people}")
    if reply.history:
        lines.append("History:")
    for event in reply.history:
        lines.append(
            f"  {event.at:%d %b %Y %H:%M} @{event.actor_user_id} "
            + event.describe(lambda user_id: "@" + user_id)
        )
    return "\n".join(lines)


def _help(reply: Help) -> str:
    lines = [reply.intro, ""]
    for entry in reply.entries:
        lines += [entry.usage, f"    {entry.summary}", f"    e.g. {entry.example}"]
    lines += ["", *reply.footer]
    return "\n".join(lines)


def action_lines(action: Shown, today: date) -> list[str]:
    flag = "!" if action.is_overdue(today) else " "
    head = f"{flag}#{action.id} [{action_status(action)}] {action.description}"
    lines = textwrap.wrap(head, WIDTH, subsequent_indent="    ") or [head]
    meta = f"    {deadline_text(action, today)} · lead: {action.lead_names}"
    if origin := origin_text(action):
        meta += f" · {origin}"
    lines.append(meta)
    if action.forum:
        lines.append(f"    at: {action.forum}")
    return lines


def event_line(event: ShownEvent, zone: tzinfo | None = None) -> str:
    when = moment_text(event.at, zone)
    if event.field == "created":
        what = "created" + (f" ({event.note})" if event.note else "")
        return f"{when} @{event.actor} {what}"
    what = event.field or "note"
    if event.field in ("status", "due", "lead"):
        what = f"{event.field}: {event.old or '(none)'} -> {event.new or '(none)'}"
    note = f" — {event.note}" if event.note and event.field != "note" else ""
    if event.field == "note":
        what = f"note: {event.note}"
    if event.field == "closure":
        what = closure_event_text(event.new)
    if event.field in PROPOSAL_VERBS:
        what = (
            f"{PROPOSAL_VERBS[event.field]} due: {event.old or '(none)'} -> {event.new or '(none)'}"
        )
    if event.field == "snooze":
        what = f"snoozed their reminders until {event.new}"
    if event.field == "reminder":
        what = "reminded " + ", ".join("@" + u for u in (event.new or "").split(", ") if u)
    return f"{when} @{event.actor} {what}{note}"
