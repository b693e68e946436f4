"""A server's own challenges through the service and a real database: form, versions, upload, schedule, retire."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from bot.content.errors import ContentError
from bot.domain.clock import ManualClock
from bot.domain.model import Catalog
from bot.domain.state import GuildConfig, Team, Trigger
from bot.services import Services
from bot.services.posting import Reserved
from bot.services.scenarios import Invalid, Saved, ScenarioError, choices_text, page, parse_choices, slug
from bot.storage import Storage

GUILD = 7
MONDAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)  # 07:00 in Mexico City
BUNDLED = "promesas.fiesta-cancelada"
CHOICES = "*Lo escucho sin interrumpir | Escuchar calma\nLe digo que no se puede | Lo enoja más"


async def setup(storage: Storage, catalog: Catalog) -> tuple[Services, GuildConfig, Team]:
    services = Services.build(storage, catalog, ManualClock(NOW))
    await services.setup.set_schedule(
        GUILD,
        post_time=time(9),
        timezone="America/Mexico_City",
        weekdays=frozenset(range(1, 6)),
        window=None,
        now=NOW,
    )
    team = await services.setup.add_team(GUILD, "Ventas", 101, 201, NOW)
    return services, await services.setup.config(GUILD), team


def draft(**changes: Any) -> dict[str, Any]:
    fields = {
        "title": "Devolución sin ticket",
        "story": "",
        "question": "Un cliente quiere devolver una licuadora sin ticket. ¿Qué haces?",
        "choices": CHOICES,
        "explanation": "Escuchar al cliente disgustado es el primer paso.",
    }
    fields.update(changes.pop("fields", {}))
    return {"kind": "quiz", "step": 10, "dimensions": ["cortesia"], "id": None, "fields": fields, **changes}


async def save(services: Services, guild: GuildConfig, form: dict[str, Any]) -> Saved:
    outcome = await services.scenarios.save_form(guild, 1, form, "¡Bien!", "No.", "nota", NOW)
    assert isinstance(outcome, Saved), outcome
    return outcome


def test_slugs_and_choice_lines() -> None:
    assert slug("¿La fiesta   especial?") == "la-fiesta-especial"
    assert slug("¡¡¡") == "reto"
    assert parse_choices("*A | bien\n\n  B  \n", "OK", "NO") == [
        {"text": "A", "correct": True, "feedback": "bien"},
        {"text": "B", "correct": False, "feedback": "NO"},
    ]
    assert page(range(31), 1) == (list(range(15)), 3)
    assert page(range(31), 9) == ([30], 3), "a page past the end shows the last one"


async def test_a_form_is_validated_like_content_and_versions_only_when_it_changes(
    storage: Storage, catalog: Catalog
) -> None:
    services, guild, _ = await setup(storage, catalog)
    invalid = await services.scenarios.save_form(
        guild, 1, draft(fields={"choices": "*A\n*B"}), "¡Bien!", "No.", "nota", NOW
    )
    assert isinstance(invalid, Invalid)
    assert [p.path for p in invalid.problems] == [("items", 0, "choices")]
    assert "exactly one choice must be correct" in invalid.problems[0].message
    assert await storage.custom.items(GUILD) == []

    first = await save(services, guild, draft())
    assert first.item.id == "custom.devolucion-sin-ticket" and first.new_version
    assert choices_text(first.item, "es") == CHOICES, "the edit form shows what was typed"
    same = await save(services, guild, draft(id=first.item.id))
    assert not same.new_version and same.item.version == first.item.version
    edited = await save(services, guild, draft(id=first.item.id, fields={"title": "Otra vez"}))
    assert edited.new_version and edited.item.version != first.item.version
    stored = await storage.database.fetchall("SELECT version FROM item_versions WHERE item_id = ?", (first.item.id,))
    assert len(stored) == 2, "both versions are kept for the posts that showed them"
    twin = await save(services, guild, draft())
    assert twin.item.id == "custom.devolucion-sin-ticket-2", "a new form never overwrites another challenge"
    [current, _] = await storage.custom.items(GUILD)
    assert current.title.get("es") == "Otra vez"


async def test_a_scenario_form_needs_a_story_and_gets_the_reflection_prompt(storage: Storage, catalog: Catalog) -> None:
    services, guild, _ = await setup(storage, catalog)
    missing = await services.scenarios.save_form(
        guild, 1, draft(kind="scenario", prompt="¿Qué harías?"), "¡Bien!", "No.", "nota", NOW
    )
    assert isinstance(missing, Invalid) and any("story" in str(p.path) for p in missing.problems)
    story = "Una clienta llega molesta porque su pedido no llegó el día prometido y pide hablar con alguien."
    saved = await save(services, guild, draft(kind="scenario", prompt="¿Qué harías?", fields={"story": story}))
    assert saved.item.reflection is not None and saved.item.reflection.prompts[0].get("es") == "¿Qué harías?"


async def test_custom_items_join_the_rotation_until_retired(storage: Storage, catalog: Catalog) -> None:
    small = replace(catalog, items={BUNDLED: catalog.items[BUNDLED]})
    services, guild, team = await setup(storage, small)
    custom = (await save(services, guild, draft())).item
    assert {i.id for i in await services.scenarios.playable(guild)} == {BUNDLED, custom.id}
    await services.scenarios.retire(guild, BUNDLED, 1, NOW)
    with pytest.raises(ScenarioError) as again:
        await services.scenarios.retire(guild, BUNDLED, 1, NOW)
    assert again.value.code == "already_retired"
    assert [i.id for i in await services.scenarios.playable(guild)] == [custom.id]
    reserved = await services.posting.reserve(guild, team, MONDAY, Trigger.SCHEDULE, NOW)
    assert isinstance(reserved, Reserved) and reserved.item.id == custom.id
    await services.scenarios.restore(guild, BUNDLED)
    assert len(await services.scenarios.playable(guild)) == 2
    english = replace(guild, language="en")
    assert [i.id for i in await services.scenarios.playable(english)] == [BUNDLED], "custom is Spanish only"


async def test_scheduling_rules(storage: Storage, catalog: Catalog) -> None:
    services, guild, team = await setup(storage, catalog)
    tuesday = MONDAY + timedelta(days=1)
    for bad_day in (MONDAY - timedelta(days=1), MONDAY + timedelta(days=400)):
        with pytest.raises(ScenarioError) as refused:
            await services.scenarios.schedule(guild, BUNDLED, bad_day, None, 1, NOW)
        assert refused.value.code == "bad_date"
    saturday = MONDAY + timedelta(days=5)
    with pytest.raises(ScenarioError) as weekend:
        await services.scenarios.schedule(guild, BUNDLED, saturday, None, 1, NOW)
    assert weekend.value.code == "not_a_post_day", "a day without a post would silently never show it"
    with pytest.raises(ScenarioError) as unscheduled:
        await services.scenarios.schedule(replace(guild, post_time=None), BUNDLED, tuesday, None, 1, NOW)
    assert unscheduled.value.code == "not_a_post_day"
    with pytest.raises(ScenarioError) as unknown:
        await services.scenarios.schedule(guild, "no.existe", tuesday, None, 1, NOW)
    assert unknown.value.code == "unknown"

    await services.scenarios.schedule(guild, BUNDLED, tuesday, None, 1, NOW)
    other = "promesas.llamada-pendiente"
    await services.scenarios.schedule(guild, other, tuesday, team, 1, NOW)
    chosen = await services.scenarios.scheduled_item(guild, team, tuesday)
    assert chosen is not None and chosen.id == other, "a team's own request wins over the server-wide one"
    elsewhere = replace(team, team_id=team.team_id + 1)
    fallback = await services.scenarios.scheduled_item(guild, elsewhere, tuesday)
    assert fallback is not None and fallback.id == BUNDLED

    await services.scenarios.retire(guild, other, 1, NOW)
    assert await services.scenarios.scheduled_item(guild, team, tuesday) is None, "retired after scheduling"
    with pytest.raises(ScenarioError) as retired:
        await services.scenarios.schedule(guild, other, tuesday, team, 1, NOW)
    assert retired.value.code == "retired"

    reserved = await services.posting.reserve(guild, team, MONDAY, Trigger.SCHEDULE, NOW)
    assert isinstance(reserved, Reserved)
    with pytest.raises(ScenarioError) as posted:
        await services.scenarios.schedule(guild, BUNDLED, MONDAY, None, 1, NOW)
    assert posted.value.code == "already_posted"


PACK = """\
format: momentos.pack/1
pack: {id: tienda, title: Tienda, language: es}
items:
  - id: tienda.saludo
    kind: quiz
    title: El saludo
    step: 4
    dimensions: [cortesia]
    question: Entra un cliente mientras atiendes el teléfono. ¿Qué haces?
    choices:
      - {text: Lo saludo con una sonrisa., correct: true, feedback: Todo cliente merece sentirse visto.}
      - {text: Sigo con la llamada., correct: false, feedback: El cliente siente que no existe.}
    explanation: Saludar a cada cliente es un momento de verdad.
    source: {note: De la tienda.}
