"""The /actions verbs that change, list and show actions (adding one is bot/commands/adding.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from bot.boards.recurrence import parse_meeting_date
from bot.commands.adding import ADD
from bot.commands.args import (
    parse_id,
    parse_leads,
    parse_page,
    parse_status,
    split_options,
)
from bot.commands.closure import closure_notes
from bot.commands.deadlines import move_notes
from bot.commands.registry import Context, Verb
from bot.commands.replies import ActionCard, ActionList, Reply
from bot.commands.tokens import Token
from bot.errors import InvalidInput
from bot.leads.service import LeadRef
from bot.models.actions import Status
from bot.timing import format_date

LIST_STATES = ("open", "overdue", "done", "all")


@dataclass(frozen=True)
class ListArgs:
    state: str = "open"
    mine: bool = False
    lead: str | None = None
    board: str | None = None
    page: int = 1
    meeting: date | None = None  # the meeting that agreed the actions


def parse_list(tokens: list[Token]) -> ListArgs:
    words = split_options(tokens, {"lead", "board", "page", "meeting"})
    state, mine = None, False
    for token in words.free:
        word = token.value.lower()
        if word == "mine":
            mine = True
        elif word in LIST_STATES and state is None:
            state = word
        else:
            raise InvalidInput(
                f'"{token.value}" is not a list filter. Use open, overdue, done or all, '
                "and optionally mine, lead:<lead>, board:<board>, meeting:<date>, page:<n>."
            )
    meeting = words.one("meeting")
    return ListArgs(
        state or "open",
        mine,
        words.one("lead"),
        words.one("board"),
        parse_page(words.one("page")),
        parse_meeting_date(meeting) if meeting is not None else None,
    )


def run_list(args: ListArgs, context: Context) -> Reply:
    actions = context.services.actions
    page = actions.find(
        context.caller,
        state=args.state,
        mine=args.mine,
        lead=args.lead,
        board=args.board,
        page=args.page,
        meeting=args.meeting,
    )
    filters = [args.state, *(["mine"] if args.mine else [])]
    if args.lead:
        filters.append(f'lead:"{args.lead}"')
    if args.board:
        filters.append(f'board:"{args.board}"')
    if args.meeting:
        filters.append(f'meeting:"{format_date(args.meeting)}"')
    title = {
        "open": "Open actions",
        "overdue": "Overdue actions",
        "done": "Closed actions",
        "all": "All actions",
    }[args.state]
    if args.mine:
        title = "Your " + title[0].lower() + title[1:]
    for extra in filters[1 + args.mine :]:
        title += f" · {extra}"
    return ActionList(
        title,
        page,
        actions.today(),
        page_command="/actions list " + " ".join(filters) + " page:{page}",
        empty_hint=_empty_hint(args),
    )


def _empty_hint(args: ListArgs) -> str:
    if args.mine:
        return (
            "None of your actions match. If you lead actions, ask a secretary to map you: "
            "`/actions lead <lead name> @you`."
        )
    if args.meeting:
        return (
            "No actions match from that meeting. `/actions meetings <board>` lists a "
            "board's meetings."
        )
    return "Nothing matches. `/actions list all` shows every action."


def parse_show(tokens: list[Token]) -> int:
    if len(tokens) > 1:
        raise InvalidInput("show takes one action id.")
    return parse_id(tokens[0] if tokens else None)


def run_show(action_id: int, context: Context) -> Reply:
    action = context.services.actions.get(action_id)
    zone = ZoneInfo(context.services.settings.timezone)
    return ActionCard("", action, context.services.actions.today(), history=True, zone=zone)


@dataclass(frozen=True)
class UpdateArgs:
    action_id: int
    status: Status | None = None
    timing: str | None = None
    leads: list[LeadRef] | None = None
    note: str | None = None


def parse_update(tokens: list[Token]) -> UpdateArgs:
    action_id = parse_id(tokens[0] if tokens else None)
    words = split_options(tokens[1:], {"status", "due", "lead"})
    status = words.one("status")
    return UpdateArgs(
        action_id,
        status=parse_status(status) if status is not None else None,
        timing=words.one("due"),
        leads=parse_leads(words.options["lead"]) if "lead" in words.options else None,
        note=words.text or None,
    )


def run_update(args: UpdateArgs, context: Context) -> Reply:
    service = context.services.actions
    result = service.change(
        context.caller,
        args.action_id,
        status=args.status,
        timing=args.timing,
        leads=args.leads,
        note=args.note,
    )
    return ActionCard(
        f"Updated #{result.action.id}",
        result.action,
        service.today(),
        caller_note=args.note,
        notes=(*closure_notes(result.action), *move_notes(result.move, context)),
    )


@dataclass(frozen=True)
class StatusArgs:
    action_id: int
    note: str | None


def parse_status_change(tokens: list[Token]) -> StatusArgs:
    action_id = parse_id(tokens[0] if tokens else None)
    words = split_options(tokens[1:], set())
    return StatusArgs(action_id, words.text or None)


def _status_runner(status: Status, headline: str):  # type: ignore[no-untyped-def]
    def run(args: StatusArgs, context: Context) -> Reply:
        service = context.services.actions
        action = service.set_status(context.caller, args.action_id, status, note=args.note)
        return ActionCard(
            f"{headline} #{action.id}",
            action,
            service.today(),
            caller_note=args.note,
            notes=closure_notes(action),
        )

    return run


# The verbs of this module, in the order /actions help lists them.
VERBS = (
    ADD,
    Verb(
        "list",
        "/actions list [open|overdue|done|all] [mine] [lead:<lead>] [board:<board>] "
        "[meeting:<date>] [page:<n>]",
        "List actions; open ones by default, soonest deadline first. meeting: lists those "
        "agreed at one meeting.",
        "/actions list overdue lead:MPS",
        parse_list,
        run_list,
        aliases=("ls",),
        reads_only=True,
    ),
    Verb(
        "show",
        "/actions show <id>",
        "Show one action with its history.",
        "/actions show 12",
        parse_show,
        run_show,
        reads_only=True,
    ),
    Verb(
        "update",
        "/actions update <id> [status:<status>] [due:<timing>] [lead:<lead>] [<note...>]",
        "Change status, deadline or lead, or add a note. Statuses: open, in-progress, "
        "blocked, done, dropped. Where a secretary decides deadlines, a lead's due: is a "
        "proposal; secretaries are told of every move.",
        '/actions update 12 status:in-progress due:"September 2022" draft with legal',
        parse_update,
        run_update,
    ),
    Verb(
        "done",
        "/actions done <id> [<note...>]",
        "Mark an action done, with a closing note. Where the board closes actions, this "
        "proposes it for closure and its reminders stop.",
        "/actions done 12 report sent on 27 June",
        parse_status_change,
        _status_runner(Status.DONE, "Done:"),
    ),
    Verb(
        "reopen",
        "/actions reopen <id> [<note...>]",
        "Reopen a done or dropped action (one the board closed: its secretaries only).",
        "/actions reopen 12 the board asked for more",
        parse_status_change,
        _status_runner(Status.OPEN, "Reopened"),
    ),
)
