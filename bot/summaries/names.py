"""Naming the people behind a summary's notes, so papers show names and never a bare Slack id."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.summaries.formatting import stand_in
from bot.summaries.model import ActionItem, Summary, UpdateNote, build_summary
from bot.summaries.repository import SummaryRepository

# Given user ids and the time now, the names that are known (Slack's, kept with the profiles).
NameLookup = Callable[[Iterable[str], datetime], dict[str, str]]


def name_writers(
    summary: Summary, sessions: sessionmaker[Session], lookup: NameLookup | None, now: datetime
) -> Summary:
    """Each note's writer by their Slack name; else, readably, by the lead they answer for."""
    writers = {note.actor for item in summary.input.items for note in _notes(item)}
    if not writers:
        return summary
    # Asked outside any transaction: the lookup may have to ask Slack.
    names = lookup(writers, now) if lookup is not None else {}
    unnamed = writers - names.keys()
    if unnamed:
        with sessions.begin() as session:
            leads = SummaryRepository(session).leads_of_users(unnamed)
        names |= {actor: stand_in(actor, leads.get(actor, ())) for actor in unnamed}
    return with_names(summary, names)


def with_names(summary: Summary, names: Mapping[str, str]) -> Summary:
    """The same summary with the writer of each note, move and proposal named."""

    def named(note: UpdateNote | None) -> UpdateNote | None:
        return None if note is None else replace(note, actor_name=names.get(note.actor, ""))

    items = tuple(
        replace(
            item,
            latest_note=named(item.latest_note),
            last_move=named(item.last_move),
            proposal=(item.proposal[0], named(item.proposal[1]))  # type: ignore[arg-type]
            if item.proposal
            else None,
        )
        for item in summary.input.items
    )
    return build_summary(replace(summary.input, items=items))


def _notes(item: ActionItem) -> list[UpdateNote]:
    proposal = item.proposal[1] if item.proposal else None
    return [note for note in (item.latest_note, item.last_move, proposal) if note is not None]