"""


async def test_uploads_are_all_or_nothing_and_round_trip_through_export(storage: Storage, catalog: Catalog) -> None:
    services, guild, _ = await setup(storage, catalog)
    clash = PACK + PACK.split("items:\n", 1)[1].replace("tienda.saludo", BUNDLED).replace("step: 4", "step: 12")
    with pytest.raises(ContentError) as refused:
        await services.scenarios.upload(guild, 1, clash.encode(), "tienda.yaml", NOW)
    assert refused.value.problems and all(p.file == "tienda.yaml" for p in refused.value.problems)
    assert await storage.custom.items(GUILD) == []

    first = await services.scenarios.upload(guild, 1, PACK.encode(), "tienda.yaml", NOW)
    assert (first.added, first.updated, first.unchanged) == (["tienda.saludo"], [], [])
    changed = PACK.replace("El saludo", "El saludo a tiempo")
    second = await services.scenarios.upload(guild, 1, changed.encode(), "tienda.yaml", NOW)
    assert (second.added, second.updated) == ([], ["tienda.saludo"])

    [(name, text)] = await services.scenarios.export(guild)
    assert name == "momentos-custom-es.yaml" and "El saludo a tiempo" in text
    back = await services.scenarios.upload(guild, 1, text.encode(), name, NOW)
    assert back.unchanged == ["tienda.saludo"], "an exported pack uploads again without a new version"

    with pytest.raises(ContentError) as too_big:
        await services.scenarios.upload(guild, 1, b"#" * (256 * 1024 + 1), "big.yaml", NOW)
    assert "at most 262144" in too_big.value.problems[0].message
