"""Replies at a response_url travel over a connection kept open.

Each reply lands once and reads exactly as bolt's own `respond` sends it; a thread posts its
next reply on the connection its last one used, and a connection the server has since closed
is not posted into.
"""

from __future__ import annotations

import http.client
import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import Respond

from bot.slack.app import LISTENER_THREADS
from bot.slack.response_urls import KeptRespond, kept
from tests.fakes.signing import slash_command_body
from tests.fakes.slack_api import FakeSlack

REPLY = {
    "text": "Action 7 updated",
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*7* updated"}}],
    "response_type": "ephemeral",
    "replace_original": False,
}


def test_a_reply_reads_as_bolts_own():
    with FakeSlack() as slack:
        ours = KeptRespond(response_url=slack.response_url("ours"))(**REPLY)
        theirs = Respond(response_url=slack.response_url("bolts"))(**REPLY)
        whole = KeptRespond(response_url=slack.response_url("whole"))(dict(REPLY))
        assert whole.status_code == 200
        ours_call, bolts_call, whole_call = slack.called("response_url")
    assert (
        (ours.status_code, ours.body) == (theirs.status_code, theirs.body) == (200, '{"ok": true}')
    )
    assert json.loads(ours_call.body) == json.loads(bolts_call.body) == json.loads(whole_call.body)
    assert json.loads(ours_call.body)["blocks"] == REPLY["blocks"]
    ours_headers, bolts_headers = (
        {k.lower(): v for k, v in call.headers.items()} for call in (ours_call, bolts_call)
    )
    for name in ("content-type", "user-agent"):
        assert ours_headers[name] == bolts_headers[name]


def test_one_threads_replies_share_one_connection():
    with FakeSlack() as slack:
        answers = [
            KeptRespond(response_url=slack.response_url(f"r{n}"))(text=f"reply {n}")
            for n in range(5)
        ]
        calls = slack.called("response_url")
    assert [a.status_code for a in answers] == [200] * 5
    assert [json.loads(c.body)["text"] for c in calls] == [f"reply {n}" for n in range(5)]
    assert len({c.peer for c in calls}) == 1


def test_a_connection_the_server_closed_is_not_posted_into(caplog):
    with FakeSlack() as slack:
        respond = KeptRespond(response_url=slack.response_url("r"))
        assert respond(text="before").status_code == 200
        assert slack.close_idle_connections() == 1
        assert respond(text="after").status_code == 200
        calls = slack.called("response_url")
    # Each reply landed once: the second on a new connection, not lost in the closed one.
    assert [json.loads(c.body)["text"] for c in calls] == ["before", "after"]
    assert calls[0].peer != calls[1].peer
    # Nor tried there first: no failed post logged, no retry waited for.
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_reply_the_closed_connection_refused_is_sent_again(monkeypatch):
    """A server that closes the connection just as a reply is written: nothing was posted, so
    the reply goes again on a new connection, and lands once."""
    send = http.client.HTTPConnection.send
    refused = []

    def closed_once(self: http.client.HTTPConnection, data: bytes) -> None:
        if refused:
            return send(self, data)
        refused.append(data)
        raise BrokenPipeError(32, "Broken pipe")

    with FakeSlack() as slack:
        respond = KeptRespond(response_url=slack.response_url("r"))
        assert respond(text="before").status_code == 200
        monkeypatch.setattr(http.client.HTTPConnection, "send", closed_once)
        assert respond(text="after").status_code == 200
        calls = slack.called("response_url")
    assert refused and [json.loads(c.body)["text"] for c in calls] == ["before", "after"]


def test_an_error_answer_reads_as_bolts_own():
    with FakeSlack() as slack:
        slack.fail_next("response_url", 404, "expired_url", times=2)
        ours = KeptRespond(response_url=slack.response_url("gone"))(text="late")
        theirs = Respond(response_url=slack.response_url("gone"))(text="late")
        # The connection stays usable after an error answer.
        again = KeptRespond(response_url=slack.response_url("next"))(text="next")
    assert (ours.status_code, ours.body) == (theirs.status_code, theirs.body)
    assert ours.status_code == 404 and "expired_url" in ours.body
    assert again.status_code == 200


def test_threads_keep_connections_of_their_own():
    with FakeSlack() as slack:
        start = threading.Barrier(4)

        def reply(n: int) -> int:
            start.wait()
            respond = KeptRespond(response_url=slack.response_url(f"t{n}"))
            return sum(respond(text=f"{n}.{k}").status_code for k in range(3))

        with ThreadPoolExecutor(4) as threads:
            assert list(threads.map(reply, range(4))) == [600] * 4
        calls = slack.called("response_url")
    assert sorted(json.loads(c.body)["text"] for c in calls) == sorted(
        f"{n}.{k}" for n in range(4) for k in range(3)
    )
    by_path: dict[str, set[tuple[str, int]]] = {}
    for call in calls:
        by_path.setdefault(call.path, set()).add(call.peer)
    assert all(len(peers) == 1 for peers in by_path.values())
    assert len(set.union(*by_path.values())) == 4


def test_a_proxied_respond_is_left_to_bolt():
    proxied = Respond(response_url="https://hooks.slack.com/x", proxy="http://proxy:3128")
    assert kept(proxied) is proxied
    assert isinstance(kept(Respond(response_url="https://hooks.slack.com/x")), KeptRespond)


def test_the_bots_replies_reuse_connections(pooled_bot):
    bot = pooled_bot
    assert bot.send_command("add Publish the stop and search data lead:MPS") == 200
    assert "Added" in bot.text(bot.slack.wait_for("response_url")[0].args)
    replies = 3 * LISTENER_THREADS
    bodies = [
        slash_command_body("list", user_id="USEC", response_url=bot.slack.response_url(f"l{n}"))
        for n in range(replies)
    ]
    with ThreadPoolExecutor(8) as clients:
        assert list(clients.map(lambda b: bot.post(b)[0], bodies)) == [200] * replies
    calls = bot.slack.wait_for("response_url", replies + 1, timeout=30)[1:]
    assert sorted(c.path for c in calls) == sorted(f"/response/l{n}" for n in range(replies))
    assert all("Publish the stop and search data" in bot.text(c.args) for c in calls)
    # Never more connections than the threads that reply.
    assert len({c.peer for c in calls}) <= LISTENER_THREADS
