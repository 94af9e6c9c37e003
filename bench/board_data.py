"""Realistic stored actions for the benchmarks: many boards, meetings, leads, timings, histories.

`seed(engine, actions)` writes, through SQLAlchemy Core in large batches:
- 30 boards, each with a secretary, a channel for half of them, and a meeting every month
  for four years (from January 2023);
- 300 leads ("MPS Team 17", "MOPAC Unit 4" …), each with one or two Slack users and an alias;
- the actions, agreed at the boards' meetings: 55 % closed (done or dropped), 45 % open, in
  progress or blocked; timings by month ("August 2025"), by day ("15 September 2025"), a range
  ("Aug/Sept 2025") or none (15 %); one lead, or two for one action in five;
- a history for each: created, one to three status changes or notes (about 3.5 events each).

The database must already be migrated. Returns what the load needs to ask realistic questions.
`settle_reminders` then leaves the reminders as a running scheduler keeps them, so that a bot
started on the database has no backlog of reminders to catch up with.
"""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, insert

from bot.config import Settings
from bot.db.base import Base
from bot.models.leads import name_key
from bot.reminders.digest import Digest
from bot.reminders.ports import MessageOutcome, UserProfile
from bot.reminders.repository import ReminderRepository
from bot.services import Services, build_services

BOARDS, LEADS = 30, 300
FIRST_MEETING = date(2023, 1, 12)
MEETINGS_PER_BOARD = 48
BATCH = 10_000
SECRETARY = "USEC"
STATUSES_OPEN = ("open", "in-progress", "blocked")
NOTES = (
    "Draft with legal for review",
    "Waiting for the data from the analysts",
    "Briefing drafted, with the AC for sign-off",
    "Paper going to the next board",
    "Delayed by the restructure; new date proposed",
)
VERBS = ("Provide", "Report on", "Share", "Review", "Publish", "Brief the board on", "Update")
TOPICS = (
    "the stop and search data by borough",
    "the vetting backlog and the plan to clear it",
    "response times for emergency calls",
    "the use of force dashboard",
    "the outcome of the custody inspection",
    "the violence against women and girls strategy",
    "progress on the professional standards cases",
    "the budget monitoring report for quarter two",
)


@dataclass(frozen=True)
class Stored:
    actions: int
    lead_names: list[str]
    lead_users: list[str]  # Slack users mapped to a lead, busiest lead first
    today: date


def seed(engine: Engine, actions: int, *, seed_value: int = 7) -> Stored:
    rng = random.Random(seed_value)
    tables = Base.metadata.tables
    now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    today = now.date()
    boards, meetings, secretaries = [], [], []
    meeting_ids: dict[int, list[tuple[int, date]]] = {}
    for b in range(1, BOARDS + 1):
        boards.append(
            {
                "id": b,
                "name": f"Oversight Board {b}",
                "short_name": f"OB{b}",
                "channel_id": f"C{b:05d}" if b % 2 else None,
                "created_at": now - timedelta(days=1500),
            }
        )
        secretaries.append({"board_id": b, "slack_user_id": SECRETARY})
        for m in range(MEETINGS_PER_BOARD):
            meeting_id = len(meetings) + 1
            day = _add_months(FIRST_MEETING, m) + timedelta(days=b % 14)
            meetings.append({"id": meeting_id, "board_id": b, "date": day})
            meeting_ids.setdefault(b, []).append((meeting_id, day))
    leads, aliases, users = [], [], []
    for n in range(1, LEADS + 1):
        name = f"{('MPS', 'MOPAC', 'LFB', 'TfL')[n % 4]} Team {n}"
        leads.append({"id": n, "name": name, "created_at": now - timedelta(days=1400)})
        aliases.append({"id": n, "lead_id": n, "alias": name, "key": name_key(name)})
        for u in range(1 + n % 2):
            users.append({"lead_id": n, "slack_user_id": f"U{n:04d}{u}"})
    with engine.begin() as conn:
        for table, rows in (
            ("boards", boards),
            ("meetings", meetings),
            ("board_secretaries", secretaries),
            ("leads", leads),
            ("lead_aliases", aliases),
            ("lead_users", users),
        ):
            conn.execute(insert(tables[table]), rows)
    # Leads are not equally busy: a few carry many actions.
    weights = [1.0 / (n**0.8) for n in range(1, LEADS + 1)]
    event_id = 0
    for start in range(1, actions + 1, BATCH):
        rows, links, events = [], [], []
        for action_id in range(start, min(start + BATCH, actions + 1)):
            board = rng.randint(1, BOARDS)
            meeting_id, agreed = rng.choice(meeting_ids[board][:40])
            row = _action(rng, action_id, board, meeting_id, agreed, today)
            rows.append(row)
            chosen = rng.choices(range(1, LEADS + 1), weights, k=2 if rng.random() < 0.2 else 1)
            for position, lead in enumerate(dict.fromkeys(chosen)):
                links.append({"action_id": action_id, "lead_id": lead, "position": position})
            for event in _history(rng, row):
                event_id += 1
                events.append({"id": event_id, "action_id": action_id, **event})
        with engine.begin() as conn:
            conn.execute(insert(tables["actions"]), rows)
            conn.execute(insert(tables["action_leads"]), links)
            conn.execute(insert(tables["action_events"]), events)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in ("boards", "meetings", "leads", "lead_aliases", "actions"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            conn.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('action_events', 'id'), "
                "(SELECT max(id) FROM action_events))"
            )
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        # As autovacuum leaves a database that has been in use: statistics, and on PostgreSQL
        # the visibility map that lets a count read an index alone.
        conn.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")
    return Stored(
        actions=actions,
        lead_names=[lead["name"] for lead in leads],
        lead_users=[f"U{n:04d}0" for n in range(1, LEADS + 1)],
        today=today,
    )


