"""Importing in Slack: the form, a preview in a DM, Confirm or Cancel, and files shared in a DM."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.commands.replies import Notice
from bot.errors import BotError, InvalidInput
from bot.imports.drafts import ACCEPTED_FORMATS
from bot.imports.plan import ImportOptions
from bot.imports.service import PlanChanged
from bot.services import Services
from bot.slack.blocks.import_form import (
    BOARD,
    FILE,
    LEAD,
    MEETING_DATE,
    NEW_BOARD,
    NEW_LEAD,
    SOURCE_REF,
    TEXT,
    build_import_modal,
)
from bot.slack.blocks.imports import (
    build_file_offer,
    build_import_preview,
    build_import_result,
)
from bot.slack.blocks.inputs import selected, typed
from bot.slack.blocks.replies import build_reply
from bot.slack.identity import BotIdentity
from bot.slack.ids import IMPORT_CANCEL, IMPORT_CONFIRM, IMPORT_MODAL, IMPORT_OFFER
from bot.slack.listeners.choices import board_choice, board_choices, board_named, lead_choices
from bot.slack.listeners.import_files import download, file_info, is_importable
from bot.slack.listeners.later import Work, acknowledge, later

# Downloading, reading and writing an import can take seconds; it runs on threads of its own so
# that the listener threads, which do every other command's work, are never tied up by it.
IMPORT_THREADS = 2


def open_import_form(
    client: WebClient,
    services: Services,
    trigger_id: str,
    board: str | None = None,
    *,
    board_id: str | None = None,
) -> None:
    """The form, opened at once with the trigger_id; `board` is a name typed with the command,
    chosen in the list when it names a board, `board_id` a board to choose."""
    boards = services.boards.names()
    named = board_named(boards, board) if board else None
    if named is not None:
        board, board_id = None, str(named.id)
    view = build_import_modal(
        boards=[board_choice(b) for b in boards],
        leads=lead_choices(services),
        board_id=board_id,
        new_board=board,
    )
    client.views_open(trigger_id=trigger_id, view=view)


def register(app: App, services: Services, identity: BotIdentity) -> None:
    """The import form's submission, the preview's buttons and files shared in a DM."""
    pool = ThreadPoolExecutor(max_workers=IMPORT_THREADS, thread_name_prefix="import")

    def check_import_form(ack: Ack, view: dict[str, Any]) -> None:
        errors = _form_errors(read_form(view), services)
        if errors:
            ack(response_action="errors", errors=errors)
        else:
            ack()

    def preview_import(body: dict[str, Any], client: WebClient, _respond: Respond) -> None:
        form = read_form(body["view"])
        if _form_errors(form, services):
            return  # the form showed its errors and stayed open
        user = body["user"]["id"]
        # To the user id: Slack posts it in the app's DM with them, no conversations.open first.
        _post(client, user, _preview(services, client, user, form))

    def confirm_import(body: dict[str, Any], _client: WebClient, respond: Respond) -> None:
        _confirm(services, body["user"]["id"], body["actions"][0]["value"], respond)

    def cancel_import(body: dict[str, Any], _client: WebClient, respond: Respond) -> None:
        try:
            services.imports.cancel(
                body["actions"][0]["value"], by=services.caller(body["user"]["id"])
            )
        except BotError as exc:
            respond(replace_original=False, **_error(exc.user_message))
            return
        cancelled = Notice("Import cancelled; nothing was written.")
        respond(replace_original=True, **build_reply(cancelled))

    def open_form_for_file(body: dict[str, Any], client: WebClient, _respond: Respond) -> None:
        offer = json.loads(body["actions"][0]["value"])
        meeting = offer.get("meeting_date")
        view = build_import_modal(
            boards=board_choices(services),
            leads=lead_choices(services),
            file_id=offer["file_id"],
            file_name=offer.get("file_name"),
            source_ref=offer.get("source_ref"),
            meeting_date=date.fromisoformat(meeting) if meeting else None,
        )
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def offer_shared_file(body: dict[str, Any], client: WebClient, _respond: Respond) -> None:
        event = body["event"]
        channel, user = event.get("channel_id") or "", event.get("user_id") or ""
        # Only direct messages with the bot, and never the files the bot uploads itself.
        if not channel.startswith("D") or not user or user == identity.user_id():
            return
        _post(client, channel, _offer(services, client, event["file_id"]))

    def when_acked(where: str, work: Work, *, long: bool = False) -> dict[str, Any]:
        """Acknowledge, then do `work` (on the import threads if it is `long`)."""
        return {
            "ack": acknowledge,
            "lazy": [later(where, services, work, pool=pool if long else None)],
        }

    app.view(IMPORT_MODAL)(
        ack=check_import_form, lazy=[later("import form", services, preview_import, pool=pool)]
    )
    app.action(IMPORT_CONFIRM)(**when_acked("import confirm", confirm_import, long=True))
    app.action(IMPORT_CANCEL)(**when_acked("import cancel", cancel_import))
    app.action(IMPORT_OFFER)(**when_acked("import offer", open_form_for_file))
    app.event("file_shared")(**when_acked("import file", offer_shared_file, long=True))


def _confirm(services: Services, user: str, token: str, respond: Respond) -> None:
    try:
        result = services.imports.confirm(token, by=services.caller(user))
    except PlanChanged as changed:
        respond(
            replace_original=True,
            **build_import_preview(changed.plan, changed.token, note=changed.user_message),
        )
        return
    except BotError as exc:
        respond(replace_original=False, **_error(exc.user_message))
        return
    respond(replace_original=True, **build_import_result(result))


@dataclass
class ImportForm:
    board: str = ""  # a board's name, typed
    meeting_date: date | None = None
    source_ref: str | None = None
    lead: str | None = None  # a lead's name, typed
    text: str | None = None
    file_ids: list[str] = field(default_factory=list)
    # The board and the lead chosen in the lists, by id.
    board_id: str | None = None
    lead_id: str | None = None
    has_board_list: bool = False


def read_form(view: dict[str, Any]) -> ImportForm:
    """The submitted form; a file shared in a DM arrives in the view's private metadata."""
    values = view.get("state", {}).get("values", {})

    def value(block: str, key: str = "value") -> object:
        return (values.get(block, {}).get("value") or {}).get(key)

    meeting = value(MEETING_DATE, "selected_date")
    shared = value(FILE, "files")
    files = [
        f["id"]
        for f in (shared if isinstance(shared, list) else [])
        if isinstance(f, dict) and f.get("id")
    ]
    metadata = json.loads(view.get("private_metadata") or "{}")
    if metadata.get("file_id"):
        files = [metadata["file_id"]]
    return ImportForm(
        board=" ".join(typed(values, NEW_BOARD).split()),
        meeting_date=date.fromisoformat(str(meeting)) if meeting else None,
        source_ref=typed(values, SOURCE_REF) or None,
        lead=" ".join(typed(values, NEW_LEAD).split()) or None,
        text=typed(values, TEXT) or None,
        file_ids=files,
        board_id=selected(values, BOARD),
        lead_id=selected(values, LEAD),
        has_board_list=BOARD in values,
    )


