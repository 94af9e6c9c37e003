"""Hostile files made on the spot: zip bombs, lying zip headers, floods of tiny paragraphs."""

from __future__ import annotations

import io
import struct
import zipfile

import docx

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def word_document() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Annex A")
    document.save(buffer)
    return buffer.getvalue()


def replace_member(data: bytes, name: str, content: bytes, *, level: int = 9) -> bytes:
    """The .docx `data` with member `name` replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as out:
        for item in source.infolist():
            if item.filename != name:
                out.writestr(item, source.read(item.filename))
        out.writestr(name, content)
    return buffer.getvalue()


def body(inner: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f"<w:document {W}><w:body>{inner}</w:body></w:document>"
    ).encode()


def tiny_paragraphs(count: int) -> bytes:
    return replace_member(word_document(), "word/document.xml", body("<w:p/>" * count))


def many_cells(rows: int, columns: int) -> bytes:
    row = "<w:tr>" + "<w:tc><w:p/></w:tc>" * columns + "</w:tr>"
    return replace_member(
        word_document(), "word/document.xml", body(f"<w:tbl>{row * rows}</w:tbl>")
    )


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 if n > 1 else "")) * 10}">' for n in range(1, 10)
    )
    prolog = f"<!DOCTYPE w:document [{entities}]>"
    return replace_member(
        word_document(),
        "word/document.xml",
        body("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", prolog),
    )


def zip_bomb(megabytes: int = 60, name: str = "word/media/image1.png") -> bytes:
    """A small file whose member really unpacks to `megabytes` of zeros."""
    return replace_member(word_document(), name, bytes(megabytes * 1_000_000))


def lying_sizes(megabytes: int = 60) -> bytes:
    """A zip bomb whose headers claim the member unpacks to 1 KB."""
    data = bytearray(zip_bomb(megabytes, "word/media/image1.png"))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/media/image1.png")
    struct.pack_into("<I", data, info.header_offset + 22, 1024)  # local header's size
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) != -1:  # central directory entries
        length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46 : start + 46 + length] == b"word/media/image1.png":
            struct.pack_into("<I", data, start + 24, 1024)
        start += 4
    return bytes(data)


def many_members(count: int = 10_000) -> bytes:
    data = word_document()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, source.read(item.filename))
        for n in range(count):
            out.writestr(f"extra/part{n}.xml", "<a/>")
    return buffer.getvalue()


def nested_zip() -> bytes:
    return replace_member(word_document(), "word/embeddings/inner.zip", zip_bomb(20))


HOSTILE = {
    "zip bomb (60 MB of zeros in one image)": zip_bomb,
    "zip headers that lie about sizes": lying_sizes,
    "100,000 tiny paragraphs": lambda: tiny_paragraphs(100_000),
    "a table of 12,000 rows": lambda: many_cells(12_000, 1),
    "a table of 70,000 cells": lambda: many_cells(7_000, 10),
    "billion laughs": billion_laughs,
    "10,000 zip members": many_members,
    "a truncated zip": lambda: word_document()[:2_000],
    "not a zip at all": lambda: b"PK\x03\x04" + bytes(5_000),
}
