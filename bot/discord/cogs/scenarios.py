"""/scenario: managers write, upload, preview, schedule, list, retire and export their own challenges."""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.content.errors import ContentError
from bot.discord.checks import manager_only
from bot.discord.client import services_of
from bot.discord.problems import render_report
from bot.discord.replies import NO_PINGS, defer, reply
from bot.discord.scenarios import preview, scenario_form
from bot.discord.texts import language_of, t
from bot.domain.state import GuildConfig, Team
from bot.services.scenarios import MAX_UPLOAD, Entry, ScenarioError, choices_text, page

if TYPE_CHECKING:
    from bot.discord.client import MomentosBot

MANAGERS = discord.Permissions(manage_guild=True)


async def _language(interaction: discord.Interaction[Any]) -> tuple[GuildConfig, str]:
    services = services_of(interaction)
    assert interaction.guild_id is not None
    config = await services.setup.config(interaction.guild_id)
    return config, language_of(interaction, config.language)


async def _explain(interaction: discord.Interaction[Any], language: str, error: ScenarioError) -> None:
    await reply(interaction, t(language, f"scenario.error.{error.code}", **error.values))


async def _find(interaction: discord.Interaction[Any], item_id: str) -> tuple[GuildConfig, str, Entry] | None:
    """The guild's settings, the reply language and the item asked for; None after explaining it does not exist."""
    config, language = await _language(interaction)
    try:
        return config, language, await services_of(interaction).scenarios.find(config, item_id)
    except ScenarioError as error:
        await _explain(interaction, language, error)
        return None


