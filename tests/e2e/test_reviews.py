"""Reviews through the real bot: what a person got wrong comes back privately, within the day's cap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.discord.texts import t
from bot.simulator.interactions import InteractionRecord, Upload
from bot.simulator.world import Message
from tests.e2e.harness import Harness

MONDAY_9 = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 09:00 in Mexico City
DAY = timedelta(days=1)
REVIEW_PREFIX = "momentos:review:"


def review_button(post: Message) -> str:
    """The 🔁 button of a daily post."""
    return next(c for c in post.custom_ids if c.startswith("momentos:reviews:"))


async def press_review(h: Harness, who: str, post: Message) -> InteractionRecord:
    """Press 🔁 Repasar on a post as `who`."""
    return await (await h.sim.click(h.member(who), post, review_button(post))).settled()


def offered(record: InteractionRecord) -> tuple[Message, str]:
    """The private review message and its title (the reviewed item's title after the 🔁 prefix)."""
    message = record.messages[0]
    assert message.embeds, record.text()
    assert message.ephemeral, "a review is only for the person who asked"
    return message, message.embeds[0]["title"]


async def answer_review(h: Harness, who: str, message: Message, choice: int) -> InteractionRecord:
    """Press choice `choice` of a private review."""
    button = [c for c in message.custom_ids if c.startswith(REVIEW_PREFIX)][choice]
    return await (await h.sim.click(h.member(who), message, button)).settled()


async def monday_wrong(h: Harness, who: str = "ana") -> tuple[Message, str, int]:
    """Monday's post, answered wrong by `who`; returns the post, the item's id and its right choice."""
    await h.setup_two_teams()
    await h.tick_at(MONDAY_9)
    post = h.post_in("ventas")
    item, right, wrong = await h.item_of(post)
    h.clock.set(MONDAY_9 + timedelta(minutes=20))
    await h.click(who, post, wrong)
    return post, item.id, right


def title_of(h: Harness, item_id: str) -> str:
    """The review's title for an item, as a Spanish speaker sees it."""
    return t("es", "review.title", title=h.catalog.items[item_id].title.get("es"))


async def test_a_wrong_monday_answer_comes_back_privately_scores_once_and_shows_in_me(harness: Harness) -> None:
    h = harness
    monday, item_id, right = await monday_wrong(h)
    await h.tick_at(MONDAY_9 + 3 * DAY)  # the policy leaves an item alone for 3 days
    thursday = h.post_in("ventas")
    assert thursday.id != monday.id
    channel_before = len(h.sim.messages(h.channel("ventas")))

    record = await press_review(h, "ana", thursday)
    message, title = offered(record)
    assert title == title_of(h, item_id), "Thursday brings back what Ana got wrong on Monday"
    description = message.embeds[0]["description"]
    assert h.catalog.items[item_id].choices[right].text.get("es") in description
    assert "Paso" not in description, "like the post, the review does not name the step before the answer"

    scored = await answer_review(h, "ana", message, right)
    assert scored.ephemeral
    assert "¡Correcto!" in scored.text() and "+20" in scored.text()
    assert t("es", "sure.ask") in scored.text()
    events = await h.rows("SELECT kind, points FROM point_events WHERE kind = 'review'")
    assert events == [{"kind": "review", "points": 20}]
    again = await answer_review(h, "ana", message, right)
    assert "Ya respondiste este repaso" in again.text()
    assert await h.rows("SELECT kind FROM point_events WHERE kind = 'review'") == [{"kind": "review"}]

    sure = next(c for c in scored.messages[0].custom_ids if c.startswith("momentos:sure-review:") and c.endswith(":1"))
    await (await h.sim.click(h.member("ana"), scored.messages[0], sure)).settled()
    tapped = h.world.messages[scored.messages[0].id]
    assert t("es", "sure.noted") in tapped.text() and not tapped.custom_ids, "the question is answered and gone"
    assert "¡Correcto!" in tapped.text(), "the verdict stays"
    assert len(await h.rows("SELECT * FROM confidence")) == 1

    nothing = await press_review(h, "ana", thursday)
    assert nothing.ephemeral and "recuerdas bien el reto que has visto" in nothing.text(), nothing.text()
    assert len(h.sim.messages(h.channel("ventas"))) == channel_before, "reviews never post in the channel"

    me = await (await h.sim.command(h.member("ana"), h.channel("ventas"), "me")).settled()
    fields = {f["name"]: f["value"] for f in me.embeds()[0]["fields"]}
    learned = fields[t("es", "me.learning")]
    assert "0 de 1 retos dominados" in learned and "1 respuestas seguras pero equivocadas" not in learned
    step = h.catalog.items[item_id].step
    assert f"`{step:>2}` 🎓 0/1 dominados" in learned


async def test_reviews_are_refused_by_name_for_others_forged_ids_retired_items_and_people_without_a_team(
    harness: Harness,
) -> None:
    h = harness
    _, item_id, right = await monday_wrong(h)
    await h.tick_at(MONDAY_9 + 3 * DAY)  # the policy leaves an item alone for 3 days
    thursday = h.post_in("ventas")
    message, _ = offered(await press_review(h, "ana", thursday))
    button = next(c for c in message.custom_ids if c.startswith(REVIEW_PREFIX))

    stolen = await (await h.sim.click(h.member("bruno"), thursday, button, forge=True)).settled()
    assert stolen.ephemeral and "Este repaso es de otra persona" in stolen.text()
    forged = await (await h.sim.click(h.member("ana"), thursday, "momentos:review:987654:0", forge=True)).settled()
    assert forged.ephemeral and t("es", "button.invalid") in forged.text()
    assert await h.rows("SELECT * FROM point_events WHERE kind = 'review'") == []

    no_team = await press_review(h, "diego", thursday)
    assert "pide a tu gerente el rol de tu equipo" in no_team.text()
    never_met = await (await h.sim.command(h.member("carla"), h.channel("caja"), "review")).settled()
    assert never_met.ephemeral and "Aún no hay nada que repasar" in never_met.text()

    retired = await h.manager("scenario retire", id=item_id)
    assert item_id in retired.text()
    late = await answer_review(h, "ana", message, right)
    assert "se retiró del servidor" in late.text()
    assert await h.rows("SELECT * FROM point_events WHERE kind = 'review'") == []


async def test_the_daily_cap_holds_and_zero_turns_reviews_off(harness: Harness) -> None:
    h = harness
    await h.setup_two_teams()
    rules = b"format: momentos.scoring/1\nreviews:\n  per_day: 1\n"
    saved = await h.manager("config scoring", file=Upload("reglas.yaml", rules))
    assert "repasos 1/día, +20 cada uno" in saved.text(), saved.text()
    met = []
    for day in range(2):
        await h.tick_at(MONDAY_9 + day * DAY)
        post = h.post_in("ventas")
        item, _, wrong = await h.item_of(post)
        met.append(item.id)
        await h.click("ana", post, wrong)
    await h.tick_at(MONDAY_9 + 4 * DAY)
    friday = h.post_in("ventas")
    message, title = offered(await press_review(h, "ana", friday))
    assert title in {title_of(h, item) for item in met}, "only items Ana met come back"
    again, _ = offered(await press_review(h, "ana", friday))
    assert again.embeds[0]["title"] == title, "an unanswered review is offered again, not a second one"
    await answer_review(h, "ana", message, 0)
    limit = await press_review(h, "ana", friday)
    assert "Ya hiciste tu repaso de hoy" in limit.text()

    off = await h.manager("config scoring", file=Upload("reglas.yaml", rules.replace(b"per_day: 1", b"per_day: 0")))
    assert "repasos 0/día" in off.text()
    assert "desactivados" in (await press_review(h, "bruno", friday)).text()


async def test_a_pause_holds_reviews_until_it_ends_and_a_restart_loses_nothing(harness: Harness) -> None:
    h = harness
    _, item_id, right = await monday_wrong(h)
    paused = await (await h.sim.command(h.member("ana"), h.channel("ventas"), "me", pause_until="2026-11-26")).settled()
    assert "tus repasos te esperan" in paused.text()
    await h.tick_at(MONDAY_9 + 3 * DAY)  # Thursday: the item is due, but Ana is away until today
    thursday = h.post_in("ventas")
    waiting = await press_review(h, "ana", thursday)
    assert "Estás en pausa hasta el 2026-11-26" in waiting.text()

    await h.tick_at(MONDAY_9 + 4 * DAY)
    friday = h.post_in("ventas")
    message, title = offered(await press_review(h, "ana", friday))
    assert title == title_of(h, item_id), "after the pause, the review is still there"

    await h.restart_bot()
    scored = await answer_review(h, "ana", message, right)
    assert "¡Correcto!" in scored.text(), "a review's buttons work after a restart"
    assert await h.rows("SELECT points FROM point_events WHERE kind = 'review'") == [{"points": 20}]
    rows = await h.rows("SELECT item_id, choice_index FROM reviews")
    assert rows == [{"item_id": item_id, "choice_index": right}]


async def test_the_sure_tap_of_a_daily_answer_is_the_answerers_own(harness: Harness) -> None:
    h = harness
    await h.setup_two_teams()
    await h.tick_at(MONDAY_9)
    post = h.post_in("ventas")
    _, right, _ = await h.item_of(post)
    answered = await h.click("ana", post, right)
    assert t("es", "sure.ask") in answered.text()
    sure = next(c for c in answered.messages[0].custom_ids if c.startswith("momentos:sure-answer:"))
    stolen = await (await h.sim.click(h.member("bruno"), post, sure, forge=True)).settled()
    assert "Esta pregunta es para quien respondió" in stolen.text()
    await (await h.sim.click(h.member("ana"), answered.messages[0], sure)).settled()
    assert t("es", "sure.noted") in h.world.messages[answered.messages[0].id].text()
    await (await h.sim.click(h.member("ana"), answered.messages[0], sure, forge=True)).settled()
    assert len(await h.rows("SELECT * FROM confidence")) == 1, "a double tap is counted once"
