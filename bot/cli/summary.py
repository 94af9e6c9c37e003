"""`actionbot summary`: a board's matters-arising summary as Markdown, CSV or Word, offline; or
the scheduled summary posts that are due, as the scheduler sends them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.options import add_now_option, sending_services, services_for
from bot.errors import BotError

if TYPE_CHECKING:
    from bot.config import Settings

FORMATS = ("md", "csv", "docx")


def add_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    summary = sub.add_parser(
        "summary",
        help="write a board's matters-arising summary (Markdown, CSV or Word)",
        description="Write the matters-arising summary for a board's next meeting (or the "
        "meeting given with --for): to standard output for md and csv, or to a "
        "file. The format follows --output's extension when --format is not given. "
        "With --scheduled, instead run the scheduled summary posts that are due, as the "
        "scheduler does (to each board's channel, or its secretaries).",
    )
    summary.add_argument(
        "--board",
        help="the board's name or short name (may be left out when there is only one board)",
    )
    summary.add_argument(
        "--for",
        dest="meeting",
        metavar="DATE",
        help="the meeting date, e.g. 2022-10-20 or '20 October 2022'",
    )
    summary.add_argument("--format", choices=FORMATS, help="md (default), csv or docx")
    summary.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="the file to write (default: standard output for md and csv, "
        "matters-arising-<board>-<date>.docx for docx)",
    )
    add_now_option(summary, "prepare it")
    summary.add_argument(
        "--scheduled",
        action="store_true",
        help="post every board's summary that is due now (or at --now), once, as the "
        "scheduler does, and print what went to whom",
    )
    summary.add_argument(
        "--dry-run",
        action="store_true",
        help="with --scheduled: show what would be posted to whom, and the text; "
        "post and record nothing",
    )
    summary.set_defaults(handler=run_summary)


def run_summary(args: argparse.Namespace, settings: Settings) -> int:
    from bot.boards.recurrence import parse_meeting_date

    if args.scheduled or args.dry_run:
        return run_scheduled(args, settings)

    fmt = args.format or _format_of(args.output) or "md"
    services = services_for(args, settings)
    try:
        meeting = parse_meeting_date(args.meeting) if args.meeting else None
        summary, upload = services.summaries.export(args.board, fmt=fmt, meeting=meeting)
    except BotError as exc:
        print(f"actionbot summary: {exc.user_message}", file=sys.stderr)
        return 2
    finally:
        services.engine.dispose()
    output = args.output or (Path(upload.filename) if fmt == "docx" else None)
    if output is None:
        sys.stdout.buffer.write(upload.content)
        sys.stdout.flush()
        return 0
    output.write_bytes(upload.content)
    totals = summary.totals
    counts = [f"open {totals.open}", f"overdue {totals.overdue}"]
    counts += [f"slipped {totals.slipped}"] if totals.slipped else []
    counts += [f"proposed for closure {totals.proposed_closure}"] if totals.proposed_closure else []
    counts.append(f"closed since the last meeting {totals.closed_since_last}")
    print(f"Wrote {output}: {upload.title} ({', '.join(counts)}).")
    return 0


def run_scheduled(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console.scheduled import post_run_text
    from bot.models.boards import PostKind

    given = [
        f"--{name}" for name in ("board", "for", "format", "output")
        if getattr(args, "meeting" if name == "for" else name) is not None
    ]  # fmt: skip
    problem = None
    if not args.scheduled:
        problem = "--dry-run goes with --scheduled; a summary written to a file sends nothing."
    elif given:
        problem = (
            f"--scheduled runs every board's due summaries, so {', '.join(given)} does not "
            "apply; leave it out, or drop --scheduled to write one summary."
        )
    elif settings.slack_bot_token is None and not args.dry_run:
        problem = "--scheduled needs SLACK_BOT_TOKEN to post; add --dry-run to see what is due."
    if problem:
        print(f"actionbot summary: {problem}", file=sys.stderr)
        return 2
    services = sending_services(args, settings)
    try:
        run = services.summaries.scheduled.run(PostKind.SUMMARY, dry_run=args.dry_run)
    finally:
        services.engine.dispose()
    print(post_run_text(run))
    return 1 if run.failed else 0


def _format_of(path: Path | None) -> str | None:
    if path is None:
        return None
    suffix = path.suffix.lower().lstrip(".")
    suffix = "md" if suffix == "markdown" else suffix
    return suffix if suffix in FORMATS else None
