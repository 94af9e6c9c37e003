"""Block Kit for command replies: replies in, message payloads (text + blocks) out."""

from __future__ import annotations

from datetime import date
from functools import singledispatch

from bot.wording import deadline_text, origin_text, status_label
from bot.models.actions import Action, ActionEvent
from bot.commands.replies import ActionCard, ActionList, Help, LeadList, Notice, Reply
from bot.slack.blocks.text import MAX_BLOCKS, context, escape, header, section, user

HISTORY_SHOWN = 25


def build_reply(reply: Reply) -> dict:
    """{"text": fallback, "blocks": [...]} for any reply."""
    blocks = reply_blocks(reply)
    return {"text": escape(reply_fallback(reply)), "blocks": blocks[:MAX_BLOCKS]}


def action_section(action: Action, today: date) -> dict:
    flag = ":warning: " if action.is_overdue(today) else ""
    lines = [
        f"{flag}*#{action.id}* · {status_label(action.status)} · {escape(deadline_text(action, today))}",
        escape(action.description),
        f"Lead: {escape(action.lead_names)}",
    ]
    if origin := origin_text(action):
        lines[-1] += f" · {escape(origin)}"
    if action.forum:
        lines.append(f"_{escape(action.forum)}_")
    return section("\n".join(lines))


def event_text(event: ActionEvent) -> str:
    when = event.at.strftime("%Y-%m-%d %H:%M")
    who = user(event.actor)
    if event.field == "created":
        return f"{when} {who} created it" + (f" ({escape(event.note)})" if event.note else "")
    if event.field in ("status", "due", "lead"):
        change = f"{event.field}: {escape(event.old or '(none)')} → {escape(event.new or '(none)')}"
        note = f" — {escape(event.note)}" if event.note else ""
        return f"{when} {who} {change}{note}"
    if event.field == "reminder":
        people = ", ".join(user(u) for u in (event.new or "").split(", ") if u)
        note = f" — {escape(event.note)}" if event.note else ""
        return f"{when} {who} reminded {people}{note}"
    return f"{when} {who} noted: {escape(event.note or '')}"


@singledispatch
def reply_blocks(reply: Reply) -> list[dict]:
    raise TypeError(f"no Block Kit for {type(reply).__name__}")


@reply_blocks.register
def _(reply: Notice) -> list[dict]:
    icon = ":x: " if reply.error else ""
    blocks = [section(icon + escape(reply.text))]
    blocks += [context(escape(line)) for line in reply.details]
    return blocks


@reply_blocks.register
def _(reply: ActionCard) -> list[dict]:
    blocks = [section(f"*{escape(reply.headline)}*"), action_section(reply.action, reply.today)]
    blocks += [context(escape(note)) for note in reply.notes]
    if reply.history:
        events = reply.action.events
        shown = [event_text(e) for e in events[-HISTORY_SHOWN:]]
        if len(events) > HISTORY_SHOWN:
            shown.insert(0, f"({len(events) - HISTORY_SHOWN} earlier changes not shown)")
        blocks.append(section("*History*\n" + "\n".join(shown)))
    return blocks


@reply_blocks.register
def _(reply: ActionList) -> list[dict]:
    page = reply.page
    blocks = [header(reply.title),
              context(f"{page.total} action(s) · page {page.number} of {page.pages}")]
    if not page.items:
        blocks.append(section(escape(reply.empty_hint)))
    for action in page.items:
        blocks.append(action_section(action, reply.today))
    if page.number < page.pages:
        more = escape(reply.page_command.format(page=page.number + 1))
        blocks.append(context(f"More: `{more}`"))
    return blocks


@reply_blocks.register
def _(reply: LeadList) -> list[dict]:
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
        lines = [f"{event.at:%d %b %Y} {user(event.actor_user_id)} "
                 f"{escape(event.describe(user))}" for event in shown]
        blocks.append(section("*History*\n" + "\n".join(lines)))
    return blocks


@reply_blocks.register
def _(reply: Help) -> list[dict]:
    blocks = [section(escape(reply.intro))]
    for entry in reply.entries:
        blocks.append(section(f"`{escape(entry.usage)}`\n{escape(entry.summary)}\n"
                              f"e.g. `{escape(entry.example)}`"))
    blocks += [context(escape(line)) for line in reply.footer]
    return blocks


@singledispatch
def reply_fallback(reply: Reply) -> str:
    if isinstance(reply, Notice):
        return reply.text
    if isinstance(reply, ActionCard):
        return f"{reply.headline}: {reply.action.description}"
    if isinstance(reply, ActionList):
        return f"{reply.title}: {reply.page.total} action(s)"
    if isinstance(reply, LeadList):
        return f"{len(reply.leads)} lead(s)"
    return reply.intro


# Other features' replies register their Block Kit and fallback text on the functions above.
from bot.slack.blocks import boards, summary  # noqa: E402, F401
