"""ImportService against a real database: the real letters, re-imports, and what is refused."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date

import docx
import pytest

from bot.actions.repository import ActionRepository
from bot.actions.service import Actor
from bot.errors import PermissionDenied
from bot.imports.drafts import ImportFileError
from bot.imports.plan import Decision, ImportOptions
from bot.imports.service import NothingToImport, PlanChanged, ProblemsFound

ANNEX = "letter-2022-07-20-oversight-board-annex-a.txt"
HOMICIDE = "letter-2024-03-05-homicide-prevention-recommendations.txt"
NO_ACTIONS = [
    "letter-2019-05-28-child-protection.txt",
    "letter-2022-11-18-peel-inspection.txt",
    "letter-2023-07-18-inspection-response.txt",
]
BOARD = "Performance and Risk Oversight Board"
SECRETARY = Actor("USEC", is_secretary=True)


def preview(services, data: bytes, name: str = "letter.txt", actor: Actor = SECRETARY, **options):
    document = services.imports.read_file(data, name)
    return services.imports.preview(
        document, ImportOptions(options.pop("board", BOARD), **options), by=actor
    )


def actions_of(services, board: str = BOARD):
    return services.actions.find(SECRETARY, state="all", board=board).total


def test_annex_a_letter_gives_fifteen_actions_to_create(services, sample_bytes):
    plan = preview(services, sample_bytes(ANNEX))
    assert plan.summary() == (
        "15 actions: 15 to create, 0 to update, 0 unchanged, 0 problems (14 open, 1 done)"
    )
    assert [row.number for row in plan.rows] == [str(n) for n in range(1, 16)]
    assert (plan.source_ref, plan.meeting_date) == ("MOPAC14072022-D4220", date(2022, 6, 24))
    assert Counter(row.due for row in plan.rows) == {
        date(2022, 8, 31): 7,
        date(2022, 9, 30): 1,
        date(2022, 10, 31): 2,
        date(2022, 12, 31): 1,
        None: 4,
    }  # three without a deadline, and the completed one
    by_number = {row.number: row for row in plan.rows}
    assert by_number["14"].status == "done" and by_number["14"].timing == "Completed"
    assert by_number["9"].timing == "August/Sept 2022"
    assert by_number["12"].leads == ("MPS", "MOPAC")
    assert by_number["6"].forum == (
        "For discussion at the DMPC-AC Frontline Policing meeting in August 2022"
    )
    assert plan.new_board and plan.new_leads == ["MPS", "MOPAC"]
    assert plan.may_apply


def test_importing_the_annex_twice_leaves_exactly_fifteen(services, sample_bytes):
    first = services.imports.apply(preview(services, sample_bytes(ANNEX)), by=SECRETARY)
    assert (len(first.created), first.new_board, first.new_leads) == (15, True, ["MPS", "MOPAC"])
    again = preview(services, sample_bytes(ANNEX))
    assert again.summary() == (
        "15 actions: 0 to create, 0 to update, 15 unchanged, 0 problems (14 open, 1 done)"
    )
    assert not again.new_board and not again.new_leads
    second = services.imports.apply(again, by=SECRETARY)
    assert (second.created, second.updated, second.unchanged) == ([], [], 15)
    assert actions_of(services) == 15


def test_imported_actions_carry_the_letter_and_completed_history(services, sessions, sample_bytes):
    result = services.imports.apply(preview(services, sample_bytes(ANNEX)), by=SECRETARY)
    actions = [services.actions.get(action_id) for action_id in result.created]
    done = next(a for a in actions if a.item_no == "14")
    assert done.status == "done"
    assert [(e.field, e.note) for e in done.events] == [
        ("created", "imported as completed from MOPAC14072022-D4220")
    ]
    first = next(a for a in actions if a.item_no == "1")
    assert (first.board_name, first.meeting_date) == (BOARD, date(2022, 6, 24))
    assert (first.timing_raw, first.deadline_end) == ("October 2022", date(2022, 10, 31))
    with sessions() as session:
        stored = ActionRepository(session).card(first.id)
        assert (stored.source_ref, stored.granularity, stored.created_by) == (
            "MOPAC14072022-D4220",
            "month",
            "USEC",
        )


def test_a_changed_timing_updates_that_row_with_history(services, sample_bytes):
    text = sample_bytes(ANNEX).decode()
    services.imports.apply(preview(services, text.encode()), by=SECRETARY)
    changed = text.replace(
        "sanction detection rates.\tAugust 2022", "sanction detection rates.\tSeptember 2022"
    )
    assert changed != text
    plan = preview(services, changed.encode())
    assert plan.summary().startswith("15 actions: 0 to create, 1 to update, 14 unchanged")
    row = next(r for r in plan.rows if r.decision is Decision.UPDATE)
    assert row.number == "7"
    assert [(c.field, c.old, c.new) for c in row.changes] == [
        ("due", "August 2022", "September 2022")
    ]
    result = services.imports.apply(plan, by=SECRETARY)
    assert result.updated == [row.action_id]
    action = services.actions.get(row.action_id)
    assert action.deadline_end == date(2022, 9, 30)
    assert [(e.field, e.old, e.new, e.note) for e in action.events][-1] == (
        "due",
        "August 2022",
        "September 2022",
        "re-imported from MOPAC14072022-D4220",
    )
    assert actions_of(services) == 15


def test_a_changed_lead_and_status_column_are_updated(services):
    table = (
        "No.\tAction\tTiming\tLead\tStatus\n"
        "1\tPublish the terms of reference.\tAugust 2022\tMPS\tOpen\n"
    )
    options = {"source_ref": "REF-1"}
    services.imports.apply(preview(services, table.encode(), **options), by=SECRETARY)
    plan = preview(
        services, table.replace("MPS\tOpen", "MPS and MOPAC\tIn progress").encode(), **options
    )
    assert [(c.field, c.old, c.new) for c in plan.rows[0].changes] == [
        ("status", "open", "in-progress"),
        ("lead", "MPS", "MPS and MOPAC"),
    ]
    services.imports.apply(plan, by=SECRETARY)
    action = services.actions.get(plan.rows[0].action_id)
    assert (action.status, action.lead_names) == ("in-progress", "MPS and MOPAC")


def test_without_a_reference_rows_are_matched_within_the_same_meeting(services):
    table = (
        "No.\tAction\tTiming\tLead\tStatus\n"
        "1\tPublish the terms of reference.\tAugust 2022\tMPS\tOpen\n"
        "2\tReport on stop and search.\tSeptember 2022\tMOPAC\tOpen\n"
    )
    june = {"meeting_date": date(2022, 6, 23)}
    services.imports.apply(preview(services, table.encode(), **june), by=SECRETARY)

    again = preview(services, table.replace("MOPAC\tOpen", "MOPAC\tDone").encode(), **june)
    assert [row.decision for row in again.rows] == [Decision.UNCHANGED, Decision.UPDATE]
    assert [(c.field, c.old, c.new) for c in again.rows[1].changes] == [("status", "open", "done")]
    shorter = preview(services, "".join(table.splitlines(keepends=True)[:2]).encode(), **june)
    assert any(
        "1 action imported earlier from this source is not in this file (2)" in note
        for note in shorter.notes
    )

    # The same rows from another meeting are that meeting's actions.
    july = preview(services, table.encode(), meeting_date=date(2022, 7, 20))
    assert [row.decision for row in july.rows] == [Decision.CREATE, Decision.CREATE]
    assert actions_of(services) == 2


def test_the_homicide_letter_gives_its_two_dated_recommendations(services, sample_bytes):
    plan = preview(services, sample_bytes(HOMICIDE))
    assert plan.summary() == "2 actions: 2 to create, 0 to update, 0 unchanged, 0 problems (2 open)"
    assert [(r.number, r.timing, r.due) for r in plan.rows] == [
        ("R1", "By 1 December 2023", date(2023, 12, 1)),
        ("R2", "By 31 August 2024", date(2024, 8, 31)),
    ]
    assert any("name no lead" in note for note in plan.notes)
    with_lead = preview(services, sample_bytes(HOMICIDE), default_lead="MPS")
    assert [r.leads for r in with_lead.rows] == [("MPS",), ("MPS",)]
    assert not any("name no lead" in note for note in with_lead.notes)
    result = services.imports.apply(with_lead, by=SECRETARY)
    assert len(result.created) == 2


@pytest.mark.parametrize("name", NO_ACTIONS)
def test_letters_without_actions_say_so_and_change_nothing(services, sample_bytes, name):
    plan = preview(services, sample_bytes(name))
    assert plan.found_nothing and plan.summary().startswith("0 actions")
    with pytest.raises(NothingToImport, match="No actions found"):
        services.imports.stage(
            SECRETARY, ImportOptions(BOARD), data=sample_bytes(name), filename=name
        )
    with pytest.raises(NothingToImport):
        services.imports.apply(plan, by=SECRETARY)
    assert services.imports.board_names() == []


def annex_docx() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Our ref: MOPAC14072022-D4220"
    document.add_paragraph("20 July 2022")
    document.add_paragraph("This letter follows up on the Board meeting we held on 24 June.")
    rows = [
        ["No.", "Action", "Timing", "Lead"],
        ["1", "MPS to evaluate the engagement work in Croydon.", "October 2022", "MPS"],
        ["2", "MPS and MOPAC to align their reviews of engagement.", "", "MPS & MOPAC"],
        ["3", "MPS undertook to provide MOPAC with their SSO report.", "Completed", "MPS"],
    ]
    table = document.add_table(rows=len(rows), cols=4)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_document_made_here_imports(services):
    plan = preview(services, annex_docx(), "annex.docx")
    assert plan.summary() == (
        "3 actions: 3 to create, 0 to update, 0 unchanged, 0 problems (2 open, 1 done)"
    )
    assert (plan.source_ref, plan.meeting_date) == ("MOPAC14072022-D4220", date(2022, 6, 24))
    services.imports.apply(plan, by=SECRETARY)
    assert actions_of(services) == 3
    assert preview(services, annex_docx(), "annex.docx").count(Decision.UNCHANGED) == 3


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "The file is empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "photo.png", "image"),
        (b"%PDF-1.7 ...", "letter.pdf", "PDF"),
        (b"PK\x03\x04 not really a zip", "letter.docx", "damaged"),
        (
            b"No.\tAction\tTiming\tLead\n" + b"1\tx\tAugust 2022\tMPS\n" * 400,
            "big.tsv",
            "larger than",
        ),
    ],
)
def test_bad_files_get_a_clear_message_and_change_nothing(services, data, name, message):
    services.imports.max_bytes = 5_000
    with pytest.raises(ImportFileError, match=message):
        services.imports.stage(SECRETARY, ImportOptions(BOARD), data=data, filename=name)
    assert services.imports.board_names() == []


def test_rows_that_cannot_be_read_stop_the_import_until_skipped(services, fixture_bytes):
    plan = preview(services, fixture_bytes("annex_with_problems.tsv"), "annex.tsv")
    assert plan.count(Decision.PROBLEM) == 3 and plan.count(Decision.CREATE) == 3
    assert all(row.reason for row in plan.problems)
    with pytest.raises(ProblemsFound, match="3 rows could not be read"):
        services.imports.apply(plan, by=SECRETARY)
    assert services.imports.board_names() == []
    result = services.imports.apply(plan, by=SECRETARY, skip_problems=True)
    assert (len(result.created), result.skipped) == (3, 3)


def test_a_timing_that_cannot_be_read_is_a_problem_with_the_reason(services):
    table = (
        "No.\tAction\tTiming\tLead\n1\tSend the note.\tsoonish\tMPS\n"
        "2\tSend the data.\tQ3 2022\tMPS\n"
    )
    plan = preview(services, table.encode(), source_ref="R")
    problem = plan.problems[0]
    assert (problem.number, problem.line) == ("1", 2)
    assert "“soonish” is not a date or timing I understand" in problem.reason
    assert problem.hint.startswith("Timings I understand")
    assert plan.rows[1].due == date(2022, 9, 30)


def test_only_a_secretary_of_the_board_may_import(services, sample_bytes):
    outsider = Actor("UOTHER", is_secretary=False)
    plan = preview(services, sample_bytes(ANNEX), actor=outsider)
    assert not plan.may_apply and "Only a secretary of every board" in plan.refusal
    with pytest.raises(PermissionDenied):
        services.imports.apply(plan, by=outsider)
    assert services.imports.board_names() == []
    services.imports.apply(
        preview(services, sample_bytes(HOMICIDE), default_lead="MPS"), by=SECRETARY
    )
    board_id = preview(services, sample_bytes(ANNEX)).board_id
    board_secretary = Actor("UBOARD", is_secretary=False, secretary_of=frozenset({board_id}))
    plan = preview(services, sample_bytes(ANNEX), actor=board_secretary)
    assert plan.may_apply
    assert len(services.imports.apply(plan, by=board_secretary).created) == 15
    elsewhere = preview(services, sample_bytes(ANNEX), actor=board_secretary, board="Another Board")
    assert not elsewhere.may_apply


def test_a_preview_is_not_a_lock(services, sample_bytes):
    mine = preview(services, sample_bytes(ANNEX))
    services.imports.apply(preview(services, sample_bytes(ANNEX)), by=SECRETARY)
    with pytest.raises(PlanChanged) as changed:
        services.imports.apply(mine, by=SECRETARY)
    assert changed.value.plan.count(Decision.UNCHANGED) == 15
    assert actions_of(services) == 15


def test_values_given_override_the_letter(services, sample_bytes):
    plan = preview(
        services, sample_bytes(ANNEX), meeting_date=date(2022, 6, 23), source_ref="PROB-2022-06"
    )
    assert (plan.source_ref, plan.meeting_date) == ("PROB-2022-06", date(2022, 6, 23))


def test_a_board_name_close_to_an_existing_one_is_questioned(services, sample_bytes):
    services.imports.apply(preview(services, sample_bytes(HOMICIDE)), by=SECRETARY)
    plan = preview(services, sample_bytes(ANNEX), board="Performance and Risk Oversight Baord")
    assert plan.new_board and plan.board_suggestion == BOARD
    assert f'Did you mean "{BOARD}"?' in plan.notes[0]
