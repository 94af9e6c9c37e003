"""Block Kit for command replies: replies in, message payloads (text + blocks) out."""

from __future__ import annotations

from datetime import date, tzinfo
from typing import Any, assert_never

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
from bot.models.shown import Shown, ShownEvent
from bot.slack.blocks.boards import (
    board_card_blocks,
    board_list_blocks,
    meeting_list_blocks,
)
from bot.slack.blocks.buttons import action_buttons, list_pager
from bot.slack.blocks.summary import sent_text, summary_blocks, summary_fallback
from bot.slack.blocks.text import MAX_BLOCKS, context, escape, header, mrkdwn, section, user
from bot.wording import (
    PROPOSAL_VERBS,
    action_status,
    closure_event_text,
    deadline_text,
    moment_text,
    note_label,
    origin_text,
)

HISTORY_SHOWN = 25
IMPORT_FORM_TEXT = "Opening the import form…"
ADD_FORM_TEXT = "Opening the add form…"


def build_reply(reply: Reply) -> dict[str, Any]:
    """{"text": fallback, "blocks": [...]} for any reply.

    A reply's sentences go in as written (`section`, `context` and `mrkdwn` make them safe, so a
    placeholder shows and the bot's mentions work); what a person wrote is escaped here."""
    blocks, fallback = _message(reply)
    return {"text": mrkdwn(fallback), "blocks": blocks[:MAX_BLOCKS]}


def _message(reply: Reply) -> tuple[list[dict[str, Any]], str]:
    """The blocks of a reply, and the plain text Slack shows in notifications."""
    match reply:
        case Notice():
            return _notice(reply), reply.text
        case ActionCard():
            headline = reply.headline or f"#{reply.action.id}"
            return _action_card(reply), f"{headline}: {escape(reply.action.description)}"
        case ActionList():
            return _action_list(reply), f"{reply.title}: {reply.page.total} action(s)"
        case LeadList():
            return _lead_list(reply), f"{len(reply.leads)} lead(s)"
        case Help():
            return _help(reply), reply.intro
        case BoardCard():
            return board_card_blocks(reply), reply.headline
        case BoardList():
            return board_list_blocks(reply), f"{len(reply.boards)} board(s)"
        case MeetingList():
            return meeting_list_blocks(reply), reply.headline
        case SummaryReply():
            return summary_blocks(reply), summary_fallback(reply)
        case SummarySent():
            return [section(sent_text(reply))], sent_text(reply, plain=True)
        case OpenImportForm():
            # The /actions listener opens the form instead; this is what is left to say.
            return [section(IMPORT_FORM_TEXT)], IMPORT_FORM_TEXT
        case OpenAddForm():
            return [section(ADD_FORM_TEXT)], ADD_FORM_TEXT
        case _:
            assert_never(reply)


def action_section(action: Shown, today: date) -> dict[str, Any]:
    flag = ":warning: " if action.is_overdue(today) else ""
    lines = [
        f"{flag}*#{action.id}* · {escape(action_status(action))} · "
        f"{escape(deadline_text(action, today))}",
        escape(action.description),
        f"Lead: {escape(action.lead_names)}",
    ]
    if origin := origin_text(action):
        lines[-1] += f" · {escape(origin)}"
    if action.forum:
        lines.append(f"_{escape(action.forum)}_")
    return section("\n".join(lines))


def event_text(event: ShownEvent, zone: tzinfo | None = None) -> str:
    when = moment_text(event.at, zone)
    who = user(event.actor)
    if event.field == "created":
        return f"{when} {who} created it" + (f" ({escape(event.note)})" if event.note else "")
    if event.field in ("status", "due", "lead"):
        change = f"{event.field}: {escape(event.old or '(none)')} → {escape(event.new or '(none)')}"
        note = f" — {escape(event.note)}" if event.note else ""
        return f"{when} {who} {change}{note}"
    if event.field == "closure":
        note = f" — {escape(event.note)}" if event.note else ""
        return f"{when} {who} {closure_event_text(event.new)}{note}"
    if event.field in PROPOSAL_VERBS:
        change = f"{escape(event.old or '(none)')} → {escape(event.new or '(none)')}"
        note = f" — {escape(event.note)}" if event.note else ""
        return f"{when} {who} {PROPOSAL_VERBS[event.field]} due: {change}{note}"
    if event.field == "snooze":
        return f"{when} {who} snoozed their reminders until {escape(event.new or '?')}"
    if event.field == "reminder":
        people = ", ".join(user(u) for u in (event.new or "").split(", ") if u)
        note = f" — {escape(event.note)}" if event.note else ""
        return f"{when} {who} reminded {people}{note}"
    return f"{when} {who} noted: {escape(event.note or '')}"


