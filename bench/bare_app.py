"""The yardstick for bench/latency.py: a bolt app that does nothing but answer /actions.

Served by gunicorn exactly as the bot is (gthread, 2 workers of 8 threads):

    BENCH_MODE=ack|respond BENCH_SECRET=... BENCH_API_URL=... \\
        gunicorn -k gthread -w 2 --threads 8 bench.bare_app:app

`ack` only acknowledges; `respond` also answers at the command's response_url, the least any
slash command that replies must do. bolt runs with its defaults.
"""

from __future__ import annotations

import os

from slack_bolt import Ack, App, Respond
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

MODE = os.environ.get("BENCH_MODE", "ack")

bolt = App(
    client=WebClient(token="xoxb-bench", base_url=os.environ["BENCH_API_URL"]),
    signing_secret=os.environ["BENCH_SECRET"],
    token_verification_enabled=False,
)


@bolt.command("/actions")
def answer(ack: Ack, respond: Respond) -> None:
    ack()
    if MODE == "respond":
        respond(response_type="ephemeral", text="Nothing to list.")


app = SlackRequestHandler(bolt)
