"""ConsolePublisher: shows posts as text and saves uploaded files, for the offline shell."""

from __future__ import annotations

import sys
from functools import singledispatch
from pathlib import Path
from typing import TextIO

from bot.console.boards import update_request_text
from bot.summaries.exporters import to_markdown
from bot.summaries.model import Summary
from bot.summaries.ports import FileUpload, Postable, Recipient, UpdateRequest


class ConsolePublisher:
    """Prints what Slack would receive; files go to `directory`, or are only announced."""

    def __init__(self, out: TextIO | None = None, directory: Path | None = None) -> None:
        self._out = out or sys.stdout
        self._directory = directory

    def post(self, to: Recipient, content: Postable) -> int:
        self._out.write(f"--- message to {to} ---\n{text_for(content).rstrip()}\n---\n")
        self._out.flush()
        return 1

    def upload(self, to: Recipient, file: FileUpload) -> None:
        if self._directory is None:
            where = "not saved (the shell was started without a directory for files)"
        else:
            path = self._directory / file.filename
            path.write_bytes(file.content)
            where = f"saved to {path}"
        size = f"{len(file.content):,} bytes"
        self._out.write(f"--- file for {to}: {file.filename} ({size}), {where} ---\n")
        if file.comment:
            self._out.write(file.comment + "\n")
        self._out.flush()


@singledispatch
def text_for(content: Postable) -> str:
    raise TypeError(f"nothing renders {type(content).__name__} as text")


@text_for.register
def _(content: Summary) -> str:
    return to_markdown(content)


@text_for.register
def _(content: UpdateRequest) -> str:
    return update_request_text(content)
