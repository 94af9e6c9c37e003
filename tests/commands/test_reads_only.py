"""Which command lines only read: their replays are recognised in memory, not in the database."""

from __future__ import annotations

import pytest

from bot.commands.verbs import ALL, reads_only


@pytest.mark.parametrize(
    "text",
    [
        "",
        "list",
        "ls overdue mine",
        "LIST page:2",
        "show 12",
        "help",
        "leads MPS",
        "nonsense x",
        '"add" Provide the report',  # not a verb: it gets an explanation
    ],
)
def test_lines_that_only_read(text):
    assert reads_only(text)


@pytest.mark.parametrize(
    "text",
    [
        "add Provide the report lead:MPS",
        "update 3 status:blocked",
        "done 3",
        "reopen 3",
        "board add PROB",
        "meeting PROB 20 October 2022",
        "lead MPS <@U1>",
        "remind 3",
        "summary PROB post",
        "import",
    ],
)
def test_lines_that_may_change_something(text):
    assert not reads_only(text)


def test_only_listing_and_showing_verbs_are_marked_as_reading():
    assert sorted(v.name for v in ALL if v.reads_only) == ["help", "leads", "list", "show"]
