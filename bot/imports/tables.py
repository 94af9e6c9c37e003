"""Find action tables in text (tab- or |-separated, or CSV) and in grids of cells (CSV files,
Word)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.imports.columns import (
    ANNEX_COLUMNS,
    Columns,
    build_row,
    clip,
    is_row_number,
    looks_like_annex_rows,
    match_header,
    normalise_space,
    strip_emphasis,
    trim_trailing,
)
from bot.imports.drafts import DraftRow, RowProblem

CSV_DELIMITERS = (",", ";", "\t")
# Title rows ("Annex A", a board name) may sit above the heading row of a spreadsheet export.
HEADER_SEARCH_ROWS = 10

_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_SENTENCE_END = (".", "!", "?")

Grid = Sequence[tuple[int, Sequence[str]]]


@dataclass
class TableResult:
    """Rows and problems from every action table found; `found` is False when there was none."""

    found: bool = False
    rows: list[DraftRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def add(self, outcome: DraftRow | RowProblem | None) -> None:
        if isinstance(outcome, DraftRow):
            self.rows.append(outcome)
        elif isinstance(outcome, RowProblem):
            self.problems.append(outcome)

    def extend(self, other: TableResult) -> None:
        self.found = self.found or other.found
        self.rows += other.rows
        self.problems += other.problems


def read_grid(grid: Grid, *, allow_headerless: bool) -> TableResult:
    """Read a table given as rows of cells, whose heading row is among the first few rows."""
    result = TableResult()
    columns: Columns | None = None
    start = 0
    for index, (_, cells) in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns = match_header(cells)
        if columns:
            start = index + 1
            break
    if columns is None:
        if not (allow_headerless and looks_like_annex_rows([cells for _, cells in grid])):
            return result
        columns = ANNEX_COLUMNS
    result.found = True
    for line, cells in grid[start:]:
        result.add(build_row(line, cells, columns))
    return result


def csv_records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """CSV records with the line each starts on; quoted cells may span lines."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    previous_end = 0
    for cells in reader:
        if any(c.strip() for c in cells):
            records.append((previous_end + 1, cells))
        previous_end = reader.line_num
    return records


def read_csv(text: str) -> TableResult:
    """Read CSV text, choosing the delimiter whose heading row names the most columns."""
    best: tuple[int, str] | None = None
    for delimiter in CSV_DELIMITERS:
        try:
            head = csv_records(_first_lines(text, HEADER_SEARCH_ROWS * 4), delimiter)
        except csv.Error:
            continue
        for _, cells in head[:HEADER_SEARCH_ROWS]:
            columns = match_header(cells)
            if columns and (best is None or len(columns.fields) > best[0]):
                best = (len(columns.fields), delimiter)
            if columns:
                break
    if best is None:
        return TableResult()
    return read_grid(csv_records(text, best[1]), allow_headerless=False)


def read_text_tables(text: str) -> TableResult:
    """Every table in pasted text: CSV when the text opens with a CSV heading row, else tab or
    pipe blocks."""
    lines = text.split("\n")
    first = next((line for line in lines if line.strip()), "")
    if "\t" not in first and any(
        match_header(next(csv.reader([first], delimiter=d)), strict=True, min_cells=2)
        for d in (",", ";")
        if d in first
    ):
        return read_csv(text)
    result = TableResult()
    for kind, entries in _blocks(lines):
        result.extend(_read_block(kind, entries))
    return result


def _first_lines(text: str, count: int) -> str:
    return "\n".join(text.split("\n")[:count])


def _line_kind(line: str) -> str:
    if not line.strip():
        return "blank"
    if "\t" in line:
        return "tab"
    return "pipe" if "|" in line else "text"


Entry = tuple[int, str, bool]  # (1-based line, raw text, True when the line has delimiters)


def _blocks(lines: list[str]) -> Iterable[tuple[str, list[Entry]]]:
    """Runs of delimited lines; a blank line ends a run only if no delimited line follows it.

    A plain line directly after a row is kept as a possible continuation of that row.
    """
    kinds = [_line_kind(line) for line in lines]
    i = 0
    while i < len(lines):
        kind = kinds[i]
        if kind not in ("tab", "pipe"):
            i += 1
            continue
        entries: list[Entry] = []
        while i < len(lines):
            if kinds[i] == kind or kinds[i] == "text":
                entries.append((i + 1, lines[i], kinds[i] == kind))
                i += 1
            elif kinds[i] == "blank":
                j = i
                while j < len(lines) and kinds[j] == "blank":
                    j += 1
                if j == len(lines) or kinds[j] != kind:
                    break
                i = j
            else:
                break
        yield kind, entries


