"""The matters-arising summary as a Word document laid out like an Annex A action log."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Twips
from docx.table import Table

from bot.summaries import formatting as cells
from bot.summaries.model import SECTION_TITLES, SLIPPED_TITLE, Summary, SummaryLine

DOCX_COLUMNS = ("No.", "Action", "Timing", "Lead", "Status", "Update")
# Landscape A4 less 20 mm margins leaves 257 mm; the action text gets the most room.
_COLUMN_WIDTHS_MM = (20, 95, 28, 24, 32, 58)
_MARGIN_MM = 20
# XML 1.0 cannot hold these, and python-docx refuses the whole string if one slips in.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Word's run content: a tab and a line break are elements of their own between text pieces.
_RUN_BREAKS = re.compile("([\t\r\n])")
_BREAK_XML = {"\t": "<w:tab/>", "\r": "<w:br/>", "\n": "<w:br/>"}


def to_docx(summary: Summary) -> bytes:
    document = docx.Document()
    _set_landscape_a4(document)
    data = summary.input
    title = f"Matters arising: {data.board_name}"
    document.core_properties.title = _clean(f"{title}, {cells.long_date(data.meeting)}")
    document.add_heading(_clean(title), level=0)
    document.add_paragraph(f"Meeting of {cells.long_date(data.meeting)}", style="Subtitle")
    document.add_paragraph(cells.totals_text(summary))
    document.add_paragraph(cells.context_text(summary))
    if summary.slipped:
        document.add_heading(SLIPPED_TITLE, level=1)
        for line in summary.slipped:
            moved = cells.moved_text(line.item, summary)
            text = f"{cells.number_text(line)}: {line.item.description} — {moved}"
            document.add_paragraph(_clean(text), style="List Bullet")
    for section, lines in summary.sections.items():
        if lines:
            document.add_heading(SECTION_TITLES[section], level=1)
            _add_action_table(document, lines, summary)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_landscape_a4(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    # Word takes the orientation flag as a hint only; the page size is what it lays out.
    # A4 in the twips Word itself writes (297 x 210 mm).
    section.page_width, section.page_height = Twips(16838), Twips(11906)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(_MARGIN_MM))


def _add_action_table(document: Document, lines: tuple[SummaryLine, ...], summary: Summary) -> None:
    table = document.add_table(rows=1, cols=len(DOCX_COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    for cell, heading in zip(table.rows[0].cells, DOCX_COLUMNS, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    _repeat_header_row(table)
    _set_widths(table)
    # A cell's width as python-docx writes it: whole twips.
    widths = tuple(str(Mm(width).twips) for width in _COLUMN_WIDTHS_MM)
    # The rows are written as XML and parsed at once: built cell by cell through python-docx,
    # they took most of the export's time for a long action log.
    rows = "".join(_row_xml(_row_texts(line, summary), widths) for line in lines)
    table._tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{rows}</w:tbl>"))


def _row_xml(texts: tuple[str, ...], widths: tuple[str, ...]) -> str:
    """A table row as python-docx writes one whose cells were given a width and a text."""
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
        f"<w:p><w:r>{_run_xml(_clean(text))}</w:r></w:p></w:tc>"
        for text, width in zip(texts, widths, strict=True)
    )
    return f"<w:tr>{cells}</w:tr>"


def _run_xml(text: str) -> str:
    """A run's content: text pieces, with tabs and line breaks as their own elements."""
    parts = []
    for piece in _RUN_BREAKS.split(text):
        if piece in _BREAK_XML:
            parts.append(_BREAK_XML[piece])
        elif piece:
            # Word drops leading and trailing spaces unless told to keep them.
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return "".join(parts)


def _row_texts(line: SummaryLine, summary: Summary) -> tuple[str, ...]:
    return (
        cells.number_text(line),
        line.item.description,
        cells.timing_text(line),
        cells.leads_text(line),
        cells.status_text(line, summary),
        cells.update_text(line, summary),
    )


def _repeat_header_row(table: Table) -> None:
    # A long log runs over several pages; the column names should head each one.
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)


def _set_widths(table: Table) -> None:
    # Word reads the cell widths, LibreOffice the column widths: set both.
    for column, width in zip(table.columns, _COLUMN_WIDTHS_MM, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)
