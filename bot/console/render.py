"""Render command replies as plain text for the terminal."""

from __future__ import annotations

import textwrap
from functools import singledispatch

from bot.wording import deadline_text, origin_text, status_label
from bot.models.actions import Action, ActionEvent
from bot.commands.replies import ActionCard, ActionList, Help, LeadList, Notice, Reply

WIDTH = 100


@singledispatch
def render(reply: Reply) -> str:
    raise TypeError(f"no text rendering for {type(reply).__name__}")


@render.register
def _(reply: Notice) -> str:
    lines = [("Error: " if reply.error else "") + reply.text, *reply.details]
    return "\n".join(lines)


@render.register
def _(reply: ActionCard) -> str:
    lines = [reply.headline, *action_lines(reply.action, reply.today)]
    if reply.history:
        lines.append("  History:")
        lines.extend("    " + event_line(e) for e in reply.action.events)
    lines.extend("  Note: " + note for note in reply.notes)
    return "\n".join(lines)


@render.register
def _(reply: ActionList) -> str:
    page = reply.page
    lines = [f"{reply.title} ({page.total}, page {page.number} of {page.pages})"]
    if not page.items:
        lines.append(reply.empty_hint)
    for action in page.items:
        lines.extend(action_lines(action, reply.today))
    if page.number < page.pages:
        lines.append("More: " + reply.page_command.format(page=page.number + 1))
    return "\n".join(lines)


@render.register
def _(reply: LeadList) -> str:
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
        lines.append(f"  {event.at:%d %b %Y %H:%M} @{event.actor_user_id} "
                     + event.describe(lambda user_id: "@" + user_id))
    return "\n".join(lines)


@render.register
def _(reply: Help) -> str:
    lines = [reply.intro, ""]
    for entry in reply.entries:
        lines += [entry.usage, f"    {entry.summary}", f"    e.g. {entry.example}"]
    lines += ["", *reply.footer]
    return "\n".join(lines)


def action_lines(action: Action, today) -> list[str]:  # type: ignore[no-untyped-def]
    flag = "!" if action.is_overdue(today) else " "
    head = f"{flag}#{action.id} [{status_label(action.status)}] {action.description}"
    lines = textwrap.wrap(head, WIDTH, subsequent_indent="    ") or [head]
    meta = f"    {deadline_text(action, today)} · lead: {action.lead_names}"
    if origin := origin_text(action):
        meta += f" · {origin}"
    lines.append(meta)
    if action.forum:
        lines.append(f"    at: {action.forum}")
    return lines


def event_line(event: ActionEvent) -> str:
    when = event.at.strftime("%Y-%m-%d %H:%M")
    if event.field == "created":
        what = "created" + (f" ({event.note})" if event.note else "")
        return f"{when} @{event.actor} {what}"
    what = event.field or "note"
    if event.field in ("status", "due", "lead"):
        what = f"{event.field}: {event.old or '(none)'} -> {event.new or '(none)'}"
    note = f" — {event.note}" if event.note and event.field != "note" else ""
    if event.field == "note":
        what = f"note: {event.note}"
    if event.field == "reminder":
        what = "reminded " + ", ".join("@" + u for u in (event.new or "").split(", ") if u)
    return f"{when} @{event.actor} {what}{note}"


# Other features' replies register their text rendering on `render`.
from bot.console import boards  # noqa: E402, F401
