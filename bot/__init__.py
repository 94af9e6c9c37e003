"""actionbot: tracks oversight-board actions and chases their leads in Slack."""

__version__ = "0.1.0"
