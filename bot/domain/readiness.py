"""Is a server ready to play? One rule for `/config show`, `momentos doctor` and the notices of `/team`.

A post needs a schedule, at least one team, playable content in the server's language, and in each team
channel every permission the daily loop uses: the post and its reveal, the reflections' thread and the
weekly chart. The list of permissions is here once, by Discord's own flag names and labels.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from bot.domain.state import GuildConfig, Team

# What the daily post, its reveal, reflections' threads and the weekly chart need, by Discord's names.
NEEDED_PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("view_channel", "View Channel"),
    ("send_messages", "Send Messages"),
    ("embed_links", "Embed Links"),
    ("attach_files", "Attach Files"),
    ("read_message_history", "Read Message History"),
    ("create_public_threads", "Create Public Threads"),
    ("send_messages_in_threads", "Send Messages in Threads"),
)


def missing_permissions(granted: Collection[str]) -> tuple[str, ...]:
    """The needed permissions (flag names, in the list's order) that are not among `granted`."""
    return tuple(name for name, _ in NEEDED_PERMISSIONS if name not in granted)


@dataclass(frozen=True, slots=True)
class NoSchedule:
    """No post time yet: nothing will be posted."""


@dataclass(frozen=True, slots=True)
class NoTeams:
    """No team: there is nowhere to post."""


@dataclass(frozen=True, slots=True)
class NoContent:
    """No playable item in the server's language."""

    language: str


@dataclass(frozen=True, slots=True)
class ChannelMissing:
    """The team's channel is gone, or hidden from the bot."""

    team: Team


@dataclass(frozen=True, slots=True)
class MissingPermissions:
    """The bot lacks permissions in the team's channel (flag names, in NEEDED_PERMISSIONS order)."""

    team: Team
    missing: tuple[str, ...]


Finding = NoSchedule | NoTeams | NoContent | ChannelMissing | MissingPermissions


def readiness(
    config: GuildConfig,
    teams: Collection[Team],
    playable: int,
    granted: Mapping[int, Collection[str] | None],
) -> list[Finding]:
    """Everything that would stop a post, in the order a manager should fix it.

    `granted` maps each team's id to the permissions the bot has in its channel (None: the channel is gone).
    """
    findings: list[Finding] = []
    if config.schedule is None:
        findings.append(NoSchedule())
    if not teams:
        findings.append(NoTeams())
    for team in teams:
        permissions = granted.get(team.team_id)
        if permissions is None:
            findings.append(ChannelMissing(team))
            continue
        missing = missing_permissions(permissions)
        if missing:
            findings.append(MissingPermissions(team, missing))
    if not playable:
        findings.append(NoContent(config.language))
    return findings
