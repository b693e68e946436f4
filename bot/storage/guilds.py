"""Per-server settings."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

from bot.domain.scoring import ScoringRules
from bot.domain.settings import GameRules, ReviewSettings, Visibility
from bot.domain.state import GuildConfig
from bot.storage.cache import Bounded
from bot.storage.database import Database, Row, to_db


def _weekdays(text: str) -> frozenset[int]:
    return frozenset(int(part) for part in text.split(",") if part)


def dump_rules(rules: GameRules) -> str:
    """A server's rules as stored: one flat JSON object (the shape every release has written)."""
    data: dict[str, object] = {name: getattr(rules.scoring, name) for name in ScoringRules.__dataclass_fields__}
    data.update(visibility=rules.visibility.value, exclude_managers=rules.exclude_managers)
    data.update({f"reviews_{name}": getattr(rules.reviews, name) for name in ReviewSettings.__dataclass_fields__})
    return json.dumps(data, sort_keys=True, default=str)


def load_rules(text: str | None) -> GameRules:
    """Stored rules back (defaults when none; keys a newer version added are ignored)."""
    if not text:
        return GameRules()
    data = json.loads(text)
    known = {key: value for key, value in data.items() if key in ScoringRules.__dataclass_fields__}
    return GameRules(
        scoring=ScoringRules(**known),
        visibility=Visibility(data.get("visibility", Visibility.AFTER_CLOSE.value)),
        exclude_managers=bool(data.get("exclude_managers", False)),
        reviews=ReviewSettings(**{name[8:]: value for name, value in data.items() if name.startswith("reviews_")}),
    )


def _config(row: Row) -> GuildConfig:
    post_time = time.fromisoformat(row["post_time"]) if row["post_time"] else None
    rules = load_rules(row["scoring"])
    return GuildConfig(
        guild_id=int(row["guild_id"]),
        timezone=row["timezone"],
        post_time=post_time,
        weekdays=_weekdays(row["weekdays"]),
        answer_window=timedelta(minutes=int(row["answer_window_minutes"])),
        language=row["language"],
        manager_role_id=row["manager_role_id"],
        scoring=rules.scoring,
        visibility=rules.visibility,
        exclude_managers=rules.exclude_managers,
        reviews=rules.reviews,
        announce_channel_id=row["announce_channel_id"],
        announce_weekday=int(row["announce_weekday"]),
        announce_time=time.fromisoformat(row["announce_time"]),
        reminders=bool(row["reminders"]),
        insights_channel_id=row["insights_channel_id"],
        insights_weekday=int(row["insights_weekday"]),
        insights_time=time.fromisoformat(row["insights_time"]),
    )


class GuildRepository:
    """Reads and writes guild_settings."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._cache: Bounded[int, GuildConfig] = Bounded(10_000)

    async def get(self, guild_id: int) -> GuildConfig:
        """The guild's settings, or the defaults if it has none stored yet (cached: read on every click)."""
        cached = self._cache.get(guild_id)
        if cached is not None:
            return cached
        since = self._cache.generation
        row = await self._db.fetchone("SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return self._cache.put(guild_id, _config(row) if row else GuildConfig(guild_id), since)

    async def ensure(self, guild_id: int, now: datetime) -> None:
        """Create the guild's row with defaults if it does not exist."""
        await self._db.execute(
            "INSERT INTO guild_settings (guild_id, created_at, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (guild_id) DO NOTHING",
            (guild_id, to_db(now), to_db(now)),
        )
        self._cache.drop(guild_id)

    async def save_schedule(self, config: GuildConfig, now: datetime) -> None:
        """Store the schedule part of `config` (timezone, post time, weekdays, answer window)."""
        await self.ensure(config.guild_id, now)
        minutes = int(config.answer_window.total_seconds() // 60)
        post_time = config.post_time.strftime("%H:%M") if config.post_time else None
        await self._db.execute(
            "UPDATE guild_settings SET timezone = ?, post_time = ?, weekdays = ?, answer_window_minutes = ?,"
            " updated_at = ? WHERE guild_id = ?",
            (
                config.timezone,
                post_time,
                ",".join(str(day) for day in sorted(config.weekdays)),
                minutes,
                to_db(now),
                config.guild_id,
            ),
        )
        self._cache.drop(config.guild_id)

    async def save_rules(self, guild_id: int, rules: GameRules | None, now: datetime) -> None:
        """Store the server's scoring file's rules (None goes back to the defaults)."""
        await self.ensure(guild_id, now)
        await self._db.execute(
            "UPDATE guild_settings SET scoring = ?, updated_at = ? WHERE guild_id = ?",
            (dump_rules(rules) if rules else None, to_db(now), guild_id),
        )
        self._cache.drop(guild_id)

    async def save_announcements(
        self, guild_id: int, channel_id: int | None, weekday: int, at: time, reminders: bool, now: datetime
    ) -> None:
        """Where and when the weekly announcement goes, and whether posts get a reminder."""
        await self.ensure(guild_id, now)
        await self._db.execute(
            "UPDATE guild_settings SET announce_channel_id = ?, announce_weekday = ?, announce_time = ?, reminders = ?,"
            " updated_at = ? WHERE guild_id = ?",
            (channel_id, weekday, at.strftime("%H:%M"), int(reminders), to_db(now), guild_id),
        )
        self._cache.drop(guild_id)

    async def save_insights(
        self, guild_id: int, channel_id: int | None, weekday: int, at: time, now: datetime
    ) -> None:
        """Where and when the weekly coaching digest goes (no channel: no digest)."""
        await self.ensure(guild_id, now)
        await self._db.execute(
            "UPDATE guild_settings SET insights_channel_id = ?, insights_weekday = ?, insights_time = ?, updated_at = ?"
            " WHERE guild_id = ?",
            (channel_id, weekday, at.strftime("%H:%M"), to_db(now), guild_id),
        )
        self._cache.drop(guild_id)

    async def with_digest(self) -> list[GuildConfig]:
        """Every guild that asked for the weekly coaching digest."""
        rows = await self._db.fetchall(
            "SELECT * FROM guild_settings WHERE insights_channel_id IS NOT NULL ORDER BY guild_id"
        )
        return [_config(row) for row in rows]

    async def set_language(self, guild_id: int, language: str, now: datetime) -> None:
        """The language the server's posts and announcements are written in."""
        await self.ensure(guild_id, now)
        await self._db.execute(
            "UPDATE guild_settings SET language = ?, updated_at = ? WHERE guild_id = ?",
            (language, to_db(now), guild_id),
        )
        self._cache.drop(guild_id)

    async def set_manager_role(self, guild_id: int, role_id: int | None, now: datetime) -> None:
        """The role that makes its members managers (besides Manage Server); None removes it."""
        await self.ensure(guild_id, now)
        await self._db.execute(
            "UPDATE guild_settings SET manager_role_id = ?, updated_at = ? WHERE guild_id = ?",
            (role_id, to_db(now), guild_id),
        )
        self._cache.drop(guild_id)

    async def set_reminders(self, guild_id: int, on: bool, now: datetime) -> None:
        """Turn the reminder at 80% of the answer window on or off."""
        await self.ensure(guild_id, now)
        await self._db.execute(
            "UPDATE guild_settings SET reminders = ?, updated_at = ? WHERE guild_id = ?",
            (int(on), to_db(now), guild_id),
        )
        self._cache.drop(guild_id)

    async def scheduled(self) -> list[GuildConfig]:
        """Every guild with a post time set."""
        rows = await self._db.fetchall("SELECT * FROM guild_settings WHERE post_time IS NOT NULL ORDER BY guild_id")
        return [_config(row) for row in rows]
