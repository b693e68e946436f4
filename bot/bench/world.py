"""The benchmark's Discord server: teams with channels and roles, a manager, and pools of members."""

from __future__ import annotations

from typing import Any

MANAGER = "gerente"


def team_channel(index: int) -> str:
    """Channel name of team `index` (0-based)."""
    return f"equipo-{index + 1:03d}"


def team_role(index: int) -> str:
    """Role name of team `index` (0-based)."""
    return f"Equipo {index + 1:03d}"


def member_name(number: int) -> str:
    """Name of member `number` (0-based); members are dealt to teams in turn."""
    return f"m{number:06d}"


def bench_world(teams: int, members: int) -> dict[str, Any]:
    """One server 'Bench' with `teams` teams and `members` members (member n is in team n mod teams)."""
    return {
        "bot": {"name": "Momentos"},
        "guilds": [
            {
                "name": "Bench",
                "locale": "es-ES",
                "roles": [{"name": team_role(i)} for i in range(teams)]
                + [{"name": "Gerencia", "permissions": ["manage_guild"]}],
                "channels": [{"name": "general"}] + [{"name": team_channel(i)} for i in range(teams)],
                "members": [{"name": MANAGER, "roles": ["Gerencia"], "owner": True}]
                + [{"name": member_name(n), "roles": [team_role(n % teams)]} for n in range(members)],
            }
        ],
    }
