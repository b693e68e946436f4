"""Answers and the append-only ledger of point events they produce."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.model import Item
from bot.domain.scoring import AnswerScore
from bot.domain.state import Answer, Post
from bot.storage.batching import GroupCommit
from bot.storage.cache import Bounded
from bot.storage.database import INT_PAIR, Database, Row, Transaction, from_db, to_db


@dataclass(frozen=True, slots=True)
class AlreadyAnswered:
    """The member had answered this post before; nothing was written."""

    previous: Answer


def _answer(row: Row) -> Answer:
    return Answer(
        answer_id=int(row["answer_id"]),
        post_id=int(row["post_id"]),
        user_id=int(row["user_id"]),
        team_id=int(row["team_id"]),
        choice_index=int(row["choice_index"]),
        correct=bool(row["correct"]),
        answered_at=from_db(row["answered_at"]),
        interaction_id=None if row["interaction_id"] is None else int(row["interaction_id"]),
    )


Scorer = Callable[[frozenset[date]], AnswerScore]  # the days the member answered before → this answer's points


@dataclass(frozen=True, slots=True)
class Recorded:
    """The answer is stored, with the points its scorer gave it."""

    answer: Answer
    score: AnswerScore


@dataclass(slots=True)
class _Pending:
    """An answer waiting for the next group commit; `done` resolves once it is durable (or refused)."""

    post: Post
    item: Item
    user_id: int
    choice_index: int
    scorer: Scorer
    now: datetime
    interaction_id: int | None = None
    score: AnswerScore | None = None

    @property
    def key(self) -> tuple[int, int]:
        return self.post.post_id, self.user_id


PAIRS_PER_QUERY = 400  # (post, member) pairs per lookup: 800 parameters, under SQLite's oldest limit of 999


class LedgerRepository:
    """Writes answers and their points in group commits: many clicks, one transaction, nothing half-written.

    A burst of clicks would otherwise pay one transaction (and one fsync) each, one after another. Each
    caller still waits until its own answer is durable before it is acknowledged.
    """

    def __init__(self, database: Database) -> None:
        self._db = database
        self._writes: GroupCommit[_Pending, Recorded | AlreadyAnswered] = GroupCommit(self._commit, "ledger-writer")
        # The days each (team, member) answered: streaks need them on every click; kept exact at each commit.
        self._days: Bounded[tuple[int, int], frozenset[date]] = Bounded(200_000)

    async def record_answer(
        self,
        post: Post,
        item: Item,
        user_id: int,
        choice_index: int,
        scorer: Scorer,
        now: datetime,
        interaction_id: int | None = None,
    ) -> Recorded | AlreadyAnswered:
        """Score (from the member's earlier answers, read in the same transaction) and store an answer.

        A second answer to the same post is refused. The caller waits until its answer is durable.
        """
        return await self._writes.submit(_Pending(post, item, user_id, choice_index, scorer, now, interaction_id))

    async def flush(self) -> None:
        """Wait for answers being written."""
        await self._writes.flush()

    async def _commit(self, batch: list[_Pending]) -> list[Recorded | AlreadyAnswered]:
        """One transaction: earlier answers win (stored before, or first in the batch); the rest are repeats."""
        async with self._db.transaction() as tx:
            before = await _answers_for(tx, [p.key for p in batch])
            fresh: dict[tuple[int, int], _Pending] = {}
            for pending in batch:
                if pending.key not in before and pending.key not in fresh:
                    fresh[pending.key] = pending
            days = await self._answered(tx, {(p.post.team_id, p.user_id) for p in fresh.values()})
            for pending in fresh.values():
                pending.score = pending.scorer(days[(pending.post.team_id, pending.user_id)])
            if fresh:
                # Another process may have stored one of these answers since they were looked up (two clicks of
                # one member reaching two processes): the schema keeps the first, and only the answers this
                # statement really inserted earn points here; the others are reported as answered before.
                inserted = await _insert_answers(tx, list(fresh.values()))
                fresh = {key: pending for key, pending in fresh.items() if key in inserted}
            if fresh:
                await tx.executemany(
                    "INSERT INTO point_events (event_key, guild_id, team_id, user_id, post_id, item_id, step,"
                    " dimension, kind, points, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            f"{award.kind.value}:{p.post.post_id}:{p.user_id}",
                            p.post.guild_id,
                            p.post.team_id,
                            p.user_id,
                            p.post.post_id,
                            p.item.id,
                            p.item.step,
                            p.item.main_dimension,
                            award.kind.value,
                            award.points,
                            to_db(p.now),
                        )
                        for p in fresh.values()
                        for award in _scored(p).awards
                    ],
                )
            unseen = list(dict.fromkeys(p.key for p in batch if p.key not in before))
            stored = {**before, **(await _answers_for(tx, unseen))}
        for pending in fresh.values():  # committed: the cached days learn the new ones
            key = (pending.post.team_id, pending.user_id)
            self._days.put(key, days[key] | {pending.post.local_date})
        outcomes: list[Recorded | AlreadyAnswered] = []
        for pending in batch:
            answer = stored[pending.key]
            mine = fresh.get(pending.key) is pending
            outcomes.append(Recorded(answer, _scored(pending)) if mine else AlreadyAnswered(answer))
        return outcomes

    async def _answered(
        self, tx: Transaction, keys: set[tuple[int, int]]
    ) -> dict[tuple[int, int], frozenset[date]]:
        """Answered days of each (team, member): from the cache, the rest in one query per few hundred pairs."""
        found = {key: cached for key in keys if (cached := self._days.get(key)) is not None}
        missing = [key for key in keys if key not in found]
        for start in range(0, len(missing), PAIRS_PER_QUERY):
            chunk = missing[start : start + PAIRS_PER_QUERY]
            pairs = ", ".join(INT_PAIR for _ in chunk)
            params = [value for key in chunk for value in key]
            collected: dict[tuple[int, int], set[date]] = {key: set() for key in chunk}
            joined = "SELECT a.team_id, a.user_id, p.local_date FROM answers a JOIN posts p ON p.post_id = a.post_id"
            sql = f"{joined} WHERE (a.team_id, a.user_id) IN (VALUES {pairs})"
            for row in await tx.fetchall(sql, params):
                collected[(int(row[0]), int(row[1]))].add(date.fromisoformat(row[2]))
            for key, answered in collected.items():
                found[key] = frozenset(answered)
        return found

    def forgotten(self) -> None:
        """Answers were erased elsewhere (/privacy): read the days again."""
        self._days.clear()

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

    async def owner_of(self, answer_id: int) -> tuple[int, int] | None:
        """(guild, member) of an answer, to check that a confidence tap is the answerer's own."""
        row = await self._db.fetchone("SELECT guild_id, user_id FROM answers WHERE answer_id = ?", (answer_id,))
        return None if row is None else (int(row[0]), int(row[1]))

    async def answer_of(self, post_id: int, user_id: int) -> Answer | None:
        """The member's answer to a post, if any."""
        row = await self._db.fetchone("SELECT * FROM answers WHERE post_id = ? AND user_id = ?", (post_id, user_id))
        return _answer(row) if row else None


ANSWER_COLUMNS = 9
ROWS_PER_INSERT = PAIRS_PER_QUERY  # 3,200 parameters a statement: under SQLite's 32,766 and PostgreSQL's 65,535


async def _insert_answers(tx: Transaction, pending: list[_Pending]) -> set[tuple[int, int]]:
    """Insert the answers that no one stored yet, a few hundred rows a statement; the (post, member) pairs inserted."""
    inserted: set[tuple[int, int]] = set()
    for start in range(0, len(pending), ROWS_PER_INSERT):
        chunk = pending[start : start + ROWS_PER_INSERT]
        rows = ", ".join("(" + ", ".join("?" * ANSWER_COLUMNS) + ")" for _ in chunk)
        params = [
            value
            for p in chunk
            for value in (
                p.post.post_id,
                p.post.guild_id,
                p.post.team_id,
                p.user_id,
                p.choice_index,
                int(_scored(p).correct),
                to_db(p.now),
                p.item.step,
                p.interaction_id,
            )
        ]
        returned = await tx.fetchall(
            "INSERT INTO answers (post_id, guild_id, team_id, user_id, choice_index, correct, answered_at, step,"  # noqa: S608
            " interaction_id)"
            f" VALUES {rows} ON CONFLICT (post_id, user_id) DO NOTHING RETURNING post_id, user_id",
            params,
        )
        inserted.update((int(row[0]), int(row[1])) for row in returned)
    return inserted


async def _answers_for(tx: Transaction, keys: list[tuple[int, int]]) -> dict[tuple[int, int], Answer]:
    """The stored answers among (post, member) pairs, a few hundred pairs per query."""
    found: dict[tuple[int, int], Answer] = {}
    for start in range(0, len(keys), PAIRS_PER_QUERY):
        chunk = keys[start : start + PAIRS_PER_QUERY]
        pairs = ", ".join(INT_PAIR for _ in chunk)
        params = [value for key in chunk for value in key]
        rows = await tx.fetchall(
            f"SELECT * FROM answers WHERE (post_id, user_id) IN (VALUES {pairs})",  # noqa: S608 - only placeholders
            params,
        )
        for row in rows:
            answer = _answer(row)
            found[(answer.post_id, answer.user_id)] = answer
    return found


def _scored(pending: _Pending) -> AnswerScore:
    assert pending.score is not None, "scored before it is written"
    return pending.score
