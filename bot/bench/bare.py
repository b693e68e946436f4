"""The framework's floor: a bare discord.py bot whose button answers a fixed private message.

Same simulator, same load, same process layout as Momentos: whatever Momentos costs on top of this is the
price of its own logic (database, scoring, texts). `--shaped` posts what Momentos posts (a challenge's
embed, one button per choice) and answers with an answer-sized embed, so the framework's cost of parsing
and sending those shapes is in the floor too and the difference is Momentos' logic alone.
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


class ShapedButtons(discord.ui.View):
    """Four choice buttons like a post's; each answers with the same static embed."""

    def __init__(self, answer: discord.Embed) -> None:
        super().__init__(timeout=None)
        for index in range(4):
            button: discord.ui.Button[ShapedButtons] = discord.ui.Button(
                label="ABCD"[index], custom_id=f"{PREFIX}{index}", style=discord.ButtonStyle.primary
            )
            button.callback = self._answer  # type: ignore[method-assign]
            self.add_item(button)
        self.answer = answer

    async def _answer(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message(embed=self.answer, ephemeral=True)


def shapes() -> tuple[discord.Embed, discord.Embed]:
    """A real challenge's post embed and an answer embed of the size Momentos sends."""
    from datetime import UTC, datetime
    from pathlib import Path

    from bot.content.loader import load_catalog
    from bot.discord.features.daily.embeds import post_embed

    catalog = load_catalog(Path(__file__).resolve().parents[2] / "scenarios")
    item = catalog.items["promesas.fiesta-cancelada"]
    post = post_embed(item, catalog, "es", "Equipo 001", datetime.now(UTC))
    choice = item.choices[0]
    answer = discord.Embed(title="❌ No es la respuesta correcta · 0 puntos", colour=0xC0392B)
    answer.description = "\n\n".join(
        [f"**Elegiste: A.** {choice.text.get('es')}", choice.feedback.get("es"), item.explanation.get("es")]
    )
    return post, answer


class BareBot(discord.Client):
    """Posts its buttons once in every channel whose name starts with 'equipo-', then only answers clicks."""

    def __init__(self, shaped: bool) -> None:
        super().__init__(intents=discord.Intents.default())
        self.shaped = shaped
        self.post: discord.Embed | None = None
        self.answer: discord.Embed | None = None
        if shaped:
            self.post, self.answer = shapes()

    def _view(self) -> discord.ui.View:
        return ShapedButtons(self.answer) if self.answer is not None else OneButton()

    async def setup_hook(self) -> None:
        """Register the view for clicks on any message (like Momentos' routing by custom_id)."""
        self.add_view(self._view())

    async def on_ready(self) -> None:
        """Post the buttons, as Momentos posts its challenges."""
        for guild in self.guilds:
            for channel in guild.text_channels:
                if channel.name.startswith("equipo-"):
                    if self.post is not None:
                        await channel.send(embed=self.post, view=self._view())
                    else:
                        await channel.send("Bench", view=self._view())
        log.warning("bare bot ready")


def main() -> int:
    """Run against MOMENTOS_DISCORD_API_URL / _GATEWAY_URL with DISCORD_TOKEN until killed."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    configure_endpoints(os.environ["MOMENTOS_DISCORD_API_URL"], os.environ["MOMENTOS_DISCORD_GATEWAY_URL"])
    client = BareBot(shaped="--shaped" in sys.argv[1:])
    asyncio.run(client.start(os.environ["DISCORD_TOKEN"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
