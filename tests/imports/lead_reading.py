"""The leads a parsed Lead cell gives when no lead is known yet, for the pure parsing tests."""

from __future__ import annotations

from bot.leads.names import read_lead


def leads_of(row) -> list[str]:
    return list(read_lead(row.lead, lambda name: False).names)
