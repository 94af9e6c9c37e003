"""Entry points of the import feature: pasted text or an uploaded file in, a ParsedDocument out."""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath

from bot.imports.docx_reader import BROKEN_DOCX, read_docx
from bot.imports.drafts import ImportFileError, ParsedDocument
from bot.imports.letters import LetterFacts, find_recommendations, read_letter_facts
from bot.imports.tables import TableResult, read_csv, read_grid, read_text_tables

DEFAULT_MAX_BYTES = 5_000_000

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_SIGNATURES: dict[bytes, str] = {
    b"%PDF": "PDF files can't be imported: copy the table out of the PDF and paste it as text.",
    b"\xd0\xcf\x11\xe0": (
        "This is an old-style Word (.doc) or Excel (.xls) file: save it as .docx or .csv first."
    ),
    b"\x89PNG": "This file is an image, not a document.",
    b"\xff\xd8\xff": "This file is an image, not a document.",
    b"GIF8": "This file is an image, not a document.",
}
_SPREADSHEETS = (".xlsx", ".xlsm", ".ods")
# Control characters a text file does not hold (tab, newlines and page breaks it may).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_BINARY = "This file is not text (it looks like an image, an archive or a program)."
_EMPTY = "The file is empty."
_NO_CSV_HEADER = (
    "The first row of this CSV file does not name the columns: it needs at least an Action "
    "(or Description) column."
)


def parse_text(text: str) -> ParsedDocument:
    """Read pasted text: a table if there is one, otherwise "Recommendation" paragraphs."""
    text = _normalise_newlines(text)
    return _document(read_letter_facts(text), read_text_tables(text), text)


def parse_file(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Read an upload, choosing the reader by its content first and its file name second."""
    if not data:
        raise ImportFileError(_EMPTY)
    if len(data) > max_bytes:
        raise ImportFileError(
            f"This file is larger than {_size(max_bytes)}, the largest file I can import."
        )
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(_ZIP):
        if suffix in _SPREADSHEETS:
            raise ImportFileError(
                "Spreadsheets can't be imported directly: save the sheet as CSV and upload that."
            )
        return _parse_docx(data)
    if suffix == ".docx":
        raise ImportFileError(BROKEN_DOCX)
    for signature, problem in _SIGNATURES.items():
        if data.startswith(signature):
            raise ImportFileError(problem)
    text = _normalise_newlines(decode_text(data))
    if not text.strip():
        raise ImportFileError(_EMPTY)
    if suffix == ".csv":
        table = read_csv(text)
        if not table.found:
            raise ImportFileError(_NO_CSV_HEADER)
        return ParsedDocument("table", table.rows, table.problems)
    return parse_text(text)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with a mark, else Windows-1252."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise ImportFileError(_BINARY) from error
    data = data.removeprefix(codecs.BOM_UTF8)
    if b"\x00" in data:
        raise ImportFileError(_BINARY)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            # Word and Excel on Windows still save "plain text" and CSV in this code page.
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ImportFileError(_BINARY) from error
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 200):
        raise ImportFileError(_BINARY)
    return text


def _parse_docx(data: bytes) -> ParsedDocument:
    content = read_docx(data)
    tables = TableResult()
    other_cells: list[str] = []
    for number, grid in enumerate(content.tables, start=1):
        table = read_grid(grid, allow_headerless=True)
        if not table.found:
            # Layout tables in a letterhead often hold the reference and the date.
            other_cells += [cell for _, cells in grid for cell in cells]
            continue
        for problem in table.problems:
            problem.reason = f"In table {number}, {problem.reason[:1].lower()}{problem.reason[1:]}"
        tables.extend(table)
    text = content.text
    facts = read_letter_facts("\n\n".join([text, *other_cells]))
    tables.extend(read_text_tables(text))
    return _document(facts, tables, text)


def _document(facts: LetterFacts, tables: TableResult, text: str) -> ParsedDocument:
    """A table wins over recommendations: the Annex is the list the board agreed."""
    if tables.found:
        kind, rows, problems = "table", tables.rows, tables.problems
    else:
        recommendations = find_recommendations(text)
        rows, problems = recommendations.rows, recommendations.problems
        kind = "recommendations" if rows or problems else "none"
    return ParsedDocument(
        kind=kind,
        rows=rows,
        problems=problems,
        source_ref=facts.source_ref,
        letter_date=facts.letter_date,
        meeting_date=facts.meeting_date,
    )


def _normalise_newlines(text: str) -> str:
    # Form feeds are page breaks in text copied out of PDFs.
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB".replace(".0 MB", " MB")
    if n >= 1_000:
        return f"{n / 1_000:.0f} KB"
    return f"{n} bytes"
