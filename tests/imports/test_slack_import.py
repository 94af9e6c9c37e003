"""Importing through the real bolt app over signed HTTP, against the fake Slack Web API."""

from __future__ import annotations

import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import docx
import pytest

from bot.slack.ids import IMPORT_CANCEL, IMPORT_CONFIRM, IMPORT_MODAL, IMPORT_OFFER
from tests.fakes.slack_bot import SECRET, SlackBot, button, on_message, running_bot
from tests.imports.test_service import annex_docx
from tests.summaries.papers import season

BOARD = "Performance and Risk Oversight Board"
TABLE = (
    "No.\tAction\tTiming\tLead\n"
    "1\tMPS to provide a briefing note on PCSO recruitment.\tAugust 2022\tMPS\n"
    "2\tMPS and MOPAC to align their reviews of community engagement.\t\tMPS and MOPAC\n"
)


class FileHost:
    """Slack's file host: serves one file to requests that carry the bot token."""

    def __init__(self, data: bytes, token: str = "xoxb-test") -> None:
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                host.requests.append(dict(self.headers.items()))
                ok = self.headers.get("Authorization") == f"Bearer {token}"
                body = host.data if ok else b"<html>sign in</html>"
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream" if ok else "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.data, self.requests = data, []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        ).start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/files/{name}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def bot(slack_settings, slack_services, slack):
    """The shared bot fixture, with the helpers for sharing files."""
    with running_bot(slack_settings, slack_services, slack, ImportBot) as bot:
        yield bot


class ImportBot(SlackBot):
    """Also fills in the import form, clicks its buttons and shares files in a DM."""

    def submit_form(
        self, values: dict, *, user: str = "USEC", metadata: str = "", secret: str = SECRET
    ) -> tuple[int, str]:
        state = {block: {"value": value} for block, value in values.items()}
        return self.submit_view(IMPORT_MODAL, state, user=user, metadata=metadata, secret=secret)

    def click(self, action_id: str, value: str, *, user: str = "USEC", secret: str = SECRET) -> int:
        preview = {"ts": "1.1", "text": "preview"}
        where = on_message("DUSEC", preview, self.slack.response_url("preview"))
        return self.press(button(action_id, value), user=user, where=where, secret=secret)[0]

    def share_file(self, file_id: str, *, channel: str = "DUSEC", user: str = "USEC") -> int:
        status, _ = self.post(
            json.dumps(
                {
                    "token": "legacy",
                    "team_id": "T1",
                    "api_app_id": "A1",
                    "type": "event_callback",
                    "event_id": f"Ev{file_id}",
                    "event_time": 1,
                    "event": {
                        "type": "file_shared",
                        "file_id": file_id,
                        "user_id": user,
                        "file": {"id": file_id},
                        "channel_id": channel,
                        "event_ts": "1.0",
                    },
                }
            ),
            json_body=True,
        )
        return status

    def list_all(self) -> str:
        return json.dumps(self.command("list all")["blocks"])


def text_form(text: str = TABLE, board: str = BOARD) -> dict:
    return {
        "new_board": {"type": "plain_text_input", "value": board},
        "meeting_date": {"type": "datepicker", "selected_date": "2022-06-24"},
        "source_ref": {"type": "plain_text_input", "value": "PROB-2022-06"},
        "new_lead": {"type": "plain_text_input", "value": None},
        "text": {"type": "plain_text_input", "value": text},
        "file": {"type": "file_input", "files": []},
    }


def buttons(message: dict) -> dict[str, str]:
    blocks = message["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return {
        e["action_id"]: e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]
    }


def as_dict(value: object) -> dict:
    return json.loads(value) if isinstance(value, str) else value  # type: ignore[arg-type]


def test_the_command_opens_the_form_with_the_trigger_id(bot):
    bot.send_command('import board:"Performance and Risk Oversight Board"')
    call = bot.slack.wait_for("views.open")[0]
    assert call.args["trigger_id"] == "1.2.3"
    view = as_dict(call.args["view"])
    assert view["callback_id"] == IMPORT_MODAL
    assert view["blocks"][0]["element"]["initial_value"] == BOARD
    assert len(view["blocks"]) <= 100


