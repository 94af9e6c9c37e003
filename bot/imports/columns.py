"""Column headings and cell clean-up shared by every table format: one row of cells -> a
DraftRow."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.imports.drafts import DraftRow, RowProblem

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("no", "number", "ref", "#", "item", "item no", "action no", "action number"),
    "description": ("action", "actions", "description", "action agreed", "actions agreed"),
    "timing": ("timing", "due", "due date", "due by", "deadline", "by when", "date", "target date"),
    "lead": (
        "lead",
        "leads",
        "lead(s)",
        "owner",
        "owners",
        "owner(s)",
        "responsible",
        "lead officer",
    ),
    "status": ("status", "progress"),
    # The bot's own number for an action (its summary exports carry it): rows are matched on it.
    "action_id": ("id", "action id"),
}
HEADER_NAMES: dict[str, str] = {name: col for col, names in _SYNONYMS.items() for name in names}
# Headings of the bot's own summary exports that say nothing an import sets; they count as known
# so that such a file is read as a table, and their cells are left alone.
EXPORT_HEADINGS = frozenset(
    (
        "section",
        "origin meeting",
        "days overdue",
        "latest update",
        "update",
        "update date",
        "update time",
        "updated by",
        "no update",
        "agreed timing",
        "deadline moved",
        "slipped",
        "deadline proposed",
        "proposed for closure",
        "closed by the board",
    )
)

ANNEX_LABELS = ("No.", "Action", "Timing", "Lead")
PROBLEM_TEXT_LIMIT = 120
# Anything longer in the number column is text in the wrong place, not a number.
MAX_NUMBER_LENGTH = 12

_ROW_NUMBER = re.compile(r"^\d{1,4}[a-z]?[.)]?$", re.IGNORECASE)
_FORUM = re.compile(
    r"(?:^|(?<=[.!?])\s+)([Ff]or discussion (?:at|with|in|during|by)\b.*?)"
    r"(?:\.(?=\s+[A-Z(\"']|\s*$)|$)"
)
_EMPHASIS = re.compile(r"\*\*|__")
_ACTION_ID = re.compile(r"^#?(\d{1,9})$")
# A summary shows a moved deadline as "agreed August 2022, now November 2022, moved by ...":
# the deadline in force is the one after "now".
_MOVED_TIMING = re.compile(r"^agreed\s+[^,]+,\s*now\s+(?P<now>[^,(]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Columns:
    """Which cell holds which field, and the headings as the user wrote them (for messages)."""

    fields: dict[str, int]
    width: int
    labels: tuple[str, ...]

    @property
    def description(self) -> int:
        return self.fields["description"]


ANNEX_COLUMNS = Columns({"number": 0, "description": 1, "timing": 2, "lead": 3}, 4, ANNEX_LABELS)


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def strip_emphasis(text: str) -> str:
    """Drop Markdown bold markers, which converted letters wrap around headings and labels."""
    return _EMPHASIS.sub("", text)


def clip(text: str, limit: int = PROBLEM_TEXT_LIMIT) -> str:
    text = normalise_space(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def trim_trailing(cells: Sequence[str]) -> list[str]:
    cells = list(cells)
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def is_row_number(cell: str) -> bool:
    return bool(_ROW_NUMBER.match(cell.strip()))


def _is_action_number(cell: str) -> bool:
    """Short single tokens: "12", "3a", "A1", "2.3", or a letter or numeral such as "b" or "iv"."""
    if len(cell) > MAX_NUMBER_LENGTH or any(ch.isspace() for ch in cell):
        return False
    return any(ch.isdigit() for ch in cell) or (len(cell) <= 4 and cell.isalpha())


def _header_key(cell: str) -> str:
    key = normalise_space(strip_emphasis(cell)).lower()
    return key.rstrip(".:;?!*").strip() or key


def match_header(
    cells: Sequence[str], *, strict: bool = False, min_cells: int = 1
) -> Columns | None:
    """Columns if these cells are a heading row that names an action column.

    Most headings must be recognised so that a data row mentioning "Action" is not taken for a
    heading; `strict` (every heading recognised) guards prose that happens to contain commas.
    """
    cells = trim_trailing(cells)
    names = [_header_key(c) for c in cells]
    filled = [n for n in names if n]
    if len(filled) < min_cells:
        return None
    fields: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in HEADER_NAMES:
            fields.setdefault(HEADER_NAMES[name], index)
    known = sum(1 for n in filled if n in HEADER_NAMES or n in EXPORT_HEADINGS)
    if "description" not in fields or known * 2 < len(filled) or (strict and known < len(filled)):
        return None
    return Columns(fields, len(cells), tuple(normalise_space(strip_emphasis(c)) for c in cells))


def looks_like_annex_rows(rows: Sequence[Sequence[str]]) -> bool:
    """True when headerless rows read as Annex A: four cells, the first a row number."""

    def fits(cells: Sequence[str]) -> bool:
        return len(cells) == 4 and is_row_number(cells[0])

    return bool(rows) and fits(rows[0]) and sum(map(fits, rows)) * 2 >= len(rows)


def current_timing(cell: str) -> str:
    moved = _MOVED_TIMING.match(cell)
    return moved.group("now").strip() if moved else cell


def find_forum(description: str) -> str | None:
    """The "For discussion at ..." sentence, where the board will hear about the action."""
    match = _FORUM.search(description)
    return match.group(1).strip() if match else None


def build_row(line: int, cells: Sequence[str], columns: Columns) -> DraftRow | RowProblem | None:
    """A DraftRow, a RowProblem saying why not, or None for a row with nothing in it."""
    cells = trim_trailing([normalise_space(c) for c in cells])
    if not cells:
        return None
    shown = clip(" | ".join(cells))
    if len(cells) > columns.width:
        return RowProblem(
            line,
            shown,
            (
                f"This row has {len(cells)} cells but the table has {columns.width} columns "
                f"({', '.join(columns.labels)}), so I can't tell which text belongs in which "
                "column."
            ),
        )
    cells += [""] * (columns.width - len(cells))

    def cell(name: str) -> str | None:
        index = columns.fields.get(name)
        return None if index is None else cells[index]

    description = cell("description") or ""
    if not description:
        label = columns.labels[columns.description] or "Action"
        return RowProblem(
            line, shown, f"This row has no action text (the {label} column is empty)."
        )
    number = (cell("number") or "").rstrip(".)").strip()
    if number and not _is_action_number(number):
        label = columns.labels[columns.fields["number"]] or "No."
        return RowProblem(
            line, shown, f'The {label} cell "{clip(number, 40)}" is not an action number.'
        )
    action_id = (cell("action_id") or "").strip()
    found = _ACTION_ID.match(action_id)
    if action_id and found is None:
        label = columns.labels[columns.fields["action_id"]] or "Id"
        return RowProblem(
            line,
            shown,
            f'The {label} cell "{clip(action_id, 40)}" is not an action id like #12: correct it, '
            "or clear it to add the row as a new action.",
        )
    return DraftRow(
        line=line,
        action_id=int(found.group(1)) if found else None,
        number=number or None,
        description=description,
        timing=current_timing(cell("timing") or ""),
        lead=cell("lead") or "",
        status=cell("status"),
        forum=find_forum(description),
    )
