"""Time one reminder sweep against a large database: does its cost follow what is due?

    python bench/reminder_sweep.py --stored 100000 --due 1000
    python bench/reminder_sweep.py --stored 1000000 --due 1000
    python bench/reminder_sweep.py --stored 100000 --due 1000 \\
        --database postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    python bench/reminder_sweep.py --quick    # a few seconds, for CI

The database is created for the run and dropped afterwards (a temporary SQLite file by default;
with a PostgreSQL URL, a new database on that server). Stored actions are a mix: the due ones
(each with a reminder at 09:00 today, some before the deadline, some overdue for up to two years
with their earlier reminders already sent), and the rest closed, undated, due far ahead, or
long overdue with their next weekly repeat still to come. Slack is replaced by a notifier that
answers at once, so the numbers are the bot's own work: queries, policy, claims and records.

The scheduler sweeps every minute in a long-running process, so the timed sweep runs after
yesterday's (which sent 20 reminders) and one a minute before the reminders come (none due).
Besides the times, the run checks what holds whatever the machine: every due reminder sent
once, nothing left claimed, and a sweep's statements and commits not growing with the actions or
recipients it handles; it exits 1 when one of those fails (`--quick` is that check on a small
database).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, func, select, text
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.databases import scratch_database
from bot.clock import FixedClock
from bot.config import Settings
from bot.models.actions import Action, ActionLead
from bot.models.boards import Board, BoardSecretary
from bot.models.leads import Lead, LeadUser
from bot.models.reminders import Cursor, Delivery, Profile
from bot.reminders.digest import Digest
from bot.reminders.ports import MessageOutcome, UserProfile
from bot.reminders.rules import escalation_occurrence, lead_occurrences
from bot.reminders.schedule import first_possible_moment
from bot.services import build_services

NOW = datetime.fromisoformat("2024-06-12T09:30:00+01:00")  # a Wednesday, not a holiday
TODAY = NOW.date()
LEADS, BOARDS, BATCH = 200, 20, 20_000
SECRETARY = "USEC"
# Zones of the leads' users: all at 09:00 when London is, so the same reminders are due.
ZONES = ("Europe/London", "Europe/Dublin", "Europe/Lisbon")
# A sweep's statements and commits may grow with the chunks of 500 ids it reads and the batches of
# 100 recipients it records, never with each action or recipient.
MAX_STATEMENTS, MAX_COMMITS = 40, 12
# The due ones: days from today to the deadline, so that a reminder comes at 09:00 today.
DUE_OFFSETS = [7, 1, 0] + [-7 * k for k in range(1, 105)]
# Yesterday's sweep, in the same process, sent these their reminders: the timed sweep runs in a
# scheduler that has swept before, as the every-minute job does.
DUE_YESTERDAY = 20
YESTERDAY = NOW.replace(minute=0) - timedelta(days=1)


class InstantNotifier:
    """Answers every lookup and send at once, counting what it was given."""

    def __init__(self) -> None:
        self.digests = 0
        self.items = 0

    def lookup_user(self, user_id: str) -> UserProfile | None:
        return UserProfile(user_id, "Europe/London")

    def send_digest(self, digest: Digest) -> list[MessageOutcome]:
        self.digests += 1
        self.items += len(digest.items)
        return [MessageOutcome(tuple(item.delivery_id for item in digest.items))]


def users_of(lead: int) -> list[str]:
    return [f"U{lead:04d}A", f"U{lead:04d}B"]


def seed(engine, stored: int, due: int, rules, calendar) -> dict[str, int]:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    created = NOW.astimezone(UTC) - timedelta(days=800)
    counts = dict.fromkeys(("due", "yesterday", "closed", "undated", "ahead", "overdue"), 0)
    with engine.begin() as conn:
        conn.execute(
            Board.__table__.insert(),
            [
                {
                    "id": b,
                    "name": f"Board {b}",
                    "channel_id": f"C{b:04d}" if b % 2 else None,
                    "created_at": created,
                }
                for b in range(1, BOARDS + 1)
            ],
        )
        conn.execute(
            BoardSecretary.__table__.insert(),
            [
                {"board_id": b, "slack_user_id": f"US{b:03d}{s}"}
                for b in range(2, BOARDS + 1, 4)
                for s in "AB"
            ],
        )
        conn.execute(
            Lead.__table__.insert(),
            [{"id": n, "name": f"Lead {n}", "created_at": created} for n in range(1, LEADS + 1)],
        )
        conn.execute(
            LeadUser.__table__.insert(),
            [{"lead_id": n, "slack_user_id": u} for n in range(1, LEADS + 1) for u in users_of(n)],
        )
        people = [u for n in range(1, LEADS + 1) for u in users_of(n)] + [SECRETARY]
        people += [f"US{b:03d}{s}" for b in range(2, BOARDS + 1, 4) for s in "AB"]
        conn.execute(
            Profile.__table__.insert(),
            [
                {"user_id": u, "tz": ZONES[i % 3], "account": "active", "checked_at": NOW}
                for i, u in enumerate(people)
            ],
        )
    actions, links, cursors, deliveries = [], [], [], []
    for action_id in range(1, stored + 1):
        lead = rng.randint(1, LEADS)
        board = rng.randint(1, BOARDS)
        row = {
            "id": action_id,
            "board_id": board,
            "meeting_id": None,
            "item_no": None,
            "description": f"Action {action_id}: provide the report on item {action_id % 97}.",
            "timing_raw": "",
            "deadline_start": None,
            "deadline_end": None,
            "granularity": "day",
            "status": "open",
            "forum": None,
            "source_ref": None,
            "created_by": SECRETARY,
            "created_at": created,
            "updated_at": created,
            "version": 1,
        }
        if action_id <= due:
            kind = "due"
            deadline = TODAY + timedelta(days=DUE_OFFSETS[action_id % len(DUE_OFFSETS)])
            cursors.append(
                {"action_id": action_id, "next_at": NOW.replace(minute=0), "generation": 0}
            )
            deliveries += earlier_reminders(action_id, deadline, lead, board, rules, calendar)
        elif action_id <= due + DUE_YESTERDAY:
            # Their week-before reminder came yesterday: yesterday's sweep sends it.
            kind = "yesterday"
            deadline = TODAY + timedelta(days=6)
            cursors.append({"action_id": action_id, "next_at": YESTERDAY, "generation": 0})
            deliveries += earlier_reminders(action_id, deadline, lead, board, rules, calendar)
        else:
            kind = rng.choices(["closed", "undated", "ahead", "overdue"], [55, 15, 15, 15])[0]
            deadline, next_at = other_deadline(kind, rng, rules, calendar)
            if next_at is not None:
                cursors.append({"action_id": action_id, "next_at": next_at, "generation": 0})
        counts[kind] += 1
        row["deadline_end"] = row["deadline_start"] = deadline
        row["granularity"] = "day" if deadline else "none"
        row["status"] = rng.choice(["done", "dropped"]) if kind == "closed" else "open"
        actions.append(row)
        links.append({"action_id": action_id, "lead_id": lead, "position": 0})
        if len(actions) >= BATCH:
            flush(engine, actions, links, cursors, deliveries)
    flush(engine, actions, links, cursors, deliveries)
    return counts


def other_deadline(kind: str, rng: random.Random, rules, calendar):  # type: ignore[no-untyped-def]
    if kind == "undated":
        return None, None
    if kind == "closed":
        return TODAY - timedelta(days=rng.randint(1, 900)), None
    if kind == "ahead":
        deadline = TODAY + timedelta(days=rng.randint(30, 400))
        return deadline, first_possible_moment(deadline, rules, calendar)
    # Long overdue, its next weekly repeat one to six days away.
    days_late = 7 * rng.randint(1, 100) + rng.randint(1, 6)
    deadline = TODAY - timedelta(days=days_late)
    next_repeat = deadline + timedelta(days=7 * (days_late // 7 + 1))
    return deadline, datetime.combine(next_repeat, datetime.min.time(), tzinfo=UTC)


def earlier_reminders(
    action_id: int, deadline: date, lead: int, board: int, rules, calendar
) -> list[dict]:  # type: ignore[no-untyped-def]
    """The rows earlier sweeps left: every reminder before today's, as sent."""
    rows = []
    come = lead_occurrences(deadline, until=NOW, tz="Europe/London", rules=rules, calendar=calendar)
    for user in users_of(lead):
        for occurrence in come[:-1]:
            rows.append(sent_row(action_id, user, occurrence.key, deadline, "reminder"))
    escalation = escalation_occurrence(deadline, tz="Europe/London", rules=rules, calendar=calendar)
    if escalation.moment < NOW - timedelta(days=1):
        for target in escalation_targets(board):
            rows.append(sent_row(action_id, target, escalation.key, deadline, "escalation"))
    return rows


