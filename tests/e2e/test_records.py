"""Exports and the right to be forgotten, through the real bot and the simulator."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.discord.texts import t
from bot.domain.model import Catalog
from bot.domain.settings import GameRules, Visibility
from bot.simulator.interactions import InteractionRecord, SimulatorUsageError
from bot.simulator.world import Message
from tests.e2e.harness import WORLD, Harness, running

MONDAY_0850 = datetime(2026, 11, 23, 14, 50, tzinfo=UTC)
NINE_AM = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday 09:00 in Mexico City
SCENARIO = "promesas.fiesta-cancelada"
LONG = (
    "Le prometí a un cliente llamarlo el jueves con el precio y lo olvidé. El viernes me buscó molesto; "
    "desde entonces anoto cada promesa y aviso antes si no voy a poder cumplirla."
)


async def play_monday(h: Harness) -> None:
    """Two teams; ana and bruno (Ventas) answer right and wrong, carla (Caja) right."""
    await h.setup_two_teams()
    await h.tick_at(NINE_AM)
    post = h.post_in("ventas")
    _, right, wrong = await h.item_of(post)
    h.clock.set(NINE_AM + timedelta(minutes=20))
    await h.click("ana", post, right)
    await h.click("bruno", post, wrong)
    await h.click("carla", h.post_in("caja"), right)


async def run(h: Harness, who: str, path: str, **options: object) -> InteractionRecord:
    return await (await h.sim.command(h.member(who), h.channel("general"), path, **options)).settled()


def ventas_total(text: str) -> int:
    line = next(line for line in text.splitlines() if "**Ventas**" in line)
    return int(line.rsplit("total ", 1)[1].split()[0])


async def test_a_manager_downloads_the_answers_as_csv_matching_the_ledger(harness: Harness) -> None:
    await play_monday(harness)
    record = await harness.manager("export answers")
    assert record.ephemeral and "3 filas" in record.text() and "semana 2026-W48" in record.text()
    files = record.messages[0].files
    assert list(files) == ["momentos-answers-2026-W48.csv"]
    data = files["momentos-answers-2026-W48.csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    ledger = await harness.rows(
        "SELECT a.answered_at, a.user_id, t.name, a.choice_index, a.correct, p.local_date, p.item_id"
        " FROM answers a JOIN teams t ON t.team_id = a.team_id JOIN posts p ON p.post_id = a.post_id"
        " ORDER BY a.answered_at, a.answer_id"
    )
    assert [
        (row["user_id"], row["team"], row["choice"], row["correct"], row["local_date"], row["item_id"]) for row in rows
    ] == [
        (
            str(entry["user_id"]),
            entry["name"],
            "ABCDE"[entry["choice_index"]],
            "true" if entry["correct"] else "false",
            entry["local_date"],
            entry["item_id"],
        )
        for entry in ledger
    ]
    assert [row["answered_at"] for row in rows] == [
        entry["answered_at"].replace(" ", "T")[:19] + "Z" for entry in ledger
    ]

    points = await harness.manager("export points", period="all")
    assert list(points.messages[0].files) == ["momentos-points-all.csv"]
    ledger_points = await harness.rows("SELECT SUM(points) AS total FROM point_events")
    exported = csv.DictReader(io.StringIO(points.messages[0].files["momentos-points-all.csv"].decode("utf-8-sig")))
    assert sum(int(row["points"]) for row in exported) == ledger_points[0]["total"]


async def test_an_export_over_discords_file_limit_says_what_to_do_instead(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.simulator.interactions

    await play_monday(harness)
    monkeypatch.setattr(bot.simulator.interactions, "ATTACHMENT_SIZE_LIMIT", 400)  # a server with a tiny limit
    record = await harness.manager("export answers", period="all")
    assert record.ephemeral and not record.messages[0].files
    assert "pasaría de 400 bytes" in record.text() and "periodo más corto" in record.text()
    assert "momentos export" in record.text()


async def test_members_cannot_export_or_forget_someone_else(harness: Harness) -> None:
    await play_monday(harness)
    with pytest.raises(SimulatorUsageError, match="hidden"):
        await harness.sim.command(harness.member("ana"), harness.channel("general"), "export answers")
    overridden = await (
        await harness.sim.command(
            harness.member("ana"), harness.channel("general"), "export answers", ignore_default_permissions=True
        )
    ).settled()
    assert "para gerentes" in overridden.text() and not overridden.messages[0].files
    bruno = str(harness.member("bruno").user.id)
    refused = await run(harness, "ana", "privacy forget", member_id=bruno)
    assert refused.ephemeral and "para gerentes" in refused.text()
    bad = await harness.manager("privacy forget", member_id="bruno")
    assert "no es un ID de miembro" in bad.text() and not bad.messages[0].custom_ids
    assert len(await harness.rows("SELECT * FROM answers WHERE user_id = ?", int(bruno))) == 1


async def test_forget_me_needs_my_own_confirmation_and_then_the_boards_forget_me(harness: Harness) -> None:
    await play_monday(harness)
    ana = harness.member("ana").user.id
    people = await run(harness, "carla", "leaderboard", board="people")
    teams = await run(harness, "carla", "leaderboard")
    assert f"<@{ana}>" in people.text()
    ana_points = sum(r["points"] for r in await harness.rows("SELECT points FROM point_events WHERE user_id = ?", ana))
    assert ana_points > 0

    asked = await run(harness, "ana", "privacy forget-me")
    assert asked.ephemeral and "1 respuestas" in asked.text() and "No se puede deshacer" in asked.text()
    confirmation: Message = asked.messages[0]
    assert confirmation.custom_ids == [f"momentos:forget:{ana}:{ana}"]
    assert confirmation.components[0]["components"][0]["style"] == 4  # red

    stranger = await (
        await harness.sim.click(harness.member("bruno"), confirmation, confirmation.custom_ids[0])
    ).settled()
    assert "no es tuya" in stranger.text()
    forged = f"momentos:forget:{ana}:{harness.member('bruno').user.id}"
    forging = await (await harness.sim.click(harness.member("bruno"), confirmation, forged, forge=True)).settled()
    assert forging.text() == t("es", "forget.not_manager")
    assert len(await harness.rows("SELECT * FROM answers WHERE user_id = ?", ana)) == 1

    done = await (await harness.sim.click(harness.member("ana"), confirmation, confirmation.custom_ids[0])).settled()
    shown = harness.world.messages[confirmation.id]
    assert done.callback_type == 7 and "Listo" in shown.text() and "1 respuestas" in shown.text()
    assert shown.custom_ids == [] and not shown.pinged_users
    # Neither /privacy nor its confirming click is noted as a sighting, so nothing of Ana comes back.
    for table in ("answers", "point_events", "reflections", "pauses", "member_sightings", "members"):
        assert await harness.rows(f"SELECT * FROM {table} WHERE user_id = ?", ana) == [], table

    people_after = await run(harness, "carla", "leaderboard", board="people")
    teams_after = await run(harness, "carla", "leaderboard")
    assert f"<@{ana}>" not in people_after.text()
    assert f"<@{harness.member('bruno').user.id}>" in people_after.text()
    assert ventas_total(teams_after.text()) == ventas_total(teams.text()) - ana_points


@pytest.fixture
async def scenario_day(tmp_path: Path, catalog: Catalog) -> AsyncIterator[Harness]:
    """Only the broken-promise scenario, with reflections shown at once in the post's thread."""
    only = replace(catalog, items={SCENARIO: catalog.items[SCENARIO]})
    async with running(WORLD, only, tmp_path / "forget.db", MONDAY_0850) as h:
        yield h


