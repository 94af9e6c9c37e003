"""Fetch a file someone shared with the bot: files.info, then an authorised download."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlparse

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import BotError
from bot.imports.drafts import ImportFileError

IMPORTABLE_SUFFIXES = (".docx", ".csv", ".txt", ".tsv", ".md")
DOWNLOAD_TIMEOUT = 30


class FileUnavailableError(BotError):
    """Slack would not give us the file; nothing was imported."""


@dataclass(frozen=True)
class SharedFile:
    id: str
    name: str
    size: int
    url: str | None


def file_info(client: WebClient, file_id: str) -> SharedFile:
    try:
        info = client.files_info(file=file_id)["file"]
    except SlackApiError as exc:
        error = exc.response.get("error", "unknown error") if exc.response else "unknown error"
        hint = (
            " The app needs the files:read scope: reinstall it from slack-manifest.yml."
            if error == "missing_scope"
            else ""
        )
        raise FileUnavailableError(
            f"I couldn't read that file from Slack ({error}); nothing was imported.{hint}"
        ) from exc
    return SharedFile(
        file_id,
        info.get("name") or info.get("title") or file_id,
        int(info.get("size") or 0),
        info.get("url_private_download") or info.get("url_private"),
    )


def is_importable(name: str) -> bool:
    return PurePath(name).suffix.lower() in IMPORTABLE_SUFFIXES


def download(client: WebClient, shared: SharedFile, max_bytes: int) -> bytes:
    """The file's bytes (at most one past `max_bytes`, enough for the parser to refuse it)."""
    if shared.size > max_bytes:
        raise ImportFileError(
            f"{shared.name} is {_megabytes(shared.size)}; the largest file I "
            f"can import is {_megabytes(max_bytes)}."
        )
    if not shared.url or not _is_slack_url(shared.url, client.base_url):
        raise FileUnavailableError(
            f"Slack gave no download link for {shared.name}; nothing was "
            "imported. Try sharing it again."
        )
    # The bot token goes only to Slack's own file host, never to a link from elsewhere.
    request = urllib.request.Request(
        shared.url, headers={"Authorization": f"Bearer {client.token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:
            kind = response.headers.get("Content-Type", "")
            data: bytes = response.read(max_bytes + 1)
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        raise FileUnavailableError(
            f"I couldn't download {shared.name} from Slack; nothing was "
            "imported. Please try again in a moment."
        ) from exc
    if kind.startswith("text/html") and not shared.name.lower().endswith((".html", ".htm")):
        raise FileUnavailableError(
            "Slack sent a sign-in page instead of the file, which means the "
            "app lacks the files:read scope: reinstall it from "
            "slack-manifest.yml."
        )
    return data


def _is_slack_url(url: str, api_url: str) -> bool:
    host = urlparse(url).hostname or ""
    if host == (urlparse(api_url).hostname or ""):
        return True
    return urlparse(url).scheme == "https" and (host == "slack.com" or host.endswith(".slack.com"))


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".0 MB", " MB")
