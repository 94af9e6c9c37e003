"""Deliver a morning's reminders to 1,000 leads through Slack's rate limits: how close to them?

    python bench/delivery.py                 # 1,000 leads, a Slack "minute" of 1.2 s
    python bench/delivery.py --quick         # 150 leads, a "minute" of 1.5 s: seconds, for CI
    python bench/delivery.py --fresh-install # nobody's Slack profile known yet
    python bench/delivery.py --database postgresql+psycopg://postgres@127.0.0.1:5432/postgres

Each lead has one Slack user and an action due tomorrow; a few times as many closed actions are
stored beside them. The bot runs as `actionbot run` wires it (ReminderService, SlackMessenger,
the paced client) against the project's fake Slack Web API on loopback, which enforces Slack's
documented limits with a shortened minute: users.info 100 and conversations.open 50 a "minute",
chat.postMessage one a "second" per channel, 429 with Retry-After beyond them.

Two sweeps: today's in a process that has just started (no DM channel known), and tomorrow's in
the same process. Reminders are posted to each lead's user id and land in their DM, so neither
sweep needs conversations.open (its column stays 0; it is only called to read a DM after a lost
answer). For each: reminders delivered, duplicates, calls per method, 429s, time, and the bound:
the least time the calls that sweep made need within the limits (n calls under k per window need
(n - 1) // k whole windows; a post to a user id counts against their DM). The ratio of time to
bound should stay within 1.3 where a limit binds.
Profiles are kept from earlier sweeps unless --fresh-install. The exit status is 1 when a
reminder is lost or doubled or 1% of calls or more were answered 429.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.databases import scratch_database
from bot.clock import FixedClock
from bot.config import Settings
from bot.models.actions import Action, ActionLead
from bot.models.boards import Board
from bot.models.leads import Lead, LeadUser
from bot.models.reminders import Cursor, Profile
from bot.services import build_services
from bot.slack.client import build_client
from bot.slack.messenger import METADATA_EVENT, SlackMessenger, parse_delivery_key
from tests.fakes.slack_api import FakeSlack, Tiers

try:
    from bot.slack.pacing import Limits, Pacer
except ImportError:  # the bot before it paced itself, for a measurement of before
    Limits = Pacer = None  # type: ignore[assignment,misc]

NOW = datetime.fromisoformat("2024-06-12T09:30:00+01:00")  # a Wednesday, not a holiday
TZ = ["Europe/London", "Europe/Dublin", "Europe/Lisbon"]  # all at 09:00 or later by 09:30
SECRETARY = "USEC"
BOARDS = 20
TARGET = 1.3


def user_of(lead: int) -> str:
    return f"U{lead:05d}"


def seed(engine, leads: int, stored: int, profiles: bool) -> None:  # type: ignore[no-untyped-def]
    created = NOW.astimezone(UTC) - timedelta(days=60)
    due = NOW.date() + timedelta(days=1)
    with engine.begin() as conn:
        conn.execute(
            Board.__table__.insert(),
            [
                {"id": b, "name": f"Board {b}", "channel_id": f"C{b:04d}", "created_at": created}
                for b in range(1, BOARDS + 1)
            ],
        )
        conn.execute(
            Lead.__table__.insert(),
            [{"id": n, "name": f"Lead {n}", "created_at": created} for n in range(1, leads + 1)],
        )
        conn.execute(
            LeadUser.__table__.insert(),
            [{"lead_id": n, "slack_user_id": user_of(n)} for n in range(1, leads + 1)],
        )
        if profiles:
            conn.execute(
                Profile.__table__.insert(),
                [
                    {
                        "user_id": u,
                        "tz": TZ[i % len(TZ)],
                        "account": "active",
                        "checked_at": NOW - timedelta(hours=20),
                    }
                    for i, u in enumerate([*map(user_of, range(1, leads + 1)), SECRETARY])
                ],
            )
        actions, links, cursors = [], [], []
        for action_id in range(1, leads + stored + 1):
            lead = (action_id - 1) % leads + 1
            open_ = action_id <= leads
            actions.append(
                {
                    "id": action_id,
                    "board_id": action_id % BOARDS + 1,
                    "meeting_id": None,
                    "item_no": str(action_id % 40 + 1),
                    "description": f"Lead {lead} to provide the report on item {action_id % 97}.",
                    "timing_raw": "",
                    "deadline_start": due if open_ else due - timedelta(days=90),
                    "deadline_end": due if open_ else due - timedelta(days=90),
                    "granularity": "day",
                    "status": "open" if open_ else "done",
                    "forum": None,
                    "source_ref": None,
                    "created_by": SECRETARY,
                    "created_at": created,
                    "updated_at": created,
                    "version": 1,
                }
            )
            links.append({"action_id": action_id, "lead_id": lead, "position": 0})
            if open_:
                cursors.append({"action_id": action_id, "next_at": created, "generation": 0})
        conn.execute(Action.__table__.insert(), actions)
        conn.execute(ActionLead.__table__.insert(), links)
        conn.execute(Cursor.__table__.insert(), cursors)


def deliveries(slack: FakeSlack) -> Counter[int]:
    counts: Counter[int] = Counter()
    for messages in list(slack.posted.values()):
        for message in messages:
            meta = message["metadata"] or {}
            if meta.get("event_type") == METADATA_EVENT:
                counts.update(parse_delivery_key(meta["event_payload"]["key"]))
    return counts


def run(url: str, leads: int, minute: float, stored: int, fresh_install: bool) -> int:
    tiers = Tiers(minute=minute)
    with FakeSlack(tiers=tiers) as slack:
        for n in range(1, leads + 1):
            slack.add_user(user_of(n), tz=TZ[n % len(TZ)])
        slack.add_user(SECRETARY)
        settings = Settings(
            _env_file=None,
            database_url=url,
            secretary_user_ids=[SECRETARY],
            slack_bot_token="xoxb-bench",
            slack_api_url=slack.api_url,
        )
        if Pacer is not None:
            client = build_client(settings, pacer=Pacer(Limits(minute=minute)))
        else:
            client = build_client(settings)
        clock = FixedClock(NOW)
        services = build_services(settings, clock=clock, notifier=SlackMessenger(client))
        seed(services.engine, leads, stored, profiles=not fresh_install)
        known = "unknown" if fresh_install else "kept"
        print(
            f"{services.engine.dialect.name}: {leads:,} leads with a reminder due, "
            f"{stored:,} closed actions stored; profiles {known}; a Slack minute lasts "
            f"{minute:g} s; {'paced' if Pacer is not None else 'NOT paced (before)'}"
        )
        rows = []
        for label, moment in (("today, new process", NOW), ("tomorrow", NOW + timedelta(days=1))):
            clock.set(moment)
            before_calls, before_seen = slack.counts(), deliveries(slack)
            first_call = len(slack.calls)
            started = time.monotonic()
            report = services.reminders.send_due()
            elapsed = time.monotonic() - started
            calls = slack.counts() - before_calls
            mine = slack.calls[first_call:]
            limited = sum(1 for c in mine if c.status == 429)
            answered = [c for c in mine if c.status == 200]
            bound = tiers.least_time(answered)
            seen = deliveries(slack)
            delivered = len(set(seen) - set(before_seen))
            rows.append((label, delivered, len(report.failed), calls, limited, elapsed, bound))
        services.engine.dispose()
    duplicates = sum(n - 1 for n in deliveries(slack).values() if n > 1)
    return report_table(rows, duplicates, leads)


def report_table(rows, duplicates: int, leads: int) -> int:  # type: ignore[no-untyped-def]
    methods = ["users.info", "conversations.open", "chat.postMessage", "conversations.history"]
    print()
    head = f"{'sweep':<20}{'delivered':>10}{'failed':>8}"
    head += "".join(f"{m:>22}" for m in methods)
    head += f"{'429s':>8}{'429 %':>8}{'time s':>9}{'bound s':>9}{'ratio':>7}"
    print(head)
    ok = duplicates == 0
    for label, delivered, failed, calls, limited, elapsed, bound in rows:
        total = sum(calls.values())
        share = 100 * limited / total if total else 0.0
        ratio = f"{elapsed / bound:.2f}" if bound > 0 else "-"
        line = f"{label:<20}{delivered:>10}{failed:>8}"
        line += "".join(f"{calls.get(m, 0):>22}" for m in methods)
        line += f"{limited:>8}{share:>7.2f}%{elapsed:>9.1f}{bound:>9.1f}{ratio:>7}"
        print(line)
        ok = ok and delivered == leads and failed == 0 and share < 1.0
    print(f"\nduplicates: {duplicates}; ratio target <= {TARGET} (time / bound, where bound > 0)")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="150 leads, a 1.5 s minute")
    parser.add_argument("--leads", type=int, help="leads with a reminder due (default 1,000)")
    parser.add_argument("--minute", type=float, help="seconds a Slack minute lasts (1.2)")
    parser.add_argument("--fresh-install", action="store_true", help="no profile known yet")
    parser.add_argument("--database", help="a PostgreSQL server URL (default: SQLite file)")
    args = parser.parse_args()
    leads = args.leads or (150 if args.quick else 1_000)
    minute = args.minute or (1.5 if args.quick else 1.2)
    with scratch_database(args.database) as url:
        return run(url, leads, minute, 4 * leads, args.fresh_install)


if __name__ == "__main__":
    sys.exit(main())
