"""Every button and form of Momentos is routed here from its custom_id alone, so all of them survive restarts.

Features register a handler per kind of custom_id (`bot.discord.custom_ids.Kind`); a click or a form comes
in, its id is parsed, and the handler gets the interaction's `Call` and the parsed id. Anything else in our
namespace (old, future, malformed or forged), and any foreign component, gets a polite private refusal.
Hooks registered with `after` run once the interaction was handled (sightings use it).

discord.py's DynamicItem would rebuild a whole View for each click and drop in silence a click no template
matches; routing from the id is cheaper (answers come in bursts of thousands) and has no silent case.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord.ext import commands

from bot.discord.context import Call, apologise, call_of
from bot.discord.custom_ids import FORMS, CustomId, Kind, ours, parse
from bot.discord.replies import custom_id_of, reply
from bot.discord.texts import language_of, t

log = logging.getLogger("momentos.routing")

Handler = Callable[[Call, CustomId], Awaitable[None]]
Hook = Callable[[discord.Interaction[Any]], Awaitable[None]]


class Router(commands.Cog):
    """The one listener for components and forms."""

    def __init__(self) -> None:
        self._handlers: dict[Kind, Handler] = {}
        self._after: list[Hook] = []

    def on(self, kind: Kind, handler: Handler) -> None:
        """Handle custom_ids of `kind` with `handler` (one handler per kind)."""
        if kind in self._handlers:
            raise ValueError(f"custom_id kind {kind.value!r} already has a handler")
        self._handlers[kind] = handler

    def after(self, hook: Hook) -> None:
        """Run `hook` after every interaction (its failures are logged, never shown)."""
        self._after.append(hook)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Route components and forms, then run the after-hooks."""
        if interaction.type in (discord.InteractionType.component, discord.InteractionType.modal_submit):
            await self.route(interaction)
        for hook in self._after:
            try:
                await hook(interaction)
            except Exception:
                log.exception("after-interaction hook %s failed", getattr(hook, "__qualname__", hook))

    async def route(self, interaction: discord.Interaction[Any]) -> None:
        """Find the handler of a component or form; answer whatever happens."""
        custom_id = custom_id_of(interaction)
        form = interaction.type is discord.InteractionType.modal_submit
        parsed = parse(custom_id)
        handler = self._handlers.get(parsed.kind) if parsed is not None else None
        refusal = "form.invalid" if form else "button.invalid"
        if interaction.guild_id is None:  # every Momentos button and form lives in a server
            await reply(interaction, t(language_of(interaction, "es"), refusal))
            return
        try:
            call = await call_of(interaction)
            if parsed is None or handler is None or (parsed.kind in FORMS) != form:
                why = "unknown or malformed" if ours(custom_id) else "not a Momentos component"
                await call.refuse(refusal, why=why)
                return
            await handler(call, parsed)
        except Exception as error:
            await apologise(interaction, error)
