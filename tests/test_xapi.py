"""`momentos export --format xapi` on a database built through the real storage and services.

Every statement is checked against ralph-malph's pydantic models of xAPI (a maintained model of the spec, not
a hand-written check): the base statement model, then one narrowed to what Momentos promises (an Agent with an
account, the `answered` or `commented` verb, a choice interaction as the object, a result).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal
from uuid import UUID

import pytest
from pydantic import ValidationError
from ralph.models.xapi.base.agents import BaseXapiAgentWithAccount
from ralph.models.xapi.base.results import BaseXapiResult
from ralph.models.xapi.base.statements import BaseXapiStatement
from ralph.models.xapi.base.unnested_objects import BaseXapiActivity, BaseXapiActivityInteractionDefinition
from ralph.models.xapi.base.verbs import BaseXapiVerb
from ralph.models.xapi.concepts.verbs.adl_vocabulary import AnsweredVerb

from bot.cli.main import main
from bot.domain.clock import ManualClock
from bot.domain.model import Catalog
from bot.domain.state import Trigger
from bot.services import Services
from bot.services.answers import Scored
from bot.services.posting import Reserved
from bot.services.reflections import Stored
from bot.services.reviews import ReviewScored
from bot.storage import Storage

GUILD = 7
MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)
NINE = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 09:00 in Mexico City
TUESDAY_TEN = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # 10:00 in Mexico City, the next day
SCENARIO = "promesas.fiesta-cancelada"
ITEM_IRI = f"https://momentos.app/xapi/items/{SCENARIO}"
TEXT = "=Siempre confirmo la entrega por escrito, así el cliente sabe qué esperar y cuándo.\nY cumplo la fecha."
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
COMMENTED = "http://adlnet.gov/expapi/verbs/commented"
MODE = "https://momentos.app/xapi/extensions/mode"


# --- ralph-malph's models, narrowed to what Momentos promises ---------------------------------------------------


class ChoiceInteraction(BaseXapiActivityInteractionDefinition):
    type: Literal["http://adlnet.gov/expapi/activities/cmi.interaction"]
    interactionType: Literal["choice"]


class ItemActivity(BaseXapiActivity):
    objectType: Literal["Activity"]
    definition: ChoiceInteraction


class CommentedVerb(BaseXapiVerb):
    id: Literal["http://adlnet.gov/expapi/verbs/commented"]


class MomentosStatement(BaseXapiStatement):
    id: UUID
    actor: BaseXapiAgentWithAccount
    object: ItemActivity
    result: BaseXapiResult
    timestamp: datetime
    version: Literal["1.0.3"]


class Answered(MomentosStatement):
    verb: AnsweredVerb


class Commented(MomentosStatement):
    verb: CommentedVerb


def validate(statement: dict[str, Any]) -> None:
    BaseXapiStatement.model_validate(statement)
    (Commented if statement["verb"]["id"] == COMMENTED else Answered).model_validate(statement)


# --- a database with answers, a review and a reflection --------------------------------------------------------


async def fill(storage: Storage, catalog: Catalog) -> tuple[int, int]:
    """Two teams; Monday's answers (11 wrong, 12 and 13 right) and 11's reflection; 11's review on Tuesday.

    Returns the right and the wrong choice.
    """
    item = catalog.items[SCENARIO]
    right = item.correct_index
    assert right is not None
    wrong = (right + 1) % len(item.choices)
    services = Services.build(storage, replace(catalog, items={SCENARIO: item}), ManualClock(NINE))
    await services.setup.set_schedule(
        GUILD, post_time=time(9), timezone="America/Mexico_City", weekdays=frozenset(range(1, 6)), window=None, now=NINE
    )
    guild = await services.setup.config(GUILD)
    ventas = await services.setup.add_team(GUILD, "Ventas", 101, 201, NINE)
    caja = await services.setup.add_team(GUILD, "Cája", 102, 202, NINE)
    posts = {}
    for team in (ventas, caja):
        reserved = await services.posting.reserve(guild, team, MONDAY, Trigger.SCHEDULE, NINE)
        assert isinstance(reserved, Reserved)
        await services.posting.posted(reserved.post, 5000 + team.team_id, NINE, guild)
        posts[team.name] = reserved.post.post_id
    for user, team, choice in ((11, ventas, wrong), (12, ventas, right), (13, caja, right)):
        outcome = await services.answers.answer(
            guild=guild,
            channel_id=team.channel_id,
            user_id=user,
            role_ids={team.role_id},
            post_id=posts[team.name],
            choice_index=choice,
            now=NINE + timedelta(minutes=user),
        )
        assert isinstance(outcome, Scored)
    stored = await services.reflections.submit(
        guild,
        channel_id=ventas.channel_id,
        post_id=posts["Ventas"],
        user_id=11,
        role_ids={ventas.role_id},
        text=TEXT,
        now=NINE + timedelta(hours=1),
    )
    assert isinstance(stored, Stored)
    # The review is reserved in storage as the review policy would (which review is due is not this test's
    # business), then answered through the service, which scores it.
    review = await storage.reviews.offer(GUILD, 11, ventas.team_id, item, TUESDAY, TUESDAY_TEN)
    scored = await services.reviews.answer(guild, 11, review.review_id, right, TUESDAY_TEN)
    assert isinstance(scored, ReviewScored)
    return right, wrong


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> tuple[Path, int, int]:
    path = tmp_path_factory.mktemp("xapi") / "live.db"

    async def build() -> tuple[int, int]:
        storage = await Storage.open(path)
        try:
            return await fill(storage, catalog)
        finally:
            await storage.close()

    right, wrong = asyncio.run(build())
    return path, right, wrong


@pytest.fixture
def db(built: tuple[Path, int, int]) -> Path:
    return built[0]


def export(db: Path, capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> bytes:
    assert main(["export", "--db", str(db), "--format", "xapi", "--period", "all", *args]) == 0
    captured = capsysbinary.readouterr()
    assert captured.err == b""
    return captured.out


def statements(data: bytes) -> list[dict[str, Any]]:
    assert data.endswith(b"\n") and not data.startswith(b"\xef\xbb\xbf"), "JSON lines: no BOM, one per line"
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


# --- tests -----------------------------------------------------------------------------------------------------


def test_every_answer_review_and_reflection_is_a_valid_statement(
    built: tuple[Path, int, int], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    db, right, wrong = built
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    found = statements(export(db, capsysbinary))
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before, "the database is only read"
    for statement in found:
        validate(statement)

    letters = "ABCDE"
    summary = [
        (s["verb"]["id"], s["actor"]["account"]["name"], s["context"]["extensions"][MODE], s["timestamp"])
        for s in found
    ]
    assert summary == [
        (ANSWERED, "11", "daily", "2026-11-23T15:11:00.000Z"),
        (ANSWERED, "12", "daily", "2026-11-23T15:12:00.000Z"),
        (ANSWERED, "13", "daily", "2026-11-23T15:13:00.000Z"),
        (COMMENTED, "11", "daily", "2026-11-23T16:00:00.000Z"),
        (ANSWERED, "11", "review", "2026-11-24T16:00:00.000Z"),
    ], "oldest first, the three kinds merged"
    answers, reflection, review = found[:3], found[3], found[4]

    assert [(a["result"]["success"], a["result"]["response"]) for a in answers] == [
        (False, letters[wrong]),
        (True, letters[right]),
        (True, letters[right]),
    ]
    assert answers[1]["result"]["score"]["scaled"] == 1 and answers[1]["result"]["score"]["raw"] >= 100
    assert answers[0]["result"]["score"]["scaled"] == 0
    assert review["result"] == {
        "success": True,
        "completion": True,
        "response": letters[right],
        "score": {"scaled": 1, "raw": 20, "min": 0},
    }
    assert reflection["result"]["response"] == TEXT, "the text as written (no spreadsheet defusing in JSON)"

    for statement in found:
        assert set(statement["actor"]) == {"objectType", "account"}, "never a name, an email or an openid"
        assert statement["actor"]["account"]["homePage"] == "https://discord.com"
        activity = statement["object"]
        assert activity["id"] == ITEM_IRI
        definition = activity["definition"]
        assert definition["correctResponsesPattern"] == [letters[right]]
        assert [choice["id"] for choice in definition["choices"]] == list(letters[: len(definition["choices"])])
        assert definition["name"]["es"]
        context = statement["context"]
        assert context["extensions"]["https://momentos.app/xapi/extensions/server"] == str(GUILD)
        assert context["team"]["objectType"] == "Group" and "name" not in context["team"]
        assert context["revision"]
    assert answers[0]["context"]["team"] == answers[1]["context"]["team"] != answers[2]["context"]["team"]
    assert len({s["id"] for s in found}) == len(found)


def test_ids_and_bytes_are_stable_across_exports_and_follow_the_base(
    db: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    first = export(db, capsysbinary)
    out = tmp_path / "statements.jsonl"
    assert main(["export", "xapi", "--db", str(db), "--period", "all", "--guild", str(GUILD), "--out", str(out)]) == 0
    assert capsysbinary.readouterr().out.decode() == (
        f"{out}: 5 xAPI statements (3 answers, 1 review, 1 reflection) (all)\n"
    )
    assert out.read_bytes() == first, "same statements, same ids: an LRS takes a re-export as the same statements"
    assert [path.name for path in tmp_path.iterdir()] == [out.name], "no partial file left behind"

    base = "https://formación.example.org/xapi/momentos/"  # an IRI, not only a URI; the trailing slash goes
    moved = statements(export(db, capsysbinary, "--xapi-base", base))
    for statement in moved:
        validate(statement)
    assert {s["object"]["id"] for s in moved} == {f"{base}items/{SCENARIO}"}
    assert {s["id"] for s in moved}.isdisjoint(s["id"] for s in statements(first)), "another base, other ids"


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda s: s["object"].update(id="items/" + SCENARIO), id="relative-activity-id"),
        pytest.param(lambda s: s["result"].update(response=""), id="empty-response"),
        pytest.param(lambda s: s.update(actor={"objectType": "Agent", "name": "Ana"}), id="agent-without-ifi"),
        pytest.param(lambda s: s["verb"].update(id="answered"), id="verb-not-an-iri"),
        pytest.param(lambda s: s.update(score=1), id="unknown-property"),
        pytest.param(lambda s: s.update(version="2.0.0"), id="not-xapi-1.0"),
    ],
)
def test_the_model_refuses_what_an_lrs_would(db: Path, capsysbinary: pytest.CaptureFixture[bytes], spoil: Any) -> None:
    """The check is not vacuous: the same statement, spoiled one way, fails ralph's base model."""
    statement = statements(export(db, capsysbinary))[0]
    spoil(statement)
    with pytest.raises(ValidationError):
        BaseXapiStatement.model_validate(statement)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xapi", "--guild", "999"], "no server 999 in this database"),
        (["--format", "xapi", "--xapi-base", "momentos/xapi"], "'momentos/xapi' is not an absolute IRI"),
        (["--format", "xapi", "--xapi-base", "https://lms.example.org/x api"], "is not an absolute IRI"),
        (["--format", "xapi", "--xapi-base", "https://lms.example.org/xapi?a=1"], "is not an absolute IRI"),
        (["answers", "--format", "xapi"], "leave out 'answers'"),
        (["answers", "--xapi-base", "https://lms.example.org/xapi"], "--xapi-base is only for --format xapi"),
        (["--format", "csv"], "say which file"),
        ([], "say which file"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(
    db: Path, tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "statements.jsonl"
    assert main(["export", "--db", str(db), "--period", "all", "--out", str(out), *args]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and captured.err.startswith("momentos: ") and captured.err.count("\n") == 1
    assert captured.out == ""
    assert list(tmp_path.iterdir()) == [], "nothing written"
