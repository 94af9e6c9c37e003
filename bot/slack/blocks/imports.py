"""Block Kit for importing: the preview with its Confirm button, the result, the offer made for a
file shared in a DM. The form is in import_form.py."""

from __future__ import annotations

import json
from typing import Any

from bot.imports.plan import (
    Decision,
    ImportPlan,
    ImportResult,
    PlannedRow,
    plural,
    status_word,
)
from bot.slack.blocks.text import (
    MAX_BLOCKS,
    SECTION_TEXT_LIMIT,
    clip,
    context,
    escape,
    header,
    plain,
    section,
)
from bot.slack.ids import IMPORT_CANCEL, IMPORT_CONFIRM, IMPORT_OFFER
from bot.timing import format_date

ROWS_SHOWN = 30
PROBLEMS_SHOWN = 10
DESCRIPTION_SHOWN = 90


def build_import_preview(
    plan: ImportPlan, token: str | None, *, note: str | None = None
) -> dict[str, Any]:
    """The preview message; Confirm carries only the pending import's token."""
    blocks = [header("Import preview"), section(_facts(plan)), context(escape(plan.summary()))]
    if note:
        blocks.append(section(f":warning: {escape(note)}"))
    blocks += _row_sections(plan.actions)
    blocks += _problem_sections(plan.problems)
    notes = plan.notes + plan.lead_notes()
    if notes:
        blocks.append(context(clip("\n".join(escape(n) for n in notes), SECTION_TEXT_LIMIT)))
    if plan.refusal:
        blocks.append(section(f":no_entry: {escape(plan.refusal)}"))
    elif token is None and not plan.has_changes:
        blocks.append(
            section(
                "Nothing to import: every action is already up to date."
                if plan.actions
                else "Nothing can be imported from this: fix the rows above and import again."
            )
        )
    # However long the preview, the buttons stay.
    blocks = blocks[: MAX_BLOCKS - 1] + ([_buttons(plan, token)] if token is not None else [])
    return {"text": escape(f"Import preview: {plan.summary()}"), "blocks": blocks}


def build_import_result(result: ImportResult) -> dict[str, Any]:
    lines = [f"*{escape(result.summary())}*"]
    if result.new_board:
        lines.append(f"New board {escape(result.board_name)} created.")
    if result.new_leads:
        lines.append(
            f"New {'lead' if len(result.new_leads) == 1 else 'leads'} "
            f"{escape(', '.join(result.new_leads))} created with no Slack user yet: "
            'map each with `/actions lead "<lead name>" @someone`.'
        )
    listing = escape(f'/actions list all board:"{result.board_name}"')
    return {
        "text": escape(result.summary()),
        "blocks": [section("\n".join(lines)), context(f"See them with `{listing}`")],
    }


def build_file_offer(file_id: str, file_name: str, survey: ImportPlan) -> dict[str, Any]:
    """The answer to a file shared in a DM: what it holds, counted as its preview will count
    it, and a button to choose the board."""
    document = survey.document
    facts = []
    if document.source_ref:
        facts.append(f"reference {escape(document.source_ref)}")
    if document.meeting_date:
        facts.append(f"meeting of {format_date(document.meeting_date)}")
    about = f" ({', '.join(facts)})" if facts else ""
    value = json.dumps(
        {
            "file_id": file_id,
            "file_name": file_name[:200],
            "source_ref": document.source_ref,
            "meeting_date": document.meeting_date.isoformat() if document.meeting_date else None,
        }
    )
    button = {
        "type": "button",
        "action_id": IMPORT_OFFER,
        "style": "primary",
        "value": value,
        "text": plain("Choose the board…"),
    }
    text = (
        f"*{escape(file_name)}*: {escape(survey.found())}{about}. Choose the board to "
        "import into; you will see a preview before anything is saved."
    )
    return {
        "text": escape(f"{file_name}: {survey.found()}"),
        "blocks": [
            section(text),
            *([context(escape(" ".join(survey.notes)))] if survey.notes else []),
            {"type": "actions", "elements": [button]},
        ],
    }


