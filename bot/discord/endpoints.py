"""Pointing discord.py at a Discord-compatible endpoint (the simulator, or any stand-in) instead of discord.com."""

from __future__ import annotations

import discord
import discord.gateway
import discord.http
import yarl

DISCORD_API = "https://discord.com/api/v10"
DISCORD_GATEWAY = "wss://gateway.discord.gg/"


def configure_endpoints(api_url: str | None, gateway_url: str | None) -> None:
    """Set the REST base and gateway URL for this process (None restores Discord's own).

    discord.py keeps both as class attributes (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY), so this is
    process-wide; the gateway URL is used for the first connection and after an invalidated session.
    """
    discord.http.Route.BASE = (api_url or DISCORD_API).rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url or DISCORD_GATEWAY)
