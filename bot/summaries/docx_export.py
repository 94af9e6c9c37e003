"""The matters-arising summary as a Word document ready for board papers: an Annex A action log."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph

from bot.summaries import formatting as cells
from bot.summaries.model import SECTION_TITLES, SLIPPED_TITLE, Summary, SummaryLine

# "Id" is the bot's own number for the action: the importer matches rows on it, so an edited
# copy of this document updates the actions it came from.
DOCX_COLUMNS = ("No.", "Action", "Timing", "Lead", "Status", "Latest update", "Id")
# Landscape A4 less 20 mm margins leaves 257 mm; the action text gets the most room.
_COLUMN_WIDTHS_MM = (14, 88, 26, 26, 36, 52, 15)
_COUNT_WIDTHS_MM = (110, 20)
_MARGIN_MM = 20
# XML 1.0 cannot hold these, and python-docx refuses the whole string if one slips in.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Word's run content: a tab and a line break are elements of their own between text pieces.
_RUN_BREAKS = re.compile("([\t\r\n])")
_BREAK_XML = {"\t": "<w:tab/>", "\r": "<w:br/>", "\n": "<w:br/>"}
# Rows are kept whole on a page, and the heading row is repeated on every page.
_ROW_PROPERTIES = "<w:trPr><w:cantSplit/></w:trPr>"


def docx_cells(line: SummaryLine, summary: Summary) -> tuple[str, ...]:
    """One action's cells, in DOCX_COLUMNS order."""
    return (
        line.item.item_no or "",
        line.item.description,
        cells.timing_text(line),
        cells.leads_text(line),
        cells.status_text(line, summary),
        cells.update_text(line, summary),
        f"#{line.item.id}",
    )


def to_docx(summary: Summary, *, marking: str = "OFFICIAL") -> bytes:
    document = docx.Document()
    _set_landscape_a4(document)
    _add_marking_and_page_numbers(document, _clean(marking))
    data = summary.input
    title = f"{data.board_name}: Action log"
    document.core_properties.title = _clean(f"{title}, {cells.long_date(data.meeting)}")
    document.core_properties.subject = _clean(marking)
    document.add_heading("Annex A: Action log", level=0)
    meeting = f"matters arising for the meeting on {cells.long_date(data.meeting)}"
    document.add_paragraph(_clean(f"{data.board_name}: {meeting}"), style="Subtitle")
    document.add_paragraph(_clean(cells.source_text(summary)))
    document.add_paragraph(cells.context_text(summary))
    document.add_heading("Summary", level=1)
    _add_counts_table(document, cells.count_rows(summary))
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


def _add_marking_and_page_numbers(document: Document, marking: str) -> None:
    # Government papers carry their marking at the top and the bottom of every page.
    section = document.sections[0]
    header = section.header.paragraphs[0]
    _marking_run(header, marking)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _add_field(footer, "PAGE")
    footer.add_run(" of ")
    _add_field(footer, "NUMPAGES")
    _marking_run(section.footer.add_paragraph(), marking)


def _marking_run(paragraph: Paragraph, marking: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(marking)
    run.bold = True
    run.font.size = Pt(12)


def _add_field(paragraph: Paragraph, name: str) -> None:
    # Word and LibreOffice fill the number in when they lay the page out; "1" is a placeholder.
    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" {name} "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )


def _add_counts_table(document: Document, rows: list[tuple[str, int]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.autofit = False
    for label, count in rows:
        row = table.add_row()
        row.cells[0].text = label
        row.cells[1].paragraphs[0].add_run(str(count)).bold = True
        row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _set_widths(table, _COUNT_WIDTHS_MM)


def _add_action_table(document: Document, lines: tuple[SummaryLine, ...], summary: Summary) -> None:
    table = document.add_table(rows=1, cols=len(DOCX_COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    for cell, heading in zip(table.rows[0].cells, DOCX_COLUMNS, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    _repeat_header_row(table)
    _set_widths(table, _COLUMN_WIDTHS_MM)
    # A cell's width as python-docx writes it: whole twips.
    widths = tuple(str(Mm(width).twips) for width in _COLUMN_WIDTHS_MM)
    # The rows are written as XML and parsed at once: built cell by cell through python-docx,
    # they took most of the export's time for a long action log.
    rows = "".join(_row_xml(docx_cells(line, summary), widths) for line in lines)
    table._tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{rows}</w:tbl>"))


def _row_xml(texts: tuple[str, ...], widths: tuple[str, ...]) -> str:
    """A table row as python-docx writes one whose cells were given a width and a text."""
    row_cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
        f"<w:p><w:r>{_run_xml(_clean(text))}</w:r></w:p></w:tc>"
        for text, width in zip(texts, widths, strict=True)
    )
    return f"<w:tr>{_ROW_PROPERTIES}{row_cells}</w:tr>"


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


def _repeat_header_row(table: Table) -> None:
    # A long log runs over several pages; the column names should head each one.
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        row_properties.append(element)


def _set_widths(table: Table, widths_mm: tuple[int, ...]) -> None:
    # Word reads the cell widths, LibreOffice the column widths: set both.
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)
