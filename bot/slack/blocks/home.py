"""Block Kit for the App Home tab: the viewer's own open actions and how to act on them."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.actions.service import Page
from bot.slack.blocks.replies import action_section
from bot.slack.blocks.text import context, header, section

HINTS = (
    "`/actions update <id> status:in-progress <note>` · `/actions done <id> <note>` · "
    "`/actions list overdue` · `/actions help`"
)


def build_home(page: Page, today: date) -> dict[str, Any]:
    """The Home view; `page` is the first page of the viewer's open actions."""
    blocks = [header("Your open actions")]
    if not page.items:
        blocks.append(
            section(
                "No open actions are led by you. If you lead actions, ask a board secretary to map "
                "you to your lead with `/actions lead <lead name> @you`."
            )
        )
    else:
        overdue = sum(action.is_overdue(today) for action in page.items)
        counts = f"{page.total} open" + (f", {overdue} overdue on this page" if overdue else "")
        blocks.append(context(counts + " · soonest deadline first"))
        blocks += [action_section(action, today) for action in page.items]
        if page.pages > 1:
            blocks.append(context("More: `/actions list mine page:2`"))
    blocks += [{"type": "divider"}, context(HINTS)]
    return {"type": "home", "blocks": blocks}
