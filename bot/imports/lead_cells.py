"""The Lead cells of an import, read as one lead or several against the leads already known."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from bot.leads.names import SEPARATORS, LeadReading, lead_options, quoted, read_lead, reading_note
from bot.leads.repository import LeadRepository
from bot.models.leads import name_key

# A long letter can repeat the same joint lead in many rows; the preview explains a few.
READINGS_SHOWN = 5


class LeadCells:
    """Lead cells read once each, against every lead name and alias known, read at once: a
    letter's lead cells ask about hundreds of names and parts of names."""

    def __init__(self, session: Session, cells: Iterable[str]) -> None:
        # name key -> (name as stored, id or None for a new lead, has users)
        self._known = LeadRepository(session).every_name()
        self._lookups: dict[str, tuple[str, int | None, bool]] = {}
        self._used: dict[str, None] = {}
        self._readings: dict[str, LeadReading] = {}
        # A name a row gives alone is a lead of this letter, so another row's joint lead may
        # be made of it ("Insight" in one row makes "MOPAC Evidence and Insight" two leads).
        self._alone = {
            name_key(cell) for cell in cells if cell.strip() and not SEPARATORS.search(cell)
        }

    def read(self, cell: str) -> tuple[str, ...]:
        """The lead names a Lead cell gives, as written."""
        key = name_key(cell)
        if key not in self._readings:
            self._readings[key] = read_lead(cell, self._is_known)
        return self._readings[key].names

    def resolve(self, name: str) -> tuple[str, int | None]:
        """The name as stored and the lead's id (None for a new lead); the import uses it."""
        self._used[name_key(name)] = None
        found = self._lookup(name)
        return found[0], found[1]

    def new(self) -> list[str]:
        return [name for name, lead_id, _ in self._used_leads() if lead_id is None]

    def without_users(self) -> list[str]:
        return [
            name for name, lead_id, users in self._used_leads() if lead_id is not None and not users
        ]

    def notes(self) -> list[str]:
        """How each joint lead in doubt was read, and how to have it read the other way."""
        doubtful = [reading for reading in self._readings.values() if reading.in_doubt]
        notes = [_note(reading) for reading in doubtful[:READINGS_SHOWN]]
        if len(doubtful) > READINGS_SHOWN:
            notes.append(f"…and {len(doubtful) - READINGS_SHOWN} more joint leads like these.")
        return notes

    def _is_known(self, name: str) -> bool:
        return name_key(name) in self._alone or self._lookup(name)[1] is not None

    def _lookup(self, name: str) -> tuple[str, int | None, bool]:
        key = name_key(name)
        if key not in self._lookups:
            self._lookups[key] = self._known.get(key) or (" ".join(name.split()), None, False)
        return self._lookups[key]

    def _used_leads(self) -> list[tuple[str, int | None, bool]]:
        return list(dict.fromkeys(self._lookups[key] for key in self._used))


def _note(reading: LeadReading) -> str:
    parts = [part for part in reading.parts if part]
    return reading_note(
        reading,
        split_by=(
            f"map each to its people first (`/actions lead {quoted(parts[0])} @someone`) and "
            "import again, or give the action its leads after importing with "
            f"`/actions update <id> {lead_options(parts)}`"
        ),
        keep_by=(
            f"create it first with `/actions lead {quoted(reading.written)} @someone` "
            "and import again"
        ),
    )
