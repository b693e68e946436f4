"""The reveal quotes the base text and says what the item trains, and always fits in one Discord embed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from bot.discord.features.daily.embeds import EMBED_TOTAL, quoted_source, reveal_embed, trains
from bot.discord.texts import t
from bot.domain.model import Catalog, Choice, Item, ItemKind, Source, Text
from bot.domain.state import GuildConfig, Post, PostStatus, Team, Trigger
from bot.services.closing import Reveal

NOON = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
PASSAGE = "Cuando has prometido algo, tú cliente te cree."
TRANSLATION = "When you have promised something, your customer believes you."


def item(**changes: object) -> Item:
    base = Item(
        id="x.promesa",
        kind=ItemKind.QUIZ,
        title=Text.of(es="La promesa", en="The promise"),
        step=8,
        dimensions=("fiabilidad", "credibilidad"),
        explanation=Text.of(es="Porque sí.", en="Because."),
        source=Source(seed="000.txt", passage=PASSAGE, translation=(("en", TRANSLATION),)),
        languages=("es", "en"),
        question=Text.of(es="¿Qué haces?", en="What do you do?"),
        choices=(
            Choice(Text.of(es="Llamo hoy", en="I call today"), True, Text.of(es="Bien", en="Good")),
            Choice(Text.of(es="Espero", en="I wait"), False, Text.of(es="No", en="No")),
        ),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def reveal_of(shown: Item) -> Reveal:
    post = Post(1, 7, 1, date(2026, 11, 23), shown.id, "v1", 10, 99, Trigger.SCHEDULE, PostStatus.POSTED, 1,
                NOON, NOON, NOON, None, None, None)  # fmt: skip
    return Reveal(GuildConfig(7), post, shown, Team(1, 7, "Ventas", 10, 20), {0: 3, 1: 1}, [])


def test_spanish_readers_read_the_seed_verbatim_and_english_readers_its_translation() -> None:
    shown = item()
    assert quoted_source(shown, "es") == t("es", "source.quote", passage=PASSAGE)
    assert "your customer believes you" in (quoted_source(shown, "en") or "")
    assert "translated from the Spanish original" in (quoted_source(shown, "en") or "")
    untranslated = item(source=Source(seed="000.txt", passage=PASSAGE))
    assert quoted_source(untranslated, "en") == t("en", "source.quote", passage=PASSAGE), "the original, not nothing"
    assert quoted_source(item(source=Source(note="ours")), "es") is None


def test_the_reveal_says_what_it_trains_and_quotes_the_source(catalog: Catalog) -> None:
    embed = reveal_embed(reveal_of(item()), catalog, "es")
    fields = {field.name: field.value for field in embed.fields}
    assert fields[t("es", "reveal.trains")] == trains(item(), catalog, "es")
    assert "propuesto por el equipo de Momentos" in fields[t("es", "reveal.trains")]
    assert fields[t("es", "reveal.source")] == quoted_source(item(), "es")


def test_a_post_at_every_content_limit_still_reveals_within_discords_embed_limit(catalog: Catalog) -> None:
    """Story + question + choices may take 3,800 characters and the explanation 1,000: the quote yields, cut."""
    long = item(
        story=Text.of(es="h" * 2500, en="h" * 2500),
        question=Text.of(es="q" * 500, en="q" * 500),
        choices=tuple(
            Choice(Text.of(es=f"{n}" * 300, en=f"{n}" * 300), n == 0, Text.of(es="f" * 500, en="f" * 500))
            for n in range(3)
        ),
        explanation=Text.of(es="e" * 1000, en="e" * 1000),
        source=Source(seed="000.txt", passage="p" * 1000, translation=(("en", "p" * 1000),)),
    )
    for language in ("es", "en"):
        embed = reveal_embed(reveal_of(long), catalog, language)
        assert len(embed) <= EMBED_TOTAL
        quote = next(field.value for field in embed.fields if field.name == t(language, "reveal.source"))
        assert quote and quote.endswith("…")
