"""Authority: every manager command refuses everyone else on the server side, and members act only for their team.

Discord's default permissions only hide commands in the client; a server admin can override them (and a hostile
client ignores them), so the bot checks on every call. The command tree is enumerated from what the bot
registered: a new command fails this drill until it is classified here, and a new manager command without a
server-side check fails it outright.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.content.scoring import dump_scoring
from bot.discord.texts import t
from bot.domain.model import Catalog
from bot.domain.scoring import ScoringRules
from bot.domain.settings import GameRules, Visibility
from bot.simulator.interactions import OPTION_GROUP, OPTION_SUBCOMMAND, InteractionRecord, SimulatorUsageError, Upload
from bot.simulator.world import Guild
from tests.drills.conftest import DrillReport
from tests.e2e.harness import WORLD, Harness, running

MONDAY_0850 = datetime(2026, 11, 23, 14, 50, tzinfo=UTC)
NINE_AM = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday 09:00 in Mexico City
MANAGE_GUILD = 1 << 5
REFUSAL = "Este comando es para gerentes"
SCENARIO = "promesas.fiesta-cancelada"

# Every command anyone may run. A command that is in neither list and not behind Manage Server fails the drill.
MEMBER_COMMANDS = {"help", "leaderboard", "me", "privacy forget-me", "review"}
# Manager commands that share a group every member sees (so they carry no default permissions): checked all the same.
VISIBLE_MANAGER_COMMANDS = {"privacy forget", "insights"}  # insights: managers and team leads

PACK = """\
format: momentos.pack/1
pack: {id: tienda, title: Nuestra tienda, language: es}
items:
  - id: tienda.saludo
    kind: quiz
    title: El saludo
    step: 4
    dimensions: [cortesia]
    question: Entra un cliente mientras atiendes el teléfono. ¿Qué haces?
    choices:
      - {text: Lo saludo con la mirada y una sonrisa., correct: true, feedback: Todo cliente merece sentirse visto.}
      - {text: Sigo con la llamada sin mirarlo., correct: false, feedback: El cliente siente que no existe.}
    explanation: Saludar a cada cliente es un momento de verdad.
    source: {note: Escrito por la tienda.}
"""


def leaves(commands: list[dict[str, Any]]) -> dict[str, tuple[int | None, list[dict[str, Any]]]]:
    """Every runnable (sub)command of the registered tree: its default permissions and its options."""
    found: dict[str, tuple[int | None, list[dict[str, Any]]]] = {}
    for command in commands:
        raw = command.get("default_member_permissions")
        permissions = int(raw) if raw is not None else None
        stack: list[tuple[str, list[dict[str, Any]]]] = [(command["name"], command.get("options") or [])]
        while stack:
            path, options = stack.pop()
            nested = [o for o in options if o["type"] in (OPTION_SUBCOMMAND, OPTION_GROUP)]
            if not nested:
                found[path] = (permissions, options)
            stack.extend((f"{path} {o['name']}", o.get("options") or []) for o in nested)
    return dict(sorted(found.items()))


def classify(tree: dict[str, tuple[int | None, list[dict[str, Any]]]]) -> dict[str, list[str]]:
    """Manager and member commands by the rule; anything else is a command nobody decided about."""
    managers = [p for p, (perms, _) in tree.items() if perms is not None and perms & MANAGE_GUILD]
    managers += [p for p in tree if p in VISIBLE_MANAGER_COMMANDS]
    members = [p for p in tree if p in MEMBER_COMMANDS]
    unknown = [p for p in tree if p not in managers and p not in members]
    return {"managers": sorted(managers), "members": sorted(members), "unknown": unknown}


def sample(option: dict[str, Any], guild: Guild, catalog: Catalog) -> Any:
    """A value that would change something if a manager sent it (so a missing check would show)."""
    if option.get("choices"):
        return option["choices"][-1]["value"]  # the last choice: never the default
    name, kind = option["name"], option["type"]
    if kind == 3:
        text = {
            "name": "Ventas",
            "new_name": "Intrusos",
            "time": "06:30",
            "timezone": "Asia/Tokyo",
            "weekdays": "todos",
            "window": "2h",
            "team": "Ventas",
            "id": "tienda.saludo",
            "date": "2026-11-24",
            "dimension": sorted(catalog.dimensions)[0],
            "dimension2": sorted(catalog.dimensions)[1],
            "reflection_prompt": "¿Qué harías?",
            "member_id": str(guild.member("carla").user.id),
        }[name]
        return text
    if kind in (4, 10):
        return max(1, int(option.get("min_value", 1)))
    if kind == 5:
        return True
    if kind == 7:
        return guild.channel("general")
    if kind == 8:
        return guild.role("Ventas")  # as a manager role it would make every seller a manager
    if kind == 11:
        return Upload("reglas.yaml", dump_scoring(GameRules(ScoringRules(correct=500))).encode())
    raise AssertionError(f"no sample for option {name!r} of type {kind}: add one")


def upload_for(path: str) -> Upload:
    return (
        Upload("tienda.yaml", PACK.encode())
        if path == "scenario upload"
        else Upload("reglas.yaml", dump_scoring(GameRules(ScoringRules(correct=500))).encode())
    )


async def snapshot(h: Harness) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (after pending sightings are written)."""
    await h.storage.members.flush()
    tables = await h.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return {row["name"]: await h.rows(f"SELECT * FROM {row['name']}") for row in tables}


