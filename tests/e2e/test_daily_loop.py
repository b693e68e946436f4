"""The daily loop as people live it: a post appears, members click, points land, boards tell the truth."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.discord.features.daily.embeds import trains
from bot.discord.texts import t
from tests.e2e.harness import Harness

NINE_AM = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday 09:00 in Mexico City


async def test_scheduled_post_appears_in_each_team_channel_at_local_time(harness: Harness) -> None:
    await harness.setup_two_teams()
    assert await harness.tick_at(NINE_AM - timedelta(minutes=1)) == []
    assert harness.sim.messages(harness.channel("ventas")) == []

    results = await harness.tick_at(NINE_AM)

    assert len(results) == 2
    ventas, caja = harness.post_in("ventas"), harness.post_in("caja")
    assert ventas.embeds[0]["title"] == caja.embeds[0]["title"], "every team plays the same item on a day"
    embed = ventas.embeds[0]
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    item, _, _ = await harness.item_of(ventas)
    assert embed["title"] == item.title.get("es")
    assert item.question and item.question.get("es").strip() in embed["description"]
    # Step and dimensions come after the answer: printed on the post they answered "which dimension?" items.
    assert list(fields) == [t("es", "post.deadline")]
    assert trains(item, harness.catalog, "es") not in str(embed)
    # One button per choice; a scenario (the item depends on the server's rotation) adds Reflect.
    reflect = ["📝 Reflexionar"] if item.reflection else []
    assert [c["label"] for row in ventas.components for c in row["components"]] == [
        *"ABCDE"[: len(item.choices)],
        *reflect,
        t("es", "review.button"),  # each presser's own review, privately
    ]
    assert not ventas.pinged_everyone and not ventas.pinged_roles and not ventas.pinged_users
    rows = await harness.rows("SELECT status, local_date, posted_at, closes_at FROM posts ORDER BY team_id")
    assert [row["status"] for row in rows] == ["posted", "posted"]
    assert {row["local_date"] for row in rows} == {"2026-11-23"}
    assert rows[0]["posted_at"] == "2026-11-23 15:00:00.000000"
    assert rows[0]["closes_at"] == "2026-11-23 23:00:00.000000"  # default 8 h window
    assert harness.sim.messages(harness.channel("general")) == []


async def test_each_kind_of_click_gets_the_right_private_answer_and_ledger_rows(harness: Harness) -> None:
    await harness.setup_two_teams()
    await harness.tick_at(NINE_AM)
    post = harness.post_in("ventas")
    item, right, wrong = await harness.item_of(post)

    harness.clock.set(NINE_AM + timedelta(minutes=3))
    correct = await harness.click("ana", post, right)
    assert correct.ephemeral
    assert "¡Correcto! +139 puntos" in correct.text(), "100 plus a speed bonus of 40 × (1 − 3/120)"
    assert "rapidez +39" in correct.text()
    assert item.explanation.get("es") in correct.text()
    assert item.choices[right].feedback.get("es") in correct.text()
    assert trains(item, harness.catalog, "es") in correct.text(), "what it trains, once answered"

    mistaken = await harness.click("bruno", post, wrong)
    assert mistaken.ephemeral
    assert "No es la respuesta correcta · 0 puntos" in mistaken.text()
    assert item.choices[wrong].feedback.get("es") in mistaken.text()
    assert f"Respuesta correcta: {'ABCDE'[right]}." in mistaken.text()

    again = await harness.click("ana", post, wrong)
    assert again.ephemeral and "Ya respondiste" in again.text() and f"**{'ABCDE'[right]}**" in again.text()

    outsider = await harness.click("diego", post, right)
    assert outsider.ephemeral and "necesitas su rol" in outsider.text() and "Ventas" in outsider.text()
    other_team = await harness.click("carla", post, right)
    assert other_team.ephemeral and "equipo **Ventas**" in other_team.text()

    harness.clock.set(NINE_AM + timedelta(hours=8, minutes=1))
    late = await harness.click("elena", post, right)
    assert late.ephemeral and "closed" in late.text()  # elena's Discord is in English

    ledger = await harness.rows(
        "SELECT user_id, kind, points, step, dimension, item_id FROM point_events ORDER BY event_id"
    )
    assert [(row["user_id"], row["kind"], row["points"]) for row in ledger] == [
        (harness.member("ana").user.id, "answer", 100),
        (harness.member("ana").user.id, "speed", 39),
        (harness.member("bruno").user.id, "answer", 0),
    ]
    assert {row["step"] for row in ledger} == {item.step}
    assert {row["dimension"] for row in ledger} == {item.dimensions[0]}
    answers = await harness.rows("SELECT user_id, choice_index, correct FROM answers ORDER BY answer_id")
    assert [(row["choice_index"], row["correct"]) for row in answers] == [(right, 1), (wrong, 0)]
    for record in (correct, mistaken, again, outsider, other_team, late):
        assert not any(m.pinged_users or m.pinged_roles or m.pinged_everyone for m in record.messages)


async def test_english_speakers_get_english_replies(harness: Harness) -> None:
    await harness.setup_two_teams()
    await harness.tick_at(NINE_AM)
    post = harness.post_in("ventas")
    _, right, _ = await harness.item_of(post)
    record = await harness.click("elena", post, right)
    assert "Correct! +140 points" in record.text()
    assert "speed +40" in record.text()


async def test_forged_custom_ids_are_refused_without_side_effects(harness: Harness) -> None:
    await harness.setup_two_teams()
    await harness.tick_at(NINE_AM)
    ventas, caja = harness.post_in("ventas"), harness.post_in("caja")
    ventas_post = ventas.custom_ids[0].split(":")[2]
    caja_post = caja.custom_ids[0].split(":")[2]

    # A post in another guild, made by that guild's owner.
    otra = harness.world.guild("Otra")
    otto = otra.member("otto")
    add = await harness.sim.command(
        otto, otra.channel("general"), "team add", name="V", channel=otra.channel("ventas"), role=otra.role("Ventas")
    )
    await add.settled()
    forced = await harness.sim.command(otto, otra.channel("general"), "challenge post")
    await forced.settled()
    foreign_post = harness.sim.messages(otra.channel("ventas"))[-1].custom_ids[0].split(":")[2]

    before = await harness.rows("SELECT COUNT(*) AS n FROM answers")
    forged = [
        "momentos:answer:999999:0",  # no such post
        f"momentos:answer:{caja_post}:0",  # another team's post, clicked in #ventas
        f"momentos:answer:{foreign_post}:0",  # another guild's post
        f"momentos:answer:{ventas_post}:4",  # a choice the item does not have
        f"momentos:answer:{ventas_post}:-1",
        "momentos:answer:abc:0",
        "momentos:answer:" + "9" * 20 + ":0",
        "momentos:kudos:1",  # our namespace, unknown action
        "random-string-from-nowhere",
    ]
    for custom_id in forged:
        record = await harness.sim.click(harness.member("ana"), ventas, custom_id, forge=True)
        await record.settled()
        assert record.acknowledged, custom_id
        assert record.ephemeral, custom_id
        assert "no es válido" in record.text(), (custom_id, record.text())
    assert await harness.rows("SELECT COUNT(*) AS n FROM answers") == before
    assert (await harness.rows("SELECT COUNT(*) AS n FROM point_events"))[0]["n"] == 0


async def test_leaderboard_and_me_show_what_the_ledger_says(harness: Harness) -> None:
    await harness.setup_two_teams()
    await harness.tick_at(NINE_AM)
    ventas, caja = harness.post_in("ventas"), harness.post_in("caja")
    _, right, wrong = await harness.item_of(ventas)
    await harness.click("ana", ventas, right)
    await harness.click("bruno", ventas, right)
    await harness.click("elena", ventas, wrong)
    await harness.click("carla", caja, right)

    teams = await harness.sim.command(harness.member("diego"), harness.channel("general"), "leaderboard")
    await teams.settled()
    text = teams.text()
    assert not teams.ephemeral
    assert "Equipos · semana 2026-W48" in text
    ventas_line = next(line for line in text.splitlines() if "**Ventas**" in line)
    caja_line = next(line for line in text.splitlines() if "**Caja**" in line)
    # Every answer came at 09:00 sharp (+40 speed). Caja's one member got it right: 140 per person beats
    # Ventas' 280 shared by three (one wrong): teams are ranked per person, not by sum.
    assert "🥇" in caja_line and "140.0 pts/persona" in caja_line and "participación 100% (1/1)" in caja_line
    assert (
        "🥈" in ventas_line
        and "93.3 pts/persona" in ventas_line
        and "(3/3)" in ventas_line
        and "total 280" in ventas_line
    )
    totals = await harness.rows("SELECT team_id, SUM(points) AS p FROM point_events GROUP BY team_id ORDER BY team_id")
    assert [row["p"] for row in totals] == [280, 140]

    people = await harness.sim.command(
        harness.member("ana"), harness.channel("general"), "leaderboard", board="people", period="all"
    )
    await people.settled()
    lines = people.text().splitlines()
    ana, bruno, carla, elena = (harness.member(n).user.id for n in ("ana", "bruno", "carla", "elena"))
    first_three = [line for line in lines if "140 pts" in line]
    assert len(first_three) == 3 and all("🥇" in line for line in first_three), "equal points share the first place"
    assert any(f"<@{elena}>" in line and "0 pts" in line and "**4.**" in line for line in lines)
    assert [line for line in lines if "<@" in line].index(next(line for line in lines if f"<@{ana}>" in line)) < 3
    assert {bruno, carla} <= {int(line.split("<@")[1].split(">")[0]) for line in first_three}
    assert not any(m.pinged_users for m in people.messages), "mentions in boards never ping"

    me = await harness.sim.command(harness.member("elena"), harness.channel("general"), "me")
    await me.settled()
    assert me.ephemeral
    assert "**0** pts · rank **4** of 4 · answers: 1 · correct: 0%" in me.text()
    me = await harness.sim.command(harness.member("ana"), harness.channel("general"), "me")
    await me.settled()
    assert "**140** pts · puesto **1** de 4 · respuestas: 1 · aciertos: 100%" in me.text()
    nobody = await harness.sim.command(harness.member("diego"), harness.channel("general"), "me")
    await nobody.settled()
    assert "Aún sin respuestas" in nobody.text()

    # Next week the weekly board is empty, while 'all' still remembers.
    harness.clock.set(NINE_AM + timedelta(days=7))
    week = await harness.sim.command(harness.member("ana"), harness.channel("general"), "leaderboard", board="people")
    await week.settled()
    assert "semana 2026-W49" in week.text() and "Todavía no hay puntos" in week.text()


async def test_restart_between_post_and_click_still_scores(harness: Harness) -> None:
    await harness.setup_two_teams()
    await harness.tick_at(NINE_AM)
    post = harness.post_in("ventas")
    _, right, _ = await harness.item_of(post)

    await harness.restart_bot()

    record = await harness.click("ana", post, right)
    assert "¡Correcto! +140 puntos" in record.text()
    assert (await harness.rows("SELECT SUM(points) AS p FROM point_events"))[0]["p"] == 140
    assert len(harness.sim.messages(harness.channel("ventas"))) == 1, "the restart did not post again"


async def test_commands_are_synced_once_not_at_every_start(harness: Harness) -> None:
    puts = lambda: [c for c in harness.sim.calls if c.method == "PUT" and c.path.endswith("/commands")]  # noqa: E731
    assert len(puts()) == 1
    await harness.restart_bot()
    assert len(puts()) == 1
    assert {c["name"] for c in harness.sim.commands[None]} == {
        "team",
        "config",
        "challenge",
        "leaderboard",
        "me",
        "help",
        "week",
        "scenario",
        "export",
        "privacy",
        "review",
        "insights",
    }


async def test_help_explains_the_game_privately(harness: Harness) -> None:
    record = await harness.sim.command(harness.member("ana"), harness.channel("general"), "help")
    await record.settled()
    assert record.ephemeral
    assert "momento de verdad" in record.text() and "/leaderboard" in record.text()