def escalation_targets(board: int) -> list[str]:
    """The board's channel, else its secretaries, else the team's secretary."""
    if board % 2:
        return [f"C{board:04d}"]
    if board % 4 == 2:
        return [f"US{board:03d}A", f"US{board:03d}B"]
    return [SECRETARY]


def sent_row(action_id: int, recipient: str, rule: str, deadline: date, kind: str) -> dict:
    return {
        "action_id": action_id,
        "recipient": recipient,
        "rule": rule,
        "deadline": deadline,
        "kind": kind,
        "state": "sent",
        "attempts": 1,
        "claim_token": None,
        "retry_at": None,
        "created_at": NOW - timedelta(days=1),
        "sent_at": NOW - timedelta(days=1),
        "error": None,
    }


def flush(engine, *batches: list[dict]) -> None:  # type: ignore[no-untyped-def]
    tables = (Action.__table__, ActionLead.__table__, Cursor.__table__, Delivery.__table__)
    with engine.begin() as conn:
        for table, rows in zip(tables, batches, strict=True):
            if rows:
                conn.execute(table.insert(), rows)
            rows.clear()


def timed(label: str, run) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - started
    print(f"  {label:<34} {elapsed * 1000:9.0f} ms  {result}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stored", type=int, default=100_000, help="actions stored")
    parser.add_argument("--due", type=int, default=1_000, help="of which due at 09:00 today")
    parser.add_argument("--database", help="a PostgreSQL server URL (default: SQLite file)")
    parser.add_argument(
        "--quick", action="store_true", help="20,000 stored, 1,000 due: the checks in seconds"
    )
    args = parser.parse_args()
    if args.quick:
        args.stored, args.due = 20_000, 1_000
    with scratch_database(args.database) as url:
        return run(url, args.stored, args.due)