def _notice(reply: Notice) -> list[dict[str, Any]]:
    icon = ":x: " if reply.error else ""
    blocks = [section(icon + reply.text)]
    blocks += [context(line) for line in reply.details]
    return blocks


def _action_card(reply: ActionCard) -> list[dict[str, Any]]:
    said = [f"*{reply.headline}*"] if reply.headline else []
    if reply.caller_note:
        said.append(f"{note_label(reply.action)}: {escape(reply.caller_note)}")
    blocks = [section("\n".join(said))] if said else []
    blocks.append(action_section(reply.action, reply.today))
    if not reply.action.is_closed:
        blocks.append(action_buttons(reply.action.id, reply.action.version))
    blocks += [context(note) for note in reply.notes]
    if reply.history:
        events = reply.action.events
        shown = [event_text(e, reply.zone) for e in events[-HISTORY_SHOWN:]]
        if len(events) > HISTORY_SHOWN:
            shown.insert(0, f"({len(events) - HISTORY_SHOWN} earlier changes not shown)")
        blocks.append(section("*History*\n" + "\n".join(shown)))
    return blocks


def _action_list(reply: ActionList) -> list[dict[str, Any]]:
    page = reply.page
    blocks = [
        header(reply.title),
        context(f"{page.total} action(s) · page {page.number} of {page.pages}"),
    ]
    if not page.items:
        blocks.append(section(reply.empty_hint))
    filters = reply.page_command.removeprefix("/actions list ").replace("page:{page}", "")
    listing = f"{filters.strip()} page:{page.number}".strip()
    for action in page.items:
        blocks.append(action_section(action, reply.today))
        if not action.is_closed:
            blocks.append(action_buttons(action.id, action.version, show=True, listing=listing))
    if page.number < page.pages:
        more = escape(reply.page_command.format(page=page.number + 1))
        blocks.append(context(f"More: `{more}`"))
    if pager := list_pager(filters.strip(), page.number, page.pages):
        blocks.append(pager)
    return blocks


def _lead_list(reply: LeadList) -> list[dict[str, Any]]:
    if not reply.leads:
        return [section("No leads yet. Actions name them with `lead:<name>`.")]
    blocks = [header("Leads")]
    for lead in reply.leads[: MAX_BLOCKS - 2]:
        others = [escape(a.alias) for a in lead.aliases if a.alias != lead.name]
        also = f" (also {', '.join(others)})" if others else ""
        people = ", ".join(user(u) for u in lead.user_ids) or "_no Slack user yet_"
        blocks.append(section(f"*{escape(lead.name)}*{also}: {people}"))
    if len(reply.leads) > MAX_BLOCKS - 2:
        blocks.append(context(f"{len(reply.leads) - (MAX_BLOCKS - 2)} more not shown."))
    shown = reply.history[-HISTORY_SHOWN:]
    if shown:
        lines = [
            f"{event.at:%d %b %Y} {user(event.actor_user_id)} {event.describe(user)}"
            for event in shown
        ]
        blocks.append(section("*History*\n" + "\n".join(lines)))
    return blocks


def _help(reply: Help) -> list[dict[str, Any]]:
    blocks = [section(reply.intro)]
    for entry in reply.entries:
        blocks.append(section(f"`{entry.usage}`\n{entry.summary}\ne.g. `{entry.example}`"))
    blocks += [context(line) for line in reply.footer]
    return blocks
