"""Time the matters-arising summary of a large board, end to end, in every format.

    python bench/summaries.py                      # 2,000 actions, 5 runs of each format
    python bench/summaries.py --quick              # 300 actions, 1 run: a smoke run for CI
    python bench/summaries.py --database postgresql+psycopg://postgres@127.0.0.1:5432/postgres

The database is created for the run and dropped afterwards (a temporary SQLite file by default;
with a PostgreSQL URL, a new database on that server). The board looks like a real one after a
few years: quarterly meetings since 2019, each agreeing actions with Annex numbers, timings as
the letters write them ("August 2022", "Q3 2023", "31/08/2024", "Ongoing", blank), one or two of
40 leads, a mix of statuses, and a history of notes and status changes. Each format is timed
through SummaryService, as the cli and Slack call it: Slack is the service's build plus the
Block Kit messages; md, csv and docx are the service's export (the file's bytes).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.databases import scratch_database
from bot.access import Actor
from bot.clock import FixedClock
from bot.config import Settings
from bot.models.actions import Action, ActionEvent, ActionLead
from bot.models.boards import Board, Meeting
from bot.models.leads import Lead, LeadUser
from bot.services import Services, build_services
from bot.slack.blocks.summary import build_summary_messages
from bot.timing import TimingError, parse_timing

NOW = datetime.fromisoformat("2024-06-12T09:30:00+01:00")
TODAY = NOW.date()
BOARD = "Performance and Risk Oversight Board"
SECRETARY = "USEC"
LEADS = 40
FIRST_MEETING = date(2019, 1, 24)
TEXT = (
    "MPS to provide the DMPC with a report on the progress of the review of stop and search "
    "data, the schools which do not have a Safer Schools Officer in place and why, including "
    "the numbers of officers in each borough, the training they have received, the feedback "
    "from head teachers and the plans to fill the vacancies by the end of the financial year"
)
WORDS = TEXT.split()
NOTES = (
    "Draft shared with the DMPC's office; final version to follow.",
    "Delayed by the data migration; new date agreed with the board secretary.",
    "Report sent on time, see the papers for this meeting.",
    "Working group met twice; terms of reference agreed.",
    "Awaiting sign-off from the Commissioner's office | legal review in progress.",
)


def meetings() -> list[date]:
    days, day = [], FIRST_MEETING
    while day <= TODAY + timedelta(days=400):
        days.append(day)
        day = _add_months(day, 3)
    return days


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=min(day.day, 28))


def timing_for(rng: random.Random, agreed: date) -> str:
    ahead = agreed + timedelta(days=rng.randint(20, 400))
    return rng.choices(
        [
            f"{ahead:%B %Y}",
            f"{ahead:%B}/{_add_months(ahead, 1):%b %Y}",
            f"{ahead.day} {ahead:%B %Y}",
            f"{ahead:%d/%m/%Y}",
            f"Q{(ahead.month - 1) // 3 + 1} {ahead.year}",
            f"By {ahead.day} {ahead:%B %Y}",
            "Ongoing",
            "TBC",
            "",
        ],
        [30, 8, 12, 10, 8, 6, 8, 4, 14],
    )[0]


def seed(services: Services, count: int) -> None:
    """One board of `count` actions with meetings, leads and histories, written in bulk."""
    rng = random.Random(11)
    created = datetime(2019, 1, 1, tzinfo=UTC)
    days = meetings()
    past = [d for d in days if d < TODAY]
    with services.engine.begin() as conn:
        conn.execute(
            Board.__table__.insert(),
            [
                {
                    "id": 1,
                    "name": BOARD,
                    "short_name": "PROB",
                    "channel_id": "CPROB",
                    "created_at": created,
                }
            ],
        )
        conn.execute(
            Meeting.__table__.insert(),
            [{"id": i, "board_id": 1, "date": d} for i, d in enumerate(days, start=1)],
        )
        conn.execute(
            Lead.__table__.insert(),
            [{"id": n, "name": f"Lead {n}", "created_at": created} for n in range(1, LEADS + 1)],
        )
        conn.execute(
            LeadUser.__table__.insert(),
            [{"lead_id": n, "slack_user_id": f"U{n:03d}"} for n in range(1, LEADS + 1, 2)],
        )
    actions: list[dict[str, object]] = []
    links: list[dict[str, object]] = []
    events: list[dict[str, object]] = []
    numbers: dict[date, int] = {}
    for action_id in range(1, count + 1):
        agreed = past[min(len(past) - 1, int(len(past) * (action_id - 1) / count))]
        numbers[agreed] = numbers.get(agreed, 0) + 1
        agreed_at = datetime.combine(agreed, datetime.min.time(), UTC) + timedelta(hours=14)
        raw = timing_for(rng, agreed)
        try:
            deadline = parse_timing(raw, today=agreed, next_meeting=None)
        except TimingError:
            raw, deadline = "", parse_timing("", today=agreed, next_meeting=None)
        done_by = deadline.end or agreed + timedelta(days=200)
        closed = done_by < TODAY - timedelta(days=30) and rng.random() < 0.4
        closed = closed or (done_by < TODAY and rng.random() < 0.1)
        status = (
            rng.choice(["done"] * 9 + ["dropped"])
            if closed
            else rng.choice(["open", "open", "in-progress", "blocked"])
        )
        description = " ".join(rng.sample(WORDS, rng.randint(12, len(WORDS))))
        forum = (
            f"For discussion at the PROB meeting in {_add_months(agreed, 6):%B %Y}."
            if rng.random() < 0.05
            else None
        )
        actions.append(
            {
                "id": action_id,
                "board_id": 1,
                "meeting_id": days.index(agreed) + 1,
                "item_no": str(numbers[agreed]),
                "description": description.capitalize() + ".",
                "timing_raw": raw,
                "deadline_start": deadline.start,
                "deadline_end": deadline.end,
                "granularity": deadline.granularity.value,
                "status": status,
                "forum": forum,
                "source_ref": f"PROB/{agreed:%Y%m%d}",
                "created_by": SECRETARY,
                "created_at": agreed_at,
                "updated_at": agreed_at,
                "version": 1,
            }
        )
        for position, lead in enumerate(rng.sample(range(1, LEADS + 1), rng.choice([1, 1, 2]))):
            links.append({"action_id": action_id, "lead_id": lead, "position": position})
        events.append(_event(action_id, agreed_at, "created", None, None, "imported"))
        at = agreed_at
        for _ in range(rng.randint(0, 8)):
            at += timedelta(days=rng.randint(7, 60))
            if at.date() >= TODAY:
                break
            events.append(_event(action_id, at, None, None, None, rng.choice(NOTES)))
        if closed:
            at = min(at + timedelta(days=rng.randint(1, 60)), NOW - timedelta(days=1))
            events.append(_event(action_id, at, "status", "open", status, "closing note"))
    with services.engine.begin() as conn:
        conn.execute(Action.__table__.insert(), actions)
        conn.execute(ActionLead.__table__.insert(), links)
        conn.execute(ActionEvent.__table__.insert(), events)
        if services.engine.dialect.name == "postgresql":
            for table in ("actions", "action_events", "meetings"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
        conn.execute(text("ANALYZE"))


def _event(
    action_id: int, at: datetime, field: str | None, old: str | None, new: str | None, note: str
) -> dict[str, object]:
    return {
        "action_id": action_id,
        "at": at,
        "actor": rng_actor(action_id),
        "field": field,
        "old": old,
        "new": new,
        "note": note,
    }


def rng_actor(action_id: int) -> str:
    return f"U{(action_id % LEADS) | 1:03d}"


def measure(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, help="actions on the board (default 2,000)")
    parser.add_argument("--repeat", type=int, help="runs of each format; the median is shown")
    parser.add_argument("--database", help="a PostgreSQL server URL (default: SQLite file)")
    parser.add_argument("--quick", action="store_true", help="300 actions, one run each")
    args = parser.parse_args()
    count = args.actions or (300 if args.quick else 2_000)
    repeat = args.repeat or (1 if args.quick else 5)
    with scratch_database(args.database) as url:
        return run(url, count, repeat)


def run(url: str, count: int, repeat: int) -> int:
    settings = Settings(_env_file=None, database_url=url, secretary_user_ids=[SECRETARY])
    services = build_services(settings, clock=FixedClock(NOW))
    seed(services, count)
    by = Actor(SECRETARY, is_secretary=True)
    summaries = services.summaries
    # The first build pays for imports and compiled statements once, as a running bot has.
    summaries.build("PROB", by=by)
    print(f"{services.engine.dialect.name}: {count:,} actions, median of {repeat} run(s)")
    print(f"  {'format':<8} {'time':>9}  output")
    slack, messages = measure(
        lambda: build_summary_messages(summaries.build("PROB", by=by)), repeat
    )
    assert isinstance(messages, list)
    blocks = sum(len(m["blocks"]) for m in messages)
    print(f"  {'slack':<8} {slack * 1000:7.0f} ms  {len(messages)} messages, {blocks} blocks")
    for fmt in ("md", "csv", "docx"):
        elapsed, result = measure(lambda f=fmt: summaries.export("PROB", fmt=f, by=by), repeat)
        assert isinstance(result, tuple)
        summary, upload = result
        lines = len(summary.lines())
        size = len(upload.content)
        print(f"  {fmt:<8} {elapsed * 1000:7.0f} ms  {size:,} bytes, {lines:,} lines")
    services.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
