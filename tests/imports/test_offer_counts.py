"""The offer made for a file shared in a DM counts what its preview counts; a file with nothing
readable says so, and why, instead of asking for a board."""

from __future__ import annotations

import json

import pytest

from bot.actions.service import Actor
from bot.cli import main
from bot.commands import Context
from bot.commands.execute import execute
from bot.imports.plan import ImportOptions
from bot.slack.ids import IMPORT_MODAL, IMPORT_OFFER
from tests.conftest import sample_path
from tests.imports.test_slack_import import (  # noqa: F401
    BOARD,
    as_dict,
    bot,
    buttons,
    serve_file,
)

SECRETARY = Actor("USEC", is_secretary=True)
SAMPLES = [
    "letter-2019-05-28-child-protection.txt",
    "letter-2022-07-20-oversight-board-annex-a.txt",
    "letter-2022-11-18-peel-inspection.txt",
    "letter-2023-07-18-inspection-response.txt",
    "letter-2024-03-05-homicide-prevention-recommendations.txt",
]
HEADER = "No.\tAction\tTiming\tLead\n"
# Read as a table, but the preview finds problems in two of its four rows: a timing it cannot
# read (found only when planning) and a row with no action text (found when parsing).
MIXED = (
    HEADER + "1\tMPS to brief on PCSO recruitment.\tAugust 2022\tMPS\n"
    "2\tMPS to share the survey.\twhenever\tMPS\n"
    "3\t\tAugust 2022\tMPS\n"
    "4\tMOPAC to publish the dashboard.\tSeptember 2022\tMOPAC\n"
)
# Nothing in it can be read.
BROKEN = HEADER + "1\tMPS to share the survey.\twhenever\tMPS\n2\tMPS to brief.\tsoon\tMPS\n"


def counts(plan) -> tuple[int, int]:
    return len(plan.rows), len(plan.problems)


@pytest.mark.parametrize("name", SAMPLES)
def test_offer_and_preview_count_every_sample_alike(services, name):
    data = sample_path(name).read_bytes()
    survey = services.imports.survey_file(data, name)
    if survey.found_nothing:
        assert "No actions found" in survey.document.summary()
        return
    document = services.imports.read_file(data, name)
    plan = services.imports.preview(document, ImportOptions(BOARD), by=SECRETARY)
    assert counts(survey) == counts(plan)
    assert survey.found().startswith(f"{len(plan.rows)} actions found")


def test_offer_and_preview_count_a_file_with_problems_alike(services):
    survey = services.imports.survey_file(MIXED.encode(), "annex.tsv")
    assert survey.found() == "4 actions found (table): 2 readable, 2 problems"
    plan = services.imports.preview(
        services.imports.read_text(MIXED), ImportOptions(BOARD), by=SECRETARY
    )
    assert plan.summary().startswith("4 actions: 2 to create, 0 to update, 0 unchanged, 2 problems")


def test_a_deadline_at_the_next_meeting_waits_for_the_board(services):
    text = HEADER + "1\tMPS to report back.\tNext board meeting\tMPS\n"
    survey = services.imports.survey_file(text.encode(), "annex.tsv")
    assert survey.found() == "1 action found (table): 1 readable, 0 problems"
    assert "due at the next board meeting" in " ".join(survey.notes)
    for command in (f'board add "{BOARD}" short:PROB', "meeting PROB 20 October 2022"):
        execute(command, Context("USEC", services))
    document = services.imports.read_text(text)
    plan = services.imports.preview(document, ImportOptions(BOARD), by=SECRETARY)
    assert counts(plan) == counts(survey) == (1, 0)


def share(bot, data: bytes, name: str) -> dict:  # noqa: F811
    host = serve_file(bot, data, name)
    try:
        bot.share_file("F1")
        return bot.posted()
    finally:
        host.close()


@pytest.mark.parametrize(
    ("name", "offered", "previewed"),
    [
        (
            "letter-2022-07-20-oversight-board-annex-a.txt",
            "15 actions found (table): 15 readable, 0 problems",
            "15 actions: 15 to create, 0 to update, 0 unchanged, 0 problems",
        ),
        (
            "letter-2024-03-05-homicide-prevention-recommendations.txt",
            "2 actions found (recommendations): 2 readable, 0 problems",
            "2 actions: 2 to create, 0 to update, 0 unchanged, 0 problems",
        ),
        (
            "annex.tsv",
            "4 actions found (table): 2 readable, 2 problems",
            "4 actions: 2 to create, 0 to update, 0 unchanged, 2 problems",
        ),
    ],
)
def test_slack_offer_then_preview_give_the_same_counts(bot, name, offered, previewed):  # noqa: F811
    data = MIXED.encode() if name == "annex.tsv" else sample_path(name).read_bytes()
    host = serve_file(bot, data, name)
    try:
        bot.share_file("F1")
        offer = bot.posted()
        assert offered in json.dumps(offer["blocks"])
        bot.click(IMPORT_OFFER, buttons(offer)[IMPORT_OFFER])
        view = as_dict(bot.slack.wait_for("views.open")[0].args["view"])
        assert view["callback_id"] == IMPORT_MODAL
        form = {"new_board": {"type": "plain_text_input", "value": BOARD}}
        bot.submit_form(form, metadata=view["private_metadata"])
        assert previewed in json.dumps(bot.posted(2)["blocks"])
    finally:
        host.close()


def test_a_file_with_no_readable_row_says_so_instead_of_asking_for_a_board(bot):  # noqa: F811
    offer = share(bot, BROKEN.encode(), "annex.tsv")
    text = json.dumps(offer["blocks"], ensure_ascii=False)
    assert "annex.tsv: I found 2 actions but could not read any of them" in text
    assert "• line 2: “whenever” is not a date or timing I understand." in text
    assert "Timings I understand, for example" in text and "Fix them and import it again." in text
    assert IMPORT_OFFER not in buttons(offer) and "Choose the board" not in text


def test_a_letter_with_no_actions_says_what_is_missing(bot):  # noqa: F811
    name = "letter-2019-05-28-child-protection.txt"
    offer = share(bot, sample_path(name).read_bytes(), name)
    text = json.dumps(offer["blocks"], ensure_ascii=False)
    assert "no table with an Action column" in text and "I can import a Word document" in text
    assert IMPORT_OFFER not in buttons(offer)


def test_cli_says_plainly_when_nothing_can_be_read(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    (tmp_path / "annex.tsv").write_text(BROKEN)
    assert main(["import", "annex.tsv", "--board", BOARD, "--source-ref", "R"]) == 1
    out = capsys.readouterr().out
    assert "2 actions: 0 to create, 0 to update, 0 unchanged, 2 problems" in out
    assert "Nothing was written: none of the 2 actions found could be read (see above)" in out
    assert "--skip-problems" not in out
