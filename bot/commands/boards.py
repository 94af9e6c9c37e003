"""The /actions verbs for boards and their meetings: board, boards, meeting, meetings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from bot.boards.recurrence import MEETING_DATE_FORMS, parse_meeting_date
from bot.commands.args import split_options
from bot.commands.leads import parse_none
from bot.commands.registry import Context, Verb
from bot.commands.replies import BoardCard, BoardList, MeetingList, Reply
from bot.commands.tokens import Token, join_words
from bot.errors import InvalidInput
from bot.timing import MONTH_NAMES, format_date

if TYPE_CHECKING:
    from bot.boards.service import BoardInfo

_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")
_CLEAR = {"none", "-"}
_MONTH_WORD = "|".join(name[:3].lower() for name in MONTH_NAMES)
# Words that can be part of a date, to find where the board's name ends and the date begins.
_DATE_WORD = re.compile(
    rf"(?:\d{{1,4}}(?:st|nd|rd|th)?,?|\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}|of|"
    rf"(?:{_MONTH_WORD})[a-z]*\.?,?)",
    re.IGNORECASE,
)
_LONGEST_DATE = 4  # "31st of August 2024"
_BOARD_OPTIONS = {"short", "channel", "secretary", "closure", "deadlines"}
# closure:board -> a lead's done waits for the board; closure:lead -> done closes it.
_CLOSURE = {"board": True, "lead": False, "default": None}


@dataclass(frozen=True)
class BoardArgs:
    verb: str  # add | set | show
    name: str
    fields: dict[str, object] = field(default_factory=dict)


def parse_board(tokens: list[Token]) -> BoardArgs:
    if not tokens:
        raise InvalidInput("Which board? e.g. `/actions board PROB`, or `/actions board add ...`.")
    first = tokens[0]
    verb = first.value.lower() if first.key is None and not first.quoted else ""
    if verb in ("add", "set") and len(tokens) == 1:
        raise InvalidInput(f"Which board? Give its name after {verb}.")
    if verb not in ("add", "set"):
        words = split_options(tokens, _BOARD_OPTIONS)
        if words.options:
            raise InvalidInput(
                "To change a board, start with set: `/actions board set PROB channel:#prob-board`."
            )
        return BoardArgs("show", words.text)
    words = split_options(tokens[1:], _BOARD_OPTIONS)
    mentions = [t for t in words.free if t.mention]
    name = join_words([t for t in words.free if not t.mention])
    if not name:
        raise InvalidInput(
            "Which board? Give its name first, e.g. `/actions board add "
            '"Performance and Risk Oversight Board" short:PROB`.'
        )
    fields: dict[str, object] = {}
    if (short := words.one("short")) is not None:
        fields["short_name"] = None if short.lower() in _CLEAR else short
    if (channel := words.one("channel")) is not None:
        fields["channel_id"] = _channel(channel)
    if (rule := words.one("deadlines")) is not None:
        fields["deadline_changes"] = None if rule.lower() in _CLEAR else rule
    people = [*words.options.get("secretary", []), *mentions]
    if people:
        fields["secretaries"] = _secretaries(people)
    if (closure := words.one("closure")) is not None:
        fields["closure_needs_board"] = _closure(closure)
    return BoardArgs(verb, name, fields)


def run_board(args: BoardArgs, context: Context) -> Reply:
    boards = context.services.boards
    if args.verb == "add":
        info = boards.create(context.caller, args.name, **args.fields)  # type: ignore[arg-type]
        return BoardCard(f"Added board {info.name}", info, _setup_hints(info))
    if args.verb == "set":
        info = boards.change(context.caller, args.name, **args.fields)
        return BoardCard(f"Changed board {info.name}", info)
    info = boards.get(args.name)
    return BoardCard(info.name, info, _setup_hints(info))


def run_boards(_: None, context: Context) -> Reply:
    return BoardList(tuple(context.services.boards.all_boards()))


@dataclass(frozen=True)
class MeetingArgs:
    board: str | None
    day: date
    every: str | None = None
    cancel: bool = False


def parse_meeting(tokens: list[Token]) -> MeetingArgs:
    words = split_options(tokens, {"every"})
    free = list(words.free)
    cancel = bool(free) and is_bare_word(free[-1], "cancel")
    if cancel:
        free.pop()
        if "every" in words.options:
            raise InvalidInput("Cancel one meeting, or set a recurrence; not both at once.")
    board, day = split_board_and_date(free)
    return MeetingArgs(board, day, words.one("every"), cancel)


def run_meeting(args: MeetingArgs, context: Context) -> Reply:
    boards = context.services.boards
    if args.cancel:
        change = boards.cancel_meeting(context.caller, args.board, args.day)
        verb = "Cancelled" if change.changed else "Was already cancelled:"
    else:
        change = boards.add_meeting(context.caller, args.board, args.day, every=args.every)
        verb = "Added" if change.changed else "Already in the calendar:"
    return MeetingList(
        f"{verb} {change.board.label} meeting on {format_date(args.day)}", change.board
    )


def parse_meetings(tokens: list[Token]) -> str | None:
    return join_words(split_options(tokens, set()).free) or None


def run_meetings(board: str | None, context: Context) -> Reply:
    info = context.services.boards.schedule(board, by=context.caller)
    return MeetingList(f"Meetings of {info.name}", info)


def split_board_and_date(tokens: list[Token]) -> tuple[str | None, date]:
    """'Performance and Risk Oversight Board 20 October 2022' -> (board, date): the date is the
    longest run of up to four words at the end that reads as one day."""
    for size in range(min(_LONGEST_DATE, len(tokens)), 0, -1):
        try:
            day = parse_meeting_date(join_words(tokens[-size:]))
        except InvalidInput:
            continue
        return join_words(tokens[:-size]) or None, day
    tail: list[Token] = []
    for token in reversed(tokens[-_LONGEST_DATE:]):
        if not (token.quoted or _DATE_WORD.fullmatch(token.value)):
            break
        tail.insert(0, token)
    if tail:
        parse_meeting_date(join_words(tail))  # raises, naming what was wrong
    raise InvalidInput(
        "Give the meeting date after the board's name, e.g. "
        f"`/actions meeting PROB 20 October 2022`. {MEETING_DATE_FORMS}"
    )


def is_bare_word(token: Token, word: str) -> bool:
    """An unquoted keyword such as post or cancel, as opposed to a quoted name or an option."""
    return token.key is None and not token.quoted and token.value.lower() == word


def _channel(value: str) -> str | None:
    if value.lower() in _CLEAR:
        return None
    if match := _CHANNEL.fullmatch(value):
        return match.group(1)
    if _CHANNEL_ID.fullmatch(value):
        return value
    raise InvalidInput(
        f"“{value}” is not a channel I can read. Type # and pick the channel from "
        "Slack's list, so that Slack sends it as a link (the app's /actions command "
        "needs “Escape channels, users, and links” turned on)."
    )


def _closure(value: str) -> bool | None:
    word = value.strip().lower()
    if word not in _CLOSURE:
        raise InvalidInput(
            f"“{value}” is not a closure rule. Use closure:board (a lead's done is proposed "
            "until a secretary records that the board agreed), closure:lead (done closes it) "
            "or closure:default (follow the CLOSURE_NEEDS_BOARD setting)."
        )
    return _CLOSURE[word]


def _secretaries(tokens: list[Token]) -> list[str]:
    if len(tokens) == 1 and tokens[0].value.lower() in _CLEAR:
        return []
    users = []
    for token in tokens:
        mention = token.mention
        if mention is None:
            raise InvalidInput(
                f"“{token.value}” is not a person; mention them, e.g. "
                "secretary:@alice, or secretary:none to clear the list."
            )
        users.append(mention[0])
    return users


def _setup_hints(info: BoardInfo) -> tuple[str, ...]:
    name = f'"{info.label}"' if " " in info.label else info.label
    hints = []
    if not info.channel_id:
        hints.append(
            f"No channel yet: `/actions board set {name} channel:#channel` says where "
            "its summaries go."
        )
    if not info.upcoming:
        hints.append(
            f"No upcoming meeting: `/actions meeting {name} 20 October 2022 "
            'every:"3 months"` adds one.'
        )
    return tuple(hints)


# The verbs of this module, in the order /actions help lists them.
VERBS = (
    Verb(
        "board",
        "/actions board <name> | /actions board add <name> [short:<code>] "
        "[channel:<#channel>] [secretary:<@user> ...] [closure:board|lead] | "
        "/actions board set <name> [short:<code>|none] [channel:<#channel>|none] "
        "[secretary:<@user> ...|none] [closure:board|lead|default] "
        "[deadlines:lead|secretary|none]",
        "Show a board, add one, or set its short name, channel, secretaries, closure rule "
        "and who may move deadlines (secretaries of every board). Summaries are posted to its "
        "channel. closure:board: a lead's done is proposed for closure until a secretary "
        "records the board's agreement. deadlines:secretary: a lead's new deadline is "
        "proposed until a secretary accepts it.",
        '/actions board add "Performance and Risk Oversight Board" short:PROB '
        "channel:#prob-board secretary:@alice",
        parse_board,
        run_board,
    ),
    Verb(
        "boards",
        "/actions boards",
        "List boards with their next meeting.",
        "/actions boards",
        parse_none,
        run_boards,
    ),
    Verb(
        "meeting",
        "/actions meeting <board> <date> [every:<recurrence>|every:none] [cancel]",
        'Add a meeting date, optionally repeating (every:"3 months", or an RRULE such as '
        'every:"FREQ=MONTHLY;INTERVAL=3;BYDAY=4TH"); or cancel one. Board secretaries.',
        '/actions meeting PROB 20 October 2022 every:"3 months"',
        parse_meeting,
        run_meeting,
    ),
    Verb(
        "meetings",
        "/actions meetings [<board>]",
        "List a board's upcoming meetings.",
        "/actions meetings PROB",
        parse_meetings,
        run_meetings,
    ),
)
