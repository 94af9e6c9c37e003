"""A joint lead is split only into known leads or initials: "MOPAC Evidence and Insight" is one
lead, "MPS and MOPAC" two; the preview says how it read each and how to change it."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import event

from bot.actions.service import Actor
from bot.cli import main
from bot.commands import Context
from bot.commands.execute import execute
from bot.console.render import render
from bot.imports.plan import ImportOptions
from bot.leads.names import read_lead
from bot.slack.ids import IMPORT_CONFIRM
from tests.imports.test_slack_import import BOARD, bot, buttons, text_form  # noqa: F401

SECRETARY = Actor("USEC", is_secretary=True)
TABLE = (
    "No.\tAction\tTiming\tLead\n"
    "1\tShare the survey results.\tAugust 2022\tMOPAC Evidence and Insight\n"
    "2\tReview the misconduct hearings.\tAugust 2022\tMPS Professionalism and Standards\n"
    "3\tAlign the reviews of community engagement.\tAugust 2022\tMPS and MOPAC\n"
)


def run(services, text: str, user: str = "USEC") -> str:
    return render(execute(text, Context(user, services)))


def preview(services, text: str = TABLE):
    document = services.imports.read_text(text)
    options = ImportOptions(BOARD, source_ref="PROB-2022-06")
    return services.imports.preview(document, options, by=SECRETARY)


def leads_by_number(plan) -> dict[str, tuple[str, ...]]:
    return {row.number: row.leads for row in plan.rows}


@pytest.mark.parametrize(
    ("written", "known", "names"),
    [
        ("MOPAC Evidence and Insight", set(), ["MOPAC Evidence and Insight"]),
        ("MPS Professionalism and Standards", set(), ["MPS Professionalism and Standards"]),
        ("MPS and MOPAC", set(), ["MPS", "MOPAC"]),
        ("MPS & MOPAC / VRU, DARA; LFB", set(), ["MPS", "MOPAC", "VRU", "DARA", "LFB"]),
        ("Met and MOPAC", set(), ["Met and MOPAC"]),
        ("Met and MOPAC", {"met"}, ["Met", "MOPAC"]),
        (
            "MOPAC Evidence and Insight",
            {"mopac evidence", "insight"},
            ["MOPAC Evidence", "Insight"],
        ),
        ("MPS and MOPAC", {"mps and mopac"}, ["MPS and MOPAC"]),
        ("MPS AND MPS", set(), ["MPS"]),
        ("", set(), []),
    ],
)
def test_a_joint_lead_is_split_only_into_known_leads_or_initials(written, known, names):
    reading = read_lead(written, lambda name: name.casefold() in known)
    assert list(reading.names) == names


def test_import_keeps_a_lead_whose_name_has_and_in_it(services):
    plan = preview(services)
    assert leads_by_number(plan) == {
        "1": ("MOPAC Evidence and Insight",),
        "2": ("MPS Professionalism and Standards",),
        "3": ("MPS", "MOPAC"),
    }
    notes = "\n".join(plan.notes)
    assert 'Lead "MOPAC Evidence and Insight" is read as one lead' in notes
    assert '`/actions update <id> lead:"MOPAC Evidence" lead:Insight`' in notes
    assert '`/actions lead "MOPAC Evidence" @someone`' in notes
    assert 'Lead "MPS and MOPAC" is read as 2 leads, MPS and MOPAC.' in notes
    assert '`/actions lead "MPS and MOPAC" @someone`' in notes
    result = services.imports.apply(plan, by=SECRETARY)
    assert sorted(result.new_leads) == [
        "MOPAC",
        "MOPAC Evidence and Insight",
        "MPS",
        "MPS Professionalism and Standards",
    ]
    listed = {
        services.actions.get(i).item_no: services.actions.get(i).lead_names for i in result.created
    }
    assert listed["1"] == "MOPAC Evidence and Insight" and listed["3"] == "MPS and MOPAC"
    assert list(services.actions.get(result.created[2]).leads) == ["MPS", "MOPAC"]


def test_mapping_the_parts_first_makes_the_next_import_split_them(services):
    run(services, 'lead "MOPAC Evidence" <@UEVI>')
    run(services, "lead Insight <@UINS>")
    run(services, 'lead "MPS and MOPAC" <@UJOINT>')
    plan = preview(services)
    assert leads_by_number(plan)["1"] == ("MOPAC Evidence", "Insight")
    assert leads_by_number(plan)["3"] == ("MPS and MOPAC",)  # a known lead is never split
    notes = "\n".join(plan.notes)
    assert "MOPAC Evidence and Insight" not in notes and '"MPS and MOPAC" is read' not in notes


def test_a_name_given_alone_in_another_row_counts_as_known(services):
    text = TABLE + "4\tPublish the dashboard.\tAugust 2022\tInsight\n"
    text += "5\tCheck the data.\tAugust 2022\tMOPAC Evidence\n"
    assert leads_by_number(preview(services, text))["1"] == ("MOPAC Evidence", "Insight")


def test_cli_preview_shows_the_reading_and_how_to_change_it(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    (tmp_path / "annex.tsv").write_text(TABLE)
    assert main(["import", "annex.tsv", "--board", BOARD, "--source-ref", "R"]) == 0
    out = capsys.readouterr().out
    assert 'Note: Lead "MOPAC Evidence and Insight" is read as one lead' in out
    assert 'Note: Lead "MPS Professionalism and Standards" is read as one lead' in out
    assert "Imported 3 actions" in out
    assert main(["import", "annex.tsv", "--board", BOARD, "--source-ref", "R"]) == 0
    assert "0 to create, 0 to update, 3 unchanged" in capsys.readouterr().out


def test_slack_preview_says_how_it_read_the_leads_and_imports_one_lead(bot):  # noqa: F811
    bot.submit_form(text_form(TABLE))
    preview = bot.posted()
    shown = json.dumps(preview["blocks"], ensure_ascii=False)
    assert 'Lead \\"MOPAC Evidence and Insight\\" is read as one lead' in shown
    assert "/actions update &lt;id&gt; lead:" in shown  # the placeholder is not a Slack link
    bot.click(IMPORT_CONFIRM, buttons(preview)[IMPORT_CONFIRM])
    assert "Imported 3 actions" in json.dumps(bot.next_response())
    listed = bot.list_all()
    assert "MOPAC Evidence and Insight" in listed and "MPS and MOPAC" in listed
    leads = bot.text(bot.command("leads"))
    assert "MOPAC Evidence and Insight" in leads and "Insight\\n" not in leads


def added(reply: str) -> int:
    match = re.search(r"Added #(\d+)", reply)
    assert match, reply
    return int(match.group(1))


def test_the_add_command_reads_a_joint_lead_by_the_same_rule(services):
    reply = run(services, 'add Share the survey results lead:"MOPAC Evidence and Insight"')
    survey = added(reply)
    assert 'Lead "MOPAC Evidence and Insight" is read as one lead' in reply
    assert f'`/actions update {survey} lead:"MOPAC Evidence" lead:Insight`' in reply
    joint = run(services, 'add Align the reviews lead:"MPS and MOPAC"')
    assert 'Lead "MPS and MOPAC" is read as 2 leads, MPS and MOPAC.' in joint
    assert list(services.actions.get(added(joint)).leads) == ["MPS", "MOPAC"]
    assert services.actions.get(survey).lead_names == "MOPAC Evidence and Insight"
    # Once both are known leads, nothing is in doubt and nothing needs explaining.
    again = run(services, 'add Brief the board lead:"MPS and MOPAC"')
    assert services.actions.get(added(again)).lead_names == "MPS and MOPAC"
    assert "is read as" not in again
    run(services, f'update {survey} lead:"MOPAC Evidence" lead:Insight')
    assert services.actions.get(survey).lead_names == "MOPAC Evidence and Insight"
    assert list(services.actions.get(survey).leads) == [
        "MOPAC Evidence",
        "Insight",
    ]


def test_a_long_letter_of_many_joint_leads_reads_the_known_names_once(services, migrated_engine):
    run(services, 'lead "Team 7" <@UT7>')
    rows = "".join(f"{n}\tReport {n}.\tAugust 2022\tTeam {n} and MPS\n" for n in range(1, 301))
    lookups: list[str] = []

    def seen(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if "lead_aliases" in statement and statement.lstrip().upper().startswith("SELECT"):
            lookups.append(statement)

    event.listen(migrated_engine, "before_cursor_execute", seen)
    try:
        plan = preview(services, "No.\tAction\tTiming\tLead\n" + rows)
    finally:
        event.remove(migrated_engine, "before_cursor_execute", seen)
    assert leads_by_number(plan)["7"] == ("Team 7", "MPS")
    assert leads_by_number(plan)["8"] == ("Team 8 and MPS",)
    assert len(lookups) <= 2, f"{len(lookups)} lookups of lead names for 300 rows"
