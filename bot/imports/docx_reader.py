"""Pull the paragraphs and tables out of a Word .docx file."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError, _Element

from bot.imports.docx_guard import check_docx
from bot.imports.drafts import ImportFileError

BROKEN_DOCX = "This Word document is damaged or is not a .docx file, so I can't read it."

Grid = list[tuple[int, list[str]]]


@dataclass
class DocxContent:
    """Letterhead and body paragraphs as text (one blank line between paragraphs), and every
    table."""

    text: str
    tables: list[Grid] = field(default_factory=list)


def read_docx(data: bytes) -> DocxContent:
    """Paragraphs and tables, or ImportFileError when the file is not a readable Word document."""
    try:
        check_docx(data)
        document = docx.Document(io.BytesIO(data))
        paragraphs = _letterhead(document) + [_paragraph_text(p) for p in document.paragraphs]
        tables = [_grid(table) for table in document.tables]
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, LxmlError) as error:
        raise ImportFileError(BROKEN_DOCX) from error
    return DocxContent("\n\n".join(p for p in paragraphs if p.strip()), tables)


def _letterhead(document: WordDocument) -> list[str]:
    """Header paragraphs, where a letter's reference and date often live."""
    seen: list[str] = []
    for section in document.sections:
        for header in (section.first_page_header, section.header):
            for paragraph in header.paragraphs:
                if paragraph.text.strip() and paragraph.text not in seen:
                    seen.append(paragraph.text)
    return seen


def _paragraph_text(paragraph: Paragraph) -> str:
    """Paragraph text, with Word's own bullets and numbering written out as "- " like typed
    lists."""
    properties = paragraph._p.pPr
    listed = properties is not None and properties.numPr is not None
    style = paragraph.style.name if paragraph.style is not None else ""
    if paragraph.text.strip() and (listed or style.startswith("List")):
        return f"- {paragraph.text}"
    return paragraph.text


def _grid(table: Table) -> Grid:
    """Rows of cell text; a cell merged across columns is reported once, not once per column."""
    grid: Grid = []
    for number, row in enumerate(table.rows, start=1):
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is not previous:
                cells.append(_cell_text(cell._tc))
            previous = cell._tc
        grid.append((number, cells))
    return grid


_P, _R, _HYPERLINK = qn("w:p"), qn("w:r"), qn("w:hyperlink")
_RUN_TEXT = frozenset(qn(f"w:{tag}") for tag in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))


def _cell_text(tc: _Element) -> str:
    """What python-docx's `_Cell.text` gives, read by walking the children rather than by an
    XPath query for each paragraph and run, which cost most of the time of a long table."""
    return "\n".join(_paragraph_xml_text(p) for p in tc if p.tag == _P)


def _paragraph_xml_text(p: _Element) -> str:
    parts = []
    for child in p:
        if child.tag == _R:
            parts.append(_run_text(child))
        elif child.tag == _HYPERLINK:
            parts += [_run_text(r) for r in child if r.tag == _R]
    return "".join(parts)


def _run_text(r: _Element) -> str:
    # Each element's own text equivalent: a tab, a line break, a hyphen, or its characters.
    return "".join(str(e) for e in r if e.tag in _RUN_TEXT)
