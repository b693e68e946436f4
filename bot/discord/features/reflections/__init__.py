"""Reflections: the 📝 form of scenario posts, the thread that shows them, kudos and highlights."""

from __future__ import annotations

from bot.discord.client import MomentosBot
from bot.discord.custom_ids import Kind
from bot.discord.features.reflections.buttons import give_kudos, highlight
from bot.discord.features.reflections.form import ReflectionForm
from bot.discord.features.reflections.threads import Threads


async def setup(bot: MomentosBot) -> None:
    """Route the reflect, kudos and highlight buttons and the reflection form."""
    form = ReflectionForm(Threads(bot))
    bot.router.on(Kind.REFLECT, form.open)
    bot.router.on(Kind.REFLECTION_FORM, form.submit)
    bot.router.on(Kind.KUDOS, give_kudos)
    bot.router.on(Kind.HIGHLIGHT, highlight)