async def test_a_manager_forgets_a_member_who_left_and_their_reflection_comes_down(scenario_day: Harness) -> None:
    h = scenario_day
    await h.setup_two_teams()
    await h.storage.guilds.save_rules(
        h.guild.id, GameRules(visibility=Visibility.IMMEDIATE), NINE_AM
    )
    await h.tick_at(NINE_AM)
    post = h.post_in("ventas")
    _, right, _ = await h.item_of(post)
    await h.click("bruno", post, right)
    button = next(c for c in post.custom_ids if c.startswith("momentos:reflect:"))
    opened = await (await h.sim.click(h.member("bruno"), post, button)).settled()
    await (await h.sim.submit_modal(h.member("bruno"), opened, {"texto": LONG})).settled()
    thread = await h.eventually(lambda: h.sim.thread_of(post))
    await h.eventually(lambda: [m for m in h.sim.messages(thread) if m.embeds])

    bruno = h.member("bruno").user.id
    asked = await h.manager("privacy forget", member_id=f" {bruno} ")
    assert f"<@{bruno}>" in asked.text() and "1 reflexiones" in asked.text() and not asked.messages[0].pinged_users
    confirmation = asked.messages[0]
    assert confirmation.custom_ids == [f"momentos:forget:{bruno}:{h.member('gerente').user.id}"]
    other = await (await h.sim.click(h.member("ana"), confirmation, confirmation.custom_ids[0])).settled()
    assert "no es tuya" in other.text()
    await (await h.sim.click(h.member("gerente"), confirmation, confirmation.custom_ids[0])).settled()
    assert "1 reflexiones retiradas" in h.world.messages[confirmation.id].text()
    assert [m for m in h.sim.messages(thread) if m.embeds] == []
    assert await h.rows("SELECT * FROM reflections") == []
    assert await h.rows("SELECT * FROM point_events WHERE user_id = ?", bruno) == []
