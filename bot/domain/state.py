"""The game's state as plain values: guild settings, teams, posts, answers, reflections and announcements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from bot.domain.schedule import DEFAULT_ANSWER_WINDOW, WORKING_WEEK, Schedule
from bot.domain.scoring import ScoringRules
from bot.domain.settings import GameRules, ReviewSettings, Visibility


@dataclass(frozen=True, slots=True)
class GuildConfig:
    """A server's settings; `post_time` is None until /config schedule has been run."""

    guild_id: int
    timezone: str = "UTC"
    post_time: time | None = None
    weekdays: frozenset[int] = WORKING_WEEK
    answer_window: timedelta = DEFAULT_ANSWER_WINDOW
    language: str = "es"
    manager_role_id: int | None = None
    scoring: ScoringRules = field(default_factory=ScoringRules)
    visibility: Visibility = Visibility.AFTER_CLOSE
    exclude_managers: bool = False
    reviews: ReviewSettings = field(default_factory=ReviewSettings)
    announce_channel_id: int | None = None
    announce_weekday: int = 5
    announce_time: time = time(17, 0)
    reminders: bool = False
    insights_channel_id: int | None = None  # the managers-only channel of the weekly coaching digest (None: off)
    insights_weekday: int = 1
    insights_time: time = time(8, 0)

    @property
    def rules(self) -> GameRules:
        """The settings of the server's scoring file."""
        return GameRules(self.scoring, self.visibility, self.exclude_managers, self.reviews)

    @property
    def schedule(self) -> Schedule | None:
        """The posting schedule, once a post time is set."""
        if self.post_time is None:
            return None
        return Schedule(self.timezone, self.post_time, self.weekdays, self.answer_window)


@dataclass(frozen=True, slots=True)
class Team:
    """A team: its channel gets the daily post, its role says who may answer."""

    team_id: int
    guild_id: int
    name: str
    channel_id: int
    role_id: int
    lead_role_id: int | None = None  # members with it see /insights for this team (team leads)


class PostStatus(StrEnum):
    """Where a post is in its life: reserved and being sent, visible in the channel, or failed to send."""

    SENDING = "sending"
    POSTED = "posted"
    FAILED = "failed"


class Trigger(StrEnum):
    """Why a post was made."""

    SCHEDULE = "schedule"
    MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class Post:
    """One team's challenge for one local date."""

    post_id: int
    guild_id: int
    team_id: int
    local_date: date
    item_id: str
    item_version: str
    channel_id: int
    message_id: int | None
    trigger: Trigger
    status: PostStatus
    attempts: int
    created_at: datetime
    posted_at: datetime | None
    closes_at: datetime | None
    retry_at: datetime | None
    last_error: str | None
    error_notified_at: datetime | None
    closed_at: datetime | None = None
    reminded_at: datetime | None = None
    thread_id: int | None = None

    def is_open(self, now: datetime) -> bool:
        """Whether answers still count at `now`."""
        return self.closes_at is not None and now < self.closes_at


@dataclass(frozen=True, slots=True)
class Answer:
    """A member's one answer to a post."""

    answer_id: int
    post_id: int
    user_id: int
    team_id: int
    choice_index: int
    correct: bool
    answered_at: datetime
    interaction_id: int | None = None  # the click that made it (None for answers stored before version 9)


class TeamConflict(Exception):
    """Another active team already uses that name or channel."""

    def __init__(self, field: str, other: Team) -> None:
        super().__init__(f"{field} already used by team {other.name!r}")
        self.field = field
        self.other = other


@dataclass(frozen=True, slots=True)
class Reflection:
    """A member's written answer to a scenario."""

    reflection_id: int
    post_id: int
    guild_id: int
    team_id: int
    user_id: int
    body: str
    created_at: datetime
    message_id: int | None
    highlighted_by: int | None


@dataclass(frozen=True, slots=True)
class Announcement:
    """One guild's announcement of one week."""

    guild_id: int
    week: str
    status: PostStatus
    trigger: Trigger
    channel_id: int | None
    message_id: int | None
    results: str
    attempts: int
    created_at: datetime
    posted_at: datetime | None
    retry_at: datetime | None


@dataclass(frozen=True, slots=True)
class Review:
    """An item a person met, offered again privately on a local day; answered once (or not yet)."""

    review_id: int
    guild_id: int
    user_id: int
    team_id: int
    item_id: str
    item_version: str
    local_date: date
    offered_at: datetime
    choice_index: int | None = None
    correct: bool | None = None
    answered_at: datetime | None = None

    @property
    def answered(self) -> bool:
        """Whether the review was answered (a review counts once)."""
        return self.answered_at is not None
