"""An import preview as text, for `actionbot import`: one line per action, then the problems."""

from __future__ import annotations

from bot.imports.plan import ImportPlan, PlannedRow, status_word
from bot.timing import format_date

COLUMNS = (
    ("No.", 4),
    ("Action", 36),
    ("Timing", 16),
    ("Due", 17),
    ("Leads", 14),
    ("Status", 11),
    ("Plan", 9),
)


def render_plan(plan: ImportPlan) -> str:
    """The preview as text: the letter's details, one line per action, problems and notes."""
    new = " (new: importing creates it)" if plan.new_board else ""
    facts = [f"source reference {plan.source_ref or '(none)'}"]
    if plan.letter_date:
        facts.append(f"letter of {format_date(plan.letter_date)}")
    facts.append(
        "meeting of " + (format_date(plan.meeting_date) if plan.meeting_date else "(not known)")
    )
    lines = [
        f"Board: {plan.board_name}{new}",
        "From: " + " · ".join(facts),
        "",
        _line([title for title, _ in COLUMNS]),
        _line(["-" * width for _, width in COLUMNS]),
    ]
    for row in plan.actions:
        lines.append(_line(_cells(row)))
        if row.changes:
            changed = "; ".join(
                f"{c.field} changed"
                if c.field == "description"
                else f"{c.field}: {c.old or '(none)'} -> {c.new or '(none)'}"
                for c in row.changes
            )
            lines.append(f"{'':5}changes: {changed}")
    lines += _problem_lines(plan.problems)
    lines += ["", plan.summary()]
    lines += [f"Note: {note}" for note in plan.notes + plan.lead_notes()]
    if plan.refusal:
        lines.append(f"Note: {plan.refusal}")
    return "\n".join(lines)


def _cells(row: PlannedRow) -> list[str]:
    due = format_date(row.due) if row.due else ("-" if row.status == "done" else "no deadline")
    return [
        row.number or "",
        row.description,
        row.timing or "-",
        due,
        " and ".join(row.leads) or "(none)",
        status_word(row.status or ""),
        row.decision.value,
    ]


def _line(cells: list[str]) -> str:
    fitted = [_fit(text, width) for text, (_, width) in zip(cells, COLUMNS, strict=True)]
    return "  ".join(fitted).rstrip()


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)


def _problem_lines(problems: list[PlannedRow]) -> list[str]:
    if not problems:
        return []
    lines = ["", "Rows that could not be read:"]
    hints: list[str] = []
    for row in problems:
        lines.append(f"  line {row.line}: {row.reason}")
        lines.append(f"    {_fit(row.description, 90).rstrip()}")
        if row.hint and row.hint not in hints:
            hints.append(row.hint)
    return lines + ["", *hints] if hints else lines
