"""The benchmark runs on any day: started on a weekend, its timed `/week announce` still publishes a fresh one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.bench.seed import GUILD_ID, clear_current_announcement, seed_history
from bot.content.loader import load_catalog
from bot.domain.clock import ManualClock
from bot.domain.state import Trigger
from bot.services import Services
from bot.storage import Storage
from tests.conftest import REPO

SATURDAY_NIGHT = datetime(2026, 12, 13, 4, 30, tzinfo=UTC)  # Saturday 22:30 in Mexico City, the history's zone
WEDNESDAY = datetime(2026, 12, 9, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(("now", "caught_up"), [(SATURDAY_NIGHT, True), (WEDNESDAY, False)])
async def test_the_history_phase_times_a_fresh_announcement_on_a_weekend(
    tmp_path: Path, now: datetime, caught_up: bool
) -> None:
    path = tmp_path / "history.db"
    seed_history(path, members=40, teams=2, weeks=3, events=3_000, end=now)
    catalog = load_catalog(REPO / "scenarios")
    storage = await Storage.open(path)
    try:
        services = Services.build(storage, catalog, ManualClock(now))
        due = await services.announcements.due(now)
        assert bool(due) is caught_up, "only after Friday 17:00 is the week due when the bot starts"
        for entry in due:  # what the bot does by itself at start-up
            channel = entry.guild.announce_channel_id
            await services.announcements.reserve(entry.guild, entry.week, entry.cutoff, Trigger.SCHEDULE, channel, now)
        assert await services.announcements.due(now) == []
    finally:
        await storage.close()
    assert clear_current_announcement(path, now, GUILD_ID) is caught_up
    storage = await Storage.open(path)
    try:
        services = Services.build(storage, catalog, ManualClock(now))
        again = await services.announcements.due(now)
        assert [entry.week.label for entry in again] == [entry.week.label for entry in due], "free to time again"
    finally:
        await storage.close()