class ScenarioCog(commands.Cog):
    """The guild's own library of moments of truth."""

    scenario = app_commands.Group(
        name="scenario", description="Your own challenges (managers)", default_permissions=MANAGERS, guild_only=True
    )

    def __init__(self, bot: MomentosBot) -> None:
        self.bot = bot

    @scenario.command(
        name="new", description="Write a challenge in a form (title, story, question, choices, explanation)"
    )
    @app_commands.describe(
        kind="quiz (a question) or scenario (a story to reflect on, with a question)",
        step="Which of the 10 steps it trains (1-10)",
        dimension="The main dimension of service quality it trains",
        dimension2="Another dimension (optional)",
        id="A stable id, e.g. custom.devolucion-sin-ticket (default: made from the title)",
        reflection_prompt="For scenarios: the question people reflect on",
    )
    @manager_only()
    async def new(
        self,
        interaction: discord.Interaction[Any],
        kind: Literal["quiz", "scenario"],
        step: app_commands.Range[int, 1, 10],
        dimension: app_commands.Range[str, 2, 40],
        dimension2: app_commands.Range[str, 2, 40] | None = None,
        id: app_commands.Range[str, 2, 64] | None = None,
        reflection_prompt: app_commands.Range[str, 1, 300] | None = None,
    ) -> None:
        """Keep the options as a draft, then open the form (its text is kept too until it is valid)."""
        services = services_of(interaction)
        config, _ = await _language(interaction)
        draft: dict[str, Any] = {
            "user_id": interaction.user.id,
            "kind": kind,
            "step": step,
            "dimensions": [d for d in (dimension, dimension2) if d],
            "id": id,
            "prompt": reflection_prompt,
            "fields": {},
        }
        await services.storage.custom.save_draft(config.guild_id, interaction.user.id, draft, services.clock.now())
        modal = scenario_form(draft, config.language, editing=False)
        await interaction.response.send_modal(modal)
        modal.stop()  # the submission is handled from its custom_id, so it survives restarts

    @scenario.command(name="edit", description="Edit one of your challenges (a new version; old posts keep theirs)")
    @app_commands.describe(id="The challenge's id")
    @manager_only()
    async def edit(self, interaction: discord.Interaction[Any], id: app_commands.Range[str, 2, 64]) -> None:
        """Open the form prefilled with the challenge's current version."""
        services = services_of(interaction)
        found = await _find(interaction, id)
        if found is None:
            return
        config, language, entry = found
        if not entry.custom:
            await _explain(interaction, language, ScenarioError("not_custom", id=entry.item.id))
            return
        item, lang = entry.item, config.language
        draft = {
            "user_id": interaction.user.id,
            "editing": True,
            "kind": item.kind.value,
            "step": item.step,
            "dimensions": list(item.dimensions),
            "id": item.id,
            "prompt": item.reflection.prompts[0].get(lang) if item.reflection else None,
            "fields": {
                "title": item.title.get(lang),
                "story": item.story.get(lang) if item.story else "",
                "question": item.question.get(lang) if item.question else "",
                "choices": choices_text(item, lang),
                "explanation": item.explanation.get(lang),
            },
        }
        await services.storage.custom.save_draft(config.guild_id, interaction.user.id, draft, services.clock.now())
        modal = scenario_form(draft, config.language, editing=True)
        await interaction.response.send_modal(modal)
        modal.stop()

    @new.autocomplete("dimension")
    @new.autocomplete("dimension2")
    @manager_only()
    async def dimension_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """The 10 dimensions, by name in the person's language."""
        services = services_of(interaction)
        _, language = await _language(interaction)
        typed = current.casefold()
        dimensions = sorted(services.catalog.dimensions.values(), key=lambda d: d.number)
        return [
            app_commands.Choice(name=f"{d.number}. {d.name.get(language)}"[:100], value=d.key)
            for d in dimensions
            if typed in d.key or typed in d.name.get(language).casefold()
        ][:25]

    @new.autocomplete("step")
    @manager_only()
    async def step_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[int]]:
        """The 10 steps, by number and title."""
        services = services_of(interaction)
        _, language = await _language(interaction)
        typed = str(current).casefold()
        return [
            app_commands.Choice(name=f"{n}. {s.title.get(language)}"[:100], value=n)
            for n, s in sorted(services.catalog.steps.items())
            if typed in str(n) or typed in s.title.get(language).casefold()
        ][:25]

    @scenario.command(name="upload", description="Upload a YAML pack (same format as the bundled content, ≤ 256 KiB)")
    @app_commands.describe(file="A momentos.pack/1 YAML file")
    @manager_only()
    async def upload(self, interaction: discord.Interaction[Any], file: discord.Attachment) -> None:
        """Validate the whole pack and add its items (all or nothing)."""
        services = services_of(interaction)
        config, language = await _language(interaction)
        if file.size > MAX_UPLOAD:
            await reply(interaction, t(language, "scenario.upload_big", size=file.size, max=MAX_UPLOAD))
            return
        await defer(interaction)
        try:
            result = await services.scenarios.upload(
                config, interaction.user.id, await file.read(), file.filename, services.clock.now()
            )
        except ContentError as error:
            header = t(language, "scenario.upload_invalid", count=len(error.problems))
            report = render_report(error.problems, language, 1900 - len(header))
            await reply(interaction, f"{header}\n```\n{report}\n```")
            return
        listed = ", ".join(f"`{item_id}`" for item_id in result.added + result.updated)
        text = t(
            language,
            "scenario.uploaded",
            added=len(result.added),
            updated=len(result.updated),
            unchanged=len(result.unchanged),
        )
        await reply(interaction, f"{text}\n{listed}"[:2000])

    @scenario.command(name="preview", description="See a challenge exactly as it would be posted (only you see it)")
    @app_commands.describe(id="The challenge's id")
    @manager_only()
    async def preview_item(self, interaction: discord.Interaction[Any], id: app_commands.Range[str, 2, 64]) -> None:
        """The post's embed with inert buttons."""
        services = services_of(interaction)
        found = await _find(interaction, id)
        if found is None:
            return
        config, language, entry = found
        embed, view = preview(entry.item, services.catalog, config, config.language, services.clock.now())
        await interaction.response.send_message(
            t(language, "scenario.preview", id=entry.item.id),
            embed=embed,
            view=view,
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @scenario.command(name="schedule", description="Post a given challenge on a date instead of the rotation")
    @app_commands.describe(id="The challenge's id", date="Local date, YYYY-MM-DD", team="Only this team (default: all)")
    @manager_only()
    async def schedule(
        self,
        interaction: discord.Interaction[Any],
        id: app_commands.Range[str, 2, 64],
        date: app_commands.Range[str, 8, 10],
        team: app_commands.Range[str, 1, 50] | None = None,
    ) -> None:
        """Record the request; the scheduler posts it that day."""
        services = services_of(interaction)
        config, language = await _language(interaction)
        when = await _day_and_team(interaction, config, language, date, team)
        if when is None:
            return
        day, chosen = when
        try:
            entry = await services.scenarios.schedule(
                config, id, day, chosen, interaction.user.id, services.clock.now()
            )
        except ScenarioError as error:
            await _explain(interaction, language, error)
            return
        who = _who(chosen, language)
        await reply(interaction, t(language, "scenario.scheduled", id=entry.item.id, date=day.isoformat(), who=who))

    @scenario.command(name="unschedule", description="Cancel a date's request: the rotation picks that day again")
    @app_commands.describe(date="Local date, YYYY-MM-DD", team="The team it was asked for (default: all)")
    @manager_only()
    async def unschedule(
        self,
        interaction: discord.Interaction[Any],
        date: app_commands.Range[str, 8, 10],
        team: app_commands.Range[str, 1, 50] | None = None,
    ) -> None:
        """Drop a request made with /scenario schedule."""
        services = services_of(interaction)
        config, language = await _language(interaction)
        when = await _day_and_team(interaction, config, language, date, team)
        if when is None:
            return
        day, chosen = when
        try:
            await services.scenarios.unschedule(config, day, chosen)
        except ScenarioError as error:
            await _explain(interaction, language, error)
            return
        await reply(interaction, t(language, "scenario.unscheduled", date=day.isoformat(), who=_who(chosen, language)))

    @scenario.command(name="list", description="The challenges of this server, page by page")
    @app_commands.describe(
        source="bundled, custom or all (default)", step="Only this step", page_number="Page (default 1)"
    )
    @app_commands.rename(page_number="page")
    @manager_only()
    async def list_items(
        self,
        interaction: discord.Interaction[Any],
        source: Literal["all", "bundled", "custom"] = "all",
        step: app_commands.Range[int, 1, 10] | None = None,
        page_number: app_commands.Range[int, 1, 100] = 1,
    ) -> None:
        """A page of the library, with custom and retired items marked."""
        services = services_of(interaction)
        config, language = await _language(interaction)
        entries = [
            e
            for e in (await services.scenarios.library(config)).values()
            if (source == "all" or e.custom == (source == "custom")) and (step is None or e.item.step == step)
        ]
        entries.sort(key=lambda e: (e.item.step, e.item.id))
        shown, pages = page(entries, page_number)
        number = min(page_number, pages)
        embed = discord.Embed(title=t(language, "scenario.list.title", page=number, pages=pages))
        lines = []
        for e in shown:
            flags = (t(language, "scenario.list.custom") if e.custom else "") + (
                t(language, "scenario.list.retired") if e.retired else ""
            )
            lines.append(
                t(
                    language,
                    "scenario.list.line",
                    id=e.item.id,
                    step=e.item.step,
                    kind=t(language, f"kind.{e.item.kind.value}"),
                    title=discord.utils.escape_markdown(e.item.title.get(language)),
                    flags=flags,
                )
            )
        embed.description = "\n".join(lines)[:4096] or t(language, "scenario.list.empty")
        upcoming = await services.scenarios.upcoming(config, services.clock.now())
        if upcoming:
            names = {team.team_id: team.name for team in await services.setup.teams(config.guild_id)}
            shown_dates = [
                t(
                    language,
                    "scenario.list.upcoming.line",
                    date=day.isoformat(),
                    id=item_id,
                    who=discord.utils.escape_markdown(names.get(team_id, "?"))
                    if team_id
                    else t(language, "scenario.scheduled.all"),
                )
                for day, team_id, item_id in upcoming[:10]
            ]
            more = len(upcoming) - len(shown_dates)
            if more:
                shown_dates.append(t(language, "problems.more", count=more))
            embed.add_field(name=t(language, "scenario.list.upcoming"), value="\n".join(shown_dates)[:1024])
        embed.set_footer(text=t(language, "scenario.list.footer", count=len(entries)))
        await reply(interaction, embed=embed)

    @scenario.command(name="retire", description="Stop picking a challenge (its history stays)")
    @app_commands.describe(id="The challenge's id")
    @manager_only()
    async def retire(self, interaction: discord.Interaction[Any], id: app_commands.Range[str, 2, 64]) -> None:
        """Retire an item for this server."""
        services = services_of(interaction)
        config, language = await _language(interaction)
        try:
            entry = await services.scenarios.retire(config, id, interaction.user.id, services.clock.now())
        except ScenarioError as error:
            await _explain(interaction, language, error)
            return
        await reply(interaction, t(language, "scenario.retired", id=entry.item.id))

    @scenario.command(name="restore", description="Put a retired challenge back in the rotation")
    @app_commands.describe(id="The challenge's id")
    @manager_only()
    async def restore(self, interaction: discord.Interaction[Any], id: app_commands.Range[str, 2, 64]) -> None:
        """Undo a retirement."""
        services = services_of(interaction)
        config, language = await _language(interaction)
        try:
            entry = await services.scenarios.restore(config, id)
        except ScenarioError as error:
            await _explain(interaction, language, error)
            return
        await reply(interaction, t(language, "scenario.restored", id=entry.item.id))

    @scenario.command(name="export", description="Download your own challenges as YAML packs")
    @manager_only()
    async def export(self, interaction: discord.Interaction[Any]) -> None:
        """One pack file per language set, in the content format."""
        services = services_of(interaction)
        config, language = await _language(interaction)
        files = await services.scenarios.export(config)
        if not files:
            await reply(interaction, t(language, "scenario.export.none"))
            return
        count = sum(text.count("\n  - id: ") + text.startswith("  - id: ") for _, text in files)
        attachments = [discord.File(io.BytesIO(text.encode("utf-8")), filename=name) for name, text in files]
        await interaction.response.send_message(
            t(language, "scenario.export", count=count), files=attachments, ephemeral=True
        )

    @edit.autocomplete("id")
    @preview_item.autocomplete("id")
    @schedule.autocomplete("id")
    @retire.autocomplete("id")
    @restore.autocomplete("id")
    @manager_only()
    async def id_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Ids matching what was typed (by id or title)."""
        services = services_of(interaction)
        config, language = await _language(interaction)
        typed = current.casefold()
        matches = [
            e
            for e in (await services.scenarios.library(config)).values()
            if typed in e.item.id or typed in e.item.title.get(language).casefold()
        ]
        matches.sort(key=lambda e: (not e.custom, e.item.id))
        return [
            app_commands.Choice(name=f"{e.item.id} · {e.item.title.get(language)}"[:100], value=e.item.id)
            for e in matches[:25]
        ]


async def _day_and_team(
    interaction: discord.Interaction[Any], config: GuildConfig, language: str, text: str, team: str | None
) -> tuple[date, Team | None] | None:
    """The date and optional team of a schedule request; None after saying which of them is wrong."""
    day = _parse_date(text)
    if day is None:
        await reply(interaction, t(language, "scenario.error.date", text=text))
        return None
    if team is None:
        return day, None
    chosen = await services_of(interaction).storage.teams.by_name(config.guild_id, team)
    if chosen is None:
        await reply(interaction, t(language, "team.unknown", name=discord.utils.escape_markdown(team)))
        return None
    return day, chosen


def _who(team: Team | None, language: str) -> str:
    return f"**{discord.utils.escape_markdown(team.name)}**" if team else t(language, "scenario.scheduled.all")


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None
