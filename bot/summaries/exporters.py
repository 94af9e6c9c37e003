"""The matters-arising summary as files: Markdown, CSV for spreadsheets, and a Word document."""

from __future__ import annotations

import csv
import io
import re

from bot.errors import InvalidInput
from bot.summaries import formatting as cells
from bot.summaries.model import SECTION_TITLES, SLIPPED_TITLE, Section, Summary, SummaryLine

__all__ = [
    "CSV_HEADER",
    "FORMATS",
    "MIMETYPES",
    "export",
    "filename",
    "to_csv",
    "to_markdown",
]

FORMATS = ("md", "csv", "docx")
MIMETYPES = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
CSV_HEADER = (
    "Section",
    "Id",
    "No.",
    "Origin meeting",
    "Action",
    "Timing",
    "Due",
    "Lead",
    "Status",
    "Days overdue",
    "Latest update",
    "Update date",
    "Update time",
    "Updated by",
    "No update",
    "Proposed for closure",
    "Closed by the board",
    "Agreed timing",
    "Deadline moved",
    "Slipped",
    "Deadline proposed",
)
_MD_COLUMNS = ("Id", "No.", "Action", "Timing", "Lead", "Status", "Update")
# Excel runs a cell that starts with one of these as a formula, even from a CSV file.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export(summary: Summary, fmt: str, *, marking: str = "OFFICIAL") -> tuple[bytes, str, str]:
    """(content, filename, mimetype) of the summary in one of FORMATS; `marking` heads Word."""
    fmt = fmt.strip().lower().lstrip(".")
    if fmt == "markdown":
        fmt = "md"
    if fmt not in FORMATS:
        raise InvalidInput(f"Unknown summary format {fmt!r}: use one of {', '.join(FORMATS)}.")
    if fmt == "md":
        content = to_markdown(summary).encode("utf-8")
    elif fmt == "csv":
        content = to_csv(summary)
    else:
        from bot.summaries.docx_export import to_docx  # python-docx: only when a file is asked for

        content = to_docx(summary, marking=marking)
    return content, filename(summary, fmt), MIMETYPES[fmt]


def filename(summary: Summary, ext: str) -> str:
    """'matters-arising-prob-2022-10-20.docx': the board's short name, or its name, as a slug."""
    data = summary.input
    slug = _slug(data.board_short_name or "") or _slug(data.board_name) or "board"
    return f"matters-arising-{slug}-{data.meeting.isoformat()}.{ext}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# Markdown


def to_markdown(summary: Summary) -> str:
    data = summary.input
    out = [
        f"# Matters arising — {data.board_name} — {cells.long_date(data.meeting)}",
        "",
        cells.totals_text(summary),
        "",
        cells.source_text(summary),
        cells.context_text(summary),
    ]
    if summary.slipped:
        out += ["", f"## {SLIPPED_TITLE}", ""]
        out += [_md_slipped(line, summary) for line in summary.slipped]
    for section, lines in summary.sections.items():
        if not lines:
            continue
        out += ["", f"## {SECTION_TITLES[section]}", ""]
        if section is Section.NOT_YET_DUE:
            out += [_md_bullet(line, summary) for line in lines]
        else:
            out += _md_table(lines, summary)
    return "\n".join(out) + "\n"


def md_cells(line: SummaryLine, summary: Summary) -> tuple[str, ...]:
    """One action's cells, in _MD_COLUMNS order."""
    return (
        str(line.item.id),
        line.item.item_no or "",
        line.item.description,
        cells.timing_text(line),
        cells.leads_text(line),
        cells.status_text(line, summary),
        cells.update_text(line, summary),
    )


def _md_table(lines: tuple[SummaryLine, ...], summary: Summary) -> list[str]:
    rows = [_MD_COLUMNS, tuple("---" for _ in _MD_COLUMNS)]
    rows += [md_cells(line, summary) for line in lines]
    return ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in rows]


def _md_bullet(line: SummaryLine, summary: Summary) -> str:
    # Not-yet-due actions are context rather than business, so one line each is enough.
    parts = [cells.timing_text(line), cells.leads_text(line)]
    parts += [cells.moved_text(line.item, summary), cells.proposal_text(line.item, summary)]
    tail = " — ".join(_md_cell(part) for part in parts if part)
    number = f" (No. {_md_cell(line.item.item_no)})" if line.item.item_no else ""
    text = f"- #{line.item.id}{number}: {_md_cell(line.item.description)}"
    return f"{text} — {tail}" if tail else text


def _md_slipped(line: SummaryLine, summary: Summary) -> str:
    number = f" (No. {_md_cell(line.item.item_no)})" if line.item.item_no else ""
    text = f"- #{line.item.id}{number}: {_md_cell(line.item.description)}"
    return f"{text} — {_md_cell(cells.moved_text(line.item, summary))}"


def _md_cell(text: str) -> str:
    # A table row must stay on one line, and a bare pipe would start a new column.
    return " ".join(text.split()).replace("|", "\\|")


# CSV


def to_csv(summary: Summary) -> bytes:
    """UTF-8 with a byte-order mark, which is what makes Excel read it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for line in summary.lines():
        writer.writerow(csv_cells(line, summary))
    return buffer.getvalue().encode("utf-8-sig")


def csv_cells(line: SummaryLine, summary: Summary) -> list[str]:
    """One action's cells, in CSV_HEADER order."""
    item, note = line.item, line.item.latest_note
    return [
        SECTION_TITLES[line.section],
        str(item.id),
        _csv_text(item.item_no or ""),
        item.origin_meeting.isoformat() if item.origin_meeting else "",
        _csv_text(item.description),
        _csv_text(item.timing_raw),
        item.due.isoformat() if item.due else "",
        _csv_text("; ".join(item.leads)),
        cells.status_label(item.status),
        "" if line.days_overdue is None else str(line.days_overdue),
        _csv_text(note.text) if note else "",
        cells.note_day(note, summary).isoformat() if note else "",
        cells.clock_time(note.at, summary.input.tz) if note else "",
        _csv_text(cells.person(note)) if note else "",
        "yes" if line.no_update else "no",
        "yes" if item.proposed else "no",
        # The date of the meeting at which the board agreed to close it.
        item.closed_by_board_on.isoformat() if item.closed_by_board_on and item.is_closed else "",
        _csv_text(
            item.agreed_timing_raw if item.agreed_timing_raw is not None else item.timing_raw
        ),
        _csv_text(cells.moved_text(item, summary)),
        "yes" if item.slipped else "no",
        _csv_text(cells.proposal_text(item, summary)),
    ]


def _csv_text(text: str) -> str:
    # Text typed in Slack must not run as a formula in the secretary's spreadsheet; the quote
    # is the usual guard and shows what was neutralised.
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