def _split(kind: str, raw: str) -> list[str]:
    if kind == "tab":
        return [normalise_space(c) for c in raw.split("\t")]
    inner = raw.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [
        normalise_space(strip_emphasis(c)).replace("\\|", "|") for c in _PIPE_SPLIT.split(inner)
    ]


def _is_separator(cells: list[str]) -> bool:
    filled = [c.replace(" ", "") for c in cells if c]
    return bool(filled) and all(_SEPARATOR_CELL.match(c) for c in filled)


def _read_block(kind: str, entries: list[Entry]) -> TableResult:
    result = TableResult()
    delimited = [_split(kind, raw) for _, raw, is_row in entries if is_row]
    delimited = [cells for cells in delimited if not _is_separator(cells)]
    columns: Columns | None = None
    if (
        kind == "tab"
        and not any(match_header(c) for c in delimited)
        and looks_like_annex_rows(delimited)
    ):
        columns = ANNEX_COLUMNS
    pending: _Pending | None = None
    for line, raw, is_row in entries:
        if is_row:
            cells = _split(kind, raw)
            header = match_header(cells)
            if header:
                if pending and columns:
                    result.add(pending.finish(columns))
                pending, columns, result.found = None, header, True
                continue
            if _is_separator(cells):
                continue
            if columns is None:
                continue  # a title line above the heading row
            result.found = True
            if pending and pending.completed_by(cells, columns):
                continue
            if pending:
                result.add(pending.finish(columns))
            pending = _Pending(line, cells)
        elif columns is not None:
            text = normalise_space(strip_emphasis(raw) if kind == "pipe" else raw)
            if pending and pending.continued_by(text, columns):
                continue
            result.problems.append(
                RowProblem(line, clip(text), _stray_line_reason(kind, pending, columns))
            )
    if pending and columns:
        result.add(pending.finish(columns))
    return result


@dataclass
class _Pending:
    """A row still being read: a cell with line breaks spreads one row over several lines."""

    line: int
    cells: list[str]

    def completed_by(self, cells: list[str], columns: Columns) -> bool:
        """Join a line that carries on the action cell and then supplies the remaining cells."""
        if not self._stops_in_description(columns) or len(self.cells) == columns.width:
            return False
        if columns.fields.get("number") == 0 and is_row_number(cells[0]):
            return False
        widths = {len(self.cells) + len(cells) - 1, len(self.cells) + len(trim_trailing(cells)) - 1}
        if columns.width not in widths:
            return False
        self.cells[-1] = f"{self.cells[-1]} {cells[0]}".strip()
        self.cells += cells[1:]
        return True

    def continued_by(self, text: str, columns: Columns) -> bool:
        """Append a plain line to the action text only when it clearly carries on that text."""
        if len(self.cells) <= columns.description:
            return False
        description = self.cells[columns.description]
        mid_sentence = text[:1].islower() and not description.endswith(_SENTENCE_END)
        if not (self._stops_in_description(columns) or mid_sentence):
            return False
        self.cells[columns.description] = f"{description} {text}".strip()
        return True

    def _stops_in_description(self, columns: Columns) -> bool:
        return len(self.cells) - 1 == columns.description

    def finish(self, columns: Columns) -> DraftRow | RowProblem | None:
        return build_row(self.line, self.cells, columns)


def _stray_line_reason(kind: str, pending: _Pending | None, columns: Columns) -> str:
    separator = "tabs" if kind == "tab" else "| separators"
    where = "the table"
    if pending is not None:
        index = columns.fields.get("number", len(pending.cells))
        number = pending.cells[index] if index < len(pending.cells) else ""
        where = f"row {number}" if number else f"the row on line {pending.line}"
    return (
        f"This line has no {separator}, so it is not a row of the table, and it does not read as "
        "the "
        f"action text of {where} carrying on. If it belongs to that row, join it to the row; "
        "otherwise move it away from the table."
    )
