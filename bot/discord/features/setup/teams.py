"""/team: the teams of a server, each with a channel for the daily post and a role that may answer."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.autocomplete import team_choices
from bot.discord.context import Call, call_of, manager_only
from bot.discord.features.setup.readiness import cannot_post
from bot.discord.look import BRAND
from bot.discord.texts import t
from bot.domain.state import Team, TeamConflict
from bot.services.setup import MAX_TEAM_NAME

MANAGERS = discord.Permissions(manage_guild=True)


def team_line(team: Team, language: str) -> str:
    """A team as one line: name, channel, role, and its lead role if it has one."""
    line = t(
        language,
        "config.team.line",
        name=discord.utils.escape_markdown(team.name),
        channel=f"<#{team.channel_id}>",
        role=f"<@&{team.role_id}>",
    )
    return line + (t(language, "team.lead", role=f"<@&{team.lead_role_id}>") if team.lead_role_id else "")


def unusable_role(role: discord.Role) -> bool:
    """@everyone and roles managed by an integration cannot be a team's (or the managers')."""
    return role.is_default() or role.managed


async def _conflict(call: Call, conflict: TeamConflict, channel: str) -> None:
    key = "team.conflict.name" if conflict.field == "name" else "team.conflict.channel"
    await call.say(key, name=discord.utils.escape_markdown(conflict.other.name), channel=channel)


class TeamsCog(commands.Cog):
    """Creating, changing and removing teams."""

    team = app_commands.Group(
        name="team", description="Momentos teams (managers)", default_permissions=MANAGERS, guild_only=True
    )

    @team.command(name="add", description="Create a team: its channel gets the daily post, its role may answer")
    @app_commands.describe(
        name="Team name, e.g. Ventas",
        channel="Text channel for the team's daily post",
        role="Role of the team's members",
    )
    @manager_only()
    async def team_add(
        self,
        interaction: discord.Interaction[Any],
        name: app_commands.Range[str, 1, MAX_TEAM_NAME],
        channel: discord.TextChannel,
        role: discord.Role,
    ) -> None:
        """Create a team, refusing clashes and warning if the bot cannot post in its channel."""
        call = await call_of(interaction)
        if unusable_role(role):
            await call.say("team.bad_role", role=role.mention)
            return
        try:
            team = await call.services.setup.add_team(call.guild_id, name, channel.id, role.id, call.now)
        except TeamConflict as conflict:
            await _conflict(call, conflict, channel.mention)
            return
        lines = [
            call.t(
                "team.added", name=discord.utils.escape_markdown(team.name), channel=channel.mention, role=role.mention
            )
        ]
        guild = interaction.guild
        warning = cannot_post(channel, guild.me, call.language) if guild is not None else None
        await call.reply("\n".join([*lines, warning] if warning else lines))

    @team.command(name="edit", description="Rename a team or change its channel, role or lead role")
    @app_commands.describe(
        name="The team to change",
        new_name="Its new name",
        channel="Its new channel",
        role="Its new role",
        lead_role="Members with this role see /insights for this team (team leads)",
        no_lead="Remove the team's lead role",
    )
    @manager_only()
    async def team_edit(
        self,
        interaction: discord.Interaction[Any],
        name: app_commands.Range[str, 1, MAX_TEAM_NAME],
        new_name: app_commands.Range[str, 1, MAX_TEAM_NAME] | None = None,
        channel: discord.TextChannel | None = None,
        role: discord.Role | None = None,
        lead_role: discord.Role | None = None,
        no_lead: bool = False,
    ) -> None:
        """Change a team, refusing clashes and roles that cannot be a team's."""
        call = await call_of(interaction)
        team = await call.services.setup.team_named(call.guild_id, name)
        if team is None:
            await call.say("team.unknown", name=discord.utils.escape_markdown(name))
            return
        if new_name is None and channel is None and role is None and lead_role is None and not no_lead:
            await call.say("team.nothing")
            return
        for wanted in (role, lead_role):
            if wanted is not None and unusable_role(wanted):
                await call.say("team.bad_role", role=wanted.mention)
                return
        if lead_role is not None and no_lead:
            await call.say("team.lead.both")
            return
        try:
            edited = await call.services.setup.edit_team(
                team,
                call.now,
                name=new_name,
                channel_id=channel.id if channel else None,
                role_id=role.id if role else None,
                lead_role_id=lead_role.id if lead_role else None,
                clear_lead=no_lead,
            )
        except TeamConflict as conflict:
            await _conflict(call, conflict, f"<#{conflict.other.channel_id}>")
            return
        lines = [
            call.t(
                "team.edited",
                name=discord.utils.escape_markdown(edited.name),
                channel=f"<#{edited.channel_id}>",
                role=f"<@&{edited.role_id}>",
            )
            + (call.t("team.lead", role=f"<@&{edited.lead_role_id}>") if edited.lead_role_id else "")
        ]
        guild = interaction.guild
        target = guild.get_channel(edited.channel_id) if guild is not None else None
        warning = cannot_post(target, guild.me, call.language) if guild is not None and target is not None else None
        await call.reply("\n".join([*lines, warning] if warning else lines))

    @team.command(name="remove", description="Stop a team's daily posts (its history is kept)")
    @app_commands.describe(name="The team to remove")
    @manager_only()
    async def team_remove(
        self, interaction: discord.Interaction[Any], name: app_commands.Range[str, 1, MAX_TEAM_NAME]
    ) -> None:
        """Remove a team from the game without deleting anything it did."""
        call = await call_of(interaction)
        team = await call.services.setup.team_named(call.guild_id, name)
        if team is None:
            await call.say("team.unknown", name=discord.utils.escape_markdown(name))
            return
        await call.services.setup.remove_team(team, call.now)
        await call.say("team.removed", name=discord.utils.escape_markdown(team.name))

    @team_edit.autocomplete("name")
    @team_remove.autocomplete("name")
    @manager_only()
    async def team_name_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest the guild's team names."""
        return await team_choices(interaction, current)

    @team.command(name="list", description="List the teams, their channels and roles")
    @manager_only()
    async def team_list(self, interaction: discord.Interaction[Any]) -> None:
        """Show the teams privately."""
        call = await call_of(interaction)
        teams = await call.services.setup.teams(call.guild_id)
        if not teams:
            await call.say("team.none")
            return
        embed = discord.Embed(title=call.t("team.list.title"), colour=BRAND)
        embed.description = "\n".join(team_line(team, call.language) for team in teams)
        await call.reply(embed=embed)