def test_import_with_stray_words_explains_itself_instead(bot):
    reply = bot.command("import letter.docx")
    assert "give at most the board" in json.dumps(reply["blocks"])
    assert not bot.slack.called("views.open")


def test_a_submitted_form_gets_a_preview_and_confirm_writes_it(bot):
    status, _ = bot.submit_form(text_form())
    assert status == 200
    preview = bot.posted()
    assert bot.slack.landed_in(bot.slack.called("chat.postMessage")[0]) == "DUSEC"
    assert bot.slack.called("conversations.open") == []  # posted to the user id, opened by Slack
    text = json.dumps(preview["blocks"])
    assert "2 actions: 2 to create, 0 to update, 0 unchanged, 0 problems (2 open)" in text
    token = buttons(preview)[IMPORT_CONFIRM]
    assert len(token) < 100 and "PCSO" not in token
    assert "0 action(s)" in bot.list_all()

    assert bot.click(IMPORT_CONFIRM, token) == 200
    result = bot.next_response()
    assert result["replace_original"] is True
    assert "Imported 2 actions into Performance and Risk Oversight Board" in json.dumps(result)
    listed = bot.list_all()
    assert "PCSO recruitment" in listed and "2 action(s)" in listed

    assert bot.click(IMPORT_CONFIRM, token) == 200  # a second click writes nothing more
    assert "already confirmed" in json.dumps(bot.next_response())
    assert "2 action(s)" in bot.list_all()


def test_cancel_writes_nothing(bot):
    bot.submit_form(text_form())
    token = buttons(bot.posted())[IMPORT_CANCEL]
    assert bot.click(IMPORT_CANCEL, token) == 200
    assert "Import cancelled" in json.dumps(bot.next_response())
    assert "0 action(s)" in bot.list_all()


def test_forged_requests_change_nothing(bot):
    status, _ = bot.submit_form(text_form(), secret="not-the-secret")
    assert status == 401
    bot.submit_form(text_form())
    token = buttons(bot.posted())[IMPORT_CONFIRM]
    assert bot.click(IMPORT_CONFIRM, token, secret="not-the-secret") == 401
    assert len(bot.slack.called("chat.postMessage")) == 1
    assert "0 action(s)" in bot.list_all()


def test_text_with_no_actions_is_refused_in_the_form(bot):
    status, body = bot.submit_form(text_form("Dear Steve, thank you for the meeting."))
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors"
    assert "No actions found" in answer["errors"]["text"]
    assert not bot.slack.called("chat.postMessage")


def test_a_form_without_text_or_file_says_what_is_missing(bot):
    form = text_form()
    form["text"]["value"] = None
    _, body = bot.submit_form(form)
    assert "Paste the table or letter" in json.loads(body)["errors"]["text"]


def serve_file(bot, data: bytes, name: str, file_id: str = "F1") -> FileHost:
    host = FileHost(data)
    bot.slack.on(
        "files.info",
        lambda args: {
            "ok": True,
            "file": {
                "id": file_id,
                "name": name,
                "size": len(data),
                "url_private_download": host.url(name),
            },
        },
    )
    return host


def test_a_word_file_shared_in_a_dm_is_offered_and_imported(bot):
    host = serve_file(bot, annex_docx(), "annex.docx")
    try:
        assert bot.share_file("F1") == 200
        offer = bot.posted()
        assert offer["channel"] == "DUSEC"
        assert "3 actions found (table): 3 readable, 0 problems" in json.dumps(offer["blocks"])
        assert host.requests[0]["Authorization"] == "Bearer xoxb-test"
        assert bot.click(IMPORT_OFFER, buttons(offer)[IMPORT_OFFER]) == 200
        view = as_dict(bot.slack.wait_for("views.open")[0].args["view"])
        assert view["callback_id"] == IMPORT_MODAL and "annex.docx" in json.dumps(view)
        assert {b.get("block_id") for b in view["blocks"]}.isdisjoint({"text", "file"})
        form = {"new_board": {"type": "plain_text_input", "value": BOARD}}
        bot.submit_form(form, metadata=view["private_metadata"])
        preview = bot.posted(2)
        assert "3 actions: 3 to create" in json.dumps(preview["blocks"])
        bot.click(IMPORT_CONFIRM, buttons(preview)[IMPORT_CONFIRM])
        assert "Imported 3 actions" in json.dumps(bot.next_response())
        assert "3 action(s)" in bot.list_all()
    finally:
        host.close()