def visible(h: Harness) -> int:
    """Messages anyone can see in any channel (not private answers)."""
    return sum(1 for m in h.world.messages.values() if not m.ephemeral and not m.deleted)


async def settled(record: InteractionRecord) -> InteractionRecord:
    await record.settled()
    assert record.acknowledged, "silence"
    return record


@pytest.fixture
async def harness(tmp_path: Path, catalog: Catalog) -> AsyncIterator[Harness]:
    """The e2e world; Ventas and Caja posting at 09:00, today's post out, a custom challenge and a manager role."""
    async with running(WORLD, catalog, tmp_path / "authority.db", MONDAY_0850) as h:
        await h.setup_two_teams()
        await h.tick_at(NINE_AM)
        uploaded = await h.manager("scenario upload", file=Upload("tienda.yaml", PACK.encode()))
        assert "tienda.saludo" in uploaded.text(), uploaded.text()
        await h.manager("config manager-role", role=h.guild.role("Gerencia"))
        yield h


async def test_every_manager_command_refuses_members_and_changes_nothing(
    harness: Harness, catalog: Catalog, drill: DrillReport
) -> None:
    h = harness
    tree = leaves(h.sim.commands[None])
    kinds = classify(tree)
    assert kinds["unknown"] == [], (
        f"commands nobody classified: {kinds['unknown']}; give them default_member_permissions=manage_guild and "
        "@manager_only(), or add them to MEMBER_COMMANDS (or VISIBLE_MANAGER_COMMANDS) in this drill"
    )
    assert set(MEMBER_COMMANDS) <= set(tree) and set(VISIBLE_MANAGER_COMMANDS) <= set(tree), "stale lists"
    for path in kinds["members"]:
        permissions = tree[path][0]
        assert permissions is None or not permissions & MANAGE_GUILD, f"/{path} is listed for members but hidden"

    ana = h.member("ana")  # a seller: neither Manage Server nor the manager role
    assert not h.guild.permissions_in(ana.user.id, h.channel("general").id) & MANAGE_GUILD
    await settled(await h.sim.command(ana, h.channel("general"), "help"))  # her sighting today: a legitimate trace
    before, shown = await snapshot(h), visible(h)
    hidden = invocations = 0
    for path in kinds["managers"]:
        permissions, options = tree[path]
        required = {o["name"]: sample(o, h.guild, catalog) for o in options if o.get("required")}
        every = {o["name"]: sample(o, h.guild, catalog) for o in options}
        if "file" in every:
            every["file"] = upload_for(path)
            if "file" in required:
                required["file"] = upload_for(path)
        if permissions is not None:
            with pytest.raises(SimulatorUsageError, match="hidden"):
                await h.sim.command(ana, h.channel("general"), path, **required)
            hidden += 1
        for values in (required, every):  # the client shows it anyway: an admin overrode the default permissions
            record = await settled(
                await h.sim.command(ana, h.channel("general"), path, ignore_default_permissions=True, **values)
            )
            invocations += 1
            assert record.modal is None, f"/{path} opened a form for a member"
            assert record.ephemeral and REFUSAL in record.text(), (path, record.text())
    after = await snapshot(h)
    assert [table for table in before if before[table] != after[table]] == [], "a refused command changed the database"
    assert visible(h) == shown, "a refused command posted something"

    # The same calls from a manager are not refused: the refusals above were about authority, not the values.
    accepted = 0
    for path in kinds["managers"]:
        _, options = tree[path]
        values = {o["name"]: sample(o, h.guild, catalog) for o in options if o.get("required")}
        if "file" in values:
            values["file"] = upload_for(path)
        record = await settled(await h.sim.command(h.member("gerente"), h.channel("general"), path, **values))
        assert REFUSAL not in record.text(), path
        accepted += 1
    drill.tried(
        f"{len(kinds['managers'])} manager commands of the registered tree ({len(tree)} commands in all, "
        f"{len(kinds['members'])} for members) run {invocations} times by a seller without Manage Server or the "
        f"manager role, with default permissions overridden (required options, then every option with values "
        f"that would change settings, teams, content and posts)"
    )
    drill.held(
        f"{hidden} hidden by default permissions; all {invocations} calls refused privately, no form opened, "
        f"all {len(before)} tables unchanged, 0 messages posted; the same {accepted} calls from a manager "
        f"were not refused"
    )


