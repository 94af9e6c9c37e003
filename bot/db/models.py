"""Every mapped model, imported in one place so metadata and Alembic see them all."""

from bot.actions.models import Action, ActionEvent, ActionLead
from bot.boards.models import Board, BoardSecretary, Meeting, ScheduledPost
from bot.db.base import Base
from bot.imports.models import PendingImport
from bot.inbound.models import SeenRequest
from bot.leads.models import Lead, LeadAlias, LeadEvent, LeadUser
from bot.reminders.models import Cursor, Delivery, Profile

__all__ = ["Action", "ActionEvent", "ActionLead", "Base", "Board", "BoardSecretary", "Lead", "LeadAlias", "LeadEvent", "LeadUser", "Meeting", "PendingImport", "Cursor", "Delivery", "Profile", "ScheduledPost", "SeenRequest"]
