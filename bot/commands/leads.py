"""The /actions verbs that name leads and map them to Slack users."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands.args import split_options
from bot.commands.registry import Context, Verb
from bot.commands.replies import LeadList, Notice, Reply
from bot.commands.tokens import Token, join_words
from bot.errors import InvalidInput


@dataclass(frozen=True)
class MapLeadArgs:
    name: str
    user_ids: list[str]
    aliases: list[str]


def parse_map_lead(tokens: list[Token]) -> MapLeadArgs:
    words = split_options(tokens, {"alias"})
    users = [t.mention[0] for t in words.free if t.mention]
    name = join_words([t for t in words.free if not t.mention])
    if not name:
        raise InvalidInput(
            "Which lead? Give its name before the people, e.g. `/actions lead MPS @alice @bob`."
        )
    aliases = [t.value for t in words.options.get("alias", [])]
    if not users and not aliases:
        raise InvalidInput(
            f"Who should {name} map to? Mention one or more people "
            "(@alice), or give alias:<other name>."
        )
    return MapLeadArgs(name, users, aliases)


def run_map_lead(args: MapLeadArgs, context: Context) -> Reply:
    result = context.services.leads.map_users(
        context.caller, args.name, user_ids=args.user_ids, aliases=args.aliases
    )
    lead = result.lead
    parts = []
    if result.added_users:
        parts.append("now reaches " + ", ".join(f"<@{u}>" for u in result.added_users))
    if result.added_aliases:
        parts.append("also answers to " + ", ".join(result.added_aliases))
    if not parts:
        return Notice(f"{lead.name} already had those people and names; nothing changed.")
    created = " (new lead)" if result.created else ""
    return Notice(f"{lead.name}{created} " + " and ".join(parts) + ".")


def parse_none(tokens: list[Token]) -> None:
    if tokens:
        raise InvalidInput("This command takes nothing after it.")


def parse_lead_name(tokens: list[Token]) -> str | None:
    return join_words(tokens) or None


def run_leads(name: str | None, context: Context) -> Reply:
    if name is None:
        return LeadList(context.services.leads.list_leads())
    lead, history = context.services.leads.history(name)
    return LeadList([lead], history=history)


# The verbs of this module, in the order /actions help lists them.
VERBS = (
    Verb(
        "lead",
        "/actions lead <lead name> <@user> [<@user> ...] [alias:<name>]",
        "Map a lead to the Slack users who receive its reminders (secretaries).",
        '/actions lead MPS @alice @bob alias:Met alias:"Metropolitan Police Service"',
        parse_map_lead,
        run_map_lead,
    ),
    Verb(
        "leads",
        "/actions leads [<lead name>]",
        "List leads, their other names and their people; name one to see who changed them "
        "and when.",
        "/actions leads MPS",
        parse_lead_name,
        run_leads,
        reads_only=True,
    ),
)
