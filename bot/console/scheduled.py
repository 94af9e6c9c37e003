"""Text for a run of scheduled summaries or update requests: what went (or would go) to whom."""

from __future__ import annotations

from bot.console.messenger import text_for
from bot.models.boards import PostKind
from bot.summaries.ports import UpdateRequest
from bot.summaries.scheduled import PlannedPost, PostRun
from bot.timing import format_date

_TITLES = {PostKind.SUMMARY: "Scheduled summaries", PostKind.UPDATE_REQUEST: "Update requests"}
_NOUNS = {PostKind.SUMMARY: "summary post(s)", PostKind.UPDATE_REQUEST: "update request(s)"}


def post_run_text(run: PostRun, *, messages: bool | None = None) -> str:
    """The run as `actionbot remind`/`summary` and the shell print it; a dry run also shows each
    message it would send (`messages` decides otherwise)."""
    verb = "would send" if run.dry_run else "sent"
    lines = []
    if messages if messages is not None else run.dry_run:
        for post in run.sent:
            lines += [f"--- {_where(post)} ---", text_for(post.content).rstrip(), "---"]
    lines.append(
        f"{_TITLES[run.kind]} at {run.now.isoformat(timespec='minutes')}"
        + (" (dry run: nothing sent or recorded)" if run.dry_run else "")
    )
    lines += [f"  {verb} to {_who(post)}: {_what(post)}" for post in run.sent]
    lines += [f"  failed to {_who(post)} ({error}): {_what(post)}" for post, error in run.failed]
    lines += [f"  not sent: {message}" for message in run.nobody.values()]
    lines.append(
        f"{verb.capitalize()} {len(run.sent)} {_NOUNS[run.kind]}; failed {len(run.failed)}; "
        f"with nobody to send to {len(run.nobody)}."
    )
    return "\n".join(lines)


def _where(post: PlannedPost) -> str:
    if post.to.user_id:
        return f"direct message to @{post.to.user_id}"
    return f"message to channel #{post.to.channel_id}"


def _who(post: PlannedPost) -> str:
    return f"{post.to} ({post.reason})" if post.reason else str(post.to)


def _what(post: PlannedPost) -> str:
    what = f"{post.board_name}, meeting of {format_date(post.meeting)}"
    if isinstance(post.content, UpdateRequest):
        count = len(post.content.items)
        what += f", {count} open action{'' if count == 1 else 's'}"
    return what
