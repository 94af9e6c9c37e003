"""The /actions grammar: text in, commands out, and clear errors for bad input."""

from __future__ import annotations

import pytest

from bot.commands import parse
from bot.commands.tokens import tokenize
from bot.errors import InvalidInput
from bot.leads.service import LeadRef
from bot.models.actions import Status


def args(text: str):
    return parse(text).args


def test_add_reads_description_and_options_in_any_order():
    new = args('add lead:MPS Provide the SSO report due:"August 2022" no:14 board:PROB')
    assert new.description == "Provide the SSO report"
    assert new.leads == [LeadRef(name="MPS")]
    assert new.timing == "August 2022"
    assert new.item_no == "14"
    assert new.board == "PROB"


@pytest.mark.parametrize(
    "quoted", ['"August 2022"', "“August 2022”", "'August 2022'", "‘August 2022’", '“August 2022"']
)
def test_straight_and_curly_quotes_both_work(quoted):
    assert args(f"add Report lead:MPS due:{quoted}").timing == "August 2022"


def test_apostrophes_inside_words_are_not_quotes():
    assert args("add Share the Commissioner's report lead:MPS").description == (
        "Share the Commissioner's report"
    )


def test_a_joint_lead_is_kept_as_written_to_be_read_against_the_known_leads():
    new = args('add Align the reviews lead:"MPS and MOPAC" lead:Insight')
    assert new.leads == [LeadRef(name="MPS and MOPAC"), LeadRef(name="Insight")]


def test_leads_can_be_slack_mentions():
    new = args("add Send the data lead:<@U123|alice> lead:<@U456>")
    assert new.leads == [LeadRef(user_id="U123", label="alice"), LeadRef(user_id="U456")]


def test_slack_escaped_text_is_read_as_typed():
    new = args("add Q&amp;A on &lt;stop&gt; data lead:MPS")
    assert new.description == "Q&A on <stop> data"


def test_ids_may_have_a_hash():
    assert args("show #12") == 12
    assert args("show 12") == 12
    assert args("done #7 sent on Monday").action_id == 7
    assert args("done #7 sent on Monday").note == "sent on Monday"


def test_update_reads_status_due_lead_and_note():
    update = args('update 12 status:"in progress" due:"Sept 2022" lead:MOPAC chased by email')
    assert update.status is Status.IN_PROGRESS
    assert update.timing == "Sept 2022"
    assert update.leads == [LeadRef(name="MOPAC")]
    assert update.note == "chased by email"


def test_list_filters():
    listing = args("list overdue mine lead:MPS page:2")
    assert (listing.state, listing.mine, listing.lead, listing.page) == ("overdue", True, "MPS", 2)
    assert args("list").state == "open"


def test_lead_mapping_reads_name_people_and_aliases():
    mapping = args('lead "Metropolitan Police Service" <@U1|a> <@U2> alias:MPS alias:Met')
    assert mapping.name == "Metropolitan Police Service"
    assert mapping.user_ids == ["U1", "U2"]
    assert mapping.aliases == ["MPS", "Met"]


def test_links_keep_their_address():
    assert args("add See <https://example.org/report|the report> lead:MPS").description == (
        "See https://example.org/report"
    )


def test_empty_text_means_help():
    assert parse("").verb.name == "help"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("frobnicate", "is not an /actions command"),
        ("lst", "Did you mean `/actions list`?"),
        ("show twelve", '"twelve" is not an action id'),
        ("show", "Which action?"),
        ("update 12 status:finished", '"finished" is not a status'),
        ("update 12 stauts:done", "Did you mean status:?"),
        ('add Report due:"August 2022', "is never closed"),
        ("list sideways", '"sideways" is not a list filter'),
        ("list page:0", "is not a page number"),
        ("add Report due:May due:June lead:MPS", "due: is given 2 times"),
        ("lead <@U1>", "Which lead?"),
        ("lead MPS", "Who should MPS map to?"),
    ],
)
def test_bad_input_explains_the_right_form(text, expected):
    with pytest.raises(InvalidInput) as error:
        parse(text)
    assert expected in error.value.user_message


def test_a_bad_command_error_shows_usage_and_example():
    with pytest.raises(InvalidInput) as error:
        parse("show twelve")
    assert "Usage: `/actions show <id>`" in error.value.user_message
    assert "Example: `/actions show 12`" in error.value.user_message


def test_tokens_keep_raw_text_for_free_words():
    tokens = tokenize("see https://x.org/a now")
    assert [t.word for t in tokens] == ["see", "https://x.org/a", "now"]