def test_the_boards_own_word_log_shared_back_changes_nothing(bot, slack_services, clock):
    bot.slack.add_user("UALICE", name="Alice Able")
    season(slack_services, clock)
    _, log = slack_services.summaries.export(BOARD, fmt="docx")
    # Her name comes from users.info, asked when the papers were made.
    cells = [c.text for t in docx.Document(io.BytesIO(log.content)).tables for c in t._cells]
    assert "15 September 2022, 11:00 BST, Alice Able: waiting for the data" in cells
    host = serve_file(bot, log.content, log.filename)
    try:
        assert bot.share_file("F1") == 200
        offer = bot.posted()
        assert "15 actions found (table): 15 readable, 0 problems" in json.dumps(offer["blocks"])
        assert "meeting of" not in json.dumps(offer["blocks"])  # the papers' date, not a letter's
        bot.click(IMPORT_OFFER, buttons(offer)[IMPORT_OFFER])
        view = as_dict(bot.slack.wait_for("views.open")[0].args["view"])
        form = {"new_board": {"type": "plain_text_input", "value": BOARD}}
        bot.submit_form(form, metadata=view["private_metadata"])
        preview = json.dumps(bot.posted(2)["blocks"])
        assert "15 actions: 0 to create, 0 to update, 15 unchanged, 0 problems" in preview
    finally:
        host.close()


def test_a_file_attached_in_the_form_is_previewed(bot):
    host = serve_file(bot, TABLE.encode(), "annex.tsv", "F2")
    try:
        form = text_form()
        form["text"]["value"] = None
        form["file"]["files"] = [{"id": "F2", "name": "annex.tsv"}]
        bot.submit_form(form)
        assert "2 actions: 2 to create" in json.dumps(bot.posted()["blocks"])
    finally:
        host.close()


def test_files_that_cannot_be_imported_get_a_message(bot):
    host = serve_file(bot, b"\x89PNG\r\n\x1a\n" + bytes(50), "photo.png")
    try:
        bot.share_file("F1")
        assert "photo.png is not one of those" in json.dumps(bot.posted()["blocks"])
        assert not host.requests  # not even downloaded
    finally:
        host.close()


def test_files_outside_a_dm_or_from_the_bot_are_ignored(bot):
    host = serve_file(bot, TABLE.encode(), "annex.tsv")
    try:
        bot.share_file("F1", channel="C1")
        bot.share_file("F1", user="UBOT")
        time.sleep(0.3)  # the events were acknowledged; give their listeners time to run
        assert not bot.slack.called("chat.postMessage") and not host.requests
    finally:
        host.close()


@pytest.fixture
def pooled_import_bot(slack_settings, pooled_services, slack):
    with running_bot(slack_settings, pooled_services, slack, ImportBot) as bot:
        yield bot


def test_imports_being_read_never_hold_up_other_commands(pooled_import_bot, monkeypatch):
    """Twenty files shared at once, each slow to read: /actions list is still answered."""
    bot = pooled_import_bot
    release = threading.Event()
    reading = threading.Semaphore(0)
    read_file = bot.services.imports.read_file

    def slow_read(data: bytes, filename: str):
        reading.release()
        release.wait(timeout=30)
        return read_file(data, filename)

    monkeypatch.setattr(bot.services.imports, "read_file", slow_read)
    host = serve_file(bot, annex_docx(), "annex.docx")
    try:
        for n in range(20):
            assert bot.share_file(f"F{n}") == 200
        assert reading.acquire(timeout=10)  # the import threads are busy reading
        assert "0 action(s)" in bot.list_all()
        release.set()
        offers = bot.slack.wait_for("chat.postMessage", 20, timeout=20)
        assert all("3 actions found" in json.dumps(offer.args) for offer in offers)
    finally:
        release.set()
        host.close()
