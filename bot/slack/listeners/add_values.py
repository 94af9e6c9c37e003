"""The add form as submitted: read it, check what needs no database, and turn it into the
same `NewAction` that `/actions add` makes from its words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.actions.service import NewAction
from bot.errors import InvalidInput
from bot.leads.service import LeadRef
from bot.services import Services
from bot.slack.blocks.add_form import (
    BOARD,
    DESCRIPTION,
    FORUM,
    ITEM_NO,
    LEADS,
    NEW_BOARD,
    NEW_LEADS,
    TIMING,
)
from bot.slack.blocks.inputs import all_selected, selected, typed
from bot.timing import parse_timing


@dataclass(frozen=True)
class AddForm:
    description: str = ""
    board_id: str | None = None
    new_board: str = ""
    lead_ids: list[str] = field(default_factory=list)
    new_leads: list[str] = field(default_factory=list)
    timing: str = ""
    item_no: str = ""
    forum: str = ""
    # The input blocks the form has: a select is left out when it would have no options.
    blocks: frozenset[str] = frozenset()


def read_add_form(view: dict[str, Any]) -> AddForm:
    values = view.get("state", {}).get("values", {})
    return AddForm(
        description=typed(values, DESCRIPTION),
        board_id=selected(values, BOARD),
        new_board=" ".join(typed(values, NEW_BOARD).split()),
        lead_ids=all_selected(values, LEADS),
        new_leads=[" ".join(line.split()) for line in typed(values, NEW_LEADS).splitlines()],
        timing=typed(values, TIMING),
        item_no=typed(values, ITEM_NO),
        forum=typed(values, FORUM),
        blocks=frozenset(values),
    )


def add_form_errors(form: AddForm, today: date) -> dict[str, str]:
    """Mistakes shown next to their fields; nothing here reads the database."""
    errors: dict[str, str] = {}
    if not form.description:
        errors[DESCRIPTION] = "Describe the action, as the letter words it."
    if form.board_id and form.new_board:
        errors[NEW_BOARD] = "Choose a board from the list or name a new one, not both."
    if not form.lead_ids and not any(form.new_leads):
        where = LEADS if LEADS in form.blocks else NEW_LEADS
        errors[where] = "Who leads this action? Choose a lead, or type a new one."
    if form.timing:
        try:
            # Only whether it is a timing at all: "next meeting" takes its date from the
            # board's calendar when the action is added, so any date stands in for it here.
            parse_timing(form.timing, today=today, next_meeting=today)
        except InvalidInput as exc:
            errors[TIMING] = exc.user_message
    return errors


def new_action(form: AddForm, services: Services) -> NewAction:
    """The form's choices by name, as `/actions add` would name them; a choice that has gone
    since the form was opened is refused."""
    board: str | None = form.new_board or None
    if form.board_id:
        boards = {str(b.id): b.name for b in services.boards.names()}
        if form.board_id not in boards:
            raise InvalidInput(_gone("The board you chose"))
        board = boards[form.board_id]
    leads = {str(lead.id): lead.name for lead in services.leads.list_leads()}
    names: list[str] = []
    for lead_id in form.lead_ids:
        if lead_id not in leads:
            raise InvalidInput(_gone("A lead you chose"))
        names.append(leads[lead_id])
    names += [name for name in form.new_leads if name]
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(name.casefold(), name)
    return NewAction(
        description=form.description,
        leads=[LeadRef(name=name) for name in unique.values()],
        timing=form.timing or None,
        board=board,
        item_no=form.item_no or None,
        forum=form.forum or None,
    )


def _gone(what: str) -> str:
    return (
        f"{what} no longer exists (renamed or removed since the form opened), so nothing "
        "was added. Open the form again with `/actions add`."
    )
