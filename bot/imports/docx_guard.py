"""Refuse a .docx that would take too much memory or time, before anything parses it.

A .docx is a zip of XML. Sizes written in a zip's headers can lie, so every member is
decompressed here in small chunks and its real bytes counted, stopping at the limit; the body's
XML is then scanned as a stream, counting paragraphs, rows and cells, so a document of millions
of tiny paragraphs is refused without building it. Word never writes a DOCTYPE: one that
declares entities (the "billion laughs") is refused outright.
"""

from __future__ import annotations

import io
import zipfile
from typing import IO, Any

from lxml import etree

from bot.imports.drafts import ImportFileError

MAX_MEMBERS = 1_000
MAX_UNZIPPED_BYTES = 30_000_000
MAX_XML_BYTES = 15_000_000
MAX_ROWS = 10_000
MAX_CELLS = 60_000
# Every table cell holds a paragraph, so a table within the cell limit, and a letter around it,
# must fit within this one.
MAX_PARAGRAPHS = MAX_CELLS + 10_000
CHUNK = 64 * 1024
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BODY = "word/document.xml"

TOO_BIG = (
    "This Word document is too large once unpacked for me to read ({what}). An action "
    "letter is a few pages: save the letter on its own, or copy its action table into a "
    "new document or a .csv file, and import that."
)


def check_docx(data: bytes) -> None:
    """Return quietly, or raise ImportFileError saying what is wrong with the file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ImportFileError(TOO_BIG.format(what=f"{len(members):,} parts"))
            total = xml = 0
            for member in members:
                size = _real_size(archive, member, MAX_UNZIPPED_BYTES - total)
                total += size
                if member.filename.endswith((".xml", ".rels")):
                    xml += size
            if xml > MAX_XML_BYTES:
                raise ImportFileError(TOO_BIG.format(what=f"{xml / 1e6:.0f} MB of text"))
            if BODY in archive.namelist():
                with archive.open(BODY) as body:
                    _count_elements(body)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        NotImplementedError,
        RuntimeError,
        OSError,
    ) as error:
        raise ImportFileError(
            "This Word document is damaged or is not a .docx file, so I can't read it."
        ) from error


def _real_size(archive: zipfile.ZipFile, member: zipfile.ZipInfo, allowance: int) -> int:
    """Bytes the member really unpacks to; refuses past `allowance` without reading on."""
    size = 0
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > allowance:
                raise ImportFileError(
                    TOO_BIG.format(what=f"more than {MAX_UNZIPPED_BYTES / 1e6:.0f} MB")
                )
    return size


def _count_elements(body: IO[bytes]) -> None:
    limits = {
        f"{WORD}p": (MAX_PARAGRAPHS, "paragraphs"),
        f"{WORD}tr": (MAX_ROWS, "table rows"),
        f"{WORD}tc": (MAX_CELLS, "table cells"),
    }
    counts = dict.fromkeys(limits, 0)
    parser = etree.iterparse(
        body,
        events=("end",),
        tag=list(limits),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    try:
        first = True
        for _event, element in parser:
            # A DOCTYPE comes before the first element, so one look is enough.
            if first:
                _refuse_doctype(element)
                first = False
            counts[element.tag] += 1
            limit, what = limits[element.tag]
            if counts[element.tag] > limit:
                raise ImportFileError(TOO_BIG.format(what=f"more than {limit:,} {what}"))
            # Keep memory flat: what has been counted is dropped.
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
        if first and parser.root is not None:
            _refuse_doctype(parser.root)  # a body without a paragraph, row or cell
    except etree.XMLSyntaxError as error:
        raise ImportFileError(
            "This Word document is damaged or is not a .docx file, so I can't read it."
        ) from error


def _refuse_doctype(element: Any) -> None:  # lxml-stubs lack DocInfo.doctype
    if element.getroottree().docinfo.doctype:
        raise ImportFileError(
            "This Word document declares its own XML entities, which "
            "Word never does, so I won't read it."
        )
