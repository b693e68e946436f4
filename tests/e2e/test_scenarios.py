"""Managers write their own moments of truth: a form, a pack upload, preview, schedule, versions, export."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import yaml

from bot.discord.texts import t
from bot.simulator.interactions import InteractionRecord, Upload
from tests.e2e.harness import Harness

TUESDAY_0900 = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # 09:00 in Mexico City

QUESTION = "Un cliente quiere devolver una licuadora sin ticket. ¿Qué haces primero?"
TWO_RIGHT = "*Lo escucho sin interrumpir | Escuchar calma al cliente\n*Le digo que sin ticket no se puede"
ONE_RIGHT = "*Lo escucho sin interrumpir | Escuchar calma al cliente\nLe digo que sin ticket no se puede | Lo enoja más"
EXPLANATION = "Escuchar al cliente disgustado sin interrumpirlo es el primer paso para resolver su problema."

PACK = """\
format: momentos.pack/1
pack:
  id: tienda
  title: Nuestra tienda
  language: es
items:
  - id: tienda.saludo
    kind: quiz
    title: El saludo
    step: 4
    dimensions: [cortesia, {dimension}]
    question: Entra un cliente mientras atiendes el teléfono. ¿Qué haces?
    choices:
      - text: Lo saludo con la mirada y una sonrisa.
        correct: true
        feedback: Todo cliente merece sentirse visto.
      - text: Sigo con la llamada sin mirarlo.
        correct: {second}
        feedback: El cliente siente que no existe.
    explanation: Saludar a cada cliente es un momento de verdad.
    source: {{note: Escrito por la tienda.}}
  - id: {second_id}
    kind: quiz
    title: La promesa
    step: 8
    dimensions: [fiabilidad]
    question: Prometiste llamar hoy a un cliente. Son las seis. ¿Qué haces?
    choices:
      - text: Llamo, aunque sea para decir que aún no tengo respuesta.
        correct: true
        feedback: Cumplir la palabra mantiene la confianza.
      - text: Llamo mañana, cuando tenga la respuesta.
        correct: false
        feedback: El cliente esperó tu llamada hoy.
    explanation: Cuando prometes algo, tu cliente te cree.
    source: {{note: Escrito por la tienda.}}