def _action(
    rng: random.Random, action_id: int, board: int, meeting_id: int, agreed: date, today: date
) -> dict[str, object]:
    closed = rng.random() < 0.55
    status = (
        rng.choice(("done", "done", "done", "dropped"))
        if closed
        else rng.choice(STATUSES_OPEN * 2 + ("open",) * 4)
    )
    kind = rng.random()
    due = agreed + timedelta(days=rng.randint(20, 400))
    if kind < 0.15:
        timing, start, end, granularity = "", None, None, "none"
    elif kind < 0.6:
        last = calendar.monthrange(due.year, due.month)[1]
        start, end = due.replace(day=1), due.replace(day=last)
        timing, granularity = f"{calendar.month_name[due.month]} {due.year}", "month"
    elif kind < 0.85:
        start = end = due
        timing, granularity = f"{due.day} {calendar.month_name[due.month]} {due.year}", "day"
    else:
        later = _add_months(due.replace(day=1), 1)
        start = due.replace(day=1)
        end = later.replace(day=calendar.monthrange(later.year, later.month)[1])
        timing = f"{calendar.month_abbr[due.month]}/{calendar.month_abbr[later.month]} {due.year}"
        granularity = "range"
    created = datetime.combine(agreed, datetime.min.time(), UTC) + timedelta(hours=14)
    return {
        "id": action_id,
        "board_id": board,
        "meeting_id": meeting_id,
        "item_no": str(action_id % 25 + 1),
        "description": f"{rng.choice(VERBS)} {rng.choice(TOPICS)} (ref {action_id})",
        "timing_raw": timing,
        "deadline_start": start,
        "deadline_end": end,
        "granularity": granularity,
        "status": status,
        "source_ref": f"Letter {agreed:%d %B %Y}",
        "created_by": SECRETARY,
        "created_at": created,
        "updated_at": created + timedelta(days=rng.randint(1, 300)),
        "version": 1,
    }


def _history(rng: random.Random, action: dict[str, object]) -> list[dict[str, object]]:
    created = action["created_at"]
    assert isinstance(created, datetime)
    events: list[dict[str, object]] = [
        {
            "at": created,
            "actor": SECRETARY,
            "field": "created",
            "old": None,
            "new": None,
            "note": None,
        }
    ]
    at = created
    for _ in range(rng.randint(1, 3)):
        at += timedelta(days=rng.randint(3, 60), hours=rng.randint(0, 6))
        if rng.random() < 0.5:
            events.append(
                {
                    "at": at,
                    "actor": "U00010",
                    "field": "status",
                    "old": "open",
                    "new": "in-progress",
                    "note": rng.choice(NOTES),
                }
            )
        else:
            note = rng.choice(NOTES)
            events.append(
                {
                    "at": at,
                    "actor": "U00020",
                    "field": "note",
                    "old": None,
                    "new": None,
                    "note": note,
                }
            )
    return events


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


class _Instant:
    """A Slack that answers every lookup and message at once."""

    def lookup_user(self, user_id: str) -> UserProfile | None:
        return UserProfile(user_id, "Europe/London")

    def send_digest(self, digest: Digest) -> list[MessageOutcome]:
        return [MessageOutcome(tuple(item.delivery_id for item in digest.items))]


def settle_reminders(url: str, now: datetime, reminder_time: str) -> int:
    """Bring the reminders to where a scheduler that has been running keeps them: every open
    action's cursor set, and every reminder due by `now` sent. Returns the reminders sent.

    A sweep takes at most `SWEEP_LIMIT` actions, so sweeps run until no open action is left
    without a cursor: one left over would be the bot's catch-up work when it starts."""
    settings = Settings(
        _env_file=None,
        database_url=url,
        secretary_user_ids=[SECRETARY],
        reminder_time=reminder_time,
    )
    services = build_services(settings, migrate=False, notifier=_Instant())
    sent = 0
    try:
        for _ in range(1_000):
            sent += len(services.reminders.send_due(now, thorough=True).sent)
            if not _unscheduled(services, now):
                return sent
        raise RuntimeError("open actions are still without a cursor after 1,000 sweeps")
    finally:
        services.engine.dispose()


def _unscheduled(services: Services, now: datetime) -> bool:
    """Whether the catch-up at `now` would still find open actions with no cursor."""
    with services.sessions() as session:
        horizon = services.reminders.policy.horizon(now)
        return bool(ReminderRepository(session).unscheduled_actions(horizon, limit=1))
