"""Sample board and actions for `actionbot shell --demo`, dated around today."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from bot.access import Actor
from bot.actions.service import NewAction
from bot.leads.service import LeadRef
from bot.services import Services
from bot.timing import MONTH_NAMES

DEMO_USER = "UDEMO"
BOARD = "Performance and Risk Oversight Board"


def _month(day: date, shift: int) -> str:
    moved = day + relativedelta(months=shift)
    return f"{MONTH_NAMES[moved.month - 1]} {moved.year}"


def _months(day: date, first: int, last: int) -> str:
    a, b = day + relativedelta(months=first), day + relativedelta(months=last)
    return f"{MONTH_NAMES[a.month - 1]}/{MONTH_NAMES[b.month - 1]} {b.year}"


def seed_demo(services: Services) -> None:
    """A board meeting two months ago and the actions it agreed, in the Annex A style."""
    today = services.actions.today()
    meeting = (today - relativedelta(months=2)).replace(day=14)
    secretary = Actor(DEMO_USER, is_secretary=True)
    services.leads.map_users(
        secretary, "Police Service", user_ids=[DEMO_USER], aliases=["Police", "PS"]
    )
    services.leads.map_users(secretary, "Policing Office", user_ids=["UOFFICE"], aliases=[])
    rows = [
        (
            "Police Service to share the evaluation of the town-centre engagement pilot. "
            "For discussion at the Professionalism meeting.",
            _month(today, 1),
            "Police Service",
        ),
        (
            "Police Service to provide a briefing note on PCSO recruitment.",
            _month(today, -1),
            "Police Service",
        ),
        (
            "Police Service to list the schools without a named Safer Schools Officer, and why.",
            _month(today, 0),
            "Police Service",
        ),
        (
            "Police Service to set targets and dates for training officers on the new records app.",
            _months(today, 1, 2),
            "Police Service",
        ),
        (
            "Police Service and Policing Office to align their reviews of community engagement.",
            "",
            "Police Service and Policing Office",
        ),
        ("Police Service to send the stop and search data report.", "Completed", "Police Service"),
    ]
    services.boards.create(secretary, BOARD, short_name="PROB")
    services.boards.add_meeting(secretary, BOARD, today + relativedelta(months=1, day=20))
    for number, (description, timing, leads) in enumerate(rows, start=1):
        services.actions.add(
            secretary,
            NewAction(
                description=description,
                leads=[LeadRef(name=name) for name in leads.split(" and ")],
                timing=timing,
                board=BOARD,
                item_no=str(number),
                meeting_date=meeting,
                source_ref="DEMO-0001",
            ),
        )
