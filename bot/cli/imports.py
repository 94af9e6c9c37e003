"""`actionbot import`: preview a letter or an action table, then import its actions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.options import add_now_option, services_for
from bot.errors import BotError

if TYPE_CHECKING:
    from bot.access import Actor
    from bot.config import Settings
    from bot.imports.drafts import ParsedDocument
    from bot.imports.plan import ImportPlan
    from bot.services import Services

DEFAULT_ACTOR = "cli"

DESCRIPTION = """\
Read the actions in an oversight letter's Annex table, a CSV or Word action table, or a letter's
"Recommendation:" paragraphs, and show what importing them into BOARD would create, update or
leave unchanged. Without --dry-run the actions are then written, all in one transaction.
Importing the same letter again (same source reference and item numbers) updates the rows that
changed and creates no duplicates; a summary file the bot wrote (CSV or Word) is matched on its
Id column, so an edited copy updates exactly the rows edited. If some rows cannot be read nothing
is written, unless --skip-problems is given. A board that does not exist yet is created."""


def add_command(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "import",
        help="import actions from a letter or an action table",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help="a .docx, .csv or text file (.txt, .tsv, .md); - reads standard input",
    )
    parser.add_argument(
        "--board", required=True, help="the board the actions belong to (its name or short name)"
    )
    parser.add_argument(
        "--meeting-date",
        metavar="DATE",
        help='the meeting that agreed them, e.g. 2022-06-24 or "24 June 2022" '
        "(default: the meeting the letter mentions)",
    )
    parser.add_argument(
        "--source-ref", metavar="REF", help='the letter\'s reference (default: its "Our ref")'
    )
    parser.add_argument(
        "--lead",
        metavar="LEAD",
        help="the lead for rows that name none (recommendations usually don't)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would happen and write nothing"
    )
    parser.add_argument(
        "--skip-problems",
        action="store_true",
        help="import the rows that can be read even if others cannot",
    )
    add_now_option(parser, "import (and record the history)")
    parser.add_argument(
        "--new-board",
        action="store_true",
        help="create BOARD even though an existing board has a similar name",
    )
    parser.add_argument(
        "--as",
        dest="user",
        metavar="USER_ID",
        default=DEFAULT_ACTOR,
        help=f"who the history records as importing (default: {DEFAULT_ACTOR})",
    )
    parser.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0 when done (or previewed), 1 when unreadable rows stopped it, 2 on bad input."""
    from bot.access import Actor
    from bot.boards.recurrence import parse_meeting_date
    from bot.imports.drafts import ACCEPTED_FORMATS
    from bot.imports.plan import ImportOptions

    try:
        meeting_date = parse_meeting_date(args.meeting_date) if args.meeting_date else None
        document = _read(args.file, settings.import_max_bytes)
    except BotError as exc:
        return _fail(exc.user_message)
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror or exc}.")
    if not document.rows and not document.problems:
        return _fail(f"{document.summary()} Nothing was imported.\n{ACCEPTED_FORMATS}")
    services = services_for(args, settings)
    try:
        actor = Actor(args.user, is_secretary=True)
        options = ImportOptions(args.board, meeting_date, args.source_ref, args.lead)
        plan = services.imports.preview(document, options, by=actor)
        from bot.console.imports import render_plan

        print(render_plan(plan))
        return _finish(services, plan, actor, args)
    except BotError as exc:
        return _fail(exc.user_message)
    finally:
        services.engine.dispose()


def _finish(services: Services, plan: ImportPlan, actor: Actor, args: argparse.Namespace) -> int:
    from bot.imports.plan import Decision, plural

    if args.dry_run:
        print("Dry run: nothing was written. Run the same command without --dry-run to import.")
        return 0
    if plan.new_board and plan.board_suggestion and not args.new_board:
        return _fail(
            f'nothing was written: there is no board called "{plan.board_name}", but '
            f'there is "{plan.board_suggestion}". Use --board "{plan.board_suggestion}",'
            " or add --new-board to create the new board."
        )
    problems = len(plan.problems)
    if problems and not plan.actions:
        print(
            f"\nNothing was written: none of the {plural(problems, 'action')} found could be "
            "read (see above). Fix them in the file and run this again."
        )
        return 1
    if problems and not args.skip_problems:
        importable = plan.count(Decision.CREATE) + plan.count(Decision.UPDATE)
        print(
            f"\nNothing was written: {plural(problems, 'row')} could not be read (see above). "
            "Fix them in the file and run this again, or add --skip-problems to import the "
            f"other {plural(importable, 'action')} now and add the rest later."
        )
        return 1
    if not plan.has_changes:
        print("\nNothing to write: every action is already up to date.")
        return 0
    result = services.imports.apply(plan, by=actor, skip_problems=args.skip_problems)
    print("\n" + result.summary())
    return 0


def _read(name: str, max_bytes: int) -> ParsedDocument:
    from bot.imports.parse import parse_file

    if name == "-":
        stream = getattr(sys.stdin, "buffer", None)
        data = stream.read(max_bytes + 1) if stream else sys.stdin.read().encode("utf-8")
        return parse_file(data, "", max_bytes=max_bytes)
    path = Path(name)
    if path.is_dir():
        raise OSError(0, "it is a folder, not a file")
    with path.open("rb") as handle:
        # One byte over the limit is enough for the parser to refuse it with the limit named.
        return parse_file(handle.read(max_bytes + 1), path.name, max_bytes=max_bytes)


def _fail(message: str) -> int:
    print(f"actionbot import: {message}", file=sys.stderr)
    return 2
