"""The schema: every mapped model, one module per area, shared by the features that use them.

Imported here in one place so metadata and Alembic see them all.
"""

from bot.db.base import Base
from bot.models.actions import Action, ActionEvent, ActionLead
from bot.models.boards import Board, BoardSecretary, Meeting, ScheduledPost
from bot.models.imports import PendingImport
from bot.models.inbound import SeenRequest
from bot.models.leads import Lead, LeadAlias, LeadEvent, LeadUser
from bot.models.reminders import Cursor, Delivery, Profile, SentMessage, Snooze

__all__ = [
    "Action",
    "ActionEvent",
    "ActionLead",
    "Base",
    "Board",
    "BoardSecretary",
    "Cursor",
    "Delivery",
    "Lead",
    "LeadAlias",
    "LeadEvent",
    "LeadUser",
    "Meeting",
    "PendingImport",
    "Profile",
    "ScheduledPost",
    "SeenRequest",
    "SentMessage",
    "Snooze",
]
