"""/actions summary: the matters-arising pack, shown, posted to the board or sent as a file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.boards.recurrence import parse_meeting_date
from bot.commands.args import split_options
from bot.commands.boards import is_bare_word
from bot.commands.registry import Context, Verb
from bot.commands.replies import Reply, SummaryReply, SummarySent
from bot.commands.tokens import Token, join_words
from bot.errors import InvalidInput
from bot.summaries.exporters import FORMATS


@dataclass(frozen=True)
class SummaryArgs:
    board: str | None = None
    meeting: date | None = None
    post: bool = False
    fmt: str | None = None


def parse_summary(tokens: list[Token]) -> SummaryArgs:
    words = split_options(tokens, {"for", "format"})
    free = list(words.free)
    post = bool(free) and is_bare_word(free[-1], "post")
    if post:
        free.pop()
    when = words.one("for")
    return SummaryArgs(
        board=join_words(free) or None,
        meeting=parse_meeting_date(when) if when is not None else None,
        post=post,
        fmt=_format(words.one("format")),
    )


def run_summary(args: SummaryArgs, context: Context) -> Reply:
    service = context.services.summaries
    if args.fmt is not None:
        return SummarySent(
            service.send_file(
                context.caller, args.board, fmt=args.fmt, meeting=args.meeting, to_channel=args.post
            )
        )
    if args.post:
        return SummarySent(service.post(context.caller, args.board, meeting=args.meeting))
    return SummaryReply(service.build(args.board, meeting=args.meeting, by=context.caller))


def _format(value: str | None) -> str | None:
    if value is None:
        return None
    fmt = value.strip().lower().lstrip(".")
    fmt = "md" if fmt == "markdown" else fmt
    if fmt not in FORMATS:
        raise InvalidInput(
            f"“{value}” is not a summary format; use format:md, format:csv or format:docx."
        )
    return fmt


# The verbs of this module, in the order /actions help lists them.
VERBS = (
    Verb(
        "summary",
        "/actions summary [<board>] [for:<meeting date>] [post] [format:md|csv|docx]",
        "The matters-arising summary for the board's next meeting (or the one named): shown "
        "to you, posted to the board's channel with post (secretaries), or sent as a file.",
        '/actions summary PROB for:"20 October 2022" format:docx',
        parse_summary,
        run_summary,
    ),
)
