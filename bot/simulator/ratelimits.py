"""Discord's rate limits, opt-in: a global limit per bot and per-route buckets, with Discord's headers and 429s.

Modelled on https://discord.com/developers/docs/topics/rate-limits:

- **Global:** at most `global_per_second` requests per second for the bot, across every route. Interaction
  endpoints (callbacks, and the interaction webhooks behind followups and `@original`) are exempt, as on
  Discord. The simulator enforces it as "no more than N in *any* one-second window" (a sliding window),
  the strictest reading: a client that never trips it never trips a Discord that counts per fixed second.
  A global 429 carries `"global": true`, `X-RateLimit-Global: true` and `X-RateLimit-Scope: global`.
- **Per route:** creating messages has a bucket per channel (5 per 5 s is what Discord is commonly seen to
  give bots). A bucket is a fixed window that opens with its first request, as Discord's headers describe
  it: `X-RateLimit-Limit`, `-Remaining`, `-Reset` (epoch seconds), `-Reset-After` (seconds) and `-Bucket`
  (an opaque hash per route), sent on every answer of that route so a client can pace itself, which is
  what discord.py does with them. Its 429 has `X-RateLimit-Scope: user`.

A refused request is not performed and uses no quota, so a client that waits `retry_after` and sends the
same request again gets it done exactly once. Every decision is counted in `stats` for reports.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

EXEMPT = re.compile(r"^/(?:interactions|webhooks)/")
MESSAGE_CREATE = re.compile(r"^/channels/(\d+)/messages$")
RATE_LIMITED = "You are being rate limited."


@dataclass(frozen=True, slots=True)
class RateLimits:
    """What to enforce. `None` turns a limit off; `Simulator(rate_limits=RateLimits())` is Discord's default."""

    global_per_second: int | None = 50
    per_channel_messages: tuple[int, float] | None = (5, 5.0)

    def __post_init__(self) -> None:
        if self.global_per_second is not None and self.global_per_second < 1:
            raise ValueError("global_per_second must be at least 1")
        if self.per_channel_messages is not None:
            limit, period = self.per_channel_messages
            if limit < 1 or period <= 0:
                raise ValueError("per_channel_messages must be (limit >= 1, period > 0)")


def bucket_hash(route: str) -> str:
    """An opaque, stable bucket id for a route, like Discord's X-RateLimit-Bucket."""
    return hashlib.sha1(route.encode(), usedforsecurity=False).hexdigest()[:32]


@dataclass
class Bucket:
    """A per-route limit: `limit` requests in a fixed window of `period` seconds opened by the first one."""

    limit: int
    period: float
    name: str
    opened: float = -math.inf
    used: int = 0

    def _roll(self, now: float) -> None:
        if now >= self.opened + self.period:
            self.opened, self.used = now, 0

    def take(self, now: float) -> bool:
        """Use one request of the window if any is left."""
        self._roll(now)
        if self.used >= self.limit:
            return False
        self.used += 1
        return True

    def reset_after(self, now: float) -> float:
        """Seconds until the window closes and the bucket is full again."""
        return max(0.0, self.opened + self.period - now)

    def headers(self, now: float, wall: float) -> dict[str, str]:
        """The X-RateLimit-* headers describing this bucket after the current request."""
        self._roll(now)
        reset_after = self.reset_after(now)
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(0, self.limit - self.used)),
            "X-RateLimit-Reset": f"{wall + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": self.name,
        }


@dataclass
class SlidingWindow:
    """At most `limit` requests in any window of `period` seconds."""

    limit: int
    period: float = 1.0
    times: deque[float] = field(default_factory=deque)

    def retry_after(self, now: float) -> float:
        """0 if a request may go now, else how long until one may."""
        while self.times and self.times[0] <= now - self.period:
            self.times.popleft()
        if len(self.times) < self.limit:
            return 0.0
        return self.times[0] + self.period - now

    def take(self, now: float) -> None:
        """Count a request (after `retry_after` said it may go)."""
        self.times.append(now)


@dataclass
class RateLimitStats:
    """What the limits saw: requests counted, exempt ones, and 429s by scope ('global', 'user')."""

    counted: int = 0
    exempt: int = 0
    limited: dict[str, int] = field(default_factory=dict)

    @property
    def rate_limited(self) -> int:
        """Every 429 answered, whatever its scope."""
        return sum(self.limited.values())

    def as_dict(self) -> dict[str, Any]:
        """For reports (JSON-friendly)."""
        return {"counted": self.counted, "exempt": self.exempt, "limited": dict(self.limited)}


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict on one request: go ahead (adding `headers` to the answer) or answer 429 with `body`."""

    headers: dict[str, str]
    body: dict[str, Any] | None = None
    scope: str | None = None

    @property
    def allowed(self) -> bool:
        """Whether the request may be performed."""
        return self.body is None


class RateLimiter:
    """Applies `RateLimits` to the bot's REST requests (paths after /api/v10)."""

    def __init__(
        self,
        limits: RateLimits,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.limits = limits
        self.clock = clock
        self.wall = wall
        self.stats = RateLimitStats()
        self.global_window = SlidingWindow(limits.global_per_second) if limits.global_per_second else None
        self.buckets: dict[str, Bucket] = {}

    def _bucket(self, method: str, path: str) -> Bucket | None:
        """The route bucket a request uses, if that route is limited."""
        if self.limits.per_channel_messages is None or method != "POST":
            return None
        found = MESSAGE_CREATE.match(path)
        if found is None:
            return None
        key = f"messages:{found.group(1)}"
        bucket = self.buckets.get(key)
        if bucket is None:
            limit, period = self.limits.per_channel_messages
            bucket = self.buckets[key] = Bucket(limit, period, bucket_hash("POST /channels/{channel.id}/messages"))
        return bucket

    def check(self, method: str, path: str) -> Decision:
        """Decide on one request, counting it if it goes ahead."""
        if EXEMPT.match(path):
            self.stats.exempt += 1
            return Decision({})
        now = self.clock()
        bucket = self._bucket(method, path)
        wait = self.global_window.retry_after(now) if self.global_window else 0.0
        if wait > 0:
            return self._refuse("global", wait, {"X-RateLimit-Global": "true"})
        if bucket is not None and not bucket.take(now):
            headers = bucket.headers(now, self.wall())
            return self._refuse("user", bucket.reset_after(now), headers)
        if self.global_window is not None:
            self.global_window.take(now)
        self.stats.counted += 1
        return Decision(bucket.headers(now, self.wall()) if bucket else {})

    def _refuse(self, scope: str, retry_after: float, headers: dict[str, str]) -> Decision:
        self.stats.limited[scope] = self.stats.limited.get(scope, 0) + 1
        retry_after = max(0.001, math.ceil(retry_after * 1000 - 1e-6) / 1000)  # in ms, never early
        body = {"message": RATE_LIMITED, "retry_after": retry_after, "global": scope == "global"}
        return Decision(
            {
                **headers,
                "Retry-After": str(math.ceil(retry_after)),
                "X-RateLimit-Scope": scope,
                "Via": "1.1 google",  # discord.py treats a 429 without it as a Cloudflare ban
            },
            body,
            scope,
        )
