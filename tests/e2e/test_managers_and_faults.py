"""Managers, catch-up after downtime, crashes, Discord faults and hostile text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.discord.texts import t
from bot.simulator.interactions import SimulatorUsageError
from tests.e2e.harness import Harness

NINE_AM = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday 09:00 in Mexico City


@pytest.mark.parametrize(
    ("path", "options"),
    [
        ("team add", {"name": "Intrusos", "channel": "general", "role": "Ventas"}),
        ("team list", {}),
        ("config schedule", {"time": "07:00", "timezone": "UTC"}),
        ("config show", {}),
        ("challenge post", {}),
    ],
)
async def test_non_managers_are_refused_on_the_server_side(
    harness: Harness, path: str, options: dict[str, str]
) -> None:
    resolved = {
        key: harness.channel(value) if key == "channel" else harness.guild.role(value) if key == "role" else value
        for key, value in options.items()
    }
    with pytest.raises(SimulatorUsageError, match="hidden"):
        await harness.sim.command(harness.member("ana"), harness.channel("general"), path, **resolved)
    # A server admin can override the default permissions; the bot must still refuse.
    record = await harness.sim.command(
        harness.member("ana"), harness.channel("general"), path, ignore_default_permissions=True, **resolved
    )
    await record.settled()
    assert record.ephemeral and "para gerentes" in record.text()
    assert await harness.rows("SELECT * FROM teams") == []
    assert (await harness.rows("SELECT COUNT(*) AS n FROM guild_settings WHERE post_time IS NOT NULL"))[0]["n"] == 0
    assert await harness.rows("SELECT * FROM posts") == []


async def test_team_add_refuses_clashes_and_bad_roles(harness: Harness) -> None:
    await harness.setup_two_teams()
    same_name = await harness.manager(
        "team add", name="  ventas ", channel=harness.channel("general"), role=harness.guild.role("Caja")
    )
    assert "Ya existe un equipo llamado **Ventas**" in same_name.text()
    same_channel = await harness.manager(
        "team add", name="Otro", channel=harness.channel("caja"), role=harness.guild.role("Caja")
    )
    assert "ya es el canal del equipo **Caja**" in same_channel.text()
    everyone = await harness.manager(
        "team add", name="Todos", channel=harness.channel("general"), role=harness.guild.roles[harness.guild.id]
    )
    assert "Elige un rol de equipo" in everyone.text()
    listing = await harness.manager("team list")
    assert "**Caja**" in listing.text() and "**Ventas**" in listing.text() and "Todos" not in listing.text()


async def test_config_schedule_validates_and_shows_the_next_post(harness: Harness) -> None:
    bad_zone = await harness.manager("config schedule", time="09:00", timezone="Mars/Olympus")
    assert bad_zone.ephemeral and "Mars/Olympus" in bad_zone.text() and "IANA" in bad_zone.text()
    bad_time = await harness.manager("config schedule", time="25:00", timezone="UTC")
    assert "25:00" in bad_time.text()
    bad_days = await harness.manager("config schedule", time="09:00", timezone="UTC", weekdays="funday")
    assert "funday" in bad_days.text()
    assert (await harness.rows("SELECT COUNT(*) AS n FROM guild_settings WHERE post_time IS NOT NULL"))[0]["n"] == 0

    ok = await harness.manager(
        "config schedule", time="9:30", timezone="Europe/Madrid", weekdays="lun,mie,vie", window="2h"
    )
    assert "lun, mié, vie a las **09:30** (Europe/Madrid)" in ok.text()
    assert "2 h" in ok.text()
    # Monday 2026-11-23 14:50 UTC is 15:50 in Madrid, so the next post is Wednesday 09:30 CET = 08:30 UTC.
    assert f"<t:{int(datetime(2026, 11, 25, 8, 30, tzinfo=UTC).timestamp())}:F>" in ok.text()

    choices = await harness.sim.autocomplete(
        harness.member("gerente"), harness.channel("general"), "config schedule", "timezone", timezone="mexico"
    )
    assert "America/Mexico_City" in [choice["value"] for choice in choices]


async def test_config_show_flags_what_is_missing(harness: Harness) -> None:
    empty = await harness.manager("config show")
    assert "Sin horario" in empty.text() and "Sin equipos" in empty.text()
    await harness.setup_two_teams()
    await harness.sim.set_permissions(harness.channel("caja"), harness.guild.role("Momentos"), deny=["send_messages"])
    shown = await harness.manager("config show")
    text = shown.text()
    assert "Sin horario" not in text and "Sin equipos" not in text
    # Discord takes Embed Links and Attach Files away with Send Messages; /config show names all three.
    missing = ", ".join(t("es", f"permission.{name}") for name in ("send_messages", "embed_links", "attach_files"))
    assert t("es", "team.cannot_post", channel=f"<#{harness.channel('caja').id}>", missing=missing) in text
    assert f"<#{harness.channel('ventas').id}>" not in text.split("Por revisar")[1]


async def test_config_show_checks_every_permission_the_day_needs(harness: Harness) -> None:
    """Regression: /config show checked 4 permissions while threads and the weekly chart need 7 (doctor's list)."""
    await harness.setup_two_teams()
    bot_role = harness.guild.role("Momentos")
    await harness.sim.set_permissions(harness.channel("ventas"), bot_role, deny=["create_public_threads"])
    await harness.sim.set_permissions(harness.channel("caja"), bot_role, deny=["attach_files"])
    text = (await harness.manager("config show")).text()
    for channel, name in (("ventas", "create_public_threads"), ("caja", "attach_files")):
        missing = t("es", f"permission.{name}")
        assert t("es", "team.cannot_post", channel=f"<#{harness.channel(channel).id}>", missing=missing) in text
    assert t("es", "config.all_good") not in text


async def test_challenge_post_forces_todays_post_once(harness: Harness) -> None:
    await harness.setup_two_teams()
    first = await harness.manager("challenge post")
    assert first.ephemeral
    assert "**Ventas**: publicado" in first.text() and "**Caja**: publicado" in first.text()
    again = await harness.manager("challenge post", team="ventas")
    assert "**Ventas**: ya tiene el reto de hoy" in again.text() and "Caja" not in again.text()
    unknown = await harness.manager("challenge post", team="Bodega")
    assert "No hay ningún equipo llamado **Bodega**" in unknown.text()
    await harness.tick_at(NINE_AM)
    assert len(harness.sim.messages(harness.channel("ventas"))) == 1, "the schedule does not post a second time"
    triggers = await harness.rows("SELECT trigger_kind FROM posts")
    assert [row["trigger_kind"] for row in triggers] == ["manual", "manual"]


async def test_missed_post_is_caught_up_once_the_same_day_and_never_the_next(harness: Harness) -> None:
    await harness.setup_two_teams()
    await harness.stop_bot()
    harness.clock.set(NINE_AM + timedelta(hours=2))  # down at 09:00, back at 11:00
    await harness.start_bot(scheduler_loop=True)  # the real start-up path: ready, recover, tick
    await harness.sim.wait_for_message(harness.channel("ventas"))
    await harness.sim.wait_for_message(harness.channel("caja"))
    await harness.restart_bot(scheduler_loop=True)
    await harness.running.scheduler.tick()
    assert len(harness.sim.messages(harness.channel("ventas"))) == 1
    assert len(harness.sim.messages(harness.channel("caja"))) == 1
    await harness.restart_bot()

    # Down all of Tuesday's post time, back Wednesday 08:30: Tuesday is not posted late.
    await harness.stop_bot()
    harness.clock.set(NINE_AM + timedelta(days=1, hours=-1))
    harness.clock.set(NINE_AM + timedelta(days=2, minutes=-30))
    await harness.start_bot()
    assert await harness.running.scheduler.tick() == []
    await harness.tick_at(NINE_AM + timedelta(days=2))
    dates = await harness.rows("SELECT DISTINCT local_date FROM posts ORDER BY local_date")
    assert [row["local_date"] for row in dates] == ["2026-11-23", "2026-11-25"]


async def test_weekend_is_not_posted(harness: Harness) -> None:
    await harness.setup_two_teams()
    saturday = NINE_AM + timedelta(days=5)
    assert await harness.tick_at(saturday) == []
    assert await harness.tick_at(saturday + timedelta(days=1)) == []
    assert len(await harness.tick_at(saturday + timedelta(days=2))) == 2


async def test_background_loop_posts_without_a_manual_tick(harness: Harness) -> None:
    await harness.setup_two_teams()
    await harness.restart_bot(scheduler_loop=True)
    harness.clock.set(NINE_AM)
    harness.running.scheduler.poke()
    message = await harness.sim.wait_for_message(harness.channel("caja"), timeout=5)
    assert message.embeds and message.custom_ids


async def test_spring_forward_does_not_skip_and_fall_back_does_not_double(harness: Harness) -> None:
    await harness.setup_two_teams(time="02:30", timezone="Europe/Madrid")
    # 2026-03-29 (Sunday: use all days) Madrid jumps 02:00 -> 03:00; 02:30 does not exist.
    await harness.manager("config schedule", time="02:30", timezone="Europe/Madrid", weekdays="todos")
    assert await harness.tick_at(datetime(2026, 3, 29, 0, 59, tzinfo=UTC)) == []  # 01:59 CET
    assert len(await harness.tick_at(datetime(2026, 3, 29, 1, 0, tzinfo=UTC))) == 2  # 03:00 CEST
    # 2026-10-25 Madrid goes back 03:00 -> 02:00; 02:30 happens twice.
    assert len(await harness.tick_at(datetime(2026, 10, 25, 0, 30, tzinfo=UTC))) == 2  # first 02:30 (CEST)
    assert await harness.tick_at(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == []  # second 02:30 (CET)
    dates = await harness.rows("SELECT local_date, COUNT(*) AS n FROM posts GROUP BY local_date ORDER BY local_date")
    assert [(row["local_date"], row["n"]) for row in dates] == [("2026-03-29", 2), ("2026-10-25", 2)]


async def test_a_broken_channel_spares_other_teams_and_tells_managers_once(harness: Harness) -> None:
    await harness.setup_two_teams()
    caja = harness.channel("caja")
    bot_role = harness.guild.role("Momentos")
    await harness.sim.set_permissions(caja, bot_role, deny=["send_messages"])

    await harness.tick_at(NINE_AM)
    assert len(harness.sim.messages(harness.channel("ventas"))) == 1
    assert harness.sim.messages(caja) == []
    warnings = [m for m in harness.sim.messages(harness.channel("general")) if "No pude publicar" in m.text()]
    assert len(warnings) == 1 and "**Caja**" in warnings[0].text() and "me faltan permisos" in warnings[0].text()

    await harness.tick_at(NINE_AM + timedelta(minutes=6))  # first retry, still broken
    await harness.tick_at(NINE_AM + timedelta(minutes=25))  # second retry, still broken
    warnings = [m for m in harness.sim.messages(harness.channel("general")) if "No pude publicar" in m.text()]
    assert len(warnings) == 1, "managers are told once, not at every retry"
    assert (await harness.rows("SELECT attempts, status FROM posts WHERE channel_id = ?", caja.id))[0] == {
        "attempts": 3,
        "status": "failed",
    }

    await harness.sim.set_permissions(caja, bot_role)
    await harness.tick_at(NINE_AM + timedelta(hours=2))
    assert len(harness.sim.messages(caja)) == 1
    assert (await harness.rows("SELECT status FROM posts WHERE channel_id = ?", caja.id))[0]["status"] == "posted"


async def test_rate_limited_post_is_retried_and_not_doubled(harness: Harness) -> None:
    await harness.setup_two_teams()
    ventas = harness.channel("ventas")
    fault = harness.sim.faults.add(
        rf"^/channels/{ventas.id}/messages$", method="POST", status=429, times=2, retry_after=0.05
    )
    await harness.tick_at(NINE_AM)
    assert fault.hits == 2
    assert len(harness.sim.messages(ventas)) == 1
    assert (await harness.rows("SELECT status FROM posts WHERE channel_id = ?", ventas.id))[0]["status"] == "posted"


async def test_a_crash_after_sending_adopts_the_message_instead_of_posting_twice(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await harness.setup_two_teams()
    from bot.services.posting import PostingService

    async def crash(*_: object, **__: object) -> None:
        raise RuntimeError("power cut right after Discord accepted the message")

    monkeypatch.setattr(PostingService, "posted", crash)
    await harness.tick_at(NINE_AM)
    monkeypatch.undo()
    assert len(harness.sim.messages(harness.channel("ventas"))) == 1
    statuses = await harness.rows("SELECT status FROM posts")
    assert {row["status"] for row in statuses} == {"sending"}

    await harness.restart_bot()
    await harness.running.scheduler.recover()
    assert len(harness.sim.messages(harness.channel("ventas"))) == 1
    rows = await harness.rows("SELECT status, message_id FROM posts WHERE channel_id = ?", harness.channel("ventas").id)
    assert rows[0]["status"] == "posted" and rows[0]["message_id"] == harness.post_in("ventas").id
    _, right, _ = await harness.item_of(harness.post_in("ventas"))
    record = await harness.click("ana", harness.post_in("ventas"), right)
    assert "¡Correcto!" in record.text()
    assert len(await harness.rows("SELECT * FROM answers")) == 1


async def test_user_text_never_pings(harness: Harness) -> None:
    hostile = "@everyone <@&1> **x**"
    await harness.manager(
        "team add", name=hostile, channel=harness.channel("ventas"), role=harness.guild.role("Ventas")
    )
    await harness.manager("config schedule", time="09:00", timezone="America/Mexico_City")
    await harness.tick_at(NINE_AM)
    await harness.manager("challenge post")
    post = harness.post_in("ventas")
    await harness.click("ana", post, 0)
    await harness.click("diego", post, 0)
    board = await harness.sim.command(harness.member("ana"), harness.channel("general"), "leaderboard")
    await board.settled()
    listing = await harness.manager("team list")
    everything = list(harness.world.messages.values())
    assert len(everything) >= 6
    assert not any(m.pinged_everyone or m.pinged_roles or m.pinged_users for m in everything)
    for shown in (board.text(), listing.text()):
        assert "@everyone <@&1> \\*\\*x\\*\\*" in shown, "user text is shown verbatim, markdown escaped"
    assert hostile in post.text()
    sends = 0
    for call in harness.sim.calls:
        if call.method not in ("POST", "PATCH") or not isinstance(call.body, dict):
            continue
        body = call.body.get("data") if call.path.startswith("/interactions/") else call.body
        if isinstance(body, dict) and ("content" in body or "embeds" in body):
            sends += 1
            assert body.get("allowed_mentions", {}).get("parse") == [], call
    assert sends >= 6, "every message the bot sent carried allowed_mentions with nothing to parse"