async def test_manager_autocompletes_tell_members_nothing(harness: Harness, drill: DrillReport) -> None:
    h = harness
    tree = leaves(h.sim.commands[None])
    ana, gerente, general = h.member("ana"), h.member("gerente"), h.channel("general")
    asked = leaked = 0
    for path in classify(tree)["managers"]:
        for option in tree[path][1]:
            if not option.get("autocomplete"):
                continue
            asked += 1
            typed = {option["name"]: ""}  # nothing typed yet: the widest list
            offered = await h.sim.autocomplete(ana, general, path, option["name"], **typed)
            leaked += bool(offered)
            assert offered == [], f"/{path} {option['name']}: a member is offered {offered}"
            assert await h.sim.autocomplete(gerente, general, path, option["name"], **typed), "managers still do"
    assert asked >= 5
    drill.tried(f"{asked} autocompleted options of manager commands typed into by a seller")
    drill.held(
        f"{asked - leaked} of {asked} offered nothing (team names, custom challenges' ids and titles stay private)"
    )


LONG = (
    "Le prometí a un cliente llamarlo el jueves con el precio y lo olvidé. El viernes me buscó molesto; "
    "desde entonces anoto cada promesa y aviso antes si no voy a poder cumplirla."
)


@pytest.fixture
async def scenario_day(tmp_path: Path, catalog: Catalog) -> AsyncIterator[Harness]:
    """Every day a scenario; reflections shown at once, so their kudos and highlight buttons are out."""
    only = replace(catalog, items={SCENARIO: catalog.items[SCENARIO]})
    async with running(WORLD, only, tmp_path / "members.db", MONDAY_0850) as h:
        await h.setup_two_teams()
        await h.storage.guilds.save_rules(
            h.guild.id, GameRules(visibility=Visibility.IMMEDIATE), MONDAY_0850
        )
        await h.tick_at(NINE_AM)
        yield h


