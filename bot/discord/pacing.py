"""Keeping the bot's own REST requests under Discord's global rate limit, before Discord has to refuse them.

Discord lets a bot make `per_second` requests per second (50 unless Discord raised it) across every
route; interaction endpoints (callbacks, followups, `@original` edits) are exempt. discord.py paces each
route bucket from the headers, but has no global pacing: it only stops everything *after* a global 429,
and concurrent requests that were already on their way each collect their own 429. So when many teams
are posted at once the bot paces itself: every request to the API passes through `Pacer.acquire` (hooked
into discord.py's aiohttp session as a trace, so discord.py's own retries are paced too).

The pacer allows `per_second` requests in any window of `1 + margin` seconds, spaced at least
`spacing / per_second` apart. The margin absorbs jitter in how long requests take to reach Discord (a
window that is full at the client must not overlap the next one at the server); the spacing keeps a full
window from leaving as one burst, which would spread its arrival times and eat that margin.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from types import SimpleNamespace

import aiohttp
import discord.http

DISCORD_GLOBAL_LIMIT = 50
EXEMPT_PREFIXES = ("/interactions/", "/webhooks/")


class Pacer:
    """At most `per_second` requests in any `1 + margin` seconds, at least `spacing / per_second` apart."""

    def __init__(
        self,
        per_second: float = DISCORD_GLOBAL_LIMIT,
        *,
        margin: float = 0.25,
        spacing: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.limit = max(1, int(per_second))
        self.window = 1.0 + margin
        self.gap = spacing / per_second
        self.clock = clock
        self.sleep = sleep
        self.sent: deque[float] = deque()
        self.waited = 0.0  # total seconds requests spent waiting here (for reports and tests)
        self._turn = asyncio.Lock()

    def delay(self, now: float) -> float:
        """How long a request arriving now must wait (0: it may go)."""
        while self.sent and self.sent[0] <= now - self.window:
            self.sent.popleft()
        wait = 0.0
        if len(self.sent) >= self.limit:
            wait = self.sent[0] + self.window - now
        if self.sent:
            wait = max(wait, self.sent[-1] + self.gap - now)
        return wait

    async def acquire(self) -> None:
        """Wait for this request's turn (first come, first served) and count it."""
        async with self._turn:
            while (wait := self.delay(self.clock())) > 0:
                self.waited += wait
                await self.sleep(wait)
            self.sent.append(self.clock())

    def trace_config(self) -> aiohttp.TraceConfig:
        """An aiohttp trace that paces every request to the configured API base, except interaction endpoints."""
        trace = aiohttp.TraceConfig()

        async def on_request_start(
            _session: aiohttp.ClientSession, _context: SimpleNamespace, params: aiohttp.TraceRequestStartParams
        ) -> None:
            if counts_globally(str(params.url)):
                await self.acquire()

        trace.on_request_start.append(on_request_start)
        return trace


def counts_globally(url: str) -> bool:
    """Whether a request to `url` counts against the bot's global limit (a REST call, not an interaction's)."""
    base = discord.http.Route.BASE
    if not url.startswith(base + "/"):
        return False  # the gateway, attachments on the CDN
    return not url[len(base) :].startswith(EXEMPT_PREFIXES)
