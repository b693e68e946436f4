"""The framework's floor: a bare discord.py bot whose one button answers a fixed private message.

Same simulator, same load, same process layout as Momentos: whatever Momentos costs on top of this is the
price of its own logic (database, scoring, texts).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from typing import Any

import discord

from bot.discord.endpoints import configure_endpoints

PREFIX = "bench:"
log = logging.getLogger("momentos.bench.bare")


class OneButton(discord.ui.View):
    """The persistent view: a single button, answered with a static ephemeral message."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="OK", custom_id=f"{PREFIX}ok", style=discord.ButtonStyle.primary)
    async def ok(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        """The whole work of the floor: one callback."""
        await interaction.response.send_message("ok", ephemeral=True)


class BareBot(discord.Client):
    """Posts the button once in every channel whose name starts with 'equipo-', then only answers clicks."""

    async def setup_hook(self) -> None:
        """Register the view for clicks on any message (like Momentos' DynamicItems)."""
        self.add_view(OneButton())

    async def on_ready(self) -> None:
        """Post the buttons, as Momentos posts its challenges."""
        for guild in self.guilds:
            for channel in guild.text_channels:
                if channel.name.startswith("equipo-"):
                    await channel.send("Bench", view=OneButton())
        log.warning("bare bot ready")


def main() -> int:
    """Run against MOMENTOS_DISCORD_API_URL / _GATEWAY_URL with DISCORD_TOKEN until killed."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    configure_endpoints(os.environ["MOMENTOS_DISCORD_API_URL"], os.environ["MOMENTOS_DISCORD_GATEWAY_URL"])
    client = BareBot(intents=discord.Intents.default())
    asyncio.run(client.start(os.environ["DISCORD_TOKEN"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
