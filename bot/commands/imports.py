"""/actions import: ask the medium for the import form (a modal in Slack)."""

from __future__ import annotations

from bot.commands.args import split_options
from bot.commands.registry import Context, Verb
from bot.commands.replies import OpenImportForm, Reply
from bot.commands.tokens import Token
from bot.errors import InvalidInput


def parse_import(tokens: list[Token]) -> str | None:
    words = split_options(tokens, {"board"})
    if words.free:
        raise InvalidInput(
            "import opens a form for the letter or table; give at most the "
            'board, e.g. board:"Performance and Risk Oversight Board".'
        )
    return words.one("board")


def run_import(board: str | None, context: Context) -> Reply:
    return OpenImportForm(board=board)


# The verbs of this module, in the order /actions help lists them.
VERBS = (
    Verb(
        "import",
        "/actions import [board:<board>]",
        "Import actions from a letter's Annex table, a Word or CSV table, or "
        "recommendations: paste the text or attach the file, check the preview, confirm. "
        "Sending the bot a .docx or .csv file in a direct message does the same.",
        '/actions import board:"Performance and Risk Oversight Board"',
        parse_import,
        run_import,
    ),
)
