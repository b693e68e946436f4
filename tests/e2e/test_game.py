"""The game rules through the real bot: reflections, kudos, highlights, the close of the day and of the week."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.discord.features.daily.embeds import quoted_source, trains
from bot.discord.texts import t
from bot.domain.model import Catalog
from bot.domain.settings import GameRules, Visibility
from bot.services.reflections import MAX_REFLECTION
from tests.e2e.harness import WORLD, Harness, running

MONDAY_0850 = datetime(2026, 11, 23, 14, 50, tzinfo=UTC)
NINE_AM = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday 09:00 in Mexico City
SCENARIO = "promesas.fiesta-cancelada"
LONG = (
    "Le prometí a un cliente llamarlo el jueves con el precio y lo olvidé. El viernes me buscó molesto; "
    "desde entonces anoto cada promesa y aviso antes si no voy a poder cumplirla."
)


@pytest.fixture
async def game(tmp_path: Path, catalog: Catalog) -> AsyncIterator[Harness]:
    """A harness whose library holds only the broken-promise scenario, so every day is a scenario day."""
    only = replace(catalog, items={SCENARIO: catalog.items[SCENARIO]})
    async with running(WORLD, only, tmp_path / "game.db", MONDAY_0850) as h:
        yield h


async def reflect(h: Harness, who: str, text: str) -> str:
    post = h.post_in("ventas")
    button = next(c for c in post.custom_ids if c.startswith("momentos:reflect:"))
    opened = await (await h.sim.click(h.member(who), post, button)).settled()
    if opened.modal is None:
        return opened.text()
    return (await (await h.sim.submit_modal(h.member(who), opened, {"texto": text})).settled()).text()


async def test_a_scenario_day_reflections_kudos_highlight_and_the_reveal(game: Harness) -> None:
    await game.setup_two_teams()
    await game.tick_at(NINE_AM)
    post = game.post_in("ventas")
    assert any(c.startswith("momentos:reflect:") for c in post.custom_ids)
    _, right, wrong = await game.item_of(post)
    game.clock.set(NINE_AM + timedelta(minutes=30))
    await game.click("ana", post, right)
    await game.click("bruno", post, wrong)

    # Discord's form enforces the 80 characters, but spaces count there and not for us: nothing typed is lost.
    short = await reflect(game, "ana", "Prometo cumplir mis promesas." + " " * 60)
    assert "tiene 29 caracteres y se necesitan al menos 80" in short and "Prometo cumplir mis promesas." in short
    assert "Gracias por tu reflexión: +30 puntos" in await reflect(game, "ana", LONG)
    assert "cuando cierre" in await reflect(game, "bruno", LONG.replace("jueves", "martes"))
    assert "Ya escribiste tu reflexión" in await reflect(game, "ana", LONG)
    assert "cerró" not in await reflect(game, "elena", LONG.replace("cliente", "clienta"))
    assert game.sim.thread_of(post) is None, "after_close: nobody sees reflections before the close"

    await game.tick_at(NINE_AM + timedelta(hours=8))
    revealed = game.world.messages[post.id]
    fields = {f["name"]: f["value"] for f in revealed.embeds[0]["fields"]}
    assert fields["Respuesta correcta"].startswith(f"**{'ABCDE'[right]}.**")
    assert "(2 respuestas)" in next(name for name in fields if name.startswith("Cómo respondió"))
    item = game.catalog.items[SCENARIO]
    assert fields[t("es", "reveal.trains")] == trains(item, game.catalog, "es")
    assert "propuesto por el equipo de Momentos" in fields[t("es", "reveal.trains")], "step 8 is the team's, said so"
    assert fields[t("es", "reveal.source")] == quoted_source(item, "es"), "the reveal quotes the base text"
    buttons = {c["label"]: c.get("disabled") for row in revealed.components for c in row["components"]}
    review = buttons.pop(t("es", "review.button"))
    assert all(buttons.values()) and not review, "answers and reflections close; reviews stay open"
    thread = game.sim.thread_of(post)
    assert thread is not None
    shown = [m for m in game.sim.messages(thread) if m.embeds]
    assert len(shown) == 3
    assert not any(m.pinged_users or m.pinged_roles or m.pinged_everyone for m in shown)
    by_author = {int(m.embeds[0]["description"].split(">")[0].removeprefix("<@")): m for m in shown}
    ana_id, bruno_id = game.member("ana").user.id, game.member("bruno").user.id

    kudos = next(c for c in by_author[ana_id].custom_ids if c.startswith("momentos:kudos:"))
    own = await (await game.sim.click(game.member("ana"), by_author[ana_id], kudos)).settled()
    assert "No puedes darte kudos a ti mismo" in own.text()
    outsider = await (await game.sim.click(game.member("carla"), by_author[ana_id], kudos)).settled()
    assert outsider.text() == t("es", "kudos.not_teammate", team="Ventas"), "kudos are refused as kudos, not answers"
    given = await (await game.sim.click(game.member("bruno"), by_author[ana_id], kudos)).settled()
    assert f"<@{ana_id}> suma +5" in given.text()
    await game.eventually(lambda: "👏 1" in game.world.messages[by_author[ana_id].id].text())

    star = next(c for c in by_author[bruno_id].custom_ids if c.startswith("momentos:highlight:"))
    refused = await (await game.sim.click(game.member("ana"), by_author[bruno_id], star)).settled()
    assert refused.text() == t("es", "highlight.not_manager"), "a button, not a command"
    done = await (await game.sim.click(game.member("gerente"), by_author[bruno_id], star)).settled()
    assert f"<@{bruno_id}> suma +50" in done.text()
    note = await game.sim.wait_for_message(game.channel("ventas"), lambda m: "⭐" in m.content)
    assert "destacó la reflexión" in note.content and not note.pinged_users

    events = await game.rows("SELECT user_id, kind, points FROM point_events WHERE kind NOT IN ('answer', 'speed')")
    assert sorted((row["kind"], row["user_id"], row["points"]) for row in events) == sorted(
        [
            ("reflection", ana_id, 30),
            ("reflection", bruno_id, 30),
            ("reflection", game.member("elena").user.id, 30),
            ("kudos", ana_id, 5),
            ("highlight", bruno_id, 50),
        ]
    )
    me = await (await game.sim.command(game.member("ana"), game.channel("general"), "me")).settled()
    assert "1 reflexiones · 1 kudos recibidos" in me.text()


async def test_immediate_visibility_shows_a_reflection_at_once(game: Harness) -> None:
    await game.setup_two_teams()
    await game.storage.guilds.save_rules(
        game.guild.id, GameRules(visibility=Visibility.IMMEDIATE), NINE_AM
    )
    await game.tick_at(NINE_AM)
    assert "tu reflexión" in (await reflect(game, "ana", LONG)).lower()
    thread = await game.eventually(lambda: game.sim.thread_of(game.post_in("ventas")))
    shown = await game.eventually(lambda: [m for m in game.sim.messages(thread) if m.embeds])
    assert len(shown) == 1 and LONG in shown[0].text()


async def test_managers_only_visibility_never_opens_a_thread(game: Harness) -> None:
    await game.setup_two_teams()
    await game.storage.guilds.save_rules(
        game.guild.id, GameRules(visibility=Visibility.MANAGERS_ONLY), NINE_AM
    )
    await game.tick_at(NINE_AM)
    assert "Solo la verán los gerentes" in await reflect(game, "ana", LONG)
    await game.tick_at(NINE_AM + timedelta(hours=8))
    assert game.sim.thread_of(game.post_in("ventas")) is None


async def test_the_weekly_announcement_is_posted_once_even_across_a_restart(game: Harness) -> None:
    await game.setup_two_teams()
    for day in range(5):
        await game.tick_at(NINE_AM + timedelta(days=day))
        post = game.post_in("ventas")
        _, right, _ = await game.item_of(post)
        game.clock.set(NINE_AM + timedelta(days=day, hours=1))
        await game.click("ana", post, right)
        caja = game.post_in("caja")
        await game.click("carla", caja, right)
    friday_1700 = NINE_AM + timedelta(days=4, hours=8)
    await game.stop_bot()
    game.clock.set(friday_1700 + timedelta(minutes=1))  # down at announcement time, back a minute later
    await game.start_bot(scheduler_loop=True)
    general = game.channel("general")
    announcement = await game.sim.wait_for_message(general, lambda m: bool(m.attachments), timeout=10)
    assert announcement.attachments[0]["filename"].endswith(".png")
    assert next(iter(announcement.files.values())).startswith(b"\x89PNG")
    text = announcement.text()
    assert "Resultados de la semana 2026-W48" in text
    totals = await game.rows(
        "SELECT t.name, SUM(p.points) AS total FROM point_events p JOIN teams t ON t.team_id = p.team_id"
        " GROUP BY t.name ORDER BY t.name"
    )
    for row in totals:
        line = next(line for line in text.splitlines() if f"**{row['name']}**" in line)
        assert f"total {row['total']}" in line, line
    await game.restart_bot(scheduler_loop=True)
    await game.running.scheduler.tick()
    manual = await game.manager("week announce")
    assert "ya está publicado" in manual.text()
    assert len([m for m in game.sim.messages(general) if m.attachments]) == 1
    stored = await game.rows("SELECT week, status FROM announcements")
    assert stored == [{"week": "2026-W48", "status": "posted"}]


async def test_the_optional_reminder_comes_once_at_80_percent_of_the_window(game: Harness) -> None:
    await game.setup_two_teams()
    await game.manager("config schedule", time="09:00", timezone="America/Mexico_City", reminder=True)
    await game.tick_at(NINE_AM)
    await game.tick_at(NINE_AM + timedelta(hours=6, minutes=23))
    assert not [m for m in game.sim.messages(game.channel("ventas")) if "⏰" in m.content]
    await game.tick_at(NINE_AM + timedelta(hours=6, minutes=24))  # 80% of 8 hours
    await game.tick_at(NINE_AM + timedelta(hours=7))
    reminders = [m for m in game.sim.messages(game.channel("ventas")) if "⏰" in m.content]
    assert len(reminders) == 1 and "**Ventas**" in reminders[0].content and not reminders[0].pinged_roles


async def test_boards_by_step_past_weeks_and_pauses(game: Harness) -> None:
    await game.setup_two_teams()
    await game.tick_at(NINE_AM)
    post = game.post_in("ventas")
    _, right, _ = await game.item_of(post)
    await game.click("ana", post, right)
    await game.click("carla", game.post_in("caja"), right)

    steps = await (
        await game.sim.command(game.member("ana"), game.channel("general"), "leaderboard", board="steps")
    ).settled()
    lines = steps.text().splitlines()
    assert "Los 10 pasos · semana 2026-W48" in lines[0]
    step_line = next(line for line in lines if line.startswith("**8. "))
    # Both teams scored 140 per person: a shared first place, the leader named by alphabetical order.
    assert "líder: **Caja** (140.0)" in step_line and "tu equipo: 1.º" in step_line
    assert sum("nadie aún" in line for line in lines) == 9

    one_step = await (
        await game.sim.command(game.member("ana"), game.channel("general"), "leaderboard", step=3)
    ).settled()
    assert "Paso 3" in one_step.text() and "Todavía no hay puntos" in one_step.text()
    people = await (
        await game.sim.command(game.member("ana"), game.channel("general"), "leaderboard", board="people", team="caja")
    ).settled()
    assert (
        f"<@{game.member('carla').user.id}>" in people.text()
        and f"<@{game.member('ana').user.id}>" not in people.text()
    )

    game.clock.set(NINE_AM + timedelta(days=7))
    last = await (
        await game.sim.command(game.member("ana"), game.channel("general"), "leaderboard", period="last-week")
    ).settled()
    assert "semana 2026-W48" in last.text() and "total 140" in last.text()
    past = await (
        await game.sim.command(game.member("ana"), game.channel("general"), "leaderboard", week="2026-W48")
    ).settled()
    assert past.text() == last.text()
    bad = await (
        await game.sim.command(game.member("ana"), game.channel("general"), "leaderboard", week="2026-W99")
    ).settled()
    assert bad.ephemeral and "no es una semana ISO" in bad.text()

    paused = await (
        await game.sim.command(game.member("ana"), game.channel("general"), "me", pause_until="2026-12-20")
    ).settled()
    assert paused.ephemeral and "Pausa registrada hasta el 2026-12-20" in paused.text()
    assert await game.rows("SELECT start_date, end_date FROM pauses") == [
        {"start_date": "2026-11-30", "end_date": "2026-12-20"}
    ]
    too_far = await (
        await game.sim.command(game.member("ana"), game.channel("general"), "me", pause_until="2027-06-01")
    ).settled()
    assert "no es una fecha válida" in too_far.text()


async def test_a_manager_uploads_downloads_and_resets_the_scoring_rules(game: Harness) -> None:
    from bot.simulator.interactions import Upload

    await game.setup_two_teams()
    current = await game.manager("config scoring")
    assert "reglas actuales" in current.text()
    downloaded = current.messages[0].files["scoring.yaml"].decode()
    assert "format: momentos.scoring/1" in downloaded and "correct: 100" in downloaded

    broken = Upload(
        "reglas.yaml", b"format: momentos.scoring/1\nquiz:\n  correct: 30\nspeed_bonus:\n  max: 40\n  minuto: 5\n"
    )
    refused = await game.manager("config scoring", file=broken)
    assert "1 problema(s); no se cambió nada" in refused.text()
    unknown = "reglas.yaml:6:3: speed_bonus.minuto: la clave 'minuto' no existe; ¿quisiste decir 'minutes'?"
    assert unknown in refused.text()
    fixed = Upload("reglas.yaml", broken.data.replace(b"minuto", b"minutes"))
    promise = await game.manager("config scoring", file=fixed)
    assert "reglas.yaml:5:8: speed_bonus.max: el extra por rapidez debe quedar por debajo" in promise.text()
    assert await game.rows("SELECT scoring FROM guild_settings WHERE scoring IS NOT NULL") == []

    good = Upload(
        "reglas.yaml",
        b"format: momentos.scoring/1\nquiz:\n  correct: 50\nspeed_bonus:\n  max: 0\nreflections_visible: immediate\n",
    )
    saved = await game.manager("config scoring", file=good)
    assert "Reglas guardadas: correcta 50" in saved.text() and "visibles: immediate" in saved.text()
    await game.tick_at(NINE_AM)
    post = game.post_in("ventas")
    _, right, _ = await game.item_of(post)
    assert "¡Correcto! +50 puntos" in (await game.click("ana", post, right)).text()

    reset = await game.manager("config scoring", reset=True)
    assert "valores por defecto" in reset.text()
    rules = await game.rows("SELECT scoring FROM guild_settings WHERE guild_id = ?", game.guild.id)
    assert rules == [{"scoring": None}]


async def test_a_forged_reflection_longer_than_the_form_is_refused_whole_and_handed_back(game: Harness) -> None:
    """Regression: a submission past the form's 1,500 characters (only a forged form sends one) was cut and stored."""
    await game.setup_two_teams()
    await game.tick_at(NINE_AM)
    post = game.post_in("ventas")
    button = next(c for c in post.custom_ids if c.startswith("momentos:reflect:"))
    opened = await (await game.sim.click(game.member("ana"), post, button)).settled()
    text = (LONG + " ") * 14 + "Y esta es la última frase, la que un corte silencioso habría perdido."
    assert len(text) > MAX_REFLECTION
    record = await (await game.sim.submit_modal(game.member("ana"), opened, {"texto": text}, forge=True)).settled()
    refusal = t("es", "reflect.too_long", length=len(text.strip()), max=MAX_REFLECTION)
    assert record.ephemeral and record.text().startswith(refusal), record.text()
    handed_back = next(iter(record.messages[0].files.values())).decode()  # too long to quote in a message
    assert handed_back == text.strip(), "the whole text comes back, nothing cut"
    assert await game.rows("SELECT * FROM reflections") == [] and await game.rows("SELECT * FROM point_events") == []

    fits = await reflect(game, "ana", LONG)
    assert t("es", "reflect.saved", points=30) in fits, "the person can then send a shorter one"
