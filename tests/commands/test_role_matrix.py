"""Who may do what: every /actions verb for each kind of person, and refusals change nothing."""

from __future__ import annotations

import pytest

from bot.commands import Context
from bot.commands.execute import execute
from bot.commands.replies import Notice
from bot.commands.verbs import ALL as VERBS
from bot.console.messenger import ConsoleMessenger
from bot.console.render import render
from bot.services import Services, build_services

GLOBAL, THIS_BOARD, OTHER_BOARD, LEAD, ANYONE = (
    "USEC",
    "UALPHASEC",
    "UBETASEC",
    "ULEADUSER",
    "UANYBODY",
)
ROLES = {
    "global secretary": GLOBAL,
    "this board's secretary": THIS_BOARD,
    "another board's secretary": OTHER_BOARD,
    "the lead's mapped user": LEAD,
    "anyone": ANYONE,
}
EVERYONE = set(ROLES)
SECRETARIES = {"global secretary", "this board's secretary"}

# verb -> (command acting on board Alpha's action #1 or its lead MPS, who may run it)
MATRIX: dict[str, tuple[str, set[str]]] = {
    "help": ("help", EVERYONE),
    "list": ("list all", EVERYONE),
    "show": ("show {first}", EVERYONE),
    "leads": ("leads MPS", EVERYONE),
    "boards": ("boards", EVERYONE),
    "meetings": ("meetings Alpha", EVERYONE),
    "summary": ("summary Alpha", EVERYONE),
    "import": ("import board:Alpha", EVERYONE),  # the form itself checks rights on confirm
    "add": ("add Another action lead:MPS board:Alpha", SECRETARIES),
    "update": (
        "update {first} status:in-progress draft with legal",
        SECRETARIES | {"the lead's mapped user"},
    ),
    "done": ("done {first} sent", SECRETARIES | {"the lead's mapped user"}),
    "reopen": (
        "reopen {second} the board asked for more",
        SECRETARIES | {"the lead's mapped user"},
    ),
    "close": ("close {second} the board accepted it", SECRETARIES),
    # A lead proposed a new deadline for #1 (Alpha's secretaries decide deadlines).
    "accept": ("accept {first}", SECRETARIES),
    "decline": ("decline {first} the board expects it in August", SECRETARIES),
    "remind": ("remind {first} the board meets on Thursday", SECRETARIES),
    "lead": ("lead MPS <@UNEWPERSON>", SECRETARIES),
    "meeting": ("meeting Alpha 2022-11-17", SECRETARIES),
    "board": ("board set Alpha short:AL", {"global secretary"}),
}


@pytest.fixture
def board(settings, clock, migrated_engine, sessions) -> tuple[Services, dict[str, int]]:
    """Boards Alpha and Beta; Alpha's open action `first` and done action `second`, led by MPS."""
    services = build_services(
        settings,
        clock=clock,
        engine=migrated_engine,
        sessions=sessions,
        migrate=False,
        notifier=ConsoleMessenger(),
    )

    def run(text: str) -> str:
        reply = execute(text, Context(GLOBAL, services))
        assert not (isinstance(reply, Notice) and reply.error), render(reply)
        return render(reply)

    run("board add Alpha secretary:<@UALPHASEC>")
    run("board add Beta secretary:<@UBETASEC>")
    ids = {
        "first": added(run('add First action lead:MPS board:Alpha due:"August 2022"')),
        "second": added(run("add Second action lead:MPS board:Alpha")),
    }
    run(f"done {ids['second']} sent")
    run("lead MPS <@ULEADUSER>")
    run("meeting Alpha 2022-10-20")
    run("meeting Alpha 2022-06-24")  # held: the board may have closed an action there
    run("board set Alpha deadlines:secretary")
    proposal = execute(f'update {ids["first"]} due:"September 2022"', Context(LEAD, services))
    assert "Proposed: September 2022" in render(proposal)
    return services, ids


def added(reply: str) -> int:
    return int(reply.split("Added #", 1)[1].split()[0])


def state(services: Services, ids: dict[str, int]) -> list[str]:
    """Everything a refused command might have changed, as a secretary would read it."""
    context = Context(GLOBAL, services)
    return [
        render(execute(text, context))
        for text in (
            "list all",
            f"show {ids['first']}",
            f"show {ids['second']}",
            "leads MPS",
            "boards",
            "meetings Alpha",
        )
    ]


def test_every_verb_has_a_row():
    assert {verb.name for verb in VERBS} == set(MATRIX)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("verb", MATRIX)
def test_role_may_or_may_not_run_verb(board, capsys, verb, role):
    services, ids = board
    text, allowed = MATRIX[verb][0].format(**ids), MATRIX[verb][1]
    before = state(services, ids)
    reply = execute(text, Context(ROLES[role], services))
    refused = isinstance(reply, Notice) and reply.error
    assert refused != (role in allowed), f"{role} /actions {text}: {render(reply)}"
    if refused:
        assert "nly" in render(reply)  # "Only a board secretary ...", "...only by a secretary"
        assert state(services, ids) == before
