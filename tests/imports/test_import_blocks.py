"""Block Kit for imports, without Slack: within Slack's limits, user text escaped."""

from __future__ import annotations

import json
from datetime import date

from bot.imports.drafts import ParsedDocument
from bot.imports.plan import (
    Decision,
    FieldChange,
    ImportOptions,
    ImportPlan,
    ImportResult,
    PlannedRow,
)
from bot.slack.blocks.import_form import build_import_modal
from bot.slack.blocks.imports import (
    build_file_offer,
    build_import_preview,
    build_import_result,
)
from bot.slack.blocks.inputs import Choice
from bot.slack.ids import IMPORT_CANCEL, IMPORT_CONFIRM, IMPORT_MODAL, IMPORT_OFFER
from bot.timing import parse_timing

BOARD = "Performance and Risk Oversight Board"


def dump(message: dict) -> str:
    return json.dumps(message, ensure_ascii=False)


def plan_with(rows: list[PlannedRow], **facts) -> ImportPlan:
    plan = ImportPlan(
        ParsedDocument("table"),
        ImportOptions(BOARD),
        BOARD,
        1,
        "REF-1",
        date(2022, 6, 24),
        rows=rows,
        may_apply=True,
    )
    for name, value in facts.items():
        setattr(plan, name, value)
    return plan


def row(n: int, description: str = "MPS to send the report.", **fields) -> PlannedRow:
    values = {
        "decision": Decision.CREATE,
        "deadline": parse_timing("August 2022"),
        "leads": ("MPS",),
        "status": "open",
        **fields,
    }
    return PlannedRow(n + 1, str(n), description, "August 2022", **values)


def texts(message: dict) -> list[str]:
    found = []
    for block in message["blocks"]:
        if "text" in block:
            found.append(block["text"]["text"])
        for element in block.get("elements", []):
            found.append(
                element.get("text", {}).get("text", "")
                if block["type"] == "actions"
                else element.get("text", "")
            )
    return found


def test_a_long_preview_stays_within_slack_limits_and_keeps_its_buttons():
    long = "MPS to provide a paper on the pan-London themes arising from engagement. " * 30
    rows = [row(n, long) for n in range(1, 201)]
    problems = [
        PlannedRow(n, None, "x" * 500, "", Decision.PROBLEM, reason="No action text.")
        for n in range(300, 340)
    ]
    message = build_import_preview(plan_with(rows + problems), "tok")
    assert len(message["blocks"]) <= 50
    assert all(len(text) <= 3000 for text in texts(message))
    assert message["blocks"][-1]["type"] == "actions"
    labels = {e["action_id"]: e["text"]["text"] for e in message["blocks"][-1]["elements"]}
    assert labels[IMPORT_CONFIRM] == "Import 200 actions, skip 40"
    assert "…and 170 more not shown here." in dump(message)
    assert "40 rows could not be read" in dump(message)


def test_user_text_is_escaped():
    message = build_import_preview(
        plan_with([row(1, "Tell <!channel> & <@U999>", leads=("<b>",))]), "tok"
    )
    text = dump(message)
    assert "<!channel>" not in text and "&lt;!channel&gt; &amp; &lt;@U999&gt;" in text
    assert "&lt;b&gt;" in text


def test_the_buttons_carry_only_the_token():
    message = build_import_preview(plan_with([row(1)]), "abc123")
    values = {e["action_id"]: e["value"] for e in message["blocks"][-1]["elements"]}
    assert values == {IMPORT_CONFIRM: "abc123", IMPORT_CANCEL: "abc123"}


def test_updates_show_what_changes_and_nothing_to_do_has_no_buttons():
    changed = row(
        1,
        decision=Decision.UPDATE,
        action_id=7,
        changes=(FieldChange("due", "August 2022", "September 2022"),),
    )
    assert "due: August 2022 → September 2022" in dump(
        build_import_preview(plan_with([changed]), "tok")
    )
    unchanged = build_import_preview(plan_with([row(1, decision=Decision.UNCHANGED)]), None)
    assert all(block["type"] != "actions" for block in unchanged["blocks"])
    assert "every action is already up to date" in dump(unchanged)


def test_a_refusal_replaces_the_buttons():
    plan = plan_with([row(1)], may_apply=False, refusal="Only a secretary of PROB can import.")
    message = build_import_preview(plan, None)
    assert "Only a secretary of PROB can import." in dump(message)
    assert all(block["type"] != "actions" for block in message["blocks"])


def test_the_modal_lists_boards_within_slack_limits():
    boards = [Choice(str(n), f"Board number {n} " + "x" * 80) for n in range(300)]
    view = build_import_modal(new_board="PROB", boards=boards, board_id="250")
    assert view["callback_id"] == IMPORT_MODAL and view["title"]["text"] == "Import actions"
    assert len(view["blocks"]) <= 100
    listed, typed = view["blocks"][0]["element"], view["blocks"][1]
    assert len(listed["options"]) == 100  # Slack's most; the rest can be named beside it
    assert all(len(o["text"]["text"]) <= 75 for o in listed["options"])
    assert "initial_option" not in listed  # an option not shown cannot be chosen
    assert typed["element"]["initial_value"] == "PROB"
    assert "not in the list" in typed["hint"]["text"]
    paste = next(b for b in view["blocks"] if b.get("block_id") == "text")
    assert paste["element"]["max_length"] == 3000


def test_the_modal_for_a_shared_file_asks_only_where_it_goes():
    view = build_import_modal(
        file_id="F1", file_name="letter.docx", meeting_date=date(2022, 6, 24), source_ref="REF"
    )
    ids = [b.get("block_id") for b in view["blocks"]]
    assert "text" not in ids and "file" not in ids
    assert json.loads(view["private_metadata"]) == {"file_id": "F1", "file_name": "letter.docx"}
    dates = next(b for b in view["blocks"] if b.get("block_id") == "meeting_date")
    assert dates["element"]["initial_date"] == "2022-06-24"


def test_the_file_offer_and_the_result():
    document = ParsedDocument("table", source_ref="REF-1", meeting_date=date(2022, 6, 24))
    survey = ImportPlan(document, ImportOptions(""), "", None, "REF-1", date(2022, 6, 24))
    survey.rows = [row(1, "Report."), row(2, "?", decision=Decision.PROBLEM, reason="No text.")]
    offer = build_file_offer("F1", "annex <1>.docx", survey)
    assert "annex &lt;1&gt;.docx" in dump(offer)
    assert "2 actions found (table): 1 readable, 1 problem" in dump(offer)
    button = offer["blocks"][-1]["elements"][0]
    assert button["action_id"] == IMPORT_OFFER and len(button["value"]) <= 2000
    result = build_import_result(
        ImportResult(BOARD, "REF-1", created=[1, 2], new_board=True, new_leads=["MPS"])
    )
    text = dump(result)
    assert "Imported 2 actions into Performance and Risk Oversight Board" in text
    assert "New board" in text and "MPS" in text