async def reflect(h: Harness, who: str, channel: str) -> None:
    post = h.post_in(channel)
    button = next(c for c in post.custom_ids if c.startswith("momentos:reflect:"))
    opened = await settled(await h.sim.click(h.member(who), post, button))
    assert opened.modal is not None, opened.text()
    assert "Gracias" in (await settled(await h.sim.submit_modal(h.member(who), opened, {"texto": LONG}))).text()


async def test_members_act_only_for_their_own_team_and_never_as_managers(
    scenario_day: Harness, drill: DrillReport
) -> None:
    h = scenario_day
    ventas = h.post_in("ventas")
    await reflect(h, "ana", "ventas")
    await reflect(h, "carla", "caja")
    thread = await h.eventually(lambda: h.sim.thread_of(ventas))
    shown = await h.eventually(lambda: [m for m in h.sim.messages(thread) if m.embeds])
    anas = shown[0]
    kudos = next(c for c in anas.custom_ids if c.startswith("momentos:kudos:"))
    star = next(c for c in anas.custom_ids if c.startswith("momentos:highlight:"))
    reflect_button = next(c for c in ventas.custom_ids if c.startswith("momentos:reflect:"))
    answers = [c for c in ventas.custom_ids if c.startswith("momentos:answer:")]
    for who in ("ana", "bruno", "carla", "diego", "gerente"):
        await settled(await h.sim.command(h.member(who), h.channel("general"), "help"))
    for _ in range(200):  # both reflections shown in their threads (done after the author's answer)
        if not await h.rows("SELECT 1 FROM reflections WHERE message_id IS NULL"):
            break
        await asyncio.sleep(0.01)
    before = await snapshot(h)

    role = f"<@&{h.guild.role('Ventas').id}>"
    not_member = t("es", "answer.not_member", team="Ventas", role=role)
    not_teammate = t("es", "kudos.not_teammate", team="Ventas")
    only_managers = t("es", "highlight.not_manager")
    attempts = [  # (who, button, message, what they read)
        *[("carla", answer, ventas, not_member) for answer in answers],  # Caja answering Ventas' post
        *[("diego", answer, ventas, not_member) for answer in answers],  # in no team at all
        ("gerente", answers[0], ventas, not_member),  # a manager is not a seller
        ("carla", reflect_button, ventas, t("es", "reflect.not_member", team="Ventas", role=role)),
        ("carla", kudos, anas, not_teammate),  # kudos for another team's reflection
        ("diego", kudos, anas, not_teammate),
        ("ana", kudos, anas, t("es", "kudos.own")),
        ("ana", star, anas, only_managers),  # highlighting her own
        ("bruno", star, anas, only_managers),  # a teammate's
        ("carla", star, anas, only_managers),
    ]
    for who, custom_id, message, expected in attempts:
        record = await settled(await h.sim.click(h.member(who), message, custom_id))
        assert record.ephemeral and record.text() == expected, (who, custom_id, record.text())
    after = await snapshot(h)
    assert [table for table in before if before[table] != after[table]] == [], "a refused click changed something"
    assert not any(m.pinged_users or m.pinged_roles or m.pinged_everyone for m in h.world.messages.values())

    # The same buttons work for those entitled to them: the refusals were about who pressed.
    assert "suma +5" in (await settled(await h.sim.click(h.member("bruno"), anas, kudos))).text()
    assert "suma +50" in (await settled(await h.sim.click(h.member("gerente"), anas, star))).text()
    kinds = sorted(
        row["kind"] for row in await h.rows("SELECT kind FROM point_events WHERE kind IN ('kudos', 'highlight')")
    )
    assert kinds == ["highlight", "kudos"]
    drill.tried(
        f"{len(attempts)} presses by people without the right: another team's and no team's answers, reflection "
        "and kudos; kudos to oneself; highlights by members (own reflection and a teammate's)"
    )
    drill.held(
        f"all {len(attempts)} refused privately with the reason, 0 rows changed in {len(before)} tables, 0 pings; "
        "then a teammate's kudos (+5) and a manager's highlight (+50) on the same reflection counted once each"
    )
