"""Time importing a large action log, end to end, from a CSV file and from a Word table.

    python bench/imports.py                 # 5,000 rows, each file imported 3 times
    python bench/imports.py --quick         # 500 rows, once: a smoke run for CI
    python bench/imports.py --database postgresql+psycopg://postgres@127.0.0.1:5432/postgres

Each run starts from an empty database (a temporary SQLite file by default; with a PostgreSQL
URL, a new database on that server, dropped afterwards) holding the board, its quarterly
meetings and its leads, some mapped to Slack users. The file is an action log as boards keep
them: No., Action, Timing, Lead and Status columns; timings as the letters write them
("August 2022", "Q3 2023", "31/08/2024", "next board", "Completed", blank); one lead or a joint
one ("MPS and MOPAC"), a few of them new. Times go through ImportService as the cli and Slack
call it: read the file, preview, and apply (which plans again and writes); then importing the
same file again with a tenth of its rows revised (updates).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.databases import scratch_database
from bot.access import Actor
from bot.clock import FixedClock
from bot.config import Settings
from bot.imports.plan import ImportOptions
from bot.models.boards import Board, Meeting
from bot.models.leads import Lead, LeadAlias, LeadUser, name_key
from bot.services import Services, build_services

NOW = datetime.fromisoformat("2024-06-12T09:30:00+01:00")
BOARD = "Performance and Risk Oversight Board"
SECRETARY = "USEC"
LEADS = [
    "MPS",
    "MOPAC",
    "DMPC",
    "Chief Finance Officer",
    "Director of Strategy",
    "Head of Audit",
    "Commissioner's Office",
    "Violence Reduction Unit",
] + [f"Borough Command Unit {n}" for n in range(1, 33)]
NEW_LEADS = ["Head of Digital", "Victims' Commissioner", "London Fire Brigade"]
STATUSES = ["", "", "", "Open", "In progress", "Blocked", "Done", "On hold"]
TEXT = (
    "to provide the board with a report on the progress of the review of stop and search "
    "data, the schools which do not have a Safer Schools Officer in place and why, including "
    "the numbers of officers in each borough, the training they have received, the feedback "
    "from head teachers and the plans to fill the vacancies by the end of the financial year"
)
WORDS = TEXT.split()
HEADER = ("No.", "Action", "Timing", "Lead", "Status")


def rows(count: int, seed: int = 5) -> list[tuple[str, ...]]:
    rng = random.Random(seed)
    out = []
    for number in range(1, count + 1):
        due = date(2022, 1, 1) + timedelta(days=rng.randint(0, 1200))
        timing = rng.choices(
            [
                f"{due:%B %Y}",
                f"Q{(due.month - 1) // 3 + 1} {due.year}",
                f"{due:%d/%m/%Y}",
                f"end of {due:%B %Y}",
                "next board",
                "Completed",
                "Ongoing",
                "",
            ],
            [35, 10, 15, 8, 8, 8, 6, 10],
        )[0]
        lead = rng.choice(LEADS)
        if rng.random() < 0.2:
            lead = f"{lead} and {rng.choice(LEADS)}"
        if rng.random() < 0.01:
            lead = rng.choice(NEW_LEADS)
        description = " ".join(rng.sample(WORDS, rng.randint(10, len(WORDS))))
        who = rng.choice(LEADS[:3])
        status = "" if timing == "Completed" else rng.choice(STATUSES)
        out.append((str(number), f"{who} {description}.", timing, lead, status))
    return out


def revised(original: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The same log a meeting later: a tenth of the rows have a new timing or status."""
    rng = random.Random(9)
    out = []
    for row in original:
        if rng.random() < 0.1:
            row = (*row[:2], "December 2025", row[3], "In progress")
        out.append(row)
    return out