"""
BROKEN = PACK.format(dimension="rapidez", second="true", second_id="promesas.fiesta-cancelada")
FIXED = PACK.format(dimension="comunicacion", second="false", second_id="tienda.promesa")


def prefill(record: InteractionRecord) -> dict[str, str]:
    """What the opened form shows in each field."""
    assert record.modal is not None, record.text()
    fields = {}
    for row in record.modal["components"]:
        box = row.get("component") or row["components"][0]
        fields[box["custom_id"]] = box.get("value") or ""
    return fields


async def open_form(h: Harness, path: str, **options: Any) -> InteractionRecord:
    record = await h.manager(path, **options)
    assert record.modal is not None, record.text()
    return record


async def submit(h: Harness, opened: InteractionRecord, values: dict[str, str]) -> InteractionRecord:
    return await (await h.sim.submit_modal(h.member("gerente"), opened, values)).settled()


async def write_quiz(h: Harness) -> str:
    """A manager writes a quiz in the form, fixes a mistake through the kept draft, and gets its id."""
    opened = await open_form(h, "scenario new", kind="quiz", step=10, dimension="capacidad-de-respuesta")
    assert prefill(opened) == {"title": "", "story": "", "question": "", "choices": "", "explanation": ""}
    typed = {"title": "Devolución sin ticket", "question": QUESTION, "choices": TWO_RIGHT, "explanation": EXPLANATION}
    refused = await submit(h, opened, typed)
    assert refused.ephemeral and "Opciones" in refused.text(), refused.text()
    assert await h.rows("SELECT * FROM custom_items") == []
    keep_editing = next(c for c in refused.messages[0].custom_ids if c.startswith("momentos:draft:"))
    reopened = await (await h.sim.click(h.member("gerente"), refused.messages[0], keep_editing)).settled()
    assert prefill(reopened) == {**typed, "story": ""}, "nothing the manager typed is lost"
    saved = await submit(h, reopened, {"choices": ONE_RIGHT})
    assert "guardado con el id `custom.devolucion-sin-ticket`" in saved.text(), saved.text()
    embed = saved.embeds()[0]
    assert embed["title"].endswith("Devolución sin ticket") and QUESTION in str(embed)
    buttons = [c for row in saved.messages[0].components for c in row["components"]]
    assert len(buttons) == 2 and all(b.get("disabled") for b in buttons), "the preview's buttons are inert"
    assert await h.rows("SELECT * FROM scenario_drafts") == [], "the draft goes once the challenge is saved"
    return "custom.devolucion-sin-ticket"


async def test_a_manager_writes_schedules_and_edits_a_challenge_and_history_keeps_its_version(
    harness: Harness,
) -> None:
    h = harness
    await h.setup_two_teams()
    item_id = await write_quiz(h)

    scheduled = await h.manager("scenario schedule", id=item_id, date="2026-11-24", team="Ventas")
    assert "se publicará el 2026-11-24 para **Ventas**" in scheduled.text(), scheduled.text()
    await h.tick_at(TUESDAY_0900)
    post = h.post_in("ventas")
    assert "Devolución sin ticket" in post.embeds[0]["title"]
    assert "Devolución sin ticket" not in h.post_in("caja").embeds[0]["title"], "only Ventas asked for it"
    [row] = await h.rows("SELECT item_id, item_version FROM posts WHERE message_id = ?", post.id)
    assert row["item_id"] == item_id
    first_version = row["item_version"]

    answered = await h.click("ana", post, 0)
    assert "Escuchar calma al cliente" in answered.text()

    # The manager rewrites it after Ana answered: a new version for future posts, the old one for history.
    opened = await open_form(h, "scenario edit", id=item_id)
    assert prefill(opened)["choices"] == ONE_RIGHT, "the form opens with the current version"
    edited = await submit(h, opened, {"title": "Devolución sin ticket (v2)", "explanation": EXPLANATION + " Siempre."})
    assert "guardado" in edited.text()
    versions = await h.rows("SELECT version FROM item_versions WHERE item_id = ? ORDER BY created_at", item_id)
    assert len(versions) == 2
    [row] = await h.rows("SELECT item_version FROM posts WHERE message_id = ?", post.id)
    assert row["item_version"] == first_version
    [answer] = await h.rows(
        "SELECT p.item_version FROM answers a JOIN posts p ON p.post_id = a.post_id WHERE a.user_id = ?",
        h.member("ana").user.id,
    )
    assert answer["item_version"] == first_version, "Ana's answer stays tied to the version she saw"

    again = await h.click("ana", post, 1)
    assert "Ya respondiste" in again.text()
    await h.tick_at(TUESDAY_0900 + timedelta(hours=8))
    revealed = h.world.messages[post.id]
    shown = str(revealed.embeds)
    assert EXPLANATION in shown and "Siempre." not in shown and "(v2)" not in shown, "the reveal shows what was asked"

    preview = await h.manager("scenario preview", id=item_id)
    assert "(v2)" in preview.embeds()[0]["title"] and preview.ephemeral


async def test_an_upload_with_three_mistakes_is_refused_whole_then_accepted_and_round_trips(
    harness: Harness,
) -> None:
    h = harness
    await h.setup_two_teams()
    refused = await h.manager("scenario upload", file=Upload("tienda.yaml", BROKEN.encode()))
    text = refused.text()
    assert "3" in text.splitlines()[0], text
    assert "tienda.yaml:11:" in text and "rapidez" in text, text
    assert "tienda.yaml:14:" in text and "items[0].choices" in text, text
    assert "tienda.yaml:22:" in text and "promesas.fiesta-cancelada" in text, text
    assert await h.rows("SELECT * FROM custom_items") == [], "nothing from a refused pack is added"

    accepted = await h.manager("scenario upload", file=Upload("tienda.yaml", FIXED.encode()))
    assert "`tienda.saludo`" in accepted.text() and "`tienda.promesa`" in accepted.text(), accepted.text()
    assert {r["item_id"] for r in await h.rows("SELECT item_id FROM custom_items")} == {
        "tienda.saludo",
        "tienda.promesa",
    }

    listed = await h.manager("scenario list", source="custom")
    description = listed.embeds()[0]["description"]
    assert "`tienda.saludo`" in description and "`tienda.promesa`" in description and "propio" in description

    exported = await h.manager("scenario export")
    [(name, data)] = exported.messages[0].files.items()
    assert name == "momentos-custom-es.yaml"
    document = yaml.safe_load(data.decode("utf-8"))
    assert [item["id"] for item in document["items"]] == ["tienda.promesa", "tienda.saludo"]
    again = await h.manager("scenario upload", file=Upload(name, data))
    assert "0 nuevos" in again.text() and "2 sin cambios" in again.text(), again.text()

    retired = await h.manager("scenario retire", id="tienda.saludo")
    assert "ya no se elegirá" in retired.text()
    twice = await h.manager("scenario retire", id="tienda.saludo")
    assert "ya estaba retirado" in twice.text()
    refused_schedule = await h.manager("scenario schedule", id="tienda.saludo", date="2026-11-24")
    assert "restáuralo" in refused_schedule.text()
    assert "retirado" in (await h.manager("scenario list", source="custom")).embeds()[0]["description"]
    restored = await h.manager("scenario restore", id="tienda.saludo")
    assert "vuelve a la rotación" in restored.text()


async def test_schedule_and_edit_refuse_clearly(harness: Harness) -> None:
    h = harness
    await h.setup_two_teams()
    unknown = await h.manager("scenario preview", id="no.existe")
    assert "No existe ningún reto con el id `no.existe`" in unknown.text()
    bundled = await h.manager("scenario edit", id="promesas.fiesta-cancelada")
    assert bundled.modal is None and "incluido con Momentos" in bundled.text()
    past = await h.manager("scenario schedule", id="promesas.fiesta-cancelada", date="2026-11-20")
    assert "de hoy a un año" in past.text()
    garbage = await h.manager("scenario schedule", id="promesas.fiesta-cancelada", date="mañana")
    assert "no es una fecha" in garbage.text()
    nobody = await h.manager("scenario schedule", id="promesas.fiesta-cancelada", date="2026-11-24", team="Bodega")
    assert "Bodega" in nobody.text()
    saturday = await h.manager("scenario schedule", id="promesas.fiesta-cancelada", date="2026-11-28")
    assert "no hay reto según el horario" in saturday.text()
    assert await h.rows("SELECT * FROM scheduled_items") == []


async def test_scheduled_dates_are_listed_and_can_be_cancelled(harness: Harness) -> None:
    h = harness
    await h.setup_two_teams()
    await h.manager("scenario schedule", id="promesas.fiesta-cancelada", date="2026-11-25")
    await h.manager("scenario schedule", id="promesas.llamada-pendiente", date="2026-11-24", team="Caja")
    listed = await h.manager("scenario list", source="custom")
    [upcoming] = [f for f in listed.embeds()[0]["fields"] if f["name"] == "Programados"]
    assert upcoming["value"].splitlines() == [
        "2026-11-24 · `promesas.llamada-pendiente` · Caja",
        "2026-11-25 · `promesas.fiesta-cancelada` · todos los equipos",
    ]
    wrong_team = await h.manager("scenario unschedule", date="2026-11-24")
    assert "No había ningún reto programado el 2026-11-24" in wrong_team.text()
    cancelled = await h.manager("scenario unschedule", date="2026-11-24", team="Caja")
    assert "vuelve a la rotación para **Caja**" in cancelled.text()
    after = await h.manager("scenario list", source="custom")
    [upcoming] = [f for f in after.embeds()[0]["fields"] if f["name"] == "Programados"]
    assert upcoming["value"] == "2026-11-25 · `promesas.fiesta-cancelada` · todos los equipos"
    assert [r["team_id"] for r in await h.rows("SELECT team_id FROM scheduled_items")] == [0]


async def test_only_the_author_who_is_still_a_manager_can_use_a_draft(harness: Harness) -> None:
    h = harness
    await h.setup_two_teams()
    opened = await open_form(h, "scenario new", kind="quiz", step=4, dimension="cortesia")
    refused = await submit(h, opened, {"title": "x", "question": "¿?", "choices": "a", "explanation": "b"})
    keep_editing = next(c for c in refused.messages[0].custom_ids if c.startswith("momentos:draft:"))
    stranger = await (await h.sim.click(h.member("ana"), refused.messages[0], keep_editing)).settled()
    assert stranger.modal is None and stranger.ephemeral
    forged = await (
        await h.sim.click(h.member("ana"), refused.messages[0], f"momentos:draft:{h.member('ana').user.id}", forge=True)
    ).settled()
    assert forged.modal is None and forged.text() == t("es", "scenario.form.not_manager")


async def test_item_writing_advice_is_shown_on_upload_and_preview_and_never_refuses(harness: Harness) -> None:
    """The only choice echoing the title and step («saludo») gives the key away: told as advice, still saved."""
    h = harness
    await h.setup_two_teams()
    accepted = await h.manager("scenario upload", file=Upload("tienda.yaml", FIXED.encode()))
    text = accepted.text()
    assert t("es", "advice.title") in text, text
    echo = t("es", "content.cue.label_echo", choice="A", words="saludo")
    assert t("es", "advice.item", id="tienda.saludo", language="es", advice=echo) in text
    long_key = t("es", "content.cue.long_key", length=56, ratio="1.4", mean=40)  # 56 characters against 40
    assert t("es", "advice.item", id="tienda.promesa", language="es", advice=long_key) in text
    stored = {row["item_id"] for row in await h.rows("SELECT item_id FROM custom_items")}
    assert stored == {"tienda.saludo", "tienda.promesa"}, "advice, never a refusal"

    preview = await h.manager("scenario preview", id="tienda.saludo")
    assert preview.ephemeral and echo in preview.text()
    bundled = await h.manager("scenario preview", id="promesas.fiesta-cancelada")
    assert t("es", "advice.none") in bundled.text(), "the bundled library passes its own check"
