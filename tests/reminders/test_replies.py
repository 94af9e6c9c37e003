"""Which action a reply in a reminder's thread is about, and the answer when it cannot tell."""

from __future__ import annotations

from bot.reminders.replies import Placed, Unplaced, place_reply


def test_a_reminder_about_one_action_takes_the_reply_as_it_is() -> None:
    assert place_reply("  Briefing drafted ", [12]) == Placed(12, "Briefing drafted")
    assert place_reply("#12: Briefing drafted", [12]) == Placed(12, "Briefing drafted")


def test_a_digest_needs_the_number_first() -> None:
    assert place_reply("#7 - chased legal", [3, 7]) == Placed(7, "chased legal")
    answer = place_reply("chased legal about #7", [3, 7])
    assert isinstance(answer, Unplaced)
    assert "about #3, #7" in answer.answer and "`#3 Briefing drafted" in answer.answer


def test_a_number_not_in_the_reminder_or_no_note_is_answered() -> None:
    other = place_reply("#70 chased", [3, 7])
    assert isinstance(other, Unplaced) and "#70 is not in this reminder" in other.answer
    assert "/actions update 70 <note>" in other.answer
    empty = place_reply("#7", [3, 7])
    assert isinstance(empty, Unplaced) and "no note after #7" in empty.answer
    assert place_reply("#7x is odd", [7]) == Placed(7, "#7x is odd")
