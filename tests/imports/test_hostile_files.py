"""Hostile uploads are refused with a clear message, and nothing is written."""

from __future__ import annotations

import pytest

from bot.imports.drafts import ImportFileError
from bot.imports.plan import ImportOptions
from tests.annex_a import SECRETARY
from tests.imports.hostile import HOSTILE


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_docx_is_refused(name):
    from bot.imports.parse import parse_file

    with pytest.raises(ImportFileError) as caught:
        parse_file(HOSTILE[name](), "letter.docx")
    message = caught.value.user_message
    assert "too large" in message or "damaged" in message or "entities" in message, message
    assert "I can import a Word document (.docx)" in message


@pytest.mark.parametrize("name", ["zip headers that lie about sizes", "100,000 tiny paragraphs"])
def test_staging_a_hostile_docx_writes_nothing(services, name):
    with pytest.raises(ImportFileError):
        services.imports.stage(
            SECRETARY,
            ImportOptions("Performance and Risk Oversight Board"),
            data=HOSTILE[name](),
            filename="letter.docx",
        )
    assert services.imports.board_names() == []


def annex_csv(rows: int) -> bytes:
    lines = ["No.,Action,Timing,Lead"] + [
        f"{n},Action number {n},August 2022,MPS" for n in range(1, rows + 1)
    ]
    return "\n".join(lines).encode()


def test_an_import_over_import_max_rows_is_refused_whole(services):
    with pytest.raises(ImportFileError) as caught:
        services.imports.stage(
            SECRETARY,
            ImportOptions("Performance and Risk Oversight Board"),
            data=annex_csv(2_001),
            filename="log.csv",
        )
    message = caught.value.user_message
    assert "2,001 actions" in message and "at most 2,000" in message
    assert "IMPORT_MAX_ROWS" in message and "Split it" in message
    assert services.imports.board_names() == []


def test_the_command_line_import_keeps_the_same_limit(tmp_path, monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.setenv("IMPORT_MAX_ROWS", "50")
    (tmp_path / "log.csv").write_bytes(annex_csv(51))
    assert main(["import", "log.csv", "--board", "PROB"]) == 2
    assert "51 actions; one import takes at most 50" in capsys.readouterr().err
    (tmp_path / "log.csv").write_bytes(annex_csv(50))
    assert main(["import", "log.csv", "--board", "PROB", "--new-board"]) == 0
    assert "50" in capsys.readouterr().out


def test_a_table_within_the_cell_limit_is_not_refused_for_its_paragraphs():
    from bot.imports.docx_guard import check_docx
    from tests.imports.hostile import many_cells

    # A 5,000-row action log: every cell is a paragraph, 25,000 in all.
    check_docx(many_cells(5_000, 5))


def test_a_declared_entity_is_refused_even_in_a_body_without_paragraphs():
    from bot.imports.docx_guard import check_docx
    from tests.imports.hostile import replace_member, word_document

    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "b">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body/></w:document>"
    )
    with pytest.raises(ImportFileError, match="entities"):
        check_docx(replace_member(word_document(), "word/document.xml", xml))
