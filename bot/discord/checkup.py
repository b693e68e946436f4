"""`momentos doctor`'s look at Discord: log in over REST, reach the gateway, and read each team channel's permissions.

Nothing here opens a gateway session (that would count against Discord's daily IDENTIFY budget and could
take events meant for a running bot): the gateway is only asked for its HELLO, and channels, roles and the
bot's own member are fetched over REST, then discord.py computes the permissions as the bot would see them.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from collections.abc import Sequence

import aiohttp
import discord
import yarl

from bot.discord.endpoints import configure_endpoints
from bot.discord.permissions import granted_permissions
from bot.domain.checkup import Finding, problem
from bot.domain.readiness import NEEDED_PERMISSIONS, missing_permissions
from bot.domain.state import Team

LABELS = dict(NEEDED_PERMISSIONS)
TIMEOUT = 15.0


async def _gateway(client: discord.Client, gateway_url: str | None) -> Finding:
    """The gateway answers with HELLO (no session is started)."""
    try:
        url = gateway_url or (await client.http.get_bot_gateway())[1]
        target = yarl.URL(url).update_query(v="10", encoding="json")
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(target, timeout=aiohttp.ClientWSTimeout(ws_close=TIMEOUT)) as socket,
        ):
            message = await socket.receive(timeout=TIMEOUT)
            hello = json.loads(message.data) if message.type is aiohttp.WSMsgType.TEXT else {}
    except (discord.DiscordException, aiohttp.ClientError, OSError, TimeoutError, ValueError) as error:
        return problem(
            "Discord gateway",
            f"cannot reach the gateway: {error or type(error).__name__}",
            "check the network and MOMENTOS_DISCORD_GATEWAY_URL (leave it empty for Discord's own)",
        )
    if not isinstance(hello, dict) or hello.get("op") != 10:
        return problem(
            "Discord gateway", f"{url} did not answer like a Discord gateway", "check MOMENTOS_DISCORD_GATEWAY_URL"
        )
    return Finding("Discord gateway", f"{url} answers")


async def _guild(client: discord.Client, guild_id: int, teams: list[Team]) -> list[Finding]:
    """One finding per team of the server: its channel exists and the bot may do everything it needs there."""
    assert client.user is not None
    try:
        guild = await client.fetch_guild(guild_id)
        channels = {channel.id: channel for channel in await guild.fetch_channels()}
        me = await guild.fetch_member(client.user.id)
    except (discord.Forbidden, discord.NotFound):
        return [
            problem(
                f"team {team.name}",
                f"the bot is not in server {guild_id} any more",
                "invite it again with the link in the README (Running it for real, step 2)",
            )
            for team in teams
        ]
    findings = []
    for team in teams:
        where = f"team {team.name}, server {guild.name}"
        subject = f"team {team.name} (server {guild.name})"
        channel = channels.get(team.channel_id)
        if channel is None:
            findings.append(
                problem(
                    subject,
                    f"its channel {team.channel_id} is gone or hidden from the bot",
                    f"give the team a channel with /team edit name:{team.name} channel:…",
                )
            )
            continue
        missing = [LABELS[name] for name in missing_permissions(granted_permissions(channel, me))]
        if missing:
            findings.append(
                problem(
                    f"#{channel.name} ({where})",
                    f"the bot lacks {', '.join(missing)}",
                    f"in Discord, #{channel.name} › Edit Channel › Permissions: allow them for the bot's role",
                )
            )
        else:
            allowed = ", ".join(label for _, label in NEEDED_PERMISSIONS)
            findings.append(Finding(f"#{channel.name} ({where})", f"the bot can {allowed}"))
        if guild.get_role(team.role_id) is None:
            findings.append(
                problem(subject, f"its role {team.role_id} no longer exists", f"/team edit name:{team.name} role:…")
            )
    return findings


async def check_discord(
    token: str, api_url: str | None, gateway_url: str | None, teams: Sequence[Team]
) -> list[Finding]:
    """Log in with the token and look at every team channel, as `momentos run` would use them."""
    configure_endpoints(api_url, gateway_url)
    where = api_url or "Discord"
    client = discord.Client(intents=discord.Intents.default())
    async with client:
        try:
            await asyncio.wait_for(client.login(token), TIMEOUT)
        except discord.LoginFailure:
            return [
                problem(
                    "Discord",
                    "Discord rejected DISCORD_TOKEN",
                    "reset the token in the developer portal (Bot › Reset Token) and update DISCORD_TOKEN",
                )
            ]
        except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as error:
            return [
                problem(
                    "Discord",
                    f"cannot log in at {where}: {error or type(error).__name__}",
                    "check the network, and MOMENTOS_DISCORD_API_URL (leave it empty for Discord's own)",
                )
            ]
        user = client.user
        assert user is not None
        findings = [Finding("Discord", f"logged in as {user} (id {user.id}) at {where}")]
        findings.append(await _gateway(client, gateway_url))
        by_guild: dict[int, list[Team]] = defaultdict(list)
        for team in teams:
            by_guild[team.guild_id].append(team)
        for guild_id, guild_teams in by_guild.items():
            try:
                findings += await asyncio.wait_for(_guild(client, guild_id, guild_teams), TIMEOUT)
            except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as error:
                findings.append(
                    problem(
                        f"server {guild_id}",
                        f"could not read its channels: {error or type(error).__name__}",
                        "run the doctor again; if it persists, check the network",
                    )
                )
        return findings
