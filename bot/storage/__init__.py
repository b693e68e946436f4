"""Persistence: the only package that speaks SQL."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from bot.storage.announcements import AnnouncementRepository
from bot.storage.backends import open_database
from bot.storage.boards import BoardRepository
from bot.storage.custom import CustomItemRepository
from bot.storage.database import Database, StorageError
from bot.storage.erasure import ErasureRepository
from bot.storage.exports import ExportRepository
from bot.storage.guilds import GuildRepository
from bot.storage.identifies import IdentifyRepository
from bot.storage.insights import InsightRepository
from bot.storage.ledger import AlreadyAnswered, LedgerRepository
from bot.storage.members import MemberRepository
from bot.storage.meta import MetaRepository
from bot.storage.posts import PostRepository
from bot.storage.reflections import ReflectionRepository
from bot.storage.reviews import ReviewRepository
from bot.storage.teams import TeamRepository

__all__ = ["DATABASE_ERRORS", "AlreadyAnswered", "Database", "Storage", "StorageError"]

# What a caller may catch to say "the data is unavailable" without knowing which database is behind (a
# PostgreSQL server can also drop the connection: OSError).
DATABASE_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.Error,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,  # a connection cut mid-statement can leave asyncpg's protocol saying only this
    OSError,
    StorageError,
)


@dataclass(frozen=True, slots=True)
class Storage:
    """The open database and its repositories."""

    database: Database
    guilds: GuildRepository
    teams: TeamRepository
    posts: PostRepository
    ledger: LedgerRepository
    boards: BoardRepository
    meta: MetaRepository
    members: MemberRepository
    reflections: ReflectionRepository
    announcements: AnnouncementRepository
    digests: AnnouncementRepository
    exports: ExportRepository
    erasure: ErasureRepository
    custom: CustomItemRepository
    identifies: IdentifyRepository
    reviews: ReviewRepository
    insights: InsightRepository

    @classmethod
    async def open(cls, target: str | Path) -> Storage:
        """Open and migrate the database `target` names: a file path, `sqlite:///path` or `postgresql://…`."""
        database = await open_database(target)
        return cls(
            database,
            GuildRepository(database),
            TeamRepository(database),
            PostRepository(database),
            LedgerRepository(database),
            BoardRepository(database),
            MetaRepository(database),
            MemberRepository(database),
            ReflectionRepository(database),
            AnnouncementRepository(database),
            AnnouncementRepository(database, "digests"),
            ExportRepository(database),
            ErasureRepository(database),
            CustomItemRepository(database),
            IdentifyRepository(database),
            ReviewRepository(database),
            InsightRepository(database),
        )

    def forgotten(self, guild_id: int, user_id: int) -> None:
        """A member's rows were erased (/privacy): the caches of this process must not remember them."""
        self.members.forgotten(guild_id, user_id)
        self.ledger.forgotten()

    async def close(self) -> None:
        """Finish the writes in flight, then close the database."""
        await self.ledger.flush()
        await self.members.flush()
        await self.database.close()