def csv_file(table: list[tuple[str, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(table)
    return buffer.getvalue().encode("utf-8")


def docx_file(table: list[tuple[str, ...]]) -> bytes:
    """A letter with its Annex A table, written through python-docx's XML for speed."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("Our ref: PROB/2024/06")
    document.add_paragraph("12 June 2024")
    document.add_paragraph("Annex A: actions agreed at the meeting of 24 April 2024")
    grid = document.add_table(rows=1, cols=len(HEADER))
    for cell, heading in zip(grid.rows[0].cells, HEADER, strict=True):
        cell.text = heading
    body = "".join(
        "<w:tr>"
        + "".join(f"<w:tc><w:p><w:r><w:t>{escape(c)}</w:t></w:r></w:p></w:tc>" for c in row)
        + "</w:tr>"
        for row in table
    )
    grid._tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seed(services: Services) -> None:
    created = datetime(2019, 1, 1, tzinfo=UTC)
    with services.engine.begin() as conn:
        conn.execute(
            Board.__table__.insert(),
            [{"name": BOARD, "short_name": "PROB", "channel_id": "CPROB", "created_at": created}],
        )
        board_id = conn.execute(text("SELECT id FROM boards")).scalar_one()
        day, meetings = date(2019, 1, 24), []
        while day < date(2026, 1, 1):
            meetings.append({"board_id": board_id, "date": day})
            month = day.month + 2
            day = day.replace(year=day.year + month // 12, month=month % 12 + 1)
        conn.execute(Meeting.__table__.insert(), meetings)
        for number, name in enumerate(LEADS, start=1):
            lead_id = conn.execute(
                Lead.__table__.insert().returning(Lead.id), {"name": name, "created_at": created}
            ).scalar_one()
            conn.execute(
                LeadAlias.__table__.insert(),
                {"lead_id": lead_id, "alias": name, "key": name_key(name)},
            )
            if number % 2:
                conn.execute(
                    LeadUser.__table__.insert(), {"lead_id": lead_id, "slack_user_id": f"U{number}"}
                )


def import_once(
    server: str | None, directory: Path, first: bytes, second: bytes, filename: str, count: int
) -> dict[str, float]:
    """Import `first` into a fresh database, then `second` over it; the seconds of each step."""
    with scratch_database(server) as url:
        settings = Settings(
            _env_file=None,
            database_url=url,
            secretary_user_ids=[SECRETARY],
            import_max_rows=max(count, 2_000),
            import_max_bytes=50_000_000,
        )
        services = build_services(settings, clock=FixedClock(NOW))
        seed(services)
        imports, by = services.imports, Actor(SECRETARY, is_secretary=True)
        options = ImportOptions(BOARD, date(2024, 4, 24), "PROB/2024/06")
        times: dict[str, float] = {}
        for label, data in (("new", first), ("again", second)):
            started = time.perf_counter()
            document = imports.read_file(data, filename)
            plan = imports.preview(document, options, by=by)
            previewed = time.perf_counter()
            result = imports.apply(plan, by=by)
            done = time.perf_counter()
            expected = count if label == "new" else 0
            assert len(result.created) == expected, result.summary()
            times[f"{label} preview"] = previewed - started
            times[f"{label} apply"] = done - previewed
            times[f"{label} total"] = done - started
        services.engine.dispose()
        return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, help="rows in the file (default 5,000)")
    parser.add_argument("--repeat", type=int, help="imports of each file; the median is shown")
    parser.add_argument("--database", help="a PostgreSQL server URL (default: SQLite file)")
    parser.add_argument("--quick", action="store_true", help="500 rows, once")
    args = parser.parse_args()
    count = args.rows or (500 if args.quick else 5_000)
    repeat = args.repeat or (1 if args.quick else 3)
    table = rows(count)
    files = {
        "csv": (csv_file(table), csv_file(revised(table)), "annex-a.csv"),
        "docx": (docx_file(table), docx_file(revised(table)), "annex-a.docx"),
    }
    backend = "postgresql" if args.database else "sqlite"
    print(f"{backend}: {count:,} rows, median of {repeat} run(s)")
    print(f"  {'file':<6} {'step':<14} {'time':>9}")
    with tempfile.TemporaryDirectory(prefix="actionbot-bench-") as directory:
        for kind, (first, second, name) in files.items():
            runs = [
                import_once(args.database, Path(directory), first, second, name, count)
                for _ in range(repeat)
            ]
            for step in runs[0]:
                median = statistics.median(run[step] for run in runs)
                print(f"  {kind:<6} {step:<14} {median * 1000:7.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
