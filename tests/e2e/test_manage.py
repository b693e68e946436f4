"""Managers run Momentos from Discord: teams, settings, first run — and nobody else can."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.discord.texts import t
from bot.simulator.interactions import OPTION_GROUP, OPTION_SUBCOMMAND, Upload
from bot.simulator.world import Guild
from tests.e2e.harness import Harness

NINE_AM = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday 09:00 in Mexico City
MANAGE_GUILD = 1 << 5


def manager_commands(commands: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every (path, options) of the synced command tree whose command is hidden behind Manage Server."""
    found = []
    for command in commands:
        permissions = command.get("default_member_permissions")
        if permissions is None or not int(permissions) & MANAGE_GUILD:
            continue
        stack: list[tuple[str, list[dict[str, Any]]]] = [(command["name"], command.get("options") or [])]
        while stack:
            path, options = stack.pop()
            nested = [o for o in options if o["type"] in (OPTION_SUBCOMMAND, OPTION_GROUP)]
            if not nested:
                found.append((path, options))
            stack.extend((f"{path} {o['name']}", o.get("options") or []) for o in nested)
    return sorted(found, key=lambda entry: entry[0])


def sample_value(option: dict[str, Any], guild: Guild) -> Any:
    """A plausible value a person could send for an option."""
    if option.get("choices"):
        return option["choices"][0]["value"]
    kind = option["type"]
    if kind == 3:
        return {"time": "10:00", "timezone": "UTC", "date": "2026-11-24"}.get(option["name"], "Ventas")
    if kind in (4, 10):
        return max(1, int(option.get("min_value", 1)))
    if kind == 5:
        return True
    if kind == 6:
        return guild.member("diego")
    if kind == 7:
        return guild.channel("general")
    if kind == 8:
        return guild.role("Caja")
    if kind == 11:
        return Upload("pack.yaml", b"format: momentos.pack/1\n")
    raise AssertionError(f"no sample for option type {kind}")


async def test_every_manager_command_refuses_a_member_without_authority(harness: Harness) -> None:
    await harness.setup_two_teams()
    commands = manager_commands(harness.sim.commands[None])
    assert len(commands) >= 12, [path for path, _ in commands]
    before = await harness.rows("SELECT * FROM guild_settings")
    teams_before = await harness.rows("SELECT * FROM teams")
    for path, options in commands:
        values = {o["name"]: sample_value(o, harness.guild) for o in options if o.get("required")}
        record = await harness.sim.command(
            harness.member("ana"), harness.channel("general"), path, ignore_default_permissions=True, **values
        )
        await record.settled()
        assert record.ephemeral and "para gerentes" in record.text(), (path, record.text())
    assert await harness.rows("SELECT * FROM guild_settings") == before
    assert await harness.rows("SELECT * FROM teams") == teams_before
    assert await harness.rows("SELECT * FROM posts") == []


async def test_the_manager_role_grants_and_loses_authority(harness: Harness) -> None:
    carla = harness.member("carla")
    general = harness.channel("general")
    refused = await (await harness.sim.command(carla, general, "team list", ignore_default_permissions=True)).settled()
    assert "para gerentes" in refused.text()
    saved = await harness.manager("config manager-role", role=harness.guild.role("Caja"))
    assert f"<@&{harness.guild.role('Caja').id}>" in saved.text()
    allowed = await (await harness.sim.command(carla, general, "team list", ignore_default_permissions=True)).settled()
    assert "Aún no hay equipos" in allowed.text()
    await harness.manager("config manager-role")
    again = await (await harness.sim.command(carla, general, "team list", ignore_default_permissions=True)).settled()
    assert "para gerentes" in again.text()


