"""Status cells as the bot's own summaries write them read back as the status they start with."""

from __future__ import annotations

import pytest

from bot.imports.matching import read_status
from bot.models.actions import Status


@pytest.mark.parametrize(
    "cell, status",
    [
        ("Open, 40 days overdue (agreed 24 June 2022)", Status.OPEN),
        ("In progress, 1 day overdue", Status.IN_PROGRESS),
        ("Done on 3 October 2022", Status.DONE),
        ("Done — proposed for closure, awaiting the board", Status.DONE),
        ("Dropped on 1 September 2022 — closed by the board on 20 October 2022", Status.DROPPED),
        ("", Status.OPEN),
    ],
)
def test_a_summary_status_cell_reads_as_its_status(cell: str, status: Status) -> None:
    assert read_status(cell) is status


@pytest.mark.parametrize("cell", ["Waiting on MOPAC", "Done-ish", "on 3 October 2022"])
def test_other_words_are_still_not_a_status(cell: str) -> None:
    assert read_status(cell) is None
