"""The 15 actions of Annex A to the 20 July 2022 Performance and Risk Oversight Board letter."""

from __future__ import annotations

from datetime import date

from bot.actions.service import Actor, NewAction
from bot.leads.service import LeadRef
from bot.services import Services

BOARD = "Performance and Risk Oversight Board"
SOURCE_REF = "MOPAC14072022-D4220"
AGREED = date(2022, 6, 24)
NEXT_MEETING = date(2022, 10, 20)
SECRETARY = Actor("USEC", is_secretary=True)

# (No., action, timing, lead) as the letter's table gives them.
ANNEX_A = [
    (
        "1",
        (
            "MPS to complete evaluation of engagement work in Croydon and share outcome with "
            "MOPAC. For discussion at the DMPC-AC Professionalism meeting in October."
        ),
        "October 2022",
        "MPS",
    ),
    (
        "2",
        (
            "MPS to provide a briefing note on the issues with recruiting PCSOs. For discussion "
            "at the next DMPC-Chief of Corporate Services meeting."
        ),
        "August 2022",
        "MPS",
    ),
    (
        "3",
        (
            "MPS to provide the DMPC with a list of the schools which do not have a Safer Schools"
            " Officer in place and why."
        ),
        "August 2022",
        "MPS",
    ),
    (
        "4",
        (
            "MPS to review the ways of working for Safer Schools Officers and share outcome with "
            "MOPAC. For discussion at the DMPC-AC Frontline Policing meeting in October 2022, "
            "including the barriers to achieving a named officer in every school and the training"
            " provided to support the officers."
        ),
        "October 2022",
        "MPS",
    ),
    (
        "5",
        (
            "The MPS undertook to remind BCU Commanders that DWO posts must be filled and not "
            "abstracted."
        ),
        "",
        "MPS",
    ),
    (
        "6",
        (
            "MPS to provide to the DMPC a note detailing what screening out crimes meant in "
            "practice and what victims were advised. For discussion at the DMPC-AC Frontline "
            "Policing meeting in August 2022."
        ),
        "August 2022",
        "MPS",
    ),
    (
        "7",
        (
            "MPS to provide their assessment of when and how the increased number of detectives "
            "will have an impact on sanction detection rates."
        ),
        "August 2022",
        "MPS",
    ),
    (
        "8",
        (
            "MPS to provide an assessment of the officers and staff needed to meet current and "
            "likely future demand, including a breakdown across Business Groups. For discussion "
            "with the Acting Commissioner and Deputy prior to the new Commissioner taking up his "
            "post."
        ),
        "August 2022",
        "MPS",
    ),
    (
        "9",
        (
            "MPS to advise the DMPC on their targets and dates for training officers on the PNC "
            "app. For discussion at the next DMPC-AC Professionalism meeting."
        ),
        "August/Sept 2022",
        "MPS",
    ),
    (
        "10",
        (
            "DMPC to discuss with AC Frontline Policing at their next meeting, how they assure "
            "themselves that improvement in Child Protection is continuing at the pace required."
        ),
        "August 2022",
        "MPS",
    ),
    (
        "11",
        (
            "MPS to provide a paper on the pan-London themes arising from community engagement "
            "and the actions being taken to address them. The paper to also set out how the MPS "
            "assured itself of the impact of its engagement and that it is reaching all the "
            "target communities. For discussion at the DMPC-AC Professionalism meeting in "
            "December 2022."
        ),
        "December 2022",
        "MPS",
    ),
    (
        "12",
        ("MPS and MOPAC to work together to align their reviews of community engagement."),
        "",
        "MPS and MOPAC",
    ),
    (
        "13",
        (
            "MPS to provide to MOPAC the data connecting the use of handcuffing with stop and "
            "search. For discussion at the DMPC-AC Frontline Policing meeting in August 2022."
        ),
        "August 2022",
        "MPS",
    ),
    (
        "14",
        ("MPS undertook to provide MOPAC with their SSO report by 27 June."),
        "Completed",
        "MPS",
    ),
    (
        "15",
        (
            "Disproportionality in the misconduct process, including how the Casey Review will "
            "assist with this issue, would be discussed in upcoming discussions on the Casey "
            "Review."
        ),
        "",
        "MPS and MOPAC",
    ),
]
AUGUST_ITEMS = {"2", "3", "6", "7", "8", "10", "13"}


def add_annex_a(services: Services, *, with_next_meeting: bool = False) -> dict[str, int]:
    """Add the annex as a secretary would; returns action ids by Annex A number."""
    ids = {}
    for number, text, timing, leads in ANNEX_A:
        result = services.actions.add(
            SECRETARY,
            NewAction(
                description=text,
                leads=[LeadRef(name=name) for name in leads.split(" and ")],
                timing=timing,
                board=BOARD,
                item_no=number,
                meeting_date=AGREED,
                source_ref=SOURCE_REF,
            ),
        )
        ids[number] = result.action.id
    if with_next_meeting:
        services.boards.add_meeting(SECRETARY, BOARD, NEXT_MEETING)
    return ids
