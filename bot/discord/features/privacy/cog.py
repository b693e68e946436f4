"""/export (CSV files for managers) and /privacy (a member, or a manager for them, erases their data)."""

from __future__ import annotations

import io
import logging
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.context import Call, call_of, manager_only
from bot.discord.custom_ids import CustomId, Kind, encode
from bot.discord.look import period_label
from bot.discord.replies import NO_PINGS, reply
from bot.discord.texts import t
from bot.domain.insights.periods import InsightPeriod
from bot.domain.periods import Period
from bot.domain.privacy import Footprint
from bot.services.boards import resolve_window
from bot.services.exports import CsvSink, ExportKind, ExportTooLarge
from bot.services.insights import INSIGHT_COLUMNS, insight_rows

log = logging.getLogger("momentos.privacy")

MANAGERS = discord.Permissions(manage_guild=True)
DEFAULT_FILE_LIMIT = 10 * 1024 * 1024  # Discord's attachment limit for a server without boosts
PeriodName = Literal["week", "last-week", "month", "all"]
PERIOD_HELP = "week (default), last-week, month or all"


def parse_member_id(text: str) -> int | None:
    """A Discord user id typed by a manager: digits only, within a snowflake's range."""
    cleaned = text.strip().removeprefix("<@").removesuffix(">").lstrip("!")
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 20:
        return None
    value = int(cleaned)
    return value if 0 < value < 2**63 else None


def file_size(size: int) -> str:
    """A size as people read it: '10 MB', or bytes below one megabyte."""
    return f"{size / 1024 / 1024:.3g} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def summary(footprint: Footprint, language: str) -> str:
    """The list of what is (or was) kept about a member."""
    return t(
        language,
        "forget.summary",
        answers=footprint.answers,
        points=footprint.points,
        reflections=footprint.reflections,
        kudos_received=footprint.kudos_received,
        kudos_given=footprint.kudos_given,
        other=footprint.sightings + footprint.pauses + footprint.member + footprint.authored,
        announcements=footprint.announcements + footprint.digests,
        reviews=footprint.reviews + footprint.confidence,
    )


async def ask_to_forget(call: Call, user_id: int) -> None:
    """Show what would be erased and the red confirmation button, valid only for the person asking."""
    interaction = call.interaction
    footprint = await call.services.erasure.footprint(call.guild_id, user_id)
    member = f"<@{user_id}>"
    if footprint.total == 0:
        await call.say("forget.nothing", member=member)
        return
    key = "forget.preview.self" if user_id == interaction.user.id else "forget.preview.member"
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            label=call.t("forget.button")[:80],
            style=discord.ButtonStyle.danger,
            custom_id=encode(Kind.FORGET, user_id, interaction.user.id),
        )
    )
    await interaction.response.send_message(
        call.t(key, member=member, summary=summary(footprint, call.language)),
        view=view,
        ephemeral=True,
        allowed_mentions=NO_PINGS,
    )
    view.stop()  # its click is routed from its custom_id


async def confirm_forget(call: Call, clicked: CustomId) -> None:
    """The confirmation was pressed: re-check who pressed it, erase, report, take reflections down."""
    interaction = call.interaction
    services, config, language = call.services, call.config, call.language
    user_id, requester_id = clicked.values
    if interaction.user.id != requester_id:
        log.warning("refused forget of user=%s: pressed by %s, asked by %s", user_id, interaction.user.id, requester_id)
        await call.refuse("forget.not_yours", why="pressed by someone else")
        return
    if user_id != requester_id and not call.is_manager:
        await call.refuse("forget.not_manager", why="no longer a manager")
        return
    shown = await services.erasure.shown_reflections(config.guild_id, user_id)
    erased = await services.erasure.forget(config.guild_id, user_id)
    log.info("forgot user=%s in guild=%s at the request of %s: %s", user_id, config.guild_id, requester_id, erased)
    taken_down = 0
    for thread_id, message_id in shown:
        try:
            await interaction.client.get_partial_messageable(thread_id).get_partial_message(message_id).delete()
            taken_down += 1
        except discord.HTTPException as error:
            log.warning("could not take down reflection message %s: %s", message_id, error.status)
    done = t(language, "forget.done", member=f"<@{user_id}>", summary=summary(erased, language), messages=taken_down)
    if interaction.response.is_done():
        await reply(interaction, done)
    else:
        await interaction.response.edit_message(content=done, view=None, allowed_mentions=NO_PINGS)


