"""The bot process: a commands.Bot over the game's services, with a router for buttons and forms and a scheduler.

The bot knows no feature: the composition root (`bot.app`) hands it the features' `setup` functions, which
add their cogs, register their buttons and forms with the router and their jobs with the scheduler.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import math
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.context import apologise
from bot.discord.heartbeat import Heartbeat
from bot.discord.pacing import DISCORD_GLOBAL_LIMIT, Pacer
from bot.discord.replies import NO_PINGS
from bot.discord.routing import Router
from bot.discord.scheduler import Scheduler
from bot.discord.texts import use_command_ids
from bot.discord.translator import MomentosTranslator
from bot.domain.identify import IdentifyTurn
from bot.domain.shards import ShardScope
from bot.services import Services

log = logging.getLogger("momentos.bot")

Feature = Callable[["MomentosBot"], Awaitable[None]]

# Momentos never joins voice: silence discord.py's start-up warnings about missing voice libraries.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


class StartupRefused(Exception):
    """Discord refused to let the bot in; retrying with the same configuration cannot help."""


class MomentosBot(commands.AutoShardedBot):
    """Momentos on Discord. Only default (non-privileged) intents; every mention disabled by default.

    Always discord.py's sharded client: one process holds every shard Discord recommends (one, for a small
    bot), or the `shards` it is given, and its scheduler serves those shards' guilds only."""

    def __init__(
        self,
        services: Services,
        features: Sequence[Feature] = (),
        *,
        run_scheduler: bool = True,
        guild_ready_timeout: float = 2.0,
        requests_per_second: float = DISCORD_GLOBAL_LIMIT,
        heartbeat: Path | None = None,
        shards: ShardScope | None = None,
    ) -> None:
        # Paces every REST call of the bot under Discord's global limit (interaction answers are exempt).
        self.pacer = Pacer(requests_per_second)
        scope = shards or ShardScope()
        sharding: dict[str, Any] = {"shard_count": scope.count}
        if scope.ids is not None:
            sharding["shard_ids"] = scope.ids
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            help_command=None,
            allowed_mentions=NO_PINGS,
            guild_ready_timeout=guild_ready_timeout,
            http_trace=self.pacer.trace_config(),
            **sharding,
        )
        self.shard_scope = scope
        self.services = services
        self.features = tuple(features)
        self.run_scheduler = run_scheduler
        self.router = Router()
        self.scheduler = Scheduler(self, services.clock)
        self._scheduler_task: asyncio.Task[None] | None = None
        self.synced_commands = False
        self.heartbeat = Heartbeat(heartbeat) if heartbeat is not None else None
        self.identify_gate = services.identify

    async def setup_hook(self) -> None:
        """The features, the error handler, command sync and the scheduler."""
        await self.add_cog(self.router)
        for feature in self.features:
            await feature(self)
        self.tree.on_error = _on_command_error  # type: ignore[method-assign]
        await self.tree.set_translator(MomentosTranslator())
        await self.sync_commands_if_changed()
        if self.run_scheduler:
            self._scheduler_task = asyncio.create_task(self.scheduler.run(), name="momentos-scheduler")

    async def commands_fingerprint(self) -> str:
        """A hash of the command tree as Discord would receive it, translations included."""
        translator = self.tree.translator
        own = self.tree.get_commands()
        if translator is None:
            payload = [command.to_dict(self.tree) for command in own]
        else:
            payload = [await command.get_translated_payload(self.tree, translator) for command in own]
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    async def sync_commands_if_changed(self) -> None:
        """Upload slash commands only when they changed (Discord rate-limits command registration)."""
        fingerprint = await self.commands_fingerprint()
        stored = await self.services.commands.synced_fingerprint()
        registered = await self.tree.fetch_commands()
        local = {command.name for command in self.tree.get_commands()}
        if stored == fingerprint and {command.name for command in registered} == local:
            log.info("slash commands unchanged; not syncing")
        else:
            registered = await self.tree.sync()
            self.synced_commands = True
            await self.services.commands.synced(fingerprint)
            log.info("synced %d slash commands", len(registered))
        use_command_ids({command.name: command.id for command in registered})

    async def start(self, token: str, *, reconnect: bool = True) -> None:
        """Log in and run; a rejected token or intent becomes StartupRefused with a sentence for operators."""
        try:
            await super().start(token, reconnect=reconnect)
        except discord.LoginFailure as error:
            raise StartupRefused(
                "Discord rejected DISCORD_TOKEN; reset it in the developer portal and update .env"
            ) from error
        except discord.PrivilegedIntentsRequired as error:
            raise StartupRefused(
                "Discord refused the gateway intents (Momentos needs no privileged intents)"
            ) from error

    def beat(self) -> None:
        """Touch the heartbeat after a good tick, only while the gateway is connected (latency is known)."""
        if self.heartbeat is not None and math.isfinite(self.latency) and not self.is_closed():
            self.heartbeat.beat(self.services.clock.now())

    async def connect(self, *, reconnect: bool = True) -> None:
        """Wait for the identify budget before opening any socket: a process restarted in a loop waits here."""
        await self._identify_turn(reconnect=False)
        await super().connect(reconnect=reconnect)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Wait for the identify budget before every new gateway session (a RESUME never comes here).

        Replaces discord.py's fixed 5 s pause: Discord resets the token after 1,000 IDENTIFYs a day, and a
        process restarted in a loop by its supervisor would start each time with `initial` and no pause.
        The session is noted before it is asked for, so one that fails half-way still counts.
        """
        while True:  # the turn is taken and noted in one transaction: processes sharing the database take turns
            turn = await self.identify_gate.claim(reconnect=not initial)
            if turn.wait <= timedelta(0):
                return
            self._log_wait(turn)
            await asyncio.sleep(turn.wait.total_seconds())

    async def _identify_turn(self, *, reconnect: bool) -> None:
        """Sleep as long as the budget says, in one log line (nothing when no wait is due)."""
        turn = await self.identify_gate.turn(reconnect=reconnect)
        if turn.wait <= timedelta(0):
            return
        self._log_wait(turn)
        await asyncio.sleep(turn.wait.total_seconds())

    def _log_wait(self, turn: IdentifyTurn) -> None:
        """One log line per wait: a warning once the free sessions are spent or the cap holds."""
        budget = self.identify_gate.budget
        level = logging.WARNING if turn.capped or turn.recent >= budget.free else logging.INFO
        log.log(
            level,
            "identify budget: %d new gateway sessions in the last %s; waiting %s before identifying again"
            " (Discord resets the token after 1,000 a day)",
            turn.recent,
            _duration(budget.window),
            _duration(turn.wait),
        )

    async def on_ready(self) -> None:
        """Log who we are once connected (may run again after reconnects)."""
        user = self.user
        log.info("ready as %s (id %s) in %d guild(s)", user, user.id if user else "?", len(self.guilds))

    async def close(self) -> None:
        """Stop the scheduler, disconnect, then close the database the bot owns."""
        if self._scheduler_task is not None:
            self._scheduler_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._scheduler_task
        await super().close()
        await self.services.close()
        use_command_ids({})  # these ids belong to this connection's application


def _duration(span: timedelta) -> str:
    """A wait as an operator reads it in a log: '0.25 s', '15 s', '2 min 30 s', '24 h'."""
    seconds = span.total_seconds()
    if seconds < 10:
        return f"{seconds:.2f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        minutes, rest = divmod(round(seconds), 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, rest = divmod(round(seconds), 3600)
    return f"{hours} h {rest // 60} min" if rest >= 60 else f"{hours} h"


async def _on_command_error(interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
    """Every failed slash command ends in one polite private message (see `apologise`)."""
    await apologise(interaction, error)
