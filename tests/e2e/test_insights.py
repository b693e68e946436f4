"""/insights through the real bot: managers see every team, a team lead only theirs, a member is refused."""

from __future__ import annotations

import copy
import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.discord.texts import t
from bot.domain.model import Catalog
from bot.simulator.interactions import InteractionRecord
from tests.e2e.harness import WORLD, Harness, running

MONDAY_0850 = datetime(2026, 11, 23, 14, 50, tzinfo=UTC)
MONDAY_9 = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
DAY = timedelta(days=1)
PNG = b"\x89PNG\r\n\x1a\n"


def world_with_a_lead() -> dict[str, Any]:
    """The e2e world, with a 'Líder Ventas' role that Bruno holds and a managers-only #gerencia."""
    found = copy.deepcopy(WORLD)
    guild = found["guilds"][0]
    guild["roles"].append({"name": "Líder Ventas"})
    guild["channels"].append(
        {
            "name": "gerencia",
            "everyone_deny": ["view_channel"],
            "bot_allow": ["view_channel"],
            "role_allow": {"Gerencia": ["view_channel"]},
        }
    )
    for member in guild["members"]:
        if member["name"] == "bruno":
            member["roles"].append("Líder Ventas")
    return found


@pytest.fixture
async def h(tmp_path: Path, catalog: Catalog) -> AsyncIterator[Harness]:
    async with running(world_with_a_lead(), catalog, tmp_path / "insights.db", MONDAY_0850) as harness:
        yield harness


async def play_three_days(h: Harness) -> None:
    """Ventas and Caja answer Monday to Wednesday; Ana always right, Bruno always wrong, Carla (Caja) right."""
    await h.setup_two_teams()
    for day in range(3):
        await h.tick_at(MONDAY_9 + day * DAY)
        for who, channel, right in (("ana", "ventas", True), ("bruno", "ventas", False), ("carla", "caja", True)):
            post = h.post_in(channel)
            _, good, bad = await h.item_of(post)
            await h.click(who, post, good if right else bad)


async def insights(h: Harness, who: str, **options: Any) -> InteractionRecord:
    return await (await h.sim.command(h.member(who), h.channel("general"), "insights", **options)).settled()


async def test_a_manager_sees_every_team_with_intervals_a_heat_map_and_no_guesses(h: Harness) -> None:
    await play_three_days(h)
    h.clock.set(MONDAY_9 + 2 * DAY + timedelta(hours=3))
    record = await insights(h, "gerente")
    assert record.ephemeral, "insights never appear in a channel"
    embed = record.embeds()[0]
    assert embed["title"].startswith("🧭 Perspectivas · mes 2026-11")
    description = embed["description"]
    assert "**Caja** — participación 100%" in description and "**Ventas** — participación 100%" in description
    assert "primer intento 50% (" in description, "Ventas: 3 of 6 first attempts right, with its interval"
    assert "aún no hay datos suficientes para un paso más débil (2 de 10 intentos" in description
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert "Ninguna regla se activó" in fields[t("es", "insights.talks")]
    assert embed["image"]["url"] == "attachment://momentos-perspectivas.png"
    chart = record.messages[0].files["momentos-perspectivas.png"]
    assert chart.startswith(PNG)
    assert not record.messages[0].pinged_users, "names in insights never ping"


async def test_a_team_lead_sees_only_their_team_and_a_member_is_refused(h: Harness) -> None:
    await play_three_days(h)
    lead = h.guild.role("Líder Ventas")
    edited = await h.manager("team edit", name="Ventas", lead_role=lead)
    assert "líder: <@&" in edited.text()

    mine = await insights(h, "bruno")
    description = mine.embeds()[0]["description"]
    assert "**Ventas**" in description and "**Caja**" not in description
    assert "momentos-perspectivas.png" in mine.messages[0].files, "one team: the people × steps map"
    other = await insights(h, "bruno", team="Caja")
    assert "No ves ningún equipo llamado **Caja**" in other.text()

    refused = await insights(h, "ana")
    assert refused.ephemeral and "Este comando es para gerentes y para líderes de equipo" in refused.text()

    gone = await h.manager("team edit", name="Ventas", no_lead=True)
    assert "líder" not in gone.text()
    assert "Este comando es para gerentes" in (await insights(h, "bruno")).text()


