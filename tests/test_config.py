"""Settings: config.example.env documents every one, and secrets never show."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings

EXAMPLE = Path(__file__).resolve().parents[1] / "config.example.env"


def example_entries() -> dict[str, str]:
    """NAME -> the comment line just above it."""
    entries, comment = {}, ""
    for line in EXAMPLE.read_text().splitlines():
        if line.startswith("#"):
            comment = line
        elif match := re.match(r"([A-Z][A-Z0-9_]*)=", line):
            entries[match.group(1)] = comment
            comment = ""
    return entries


def test_example_file_and_settings_list_the_same_names():
    assert set(example_entries()) == {name.upper() for name in Settings.model_fields}


def test_every_setting_in_the_example_has_a_comment():
    assert all(comment for comment in example_entries().values())


def test_the_example_file_loads_as_valid_settings(monkeypatch):
    for name in example_entries():
        monkeypatch.delenv(name, raising=False)
    Settings(_env_file=EXAMPLE)


def test_secrets_stay_out_of_reprs_and_logs(caplog):
    settings = Settings(
        _env_file=None,
        slack_bot_token="xoxb-very-secret",
        slack_signing_secret="shh-secret",
        database_url="postgresql+psycopg://u:dbpass@h/db",
    )
    logging.getLogger("test").info("settings: %s %r", settings, settings)
    for text in (repr(settings), str(settings), caplog.text):
        assert "very-secret" not in text and "shh-secret" not in text and "dbpass" not in text


def test_secretary_ids_are_comma_separated(monkeypatch):
    monkeypatch.setenv("SECRETARY_USER_IDS", "U1, U2,,U3 ")
    assert Settings(_env_file=None).secretary_user_ids == ["U1", "U2", "U3"]


@pytest.mark.parametrize(
    "name, value",
    [
        ("TIMEZONE", "Mars/Olympus"),
        ("PORT", "0"),
        ("LOG_LEVEL", "LOUD"),
        ("DOCUMENT_MARKING", "   "),
        ("DOCUMENT_MARKING", "OFFICIAL " * 10),
    ],
)
def test_bad_values_are_refused_with_the_setting_named(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name.lower()):
        Settings(_env_file=None)


def test_the_document_marking_is_official_unless_set(monkeypatch):
    assert Settings(_env_file=None).document_marking == "OFFICIAL"
    monkeypatch.setenv("DOCUMENT_MARKING", " OFFICIAL-SENSITIVE ")
    assert Settings(_env_file=None).document_marking == "OFFICIAL-SENSITIVE"


def test_the_example_files_empty_tokens_mean_not_set(tmp_path, monkeypatch):
    """Filling in only the bot token and signing secret of config.example.env serves HTTP: the
    empty SLACK_APP_TOKEN= line does not switch on Socket Mode with an empty token."""
    for name in example_entries():
        monkeypatch.delenv(name, raising=False)
    env = tmp_path / ".env"
    env.write_text(
        EXAMPLE.read_text()
        .replace("SLACK_BOT_TOKEN=\n", "SLACK_BOT_TOKEN=xoxb-1\n")
        .replace("SLACK_SIGNING_SECRET=\n", "SLACK_SIGNING_SECRET=shh\n")
    )
    settings = Settings(_env_file=env)
    assert settings.slack_app_token is None
    assert settings.slack_bot_token is not None and settings.slack_signing_secret is not None
