"""Every mapped model, imported in one place so metadata and Alembic see them all."""

from bot.actions.models import Action, ActionEvent, ActionLead
from bot.boards.models import Board, BoardSecretary, Meeting
from bot.db.base import Base
from bot.leads.models import Lead, LeadAlias, LeadUser

__all__ = ["Action", "ActionEvent", "ActionLead", "Base", "Board", "BoardSecretary", "Lead", "LeadAlias", "LeadUser", "Meeting"]