async def test_one_team_and_one_step_narrow_what_is_shown(h: Harness) -> None:
    await play_three_days(h)
    rows = await h.rows("SELECT DISTINCT a.step FROM answers a ORDER BY a.step")
    step = rows[0]["step"]
    record = await insights(h, "gerente", team="Ventas", step=step, period="week")
    embed = record.embeds()[0]
    assert embed["title"].startswith("🧭 Perspectivas · semana 2026-W48 · " + str(step) + ".")
    assert "**Caja**" not in embed["description"]
    assert "1 intentos" in embed["description"] or "2 intentos" in embed["description"]


async def test_the_weekly_digest_goes_to_a_managers_only_channel_once(h: Harness) -> None:
    await play_three_days(h)
    public = await h.manager("config insights", channel=h.channel("general"))
    assert "lo puede leer cualquiera del servidor" in public.text(), "a public channel is refused"
    saved = await h.manager("config insights", channel=h.channel("gerencia"), day="thu", time="08:00")
    assert "Resumen de coaching: jueves a las **08:00**" in saved.text()
    shown = await h.manager("config show")
    digest = t("es", "config.digest.on", day="jueves", time="08:00", channel=f"<#{h.channel('gerencia').id}>")
    assert digest in shown.text(), "/config show says where and when the digest goes"

    await h.tick_at(MONDAY_9 + 3 * DAY - timedelta(hours=1, minutes=1))  # Thursday 07:59
    assert h.sim.messages(h.channel("gerencia")) == []
    await h.tick_at(MONDAY_9 + 3 * DAY - timedelta(minutes=59))  # Thursday 08:01
    sent = h.sim.messages(h.channel("gerencia"))
    assert len(sent) == 1
    embed = sent[0].embeds[0]
    assert embed["title"] == "🧭 Resumen de coaching · semana 2026-W48"
    assert "**Ventas** — participación 100%" in embed["description"]
    assert not sent[0].pinged_users and not sent[0].pinged_roles, "names in the digest never ping"
    assert not [m for m in h.sim.messages(h.channel("general")) if "Resumen de coaching" in m.text()]

    await h.restart_bot()
    await h.tick_at(MONDAY_9 + 3 * DAY + timedelta(hours=2))
    assert len(h.sim.messages(h.channel("gerencia"))) == 1, "never twice, restart or not"
    rows = await h.rows("SELECT week, status FROM digests")
    assert rows == [{"week": "2026-W48", "status": "posted"}]

    off = await h.manager("config insights", off=True)
    assert "desactivado" in off.text()
    assert t("es", "config.digest.none") in (await h.manager("config show")).text()


async def test_export_insights_is_one_row_per_team_and_step_with_every_n(h: Harness) -> None:
    await play_three_days(h)
    record = await h.manager("export insights", period="month")
    assert record.ephemeral, record.text()
    assert "**Perspectivas (equipo × paso)** · mes 2026-11: 6 filas" in record.text(), record.text()
    data = record.messages[0].files["momentos-insights-2026-11.csv"].decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    ventas = [row for row in rows if row["team"] == "Ventas"]
    assert len(ventas) == 3, "three days, three steps"
    assert {row["participation_answered"] for row in ventas} == {"2"} and {row["attempts"] for row in ventas} == {"2"}
    assert {row["first_try_right"] for row in ventas} == {"1"}, "Ana right, Bruno wrong, every day"
    assert all(row["weakest"] == "false" for row in rows), "2 attempts a step: no weakest step is named"
