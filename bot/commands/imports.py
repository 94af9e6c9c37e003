"""/actions import: ask the transport for the import form (a modal in Slack)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands.args import split_options
from bot.commands.registry import Context, Verb, register
from bot.commands.replies import Notice, Reply
from bot.commands.tokens import Token
from bot.errors import InvalidInput

CONSOLE_HINT = (
    "The import form opens only in Slack. In a terminal, import a letter or an action table "
    'with: actionbot import <file> --board "<board>" --dry-run (then again without --dry-run '
    "to write it); `actionbot import --help` explains every option."
)


@dataclass(frozen=True)
class OpenImportModal(Notice):
    """Slack opens the import form (it needs the request's trigger_id); other transports show
    the text, which says how to import there."""

    board: str | None = None


def parse_import(tokens: list[Token]) -> str | None:
    words = split_options(tokens, {"board"})
    if words.free:
        raise InvalidInput("import opens a form for the letter or table; give at most the "
                           'board, e.g. board:"Performance and Risk Oversight Board".')
    return words.one("board")


def run_import(board: str | None, context: Context) -> Reply:
    return OpenImportModal(CONSOLE_HINT, board=board)


register(
    Verb("import", "/actions import [board:<board>]",
         "Import actions from a letter's Annex table, a Word or CSV table, or "
         "recommendations: paste the text or attach the file, check the preview, confirm. "
         "Sending the bot a .docx or .csv file in a direct message does the same.",
         '/actions import board:"Performance and Risk Oversight Board"',
         parse_import, run_import),
)
