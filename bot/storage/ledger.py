"""Answers and the append-only ledger of point events they produce."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.model import Item
from bot.domain.records import Answer, Post
from bot.domain.scoring import AnswerScore
from bot.storage.database import Database, from_db, to_db


@dataclass(frozen=True, slots=True)
class AlreadyAnswered:
    """The member had answered this post before; nothing was written."""

    previous: Answer


def _answer(row: sqlite3.Row) -> Answer:
    return Answer(
        answer_id=int(row["answer_id"]),
        post_id=int(row["post_id"]),
        user_id=int(row["user_id"]),
        team_id=int(row["team_id"]),
        choice_index=int(row["choice_index"]),
        correct=bool(row["correct"]),
        answered_at=from_db(row["answered_at"]),
    )


class LedgerRepository:
    """Writes an answer and its points in one transaction, so neither exists without the other."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def record_answer(
        self, post: Post, item: Item, user_id: int, choice_index: int, score: AnswerScore, now: datetime
    ) -> Answer | AlreadyAnswered:
        """Store the member's answer and its point event; the (post, member) uniqueness refuses a second one."""
        try:
            async with self._db.transaction() as tx:
                async with tx.execute(
                    "INSERT INTO answers (post_id, guild_id, team_id, user_id, choice_index, correct, answered_at,"
                    " step) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
                    (
                        post.post_id,
                        post.guild_id,
                        post.team_id,
                        user_id,
                        choice_index,
                        int(score.correct),
                        to_db(now),
                        item.step,
                    ),
                ) as cursor:
                    row = await cursor.fetchone()
                assert row is not None
                for award in score.awards:
                    await tx.execute(
                        "INSERT INTO point_events (event_key, guild_id, team_id, user_id, post_id, item_id, step,"
                        " dimension, kind, points, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            f"{award.kind.value}:{post.post_id}:{user_id}",
                            post.guild_id,
                            post.team_id,
                            user_id,
                            post.post_id,
                            item.id,
                            item.step,
                            item.main_dimension,
                            award.kind.value,
                            award.points,
                            to_db(now),
                        ),
                    )
        except sqlite3.IntegrityError:
            previous = await self.answer_of(post.post_id, user_id)
            if previous is None:
                raise
            return AlreadyAnswered(previous)
        return _answer(row)

    async def answered_days(self, team_id: int, user_id: int) -> set[date]:
        """Local dates of the team's posts the member answered."""
        rows = await self._db.fetchall(
            "SELECT p.local_date FROM answers a JOIN posts p ON p.post_id = a.post_id"
            " WHERE a.team_id = ? AND a.user_id = ?",
            (team_id, user_id),
        )
        return {date.fromisoformat(row[0]) for row in rows}

    async def choice_counts(self, post_id: int) -> dict[int, int]:
        """How many members picked each choice of a post."""
        rows = await self._db.fetchall(
            "SELECT choice_index, COUNT(*) FROM answers WHERE post_id = ? GROUP BY choice_index", (post_id,)
        )
        return {int(row[0]): int(row[1]) for row in rows}

    async def answer_of(self, post_id: int, user_id: int) -> Answer | None:
        """The member's answer to a post, if any."""
        row = await self._db.fetchone("SELECT * FROM answers WHERE post_id = ? AND user_id = ?", (post_id, user_id))
        return _answer(row) if row else None