def _form_errors(form: ImportForm, services: Services) -> dict[str, str]:
    """Mistakes shown in the form itself; reading pasted text needs no database, so it is quick."""
    if not form.board and not form.board_id:
        where = BOARD if form.has_board_list else NEW_BOARD
        return {where: "Which board are these actions for? Choose one, or name a new one."}
    if form.board and form.board_id:
        return {NEW_BOARD: "Choose a board from the list or name a new one, not both."}
    if form.lead and form.lead_id:
        return {NEW_LEAD: "Choose a lead from the list or name another, not both."}
    if form.text and form.file_ids:
        return {TEXT: "Paste text or attach a file, not both."}
    if not form.text and not form.file_ids:
        return {TEXT: "Paste the table or letter here, or attach a file below."}
    if form.text:
        try:
            document = services.imports.read_text(form.text)
        except BotError as exc:
            return {TEXT: exc.user_message}
        if not document.rows and not document.problems:
            return {TEXT: f"{document.summary()} {ACCEPTED_FORMATS}"}
    return {}


def _preview(services: Services, client: WebClient, user: str, form: ImportForm) -> dict[str, Any]:
    try:
        options = ImportOptions(
            _board_name(services, form), form.meeting_date, form.source_ref, _lead(services, form)
        )
        caller = services.caller(user)
        if form.file_ids:
            shared = file_info(client, form.file_ids[0])
            data = download(client, shared, services.imports.max_bytes)
            staged = services.imports.stage(caller, options, data=data, filename=shared.name)
        else:
            staged = services.imports.stage(caller, options, text=form.text)
    except BotError as exc:
        return _error(exc.user_message)
    return build_import_preview(staged.plan, staged.token)


def _board_name(services: Services, form: ImportForm) -> str:
    if not form.board_id:
        return form.board
    for board in services.boards.names():
        if str(board.id) == form.board_id:
            return board.name
    raise InvalidInput(_GONE.format(what="The board you chose"))


def _lead(services: Services, form: ImportForm) -> str | None:
    if not form.lead_id:
        return form.lead
    for lead in services.leads.list_leads():
        if str(lead.id) == form.lead_id:
            return lead.name
    raise InvalidInput(_GONE.format(what="The lead you chose"))


_GONE = (
    "{what} no longer exists (renamed or removed since the form opened), so nothing was "
    "imported. Open the form again with `/actions import`."
)


def _offer(services: Services, client: WebClient, file_id: str) -> dict[str, Any]:
    try:
        shared = file_info(client, file_id)
        if not is_importable(shared.name):
            return _error(
                f"I can import actions from .docx, .csv and text files (.txt, .tsv, "
                f".md); {shared.name} is not one of those, so I left it alone."
            )
        survey = services.imports.survey_file(
            download(client, shared, services.imports.max_bytes), shared.name
        )
    except BotError as exc:
        return _error(exc.user_message)
    if survey.found_nothing:
        return _error(f"{shared.name}: {survey.document.summary()} {ACCEPTED_FORMATS}")
    if not survey.actions:
        return _error(f"{shared.name}: {survey.unreadable()}")
    return build_file_offer(file_id, shared.name, survey)


def _post(client: WebClient, channel: str, message: dict[str, Any]) -> None:
    client.chat_postMessage(channel=channel, **message)


def _error(text: str) -> dict[str, Any]:
    return build_reply(Notice(text, error=True))
