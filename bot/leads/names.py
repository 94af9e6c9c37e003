"""Reading a lead as written: "MPS and MOPAC" is two leads, "MOPAC Evidence and Insight" is one."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

SEPARATORS = re.compile(r"\s+and\s+|\s*[&/,;]\s*", re.IGNORECASE)
# An organisation's initials: one word of capitals, such as MPS, MOPAC, HMICFRS or VRU.
_INITIALS = re.compile(r"[A-Z][A-Z0-9]{1,9}")


@dataclass(frozen=True)
class LeadReading:
    """The lead names read from what someone wrote, in order."""

    written: str
    names: tuple[str, ...]
    # Written like a joint lead, and read without the known leads to go by: either kept whole
    # or split on the strength of initials. Worth telling the user, with how to change it.
    in_doubt: bool = False

    @property
    def parts(self) -> list[str]:
        """The names the written text would give if it were split."""
        return list(dict.fromkeys(" ".join(p.split()) for p in SEPARATORS.split(self.written)))

    @property
    def joint(self) -> bool:
        return len(self.names) > 1


def is_initials(name: str) -> bool:
    return bool(_INITIALS.fullmatch(name))


def read_lead(written: str, is_known: Callable[[str], bool]) -> LeadReading:
    """Split a joint lead only when every part is a known lead (or alias) or an organisation's
    initials; otherwise the whole text is one lead, because names such as "MPS Professionalism
    and Standards" have "and" in them. A whole text that is itself a known lead is never split.
    `is_known` says whether a name is a lead or an alias already (ignoring case and spacing).
    """
    whole = " ".join(written.split())
    parts = [part for part in LeadReading(whole, ()).parts if part]
    if len(parts) <= 1:
        return LeadReading(whole, tuple(parts))
    if is_known(whole):
        return LeadReading(whole, (whole,))
    unknown = [part for part in parts if not is_known(part)]
    if all(is_initials(part) for part in unknown):
        return LeadReading(whole, tuple(parts), in_doubt=bool(unknown))
    return LeadReading(whole, (whole,), in_doubt=True)


def quoted(name: str) -> str:
    """A lead name as an option value: quoted when it has spaces."""
    return f'"{name}"' if " " in name else name


def lead_options(names: list[str] | tuple[str, ...]) -> str:
    """`lead:"MOPAC Evidence" lead:Insight`: one option each, so that none is split again."""
    return " ".join(f"lead:{quoted(name)}" for name in names)


def reading_note(reading: LeadReading, *, split_by: str, keep_by: str) -> str:
    """How `reading` was read and how to read it the other way; the two hows suit the caller."""
    parts = [part for part in reading.parts if part]
    if reading.joint:
        names = ", ".join(reading.names[:-1]) + " and " + reading.names[-1]
        return (
            f'Lead "{reading.written}" is read as {len(reading.names)} leads, {names}. '
            f"If it is one lead, {keep_by}."
        )
    listed = ", ".join(f'"{part}"' for part in parts[:-1]) + f' and "{parts[-1]}"'
    return (
        f'Lead "{reading.written}" is read as one lead, because {listed} are not all known '
        f"leads or initials such as MPS. If it names {len(parts)} leads, {split_by}."
    )
