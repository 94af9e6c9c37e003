"""Names kept with Slack profiles, for papers: asked once, kept, and asked for where missing."""

from __future__ import annotations

from datetime import timedelta

from bot.reminders.ports import UserProfile
from bot.reminders.profiles import ProfileBook


def test_names_are_kept_and_a_nameless_profile_is_asked_again(sessions, clock, notifier):  # type: ignore[no-untyped-def]
    book = ProfileBook(sessions, notifier)
    notifier.profiles["UALICE"] = UserProfile("UALICE", "Europe/London")  # no name yet
    book.lookup(["UALICE"], clock.now())
    assert book.lookup(["UALICE"], clock.now())["UALICE"] == UserProfile("UALICE", "Europe/London")
    assert notifier.lookups == ["UALICE"]  # fresh for reminders: not asked twice

    notifier.profiles["UALICE"] = UserProfile("UALICE", "Europe/London", name="Alice Able")
    assert book.names(["UALICE", "UBOB"], clock.now() + timedelta(hours=1)) == {
        "UALICE": "Alice Able"
    }
    assert notifier.lookups == ["UALICE", "UALICE", "UBOB"]
    # Kept: the next papers do not ask Slack again.
    assert book.names(["UALICE"], clock.now() + timedelta(hours=2)) == {"UALICE": "Alice Able"}
    assert notifier.lookups == ["UALICE", "UALICE", "UBOB"]
