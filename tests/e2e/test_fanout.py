"""Many teams due at the same minute under Discord's global rate limit: every one posted once, no 429 storm.

How fast is the benchmark's business (`python -m bot.bench.fanout`); this checks what must never break.
"""

from __future__ import annotations

from bot.bench.fanout import measure_fanout

TEAMS = 30
PER_SECOND = 10  # a lower global limit than Discord's 50/s, so the fan-out takes seconds, not minutes


async def test_thirty_teams_due_at_once_are_each_posted_exactly_once_without_a_429_storm() -> None:
    result = await measure_fanout(teams=TEAMS, global_per_second=PER_SECOND, quiet=0)
    assert result.outcomes == {"Posted": TEAMS}, "the one tick posted every team, none failed or was skipped"
    assert result.posted == TEAMS, "every team channel shows its post"
    assert result.duplicates == 0, "no channel shows two posts, no post id was sent twice"
    assert result.post_requests - result.rate_limited <= TEAMS, "a message was only created by its one request"
    assert result.rate_limited <= 2, f"the bot paces itself under the global limit: {result.limited_by_scope}"
    assert result.unhandled == 0


async def test_when_discord_refuses_with_429s_the_refused_posts_are_resent_and_none_is_doubled() -> None:
    # The bot believes in twice the limit the simulator enforces, so 429s come; discord.py waits and resends.
    result = await measure_fanout(teams=20, global_per_second=PER_SECOND, bot_per_second=2 * PER_SECOND, quiet=0)
    assert result.rate_limited >= 1 and set(result.limited_by_scope) == {"global"}
    assert result.duplicates == 0
    assert sum(result.outcomes.values()) == 20 and result.posted == result.outcomes.get("Posted")
    assert result.unhandled == 0
