"""Settings: the only code that reads the environment (and the .env file)."""

from __future__ import annotations

from datetime import time
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///actionbot.db"


class Settings(BaseSettings):
    """Everything the bot can be told; see config.example.env for one line on each."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    # Where Slack's response_url links point; the bot posts to no other address it is sent.
    slack_hooks_url: str = "https://hooks.slack.com/"
    database_url: SecretStr = SecretStr(DEFAULT_DATABASE_URL)
    timezone: str = "Europe/London"
    port: int = Field(default=3000, ge=1, le=65535)
    secretary_user_ids: Annotated[list[str], NoDecode] = Field(default_factory=list)
    log_level: str = "INFO"
    web_workers: int = Field(default=2, ge=1, le=32)
    web_threads: int = Field(default=8, ge=1, le=64)
    # The largest file or pasted text an import reads (Slack itself stops file inputs at 10 MB).
    import_max_bytes: int = Field(default=5_000_000, ge=1_000, le=50_000_000)
    # The most actions one import may add (an oversight board's whole action log is far fewer).
    import_max_rows: int = Field(default=2_000, ge=1, le=100_000)
    # Working days before each meeting; 0 turns the scheduled post off.
    summary_days_before: int = Field(default=5, ge=0, le=60)
    update_request_days_before: int = Field(default=10, ge=0, le=60)
    # The protective marking at the head of every page of the Word papers.
    document_marking: str = "OFFICIAL"
    # Reminders to leads: see bot/reminders/policy.py for how these combine.
    reminder_days_before: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [14, 7, 1])
    overdue_repeat_days: int = Field(default=7, ge=1, le=365)
    escalate_after_days: int = Field(default=14, ge=1, le=365)
    reminder_time: time = time(9, 0)
    holiday_country: str = "GB"
    holiday_subdivision: str | None = "ENG"
    max_send_attempts: int = Field(default=5, ge=1, le=20)
    # A lead's "done" only proposes closure until a secretary records that the board agreed;
    # a board's own setting (`/actions board set <board> closure:...`) comes first.
    closure_needs_board: bool = False
    run_scheduler: bool = True
    # Who may move an action's deadline: "lead" (its lead alone) or "secretary" (a lead's move
    # is a proposal a board secretary accepts or declines); a board's own setting wins.
    deadline_changes: Literal["lead", "secretary"] = "lead"

    @field_validator("secretary_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("reminder_days_before", mode="before")
    @classmethod
    def _split_days(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if not all(part.isdigit() and 1 <= int(part) <= 365 for part in parts):
            raise ValueError(
                "give whole numbers of days from 1 to 365, separated by commas, "
                "like 14,7,1 (or leave it empty for the due-date reminder only)"
            )
        return [int(part) for part in parts]

    @field_validator("reminder_time", mode="before")
    @classmethod
    def _clock_time(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                parsed = time.fromisoformat(value.strip())
            except ValueError:
                raise ValueError("give a 24-hour time like 09:00 or 14:30") from None
            if parsed.tzinfo is not None:
                raise ValueError("give the time without a zone: it is each recipient's own time")
            return parsed
        return value

    @field_validator(
        "holiday_subdivision",
        "slack_bot_token",
        "slack_app_token",
        "slack_signing_secret",
        mode="before",
    )
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        # config.example.env leaves these empty (`SLACK_APP_TOKEN=`): empty means not set.
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _known_holidays(self) -> Settings:
        country, subdivision = self.holiday_country.strip().upper(), self.holiday_subdivision
        try:
            national = holidays.country_holidays(country)
        except NotImplementedError:
            raise ValueError(
                f"HOLIDAY_COUNTRY {self.holiday_country!r} is not a country the "
                "holidays package knows; use an ISO code such as GB, US or IE"
            ) from None
        if subdivision and subdivision.upper() not in {s.upper() for s in national.subdivisions}:
            choices = ", ".join(national.subdivisions) or "none"
            raise ValueError(
                f"HOLIDAY_SUBDIVISION {subdivision!r} is not a subdivision of "
                f"{country}; use one of: {choices} (or leave it empty)"
            )
        return self

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}; use a name like Europe/London") from exc
        return value

    @field_validator("document_marking")
    @classmethod
    def _one_line_marking(cls, value: str) -> str:
        marking = " ".join(value.split())
        if not marking or len(marking) > 60:
            raise ValueError(
                "give the protective marking as one line of at most 60 characters, "
                "like OFFICIAL or OFFICIAL-SENSITIVE"
            )
        return marking

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @field_validator("slack_api_url", "slack_hooks_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @model_validator(mode="after")
    def _requests_before_summary(self) -> Settings:
        asks, posts = self.update_request_days_before, self.summary_days_before
        if asks and posts and asks <= posts:
            raise ValueError(
                "UPDATE_REQUEST_DAYS_BEFORE must be more than SUMMARY_DAYS_BEFORE, so that leads "
                f"are asked before the summary is posted (now {asks} and {posts})"
            )
        return self

    @property
    def everyone_is_secretary(self) -> bool:
        return not self.secretary_user_ids

    def missing_for_slack(self) -> list[str]:
        """Names of the settings `actionbot run` needs but does not have."""
        missing = []
        if self.slack_bot_token is None:
            missing.append("SLACK_BOT_TOKEN")
        if self.slack_app_token is None and self.slack_signing_secret is None:
            missing.append("SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)")
        return missing
