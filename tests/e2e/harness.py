"""A Discord simulator and the real bot in one event loop, with a clock the test controls."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.app import App, open_app
from bot.discord.client import MomentosBot
from bot.discord.endpoints import configure_endpoints
from bot.domain.clock import ManualClock
from bot.domain.identify import IdentifyBudget
from bot.domain.model import Catalog, Item
from bot.simulator.interactions import InteractionRecord
from bot.simulator.server import Simulator
from bot.simulator.snowflake import Snowflakes
from bot.simulator.world import Channel, Guild, Member, Message, World
from bot.storage import Storage

WORLD = {
    "guilds": [
        {
            "name": "Tienda",
            "locale": "es-ES",
            "roles": [{"name": "Ventas"}, {"name": "Caja"}, {"name": "Gerencia", "permissions": ["manage_guild"]}],
            "channels": [{"name": "general"}, {"name": "ventas"}, {"name": "caja"}],
            "members": [
                {"name": "gerente", "roles": ["Gerencia"]},
                {"name": "ana", "roles": ["Ventas"]},
                {"name": "bruno", "roles": ["Ventas"]},
                {"name": "carla", "roles": ["Caja"]},
                {"name": "diego", "roles": []},
                {"name": "elena", "roles": ["Ventas"], "locale": "en-US"},
            ],
        },
        {
            "name": "Otra",
            "roles": [{"name": "Ventas"}],
            "channels": [{"name": "general"}, {"name": "ventas"}],
            "members": [{"name": "otto", "roles": ["Ventas"], "owner": True}],
        },
    ]
}


@dataclass
class Harness:
    """The simulator, the bot and the clock of one test."""

    sim: Simulator
    clock: ManualClock
    catalog: Catalog
    db_path: Path | str  # a SQLite file, or a PostgreSQL URL
    bot: MomentosBot | None = None
    app: App | None = None
    identify_budget: IdentifyBudget | None = None  # None: the production budget (bot.domain.identify)
    _task: asyncio.Task[None] | None = field(default=None, repr=False)

    @property
    def world(self) -> World:
        return self.sim.world

    @property
    def guild(self) -> Guild:
        return self.world.guild("Tienda")

    def member(self, name: str) -> Member:
        return self.guild.member(name)

    def channel(self, name: str) -> Channel:
        return self.guild.channel(name)

    async def start_bot(self, *, scheduler_loop: bool = False) -> MomentosBot:
        """Start the real bot against the simulator and wait until it is ready.

        The background scheduler loop is off by default so a test that moves the clock decides exactly
        when ticks happen; tests of the loop itself turn it on.
        """
        configure_endpoints(self.sim.api_url, self.sim.gateway_url)
        app = await open_app(
            database=self.db_path,
            catalog=self.catalog,
            clock=self.clock,
            guild_ready_timeout=0.05,
            run_scheduler=scheduler_loop,
            identify_budget=self.identify_budget,
        )
        self.app, self.bot = app, app.bot
        bot = app.bot
        self._task = asyncio.create_task(bot.start(self.sim.token))
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({ready, self._task}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
        if self._task in done:
            ready.cancel()
            self._task.result()
        if ready not in done:
            raise TimeoutError("the bot did not become ready")
        return bot

    async def stop_bot(self) -> None:
        """Close the bot as SIGTERM would."""
        if self.bot is not None:
            await self.bot.close()
        if self._task is not None:
            await asyncio.wait_for(self._task, 10)
        self.bot, self.app, self._task = None, None, None

    async def restart_bot(self, *, scheduler_loop: bool = False) -> MomentosBot:
        """Stop and start again with the same database."""
        await self.stop_bot()
        return await self.start_bot(scheduler_loop=scheduler_loop)

    @property
    def running(self) -> MomentosBot:
        assert self.bot is not None, "the bot is not running"
        return self.bot

    @property
    def storage(self) -> Storage:
        """The running bot's database, for tests that look at (or set up) stored state directly."""
        assert self.app is not None, "the bot is not running"
        return self.app.storage

    async def manager(self, path: str, **options: Any) -> InteractionRecord:
        """Run a command as the manager in #general and wait for its final answer."""
        record = await self.sim.command(self.member("gerente"), self.channel("general"), path, **options)
        return await record.settled()

    async def setup_two_teams(self, time: str = "09:00", timezone: str = "America/Mexico_City") -> None:
        """Ventas and Caja, posting on weekdays at `time`."""
        for name in ("Ventas", "Caja"):
            record = await self.manager(
                "team add", name=name, channel=self.channel(name.lower()), role=self.guild.role(name)
            )
            assert "creado" in record.text(), record.text()
        record = await self.manager("config schedule", time=time, timezone=timezone)
        assert "Horario guardado" in record.text(), record.text()

    async def tick_at(self, instant: datetime) -> list[Any]:
        """Move the clock and run one scheduler tick."""
        self.clock.set(instant)
        return await self.running.scheduler.tick()

    def post_in(self, channel_name: str) -> Message:
        """The latest visible challenge in a channel (a message with answer buttons)."""
        posts = [
            m
            for m in self.sim.messages(self.channel(channel_name))
            if any(c.startswith("momentos:answer:") for c in m.custom_ids)
        ]
        assert posts, f"no challenge in #{channel_name}"
        return posts[-1]

    async def item_of(self, message: Message) -> tuple[Item, int, int]:
        """The catalogue item a posted message shows (looked up in the database), its right and a wrong choice."""
        rows = await self.rows("SELECT item_id FROM posts WHERE message_id = ?", message.id)
        assert rows, f"message {message.id} is not a recorded post"
        item = self.catalog.items[rows[0]["item_id"]]
        assert item.correct_index is not None
        return item, item.correct_index, (item.correct_index + 1) % len(item.choices)

    async def click(self, member: str, message: Message, choice: int, **kwargs: Any) -> InteractionRecord:
        """Press choice `choice` (0 = A) as `member`."""
        record = await self.sim.click(self.member(member), message, message.custom_ids[choice], **kwargs)
        return await record.settled()

    async def eventually(self, check: Callable[[], Any], limit: float = 5.0) -> Any:
        """Wait until `check()` returns something truthy (work the bot does after answering someone)."""
        deadline = asyncio.get_running_loop().time() + limit
        while not (result := check()):
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("the expected state never arrived")
            await asyncio.sleep(0.01)
        return result

    async def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        """Rows of a query on the bot's database (through the running bot's connection)."""
        rows = await self.storage.database.fetchall(sql, params)
        return [dict(row) for row in rows]


@contextlib.asynccontextmanager
async def running(
    world: dict[str, Any], catalog: Catalog, db_path: Path | str, start: datetime, *, token: str | None = None
) -> AsyncIterator[Harness]:
    """A simulator of `world` with ids fixed by `start`, the bot ready on it, and a clock at `start`.

    `token` is the bot's token when a test needs a recognisable one. On the way out both stop, and the test
    fails if the bot called an endpoint the simulator lacks.
    """
    ids = Snowflakes(fixed_start=start.timestamp())
    sim = Simulator(World.from_config(world, ids), **({"token": token} if token else {}))
    await sim.start()
    h = Harness(sim=sim, clock=ManualClock(start), catalog=catalog, db_path=db_path)
    try:
        await h.start_bot()
        yield h
    finally:
        await h.stop_bot()
        await sim.stop()
    assert sim.unhandled == [], f"the bot called endpoints the simulator does not implement: {sim.unhandled}"
    doubled = [r.payload.get("data") for r in sim.interactions.values() if r.refused_callbacks]
    assert doubled == [], f"interactions the bot answered twice (handled twice?): {doubled}"
