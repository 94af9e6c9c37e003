"""/actions add: an action agreed at a meeting, from its words or, with none, from a form."""

from __future__ import annotations

from bot.actions.checks import refuse
from bot.actions.service import NewAction
from bot.commands.args import parse_leads, split_options
from bot.commands.registry import Context, Verb
from bot.commands.replies import ActionCard, OpenAddForm, Reply
from bot.commands.tokens import Token
from bot.leads.names import LeadReading, lead_options, quoted, reading_note


def parse_add(tokens: list[Token]) -> NewAction | None:
    if not tokens:
        return None  # nothing written: the form asks for each part
    words = split_options(tokens, {"lead", "due", "board", "no", "at"})
    return NewAction(
        description=words.text,
        leads=parse_leads(words.options.get("lead", [])),
        timing=words.one("due"),
        board=words.one("board"),
        item_no=words.one("no"),
        forum=words.one("at"),
    )


def run_add(new: NewAction | None, context: Context) -> Reply:
    if new is None:
        if not context.services.rights(context.user_id).is_any_secretary:
            refuse("add actions")  # before the form is filled in, not after
        return OpenAddForm()
    result = context.services.actions.add(context.caller, new)
    notes = [
        f"New lead {lead.name} has no Slack user yet: map one with "
        f'`/actions lead "{lead.name}" @someone`.'
        for lead in result.new_leads
        if not lead.user_ids
    ]
    notes += [_reading_note(reading, result.action.id) for reading in result.lead_readings]
    if result.new_board is not None:
        notes.append(f"New board {result.new_board.name} created.")
    return ActionCard(
        f"Added #{result.action.id}",
        result.action,
        context.services.actions.today(),
        notes=tuple(notes),
    )


def _reading_note(reading: LeadReading, action_id: int) -> str:
    parts = [part for part in reading.parts if part]
    return reading_note(
        reading,
        split_by=f"give each its own option: `/actions update {action_id} {lead_options(parts)}`",
        keep_by=(
            f"create it with `/actions lead {quoted(reading.written)} @someone`, then "
            f"`/actions update {action_id} lead:{quoted(reading.written)}`"
        ),
    )


ADD = Verb(
    "add",
    "/actions add <description> [lead:<lead>] [due:<timing>] [board:<board>] "
    "[no:<item no>] [at:<forum>]",
    "Add an action agreed at a meeting; in Slack, /actions add alone opens a form. A "
    'joint lead such as lead:"MPS and MOPAC" is split only into known leads or initials; '
    'give several leads one option each: lead:"MOPAC Evidence" lead:Insight.',
    '/actions add Provide the SSO report lead:MPS due:"August 2022" board:PROB no:14',
    parse_add,
    run_add,
)
