"""The Mark done and Update forms sent: the change at the version shown, the message updated."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.commands import Context
from bot.commands.presses import press_done, press_update
from bot.commands.replies import ActionCard
from bot.errors import BotError, Conflict, InvalidInput
from bot.services import Services
from bot.slack.blocks.action_forms import (
    LEADS,
    NEW_LEADS,
    NOTE,
    STATUS,
    TIMING,
    Origin,
    form_values,
)
from bot.slack.blocks.inputs import all_selected, typed
from bot.slack.blocks.text import clip, escape, user
from bot.slack.ids import DONE_MODAL, UPDATE_MODAL
from bot.slack.listeners.home import publish_home
from bot.slack.listeners.later import acknowledge, later
from bot.slack.listeners.pressed import refusal, show_state, tell
from bot.timing import TimingError, parse_timing


def timing_error(text: str, today: Any) -> str | None:
    """What is wrong with a timing, to show under the field; None when it reads, or when only
    the board's meetings can tell ("next meeting"), which the change itself checks."""
    if "meeting" in text.lower():
        return None
    try:
        parse_timing(text, today=today)
    except TimingError as error:
        first = error.user_message.split("\n", 1)[0]
        return clip(f"{first} e.g. August 2022, 31/08/2024, Q3 2023, Completed.", 300)
    return None


def no_leads(view: dict[str, Any]) -> bool:
    """The form's list of leads left with nobody chosen and nobody typed beside it."""
    values = (view.get("state") or {}).get("values", {})
    return LEADS in values and not all_selected(values, LEADS) and not typed(values, NEW_LEADS)


def chosen_leads(view: dict[str, Any], services: Services) -> list[str] | None:
    """The leads the Update form names: those chosen in its list and those typed beside it.
    None when the form has no list and nothing was typed: the leads stay as they are."""
    values = (view.get("state") or {}).get("values", {})
    typed_names = [" ".join(line.split()) for line in typed(values, NEW_LEADS).splitlines()]
    names = [name for name in typed_names if name]
    if LEADS not in values:
        return names or None
    known = {str(lead.id): lead.name for lead in services.leads.list_leads()}
    chosen = all_selected(values, LEADS)
    if any(lead_id not in known for lead_id in chosen):
        raise InvalidInput(
            "A lead you chose no longer exists (renamed or removed since the form opened), so "
            "nothing changed. Open the form again."
        )
    return [known[lead_id] for lead_id in chosen] + names


def register(app: App, services: Services) -> None:
    def update_errors(view: dict[str, Any]) -> dict[str, str]:
        """What the Update form shows under its fields, checked without the database."""
        errors: dict[str, str] = {}
        if error := timing_error(form_values(view).get(TIMING, ""), services.actions.today()):
            errors[TIMING] = error
        if no_leads(view):
            errors[LEADS] = "An action needs at least one lead: choose one, or type one below."
        return errors

    def check_update(ack: Ack, view: dict[str, Any]) -> None:
        if errors := update_errors(view):
            ack(response_action="errors", errors=errors)
        else:
            ack()

    def submit(body: dict[str, Any], client: WebClient, _respond: Respond) -> None:
        view = body["view"]
        presser = body["user"]["id"]
        origin = Origin.load(view.get("private_metadata") or "{}")
        values = form_values(view)
        context = Context(presser, services)
        closing = view.get("callback_id") == DONE_MODAL
        try:
            if closing:
                card = press_done(context, origin.action_id, origin.version, values.get(NOTE, ""))
            else:
                card = press_update(
                    context,
                    origin.action_id,
                    origin.version,
                    status=values.get(STATUS, ""),
                    timing=values.get(TIMING, ""),
                    leads=chosen_leads(view, services),
                    note=values.get(NOTE, ""),
                )
        except BotError as error:
            shown = None
            if isinstance(error, Conflict):
                shown = services.actions.get(origin.action_id)
            tell(client, presser, origin, refusal(error.user_message, shown, _today()))
            return
        line = _state_text(card, presser, closing)
        show_state(client, origin, line, card.action, card, context=context)
        if origin.channel is None and origin.response_url is None:
            # Pressed on the Home tab: no message to update, so the Home itself shows the change.
            publish_home(services, client, presser)

    def _today() -> Any:
        return services.actions.today()

    app.view(DONE_MODAL)(ack=acknowledge, lazy=[later("mark done form", services, submit)])

    def refused(body: dict[str, Any]) -> bool:
        return bool(update_errors(body["view"]))

    app.view(UPDATE_MODAL)(
        ack=check_update, lazy=[later("update form", services, submit, refused=refused)]
    )


def _state_text(card: ActionCard, presser: str, closing: bool) -> str:
    action = card.action
    note = f": {escape(clip(card.caller_note, 300))}" if card.caller_note else ""
    if closing and action.closure_pending:
        return f":hourglass: {user(presser)} marked it done, for the board to close{note}"
    if closing:
        return f":white_check_mark: Done, by {user(presser)}{note}"
    timing = f" · {escape(action.timing_raw)}" if action.timing_raw else ""
    return f":pencil2: Updated by {user(presser)}: {action.status}{timing}{note}"
