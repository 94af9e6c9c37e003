"""A board's papers as the bot writes them, and the command that renders the Word log to pages.

The season: the sample Annex A is agreed, MPS is mapped to Alice Able, she writes an update on
15 September 2022 at 10:00 UTC (11:00 BST), a secretary Slack has no name for updates another,
and the papers are made on 10 October 2022 for the 20 October meeting.

Render the Word log to PDF and PNG pages to look at (needs LibreOffice and poppler-utils):

    .venv/bin/python -m tests.summaries.papers /tmp/papers
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from pydantic import SecretStr

from bot.clock import FixedClock
from bot.config import Settings
from bot.models.actions import Status
from bot.reminders.digest import Digest
from bot.reminders.ports import MessageOutcome, UserProfile
from bot.services import Services, build_services
from tests.annex_a import BOARD, SECRETARY, add_annex_a

MADE_AT = datetime(2022, 10, 10, 9, tzinfo=UTC)
NAMES = {"UALICE": "Alice Able"}


class NamedPeople:
    """The Notifier port as Slack answers it: names for the people in NAMES, none for others."""

    def lookup_user(self, user_id: str) -> UserProfile | None:
        return UserProfile(user_id, "Europe/London", name=NAMES.get(user_id))

    def send_digest(self, digest: Digest) -> list[MessageOutcome]:
        return [MessageOutcome(tuple(item.delivery_id for item in digest.items))]


def season(services: Services, clock: FixedClock) -> dict[str, int]:
    """The sample's actions after the updates above; the clock is left at MADE_AT."""
    clock.set(datetime(2022, 7, 20, 12, tzinfo=UTC))
    ids = add_annex_a(services, with_next_meeting=True)
    services.leads.map_users(SECRETARY, "MPS", user_ids=["UALICE"], aliases=[])
    clock.set(datetime(2022, 9, 15, 10, tzinfo=UTC))
    services.actions.update(services.caller("UALICE"), ids["7"], note="waiting for the data")
    clock.set(datetime(2022, 10, 3, 14, 30, tzinfo=UTC))
    services.actions.set_status(SECRETARY, ids["3"], Status.IN_PROGRESS, note="list drafted")
    clock.set(MADE_AT)
    return ids


def render(document: Path, directory: Path) -> tuple[Path, list[Path]]:
    """The PDF LibreOffice lays `document` out as, and a PNG of each of its pages."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(directory), str(document)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = directory / (document.stem + ".pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(directory / document.stem)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return pdf, sorted(directory.glob(f"{document.stem}*.png"))


def render_tools_missing() -> list[str]:
    return [tool for tool in ("soffice", "pdftoppm", "pdftotext") if shutil.which(tool) is None]


def main(directory: Path) -> int:
    missing = render_tools_missing()
    if missing:
        print(f"Missing: {', '.join(missing)}. Install libreoffice-writer-nogui and poppler-utils.")
        return 2
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'papers.db'}"
        settings = Settings(_env_file=None, database_url=SecretStr(url))
        clock = FixedClock(MADE_AT)
        services = build_services(settings, clock=clock, notifier=NamedPeople())
        season(services, clock)
        _, upload = services.summaries.export(BOARD, fmt="docx")
        services.engine.dispose()
    document = directory / upload.filename
    document.write_bytes(upload.content)
    pdf, pages = render(document, directory)
    print(f"Wrote {document}\n{pdf}\n" + "\n".join(str(page) for page in pages))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "papers")))
