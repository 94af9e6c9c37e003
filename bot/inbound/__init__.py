"""Requests from Slack already seen: replays and retried events are answered once."""
