"""/challenge post: a manager forces today's post now (for one team or all)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.autocomplete import team_choices
from bot.discord.context import call_of, manager_only
from bot.discord.features.daily.posting import AlreadyPosted, Failed, Posted, Poster, PostResult
from bot.discord.look import message_link
from bot.discord.texts import t
from bot.domain.schedule import local_date
from bot.domain.state import PostStatus, Team, Trigger
from bot.services.posting import NothingToPost


class ChallengeCog(commands.Cog):
    """Manual posting."""

    challenge = app_commands.Group(
        name="challenge",
        description="Daily challenges (managers)",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, poster: Poster) -> None:
        self.poster = poster

    @challenge.command(name="post", description="Post today's challenge now (all teams, or one)")
    @app_commands.describe(team="Only this team (default: every team)")
    @manager_only()
    async def post(
        self, interaction: discord.Interaction[Any], team: app_commands.Range[str, 1, 50] | None = None
    ) -> None:
        """Post for today's local date, skipping teams that already have it."""
        call = await call_of(interaction)
        teams = await call.services.setup.teams(call.guild_id)
        if team is not None:
            teams = [candidate for candidate in teams if candidate.name.casefold() == " ".join(team.split()).casefold()]
            if not teams:
                await call.say("team.unknown", name=discord.utils.escape_markdown(team))
                return
        if not teams:
            await call.say("team.none")
            return
        await call.defer()
        day = local_date(call.now, call.config.timezone)
        lines = []
        for target in teams:
            result = await self.poster.post(call.config, target, day, Trigger.MANUAL)
            lines.append(self._line(result, target, call.guild_id, call.language))
        await call.reply("\n".join(lines))

    @post.autocomplete("team")
    @manager_only()
    async def team_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest the guild's team names."""
        return await team_choices(interaction, current)

    @staticmethod
    def _line(result: PostResult, team: Team, guild_id: int, language: str) -> str:
        name = discord.utils.escape_markdown(team.name)
        if isinstance(result, Posted):
            return t(
                language, "challenge.posted", team=name, link=message_link(guild_id, team.channel_id, result.message_id)
            )
        if isinstance(result, AlreadyPosted):
            post = result.post
            if post.status is PostStatus.POSTED and post.message_id:
                return t(
                    language,
                    "challenge.exists",
                    team=name,
                    link=message_link(guild_id, post.channel_id, post.message_id),
                )
            if post.status is PostStatus.SENDING:
                return t(language, "challenge.sending", team=name)
            return t(
                language, "challenge.failed", team=name, channel=f"<#{team.channel_id}>", reason=post.last_error or "?"
            )
        if isinstance(result, Failed):
            return t(language, "challenge.failed", team=name, channel=f"<#{team.channel_id}>", reason=result.reason)
        assert isinstance(result, NothingToPost)
        return t(language, "challenge.no_content", language=result.language)