async def test_teams_are_edited_and_removed_keeping_their_history(harness: Harness) -> None:
    await harness.setup_two_teams()
    await harness.tick_at(NINE_AM)
    post = harness.post_in("caja")
    _, right, _ = await harness.item_of(post)
    await harness.click("carla", post, right)

    clash = await harness.manager("team edit", name="caja", channel=harness.channel("ventas"))
    assert "ya es el canal del equipo **Ventas**" in clash.text()
    renamed = await harness.manager("team edit", name="caja", new_name="Cajas y devoluciones")
    assert "Equipo **Cajas y devoluciones** actualizado" in renamed.text()
    nothing = await harness.manager("team edit", name="Ventas")
    assert "No indicaste nada que cambiar" in nothing.text()
    removed = await harness.manager("team remove", name="cajas y devoluciones")
    assert "Su historial" in removed.text()
    listing = await harness.manager("team list")
    assert "Ventas" in listing.text() and "Cajas" not in listing.text()

    await harness.tick_at(NINE_AM + timedelta(days=1))
    assert len([m for m in harness.sim.messages(harness.channel("caja")) if m.custom_ids]) == 1, "no new post"
    assert len(harness.sim.messages(harness.channel("ventas"))) == 2
    people = await (
        await harness.sim.command(
            harness.member("ana"), harness.channel("general"), "leaderboard", board="people", period="all"
        )
    ).settled()
    assert f"<@{harness.member('carla').user.id}>" in people.text(), "the member's points are still hers"
    assert (await harness.rows("SELECT name FROM teams WHERE removed_at IS NOT NULL")) == [
        {"name": "Cajas y devoluciones"}
    ]


async def test_language_reflections_and_announcements_settings(harness: Harness) -> None:
    await harness.setup_two_teams()
    english = await harness.manager("config language", language="en")
    assert "Idioma de las publicaciones: inglés" in english.text()
    await harness.tick_at(NINE_AM)
    fields = {f["name"] for f in harness.post_in("ventas").embeds[0]["fields"]}
    assert fields == {t("en", "post.deadline")}, "posts follow the server's language"

    visibility = await harness.manager("config reflections", visibility="immediate")
    assert "de inmediato" in visibility.text()
    saved = await harness.manager("config announcements", day="wed", time="10:30", channel=harness.channel("ventas"))
    assert "los miércoles a las 10:30" in saved.text() and f"<#{harness.channel('ventas').id}>" in saved.text()
    shown = await harness.manager("config show")
    text = shown.text()
    assert "inglés" in text and "reflexiones visibles de inmediato" in text and "miércoles a las 10:30" in text

    _, right, _ = await harness.item_of(harness.post_in("ventas"))
    harness.clock.set(NINE_AM + timedelta(minutes=10))
    await harness.click("ana", harness.post_in("ventas"), right)
    await harness.tick_at(NINE_AM + timedelta(days=2, hours=1, minutes=30))  # Wednesday 10:30
    announcement = await harness.sim.wait_for_message(harness.channel("ventas"), lambda m: bool(m.attachments))
    assert "Results of week 2026-W48" in announcement.text(), "announcements use the server's language too"


async def test_a_new_server_gets_the_three_first_commands(harness: Harness) -> None:
    guild = await harness.sim.join_guild(
        {
            "name": "Nueva",
            "locale": "es-ES",
            "channels": [{"name": "bienvenida"}, {"name": "otro"}],
            "members": [{"name": "dueña", "owner": True}],
        }
    )
    welcome = await harness.sim.wait_for_message(guild.channel("bienvenida"))
    ids = {command["name"]: command["id"] for command in harness.sim.commands[None]}
    # Command mentions: each reader's client shows them in their language (/equipo crear) and runs them on a click.
    for path in ("team add", "config schedule", "config show"):
        assert f"</{path}:{ids[path.split()[0]]}>" in welcome.content, welcome.content
    assert not welcome.pinged_users and not welcome.pinged_everyone


@pytest.mark.parametrize("locale", ["es-ES", "en-US"])
async def test_config_show_speaks_the_managers_language(harness: Harness, locale: str) -> None:
    harness.member("gerente").locale = locale
    shown = await harness.manager("config show")
    assert ("Sin horario" in shown.text()) == (locale == "es-ES")
    assert ("No schedule" in shown.text()) == (locale == "en-US")


async def test_a_schedule_set_after_todays_post_time_says_the_post_goes_out_now(harness: Harness) -> None:
    h = harness
    h.clock.set(NINE_AM + timedelta(hours=1))  # Monday 10:00 in Mexico City, nothing posted yet today
    now = int(h.clock.now().timestamp())
    tomorrow = int((NINE_AM + timedelta(days=1)).timestamp())

    await h.setup_two_teams(time="09:00")
    saved = await h.manager("config schedule", time="09:00", timezone="America/Mexico_City")

    assert f"<t:{now}:F>" in saved.text(), saved.text()  # today's post is caught up at once, not tomorrow
    assert len(await h.tick_at(h.clock.now())) == 2
    shown = await h.manager("config show")
    assert f"<t:{tomorrow}:F>" in shown.text(), shown.text()  # once posted, the next one is tomorrow's
