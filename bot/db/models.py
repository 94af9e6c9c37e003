"""Every mapped model, imported in one place so metadata and Alembic see them all."""

from bot.actions.models import Action, ActionEvent, ActionLead
from bot.boards.models import Board, BoardSecretary, Meeting, ScheduledPost
from bot.db.base import Base
from bot.imports.models import PendingImport
from bot.leads.models import Lead, LeadAlias, LeadUser
from bot.reminders.models import Cursor, Delivery, Profile

__all__ = ["Action", "ActionEvent", "ActionLead", "Base", "Board", "BoardSecretary", "Lead", "LeadAlias", "LeadUser", "Meeting", "PendingImport", "Cursor", "Delivery", "Profile", "ScheduledPost"]
