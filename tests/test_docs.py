"""The README, config.example.env, the manifest and CI say the same as the code."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.commands.verbs import ALL as VERBS
from bot.config import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_ci_runs_exactly_the_readme_test_command():
    test_command = next(line for line in README.splitlines() if line.endswith(".venv/bin/pytest"))
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in ci_lines


def test_readme_documents_every_setting():
    for name in Settings.model_fields:
        assert f"`{name.upper()}`" in README, name.upper()


def test_readme_documents_every_command_verb():
    for verb in VERBS:
        assert f"`/actions {verb.name}" in README, verb.name


def test_manifest_declares_the_slash_command_and_socket_mode():
    manifest = yaml.safe_load((ROOT / "slack-manifest.yml").read_text())
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/actions"]
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "im:write", "users:read", "files:write"} <= scopes
    for scope in scopes:
        assert f"`{scope}`" in README, scope


def test_readme_install_command_runs_the_demo_shell():
    assert re.search(r"pip install \. && \.venv/bin/actionbot shell --demo", README)


def test_manifest_declares_the_message_shortcut_the_app_listens_for():
    from bot.slack.ids import ACTION_FROM_MESSAGE

    manifest = yaml.safe_load((ROOT / "slack-manifest.yml").read_text())
    shortcuts = manifest["features"]["shortcuts"]
    assert [(s["type"], s["callback_id"]) for s in shortcuts] == [("message", ACTION_FROM_MESSAGE)]
    for shortcut in shortcuts:
        assert f"**{shortcut['name']}**" in README
