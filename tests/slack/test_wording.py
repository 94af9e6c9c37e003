"""What the bot writes reaches Slack as a reader should see it: placeholders such as <id> as text,
the bot's own mentions as mentions, and what people wrote escaped so it cannot ping or link."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from bot.commands import Context
from bot.commands.execute import execute
from bot.commands.replies import Reply
from bot.commands.verbs import ALL
from bot.console.render import render
from bot.console.shell import Shell
from bot.home.service import BoardCounts, Home, MyActions, MyBoards
from bot.imports.plan import ImportResult
from bot.reminders.digest import Digest, DigestItem
from bot.slack.blocks.digest import build_digest_messages
from bot.slack.blocks.home import build_home
from bot.slack.blocks.imports import build_import_result
from bot.slack.blocks.replies import build_reply
from bot.slack.blocks.summary import build_update_request_messages
from bot.slack.blocks.text import SECTION_TEXT_LIMIT, section
from bot.summaries.ports import UpdateRequest

# All Slack may find between < and > in the bot's messages: a mention by id, or a link.
MEANT = re.compile(r"<(?:@[UW][A-Z0-9]+|#[CG][A-Z0-9]+|https?://[^<>\s]+)>")
# Left once the meant markup is gone: an angle bracket, or an & that starts no entity.
UNESCAPED = re.compile(r"[<>]|&(?!(?:amp|lt|gt);)")
BAD_ARGUMENTS = ("", "twelve", "99999", '"never closed', "lead: board: page:0", "all <x> & y")


def mrkdwn_texts(message: dict[str, Any]) -> list[str]:
    """Every text Slack reads as mrkdwn: the notification text and each mrkdwn object."""
    found = [message["text"]] if isinstance(message.get("text"), str) else []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message.get("blocks", []))
    return found


def unescaped(message: dict[str, Any]) -> list[str]:
    """Where Slack would read the bot's text as markup it does not mean, with some context."""
    problems = []
    for text in mrkdwn_texts(message):
        rest = MEANT.sub("", text)
        problems += [rest[max(0, m.start() - 30) : m.end() + 30] for m in UNESCAPED.finditer(rest)]
    return problems


def every_reply(services: Any, user: str) -> list[tuple[str, Reply]]:
    """Help, and each verb given nothing and a run of bad arguments: the refusals users meet."""
    lines = ["help", "frobnicate 12", "leads", "list mine", "boards", "list meeting:2022-01-01"]
    for verb in ALL:
        lines += [f"{verb.name} {arguments}".strip() for arguments in BAD_ARGUMENTS]
    return [(line, execute(line, Context(user, services))) for line in lines]


def test_no_help_text_or_refusal_reaches_slack_with_a_bare_placeholder(services) -> None:
    seen: list[str] = []
    for user in ("USEC", "UNOBODY"):
        for line, reply in every_reply(services, user):
            message = build_reply(reply)
            assert not unescaped(message), (line, unescaped(message))
            seen += mrkdwn_texts(message)
    shown = "\n".join(seen)
    # The placeholders are still there for the reader, as text.
    for placeholder in ("<id>", "<lead name>", "<note...>", "<board>", "<@user>", "<#channel>"):
        assert placeholder.replace("<", "&lt;").replace(">", "&gt;") in shown, placeholder
    assert "lead:&lt;name&gt;" in shown  # the refusal of an action without a lead


def test_the_terminal_shows_placeholders_as_written(services) -> None:
    text = render(execute("help", Context("USEC", services)))
    assert "/actions show <id>" in text and "&lt;" not in text
    refusal = render(execute("add Send the report", Context("USEC", services)))
    assert "lead:<name>" in refusal


def test_home_hints_update_requests_digests_and_import_results_escape_placeholders() -> None:
    today = date(2022, 7, 25)
    nobody = Home("U1", today, date(2022, 8, 8), mine=None, boards=None)
    board = BoardCounts(1, "R&D <!channel> Board", "R&D <!channel> Board", None, None)
    both = Home(
        "U1",
        today,
        date(2022, 8, 8),
        mine=MyActions(("Tell <!here> & co",), [], 0, 0, 0, 1, 1),
        boards=MyBoards([board], 1, 1, 1),
    )
    messages: list[dict[str, Any]] = [build_home(nobody), build_home(both)]
    digest = Digest(
        "U1",
        today,
        (
            DigestItem(
                delivery_id=1,
                action_id=1,
                description="Tell <!channel> & <@U9>",
                due=date(2022, 8, 31),
                days_left=7,
                timing="August 2022",
                leads="MPS",
                board="Performance and Risk Oversight Board",
                item_no="1",
                rule="before-7",
            ),
        ),
    )
    messages += [{"text": m.text, "blocks": m.blocks} for m in build_digest_messages(digest)]
    board = "Performance and Risk Oversight Board"
    request = UpdateRequest(board, date(2022, 10, 20), "U1", (), today)
    messages += build_update_request_messages(request)
    result = ImportResult("PROB", "REF-1", created=[1], new_leads=["MOPAC Evidence"])
    messages.append(build_import_result(result))
    for message in messages:
        assert not unescaped(message), unescaped(message)
    shown = "\n".join(text for message in messages for text in mrkdwn_texts(message))
    assert "`/actions update &lt;id&gt; status:in-progress &lt;note&gt;`" in shown
    assert "`/actions lead &lt;lead name&gt; @you`" in shown
    assert "`/actions done &lt;id&gt; &lt;closing note&gt;`" in shown
    assert '`/actions lead "&lt;lead name&gt;" @someone`' in shown
    assert "&lt;!channel&gt; &amp; &lt;@U9&gt;" in shown
    assert "R&amp;D &lt;!channel&gt; Board" in shown and "Tell &lt;!here&gt; &amp; co" in shown