def _facts(plan: ImportPlan) -> str:
    board = f"*Board:* {escape(plan.board_name)}" + (" _(new)_" if plan.new_board else "")
    facts = [f"*Source:* {escape(plan.source_ref or '(none)')}"]
    if plan.letter_date:
        facts.append(f"letter of {format_date(plan.letter_date)}")
    if plan.meeting_date:
        facts.append(f"meeting of {format_date(plan.meeting_date)}")
    return board + "\n" + " · ".join(facts)


def _row_text(row: PlannedRow) -> str:
    due = (
        f"due {format_date(row.due)}"
        if row.due
        else ("done" if row.status == "done" else "no deadline")
    )
    timing = f" ({escape(row.timing)})" if row.timing and row.due else ""
    leads = escape(" and ".join(row.leads)) or "_no lead_"
    text = (
        f"`{escape(row.number or '–')}` *{row.decision.value}* · "
        f"{escape(clip(row.description, DESCRIPTION_SHOWN))}\n"
        f"      {due}{timing} · {leads} · {status_word(row.status or '')}"
    )
    if row.changes:
        changes = "; ".join(
            f"{c.field} changed"
            if c.field == "description"
            else f"{c.field}: {c.old or '(none)'} → {c.new or '(none)'}"
            for c in row.changes
        )
        text += f"\n      _{escape(changes)}_"
    return text


def _chunks(lines: list[str], heading: str = "") -> list[dict[str, Any]]:
    """Sections of whole lines, each within the section text limit."""
    blocks, current = [], heading
    for line in lines:
        if current and len(current) + len(line) + 1 > SECTION_TEXT_LIMIT:
            blocks.append(section(current))
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(section(current))
    return blocks


def _row_sections(rows: list[PlannedRow]) -> list[dict[str, Any]]:
    order = {Decision.CREATE: 0, Decision.UPDATE: 0, Decision.UNCHANGED: 1}
    # Rows that will change come first, so a long preview still shows what matters.
    shown = sorted(rows, key=lambda row: order[row.decision])[:ROWS_SHOWN]
    blocks = _chunks([_row_text(row) for row in shown])
    if len(rows) > ROWS_SHOWN:
        blocks.append(context(f"…and {len(rows) - ROWS_SHOWN} more not shown here."))
    return blocks


def _problem_sections(problems: list[PlannedRow]) -> list[dict[str, Any]]:
    if not problems:
        return []
    lines = [
        f"• Line {row.line}: {escape(row.reason or '')}\n"
        f"      `{escape(clip(row.description, 80))}`"
        for row in problems[:PROBLEMS_SHOWN]
    ]
    heading = (
        f"*{plural(len(problems), 'row')} could not be read* and will be skipped; "
        "fix them in the file and import it again to add them:"
    )
    blocks = _chunks(lines, heading)
    if len(problems) > PROBLEMS_SHOWN:
        blocks.append(context(f"…and {len(problems) - PROBLEMS_SHOWN} more."))
    return blocks


def _buttons(plan: ImportPlan, token: str) -> dict[str, Any]:
    changing = plan.count(Decision.CREATE) + plan.count(Decision.UPDATE)
    label = f"Import {plural(changing, 'action')}"
    if plan.problems:
        label += f", skip {len(plan.problems)}"
    confirm = {
        "type": "button",
        "action_id": IMPORT_CONFIRM,
        "style": "primary",
        "value": token,
        "text": plain(clip(label, 75)),
    }
    cancel = {
        "type": "button",
        "action_id": IMPORT_CANCEL,
        "value": token,
        "text": plain("Cancel"),
    }
    return {"type": "actions", "block_id": "import.buttons", "elements": [confirm, cancel]}
