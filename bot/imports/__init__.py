"""Import actions from Annex tables and letters: text or files in, draft rows out
(nothing is saved here)."""

from bot.imports.drafts import DraftRow, ImportFileError, ParsedDocument, RowProblem
from bot.imports.parse import parse_file, parse_text

__all__ = [
    "DraftRow",
    "ImportFileError",
    "ParsedDocument",
    "RowProblem",
    "parse_file",
    "parse_text",
]
