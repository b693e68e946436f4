"""Which guilds a process serves: Discord sends a guild to shard (guild_id >> 22) % shard_count, and a process
that holds some shards posts, reminds, reveals and announces for those guilds only (the database keeps every
guild exactly-once even when two processes briefly hold the same shard during a hand-off)."""

from __future__ import annotations

from dataclasses import dataclass

MAX_SHARDS = 4096  # far above any bot Momentos serves; a larger number is a typo


class ShardError(ValueError):
    """A shard setting that cannot work; the message names the setting and what is expected."""


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord sends a guild to."""
    return (guild_id >> 22) % shard_count


@dataclass(frozen=True, slots=True)
class ShardScope:
    """The shards this process holds out of `count` (None: let Discord recommend the count, hold them all)."""

    count: int | None = None
    held: frozenset[int] | None = None

    def __post_init__(self) -> None:
        if self.count is not None and not 1 <= self.count <= MAX_SHARDS:
            raise ShardError(f"the shard count must be between 1 and {MAX_SHARDS}, got {self.count}")
        if self.held is not None:
            if self.count is None:
                raise ShardError("shard ids need a shard count (--shard-count / MOMENTOS_SHARD_COUNT)")
            if not self.held:
                raise ShardError("the list of shard ids is empty")
            outside = sorted(shard for shard in self.held if not 0 <= shard < self.count)
            if outside:
                last = self.count - 1
                raise ShardError(f"shard ids {outside} are outside 0–{last} (the shard count is {self.count})")

    @property
    def whole(self) -> bool:
        """Whether this process serves every guild (no sharding, or every shard)."""
        return self.held is None or self.count is None or len(self.held) == self.count

    def holds(self, guild_id: int) -> bool:
        """Whether this process serves the guild."""
        if self.whole:
            return True
        return self.count is not None and self.held is not None and shard_of(guild_id, self.count) in self.held

    @property
    def ids(self) -> list[int] | None:
        """The held shard ids in order (None: all of them)."""
        return None if self.held is None else sorted(self.held)

    def describe(self) -> str:
        """For logs: 'shards 0-3 of 8', 'all 4 shards', 'Discord's recommended shards'."""
        if self.count is None:
            return "Discord's recommended shard count"
        if self.whole:
            return f"all {self.count} shard(s)"
        return f"shards {format_ids(sorted(self.held or ()))} of {self.count}"


def parse_ids(text: str) -> frozenset[int]:
    """'0-3', '0,2,5' or '0-1,4' as a set of shard ids; ShardError for anything else."""
    found: set[int] = set()
    for part in text.replace(" ", "").split(","):
        if not part:
            raise ShardError(f"shard ids {text!r}: an empty item (write e.g. 0-3 or 0,2,5)")
        first, dash, last = part.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise ShardError(f"shard ids {text!r}: {part!r} is not a number or a range like 0-3")
        low, high = int(first), int(last) if dash else int(first)
        if high < low:
            raise ShardError(f"shard ids {text!r}: the range {part!r} runs backwards")
        found.update(range(low, high + 1))
    return frozenset(found)


def format_ids(ids: list[int]) -> str:
    """Sorted ids as ranges: [0, 1, 2, 5] → '0-2,5'."""
    parts: list[str] = []
    start = previous = None
    for shard in ids:
        if previous is not None and shard == previous + 1:
            previous = shard
            continue
        if start is not None:
            parts.append(f"{start}-{previous}" if previous != start else f"{start}")
        start = previous = shard
    if start is not None:
        parts.append(f"{start}-{previous}" if previous != start else f"{start}")
    return ",".join(parts)
