"""`momentos learning-report [--db FILE]`: a real ledger's attempts, read-only, as the memory model reads them.

Without --db it reads the database `momentos run` uses: the MOMENTOS_DB file or a PostgreSQL server.
"""

from __future__ import annotations

import asyncio
import sys
from collections import defaultdict
from pathlib import Path

from bot.domain.learning.memory import Attempt
from bot.services.reviews import day_of
from bot.storage import StorageError
from bot.storage.exports import ExportRepository, open_readonly
from bot.storage.reviews import ReviewRepository

Key = tuple[int, int, str]  # guild id, user id, item id


async def read_attempts(db: Path | str, guild_id: int | None = None) -> dict[Key, list[Attempt]]:
    """Every answered attempt (daily answers and reviews, with their "¿Seguro?" taps) per person and item.

    Instants become the start of their local day on each server's calendar, as the bot's reviews count them.
    """
    database = await open_readonly(db)
    try:
        zones: dict[int, str] = {}
        exports = ExportRepository(database)
        found: dict[Key, list[Attempt]] = defaultdict(list)
        async for row in ReviewRepository(database).every_attempt(guild_id):
            if row.guild_id not in zones:
                zones[row.guild_id] = await exports.guild_timezone(row.guild_id) or "UTC"
            at = day_of(row.at, zones[row.guild_id])
            found[(row.guild_id, row.user_id, row.item_id)].append(
                Attempt(at=at, correct=row.correct, sure=row.sure, review=row.review)
            )
        return dict(found)
    finally:
        await database.close()


def learning_report_command(db: Path | str, guild_id: int | None, out: Path | None) -> int:
    """Read the ledger, then print (and optionally write) the calibration report."""
    from bot.cli.exports import CliError, server_url
    from bot.cli.learning import learning_report

    try:
        attempts = asyncio.run(read_attempts(server_url(db) or Path(db), guild_id))
    except (CliError, StorageError) as error:
        print(f"momentos: {error}", file=sys.stderr)
        return 1
    return learning_report(attempts, out)