def run(url: str, stored: int, due: int) -> int:
    settings = Settings(_env_file=None, database_url=url, secretary_user_ids=[SECRETARY])
    notifier = InstantNotifier()
    services = build_services(settings, clock=FixedClock(NOW), notifier=notifier)
    rules, calendar = services.reminders.policy.rules, services.reminders.policy.calendar
    engine = services.engine
    print(f"{engine.dialect.name}: {stored:,} actions stored, {due:,} due")
    started = time.perf_counter()
    counts = seed(engine, stored, due, rules, calendar)
    # As the database is once autovacuum has been by: statistics, and PostgreSQL's visibility map.
    vacuum = "VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(vacuum))
    print(f"  seeded in {time.perf_counter() - started:.0f} s: {counts}")
    reminders = services.reminders
    timed(
        f"sweep yesterday ({DUE_YESTERDAY} due)",
        lambda: summary(reminders.send_due(YESTERDAY + timedelta(minutes=30))),
    )
    timed(
        "sweep a minute before (none due)",
        lambda: summary(reminders.send_due(NOW.replace(minute=0) - timedelta(minutes=1))),
    )
    with Statements(engine) as counted:
        report = None

        def sweep():  # type: ignore[no-untyped-def]
            nonlocal report
            report = reminders.send_due(NOW)
            return summary(report)

        timed(f"sweep at 09:30 ({due:,} due)", sweep)
    print(f"    {counted.statements} statements, {counted.commits} commits")
    later = None

    def a_minute_later():  # type: ignore[no-untyped-def]
        nonlocal later
        later = reminders.send_due(NOW + timedelta(minutes=1))
        return summary(later)

    timed("sweep a minute later (none due)", a_minute_later)
    timed(
        "hourly catch-up sweep (thorough)",
        lambda: summary(reminders.send_due(NOW + timedelta(minutes=2), thorough=True)),
    )
    failures = check(engine, report, later, counted, due)
    engine.dispose()
    for failure in failures:
        print(f"  FAILED: {failure}")
    return 1 if failures else 0


class Statements:
    """Counts the statements and commits sent through an engine while open."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.statements, self.commits = engine, 0, 0

    def _statement(self, *_args) -> None:  # type: ignore[no-untyped-def]
        self.statements += 1

    def _commit(self, *_args) -> None:  # type: ignore[no-untyped-def]
        self.commits += 1

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._statement)
        event.listen(self.engine, "commit", self._commit)
        return self

    def __exit__(self, *_exc) -> None:  # type: ignore[no-untyped-def]
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "commit", self._commit)


def check(engine, report, later, counted: Statements, due: int) -> list[str]:  # type: ignore[no-untyped-def]
    """What must hold however fast the machine: each due action's reminder sent once to each of
    its lead's users, nothing left claimed, and no statement or commit per action or recipient."""
    failures = []
    with engine.connect() as conn:
        states = dict(
            conn.execute(
                select(Delivery.state, func.count())
                .where(Delivery.created_at == NOW)
                .group_by(Delivery.state)
            ).all()
        )
        sent_today = conn.scalar(
            select(func.count()).where(Delivery.sent_at == NOW, Delivery.kind == "reminder")
        )
    if sent_today != 2 * due:
        failures.append(f"{sent_today} reminders sent to leads, not {2 * due}")
    if set(states) - {"sent"}:
        failures.append(f"rows left unsent: {states}")
    if report is None or report.failed or later is None or not later.nothing_happened:
        failures.append("the sweep failed, or the sweep a minute later found something to do")
    if counted.statements > MAX_STATEMENTS or counted.commits > MAX_COMMITS:
        failures.append(
            f"{counted.statements} statements and {counted.commits} commits: more than "
            f"{MAX_STATEMENTS} and {MAX_COMMITS}, so some are per action or per recipient"
        )
    return failures


def summary(report) -> str:  # type: ignore[no-untyped-def]
    items = sum(len(d.items) for d in report.sent)
    return f"{len(report.sent)} digests, {items} items, {len(report.skipped)} skipped"


if __name__ == "__main__":
    sys.exit(main())