class PrivacyCog(commands.Cog):
    """Exports of the history and the right to be forgotten."""

    export = app_commands.Group(
        name="export",
        description="Download the history as CSV (managers)",
        default_permissions=MANAGERS,
        guild_only=True,
    )
    # No default permissions: every member may forget themselves; /privacy forget checks managers itself.
    privacy = app_commands.Group(name="privacy", description="Your data in Momentos", guild_only=True)

    async def _export(self, interaction: discord.Interaction[Any], kind: ExportKind, period: str) -> None:
        call = await call_of(interaction)
        services, config, language = call.services, call.config, call.language
        window = resolve_window(config, Period(period), call.now)
        await call.defer()
        limit = interaction.filesize_limit or DEFAULT_FILE_LIMIT
        buffer = io.BytesIO()
        try:
            result = await services.exports.export(kind, config.guild_id, window, buffer, limit=limit)
        except ExportTooLarge:
            log.info("export %s of guild=%s over %s bytes", kind.value, config.guild_id, limit)
            await call.say("export.too_large", size=file_size(limit))
            return
        buffer.seek(0)
        filename = f"momentos-{kind.value}-{window.label}.csv"
        text = t(
            language,
            "export.done",
            kind=t(language, f"export.kind.{kind.value}"),
            period=period_label(window, language),
            rows=result.rows,
        )
        log.info("export %s of guild=%s: %s rows, %s bytes", kind.value, config.guild_id, result.rows, result.size)
        await interaction.followup.send(
            text, file=discord.File(buffer, filename=filename), ephemeral=True, allowed_mentions=NO_PINGS
        )

    @export.command(name="answers", description="Every answer as CSV: who, when, which choice, right or wrong")
    @app_commands.describe(period=PERIOD_HELP)
    @manager_only()
    async def export_answers(self, interaction: discord.Interaction[Any], period: PeriodName = "week") -> None:
        """One row per answer."""
        await self._export(interaction, ExportKind.ANSWERS, period)

    @export.command(name="points", description="Every point event as CSV: answers, bonuses, reflections, kudos")
    @app_commands.describe(period=PERIOD_HELP)
    @manager_only()
    async def export_points(self, interaction: discord.Interaction[Any], period: PeriodName = "week") -> None:
        """One row per ledger event."""
        await self._export(interaction, ExportKind.POINTS, period)

    @export.command(name="insights", description="Coaching insight as CSV: every team × step figure with its n")
    @app_commands.describe(period="month (default), week, quarter or all")
    @manager_only()
    async def export_insights(
        self, interaction: discord.Interaction[Any], period: Literal["week", "month", "quarter", "all"] = "month"
    ) -> None:
        """One row per team and step of the period: participation, first try, now, with intervals and n."""
        call = await call_of(interaction)
        services, config, language = call.services, call.config, call.language
        await call.defer()
        teams = await services.setup.teams(config.guild_id)
        found = await services.insights.insights(config, teams, InsightPeriod(period), call.now)
        buffer = io.BytesIO()
        limit = interaction.filesize_limit or DEFAULT_FILE_LIMIT
        out = CsvSink(buffer, limit)
        try:
            out.row(INSIGHT_COLUMNS, header=True)
            for row in insight_rows(found):
                out.row(row)
        except ExportTooLarge:
            await call.say("export.too_large", size=file_size(limit))
            return
        text = t(
            language,
            "export.done.insights",
            kind=t(language, "export.kind.insights"),
            period=period_label(found.window, language),
            rows=out.rows,
        )
        buffer.seek(0)
        filename = f"momentos-insights-{found.window.label}.csv"
        await interaction.followup.send(
            text, file=discord.File(buffer, filename=filename), ephemeral=True, allowed_mentions=NO_PINGS
        )

    @export.command(name="reflections", description="Every reflection as CSV, with its kudos and highlight")
    @app_commands.describe(period=PERIOD_HELP)
    @manager_only()
    async def export_reflections(self, interaction: discord.Interaction[Any], period: PeriodName = "week") -> None:
        """One row per reflection."""
        await self._export(interaction, ExportKind.REFLECTIONS, period)

    @privacy.command(name="forget-me", description="Delete everything Momentos keeps about you in this server")
    async def forget_me(self, interaction: discord.Interaction[Any]) -> None:
        """Anyone may erase themselves, after seeing what goes and confirming."""
        await ask_to_forget(await call_of(interaction), interaction.user.id)

    @privacy.command(name="forget", description="Delete a member's data, e.g. someone who left (managers)")
    @app_commands.describe(member_id="The member's Discord user ID (digits)")
    @manager_only()
    async def forget(self, interaction: discord.Interaction[Any], member_id: app_commands.Range[str, 1, 30]) -> None:
        """A manager erases a member by id (they may have left, so no member option), after confirming."""
        call = await call_of(interaction)
        user_id = parse_member_id(member_id)
        if user_id is None:
            await call.say("forget.bad_id", text=discord.utils.escape_markdown(member_id))
            return
        await ask_to_forget(call, user_id)