def test_through_slack_the_bots_mentions_ping_and_peoples_words_do_not(bot) -> None:
    mapped = bot.command("lead MPS <@UALICE|alice>")
    assert "now reaches <@UALICE>" in mapped["blocks"][0]["text"]["text"]
    assert "now reaches <@UALICE>" in mapped["text"]
    assert not unescaped(mapped)
    history = bot.text(bot.command("leads MPS"))
    assert "<@USEC> added <@UALICE>" in history and "&lt;@" not in history

    added = bot.command("add Tell <!channel> about the report lead:MPS")
    assert "Tell &lt;!channel&gt; about the report" in bot.text(added)
    assert "<!channel>" not in json.dumps(added)
    action_id = int(re.search(r"Added #(\d+)", added["text"]).group(1))  # type: ignore[union-attr]
    done = bot.command(f"done {action_id} told <!channel> & <@U999|bob> on 27 June")
    first = done["blocks"][0]["text"]["text"]
    assert first == (
        f"*Done: #{action_id}*\n"
        "Closing note: told &lt;!channel&gt; &amp; &lt;@U999|bob&gt; on 27 June"
    )
    assert not unescaped(done) and "<!channel>" not in json.dumps(done)

    helped = bot.command("help")
    assert not unescaped(helped)
    assert "`/actions done &lt;id&gt; [&lt;note...&gt;]`" in bot.text(helped)


def test_show_opens_with_the_action_itself(bot) -> None:
    added = bot.command('add Provide the SSO report lead:MPS due:"August 2022"')
    action_id = int(re.search(r"Added #(\d+)", added["text"]).group(1))  # type: ignore[union-attr]
    shown = bot.command(f"show {action_id}")
    first = shown["blocks"][0]["text"]["text"]
    assert first.startswith(f"*#{action_id}* · Open · due 31 August 2022")
    assert "Provide the SSO report" in first
    assert shown["text"] == f"#{action_id}: Provide the SSO report"
    assert "*History*" in bot.text(shown)
    # Stored at 10:00 UTC on 25 July; shown in TIMEZONE (Europe/London), labelled.
    assert "25 Jul 2022 11:00 BST <@USEC> created it" in bot.text(shown)


def test_the_shell_shows_mentions_notes_and_placeholders_as_plain_text(services) -> None:
    shell = Shell(services, "USEC")
    assert "/actions show <id>" in (shell.handle("/actions help") or "")
    assert "MPS (new lead) now reaches @UALICE." in (
        shell.handle("/actions lead MPS <@UALICE>") or ""
    )
    added = shell.handle("/actions add Provide the SSO report lead:MPS") or ""
    action_id = re.search(r"Added #(\d+)", added).group(1)  # type: ignore[union-attr]
    updated = shell.handle(f"/actions update {action_id} drafting with legal") or ""
    assert updated.splitlines()[:2] == [f"Updated #{action_id}", "Note: drafting with legal"]
    done = shell.handle(f"/actions done {action_id} sent on 27 June") or ""
    assert done.splitlines()[:2] == [f"Done: #{action_id}", "Closing note: sent on 27 June"]
    shown = (shell.handle(f"/actions show {action_id}") or "").splitlines()
    assert shown[0].startswith(f" #{action_id} [Done] Provide the SSO report")
    assert "    25 Jul 2022 11:00 BST @USEC status: open -> done — sent on 27 June" in shown


def test_a_long_text_is_cut_within_the_limit_and_never_inside_an_escape() -> None:
    for shift in range(6):
        text = section("x" * shift + "<id> & <@UALICE> " * 400)["text"]["text"]
        assert len(text) <= SECTION_TEXT_LIMIT and text.endswith("…")
        assert not unescaped({"text": text[:-1]}), text[-40:]
