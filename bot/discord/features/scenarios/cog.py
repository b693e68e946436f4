"""/scenario: managers write, upload, preview, schedule, list, retire and export their own challenges."""

from __future__ import annotations

import io
from datetime import date
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.content.errors import ContentError
from bot.discord.context import Call, call_of, manager_only
from bot.discord.features.scenarios.form import preview, scenario_form
from bot.discord.problems import render_advice, render_report
from bot.discord.replies import NO_PINGS
from bot.domain.cues import advice_for
from bot.domain.state import Team
from bot.services.scenarios import MAX_UPLOAD, Entry, ScenarioError, choices_text, page

MANAGERS = discord.Permissions(manage_guild=True)


async def _explain(call: Call, error: ScenarioError) -> None:
    await call.say(f"scenario.error.{error.code}", **error.values)


async def _find(call: Call, item_id: str) -> Entry | None:
    """The item asked for; None after explaining it does not exist."""
    try:
        return await call.services.scenarios.find(call.config, item_id)
    except ScenarioError as error:
        await _explain(call, error)
        return None


class ScenarioCog(commands.Cog):
    """The guild's own library of moments of truth."""

    scenario = app_commands.Group(
        name="scenario", description="Your own challenges (managers)", default_permissions=MANAGERS, guild_only=True
    )

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
        call = await call_of(interaction)
        config = call.config
        draft: dict[str, Any] = {
            "user_id": interaction.user.id,
            "kind": kind,
            "step": step,
            "dimensions": [d for d in (dimension, dimension2) if d],
            "id": id,
            "prompt": reflection_prompt,
            "fields": {},
        }
        await call.services.scenarios.keep_draft(config, interaction.user.id, draft, call.now)
        modal = scenario_form(draft, config.language, editing=False)
        await interaction.response.send_modal(modal)
        modal.stop()  # the submission is handled from its custom_id, so it survives restarts

    @scenario.command(name="edit", description="Edit one of your challenges (a new version; old posts keep theirs)")
    @app_commands.describe(id="The challenge's id")
    @manager_only()
    async def edit(self, interaction: discord.Interaction[Any], id: app_commands.Range[str, 2, 64]) -> None:
        """Open the form prefilled with the challenge's current version."""
        call = await call_of(interaction)
        config = call.config
        entry = await _find(call, id)
        if entry is None:
            return
        if not entry.custom:
            await _explain(call, ScenarioError("not_custom", id=entry.item.id))
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
        await call.services.scenarios.keep_draft(config, interaction.user.id, draft, call.now)
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
        call = await call_of(interaction)
        language = call.language
        typed = current.casefold()
        dimensions = sorted(call.services.catalog.dimensions.values(), key=lambda d: d.number)
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
        call = await call_of(interaction)
        language = call.language
        typed = str(current).casefold()
        return [
            app_commands.Choice(name=f"{n}. {s.title.get(language)}"[:100], value=n)
            for n, s in sorted(call.services.catalog.steps.items())
            if typed in str(n) or typed in s.title.get(language).casefold()
        ][:25]

    @scenario.command(name="upload", description="Upload a YAML pack (same format as the bundled content, ≤ 256 KiB)")
    @app_commands.describe(file="A momentos.pack/1 YAML file")
    @manager_only()
    async def upload(self, interaction: discord.Interaction[Any], file: discord.Attachment) -> None:
        """Validate the whole pack and add its items (all or nothing)."""
        call = await call_of(interaction)
        language = call.language
        if file.size > MAX_UPLOAD:
            await call.say("scenario.upload_big", size=file.size, max=MAX_UPLOAD)
            return
        await call.defer()
        try:
            result = await call.services.scenarios.upload(
                call.config, interaction.user.id, await file.read(), file.filename, call.services.clock.now()
            )
        except ContentError as error:
            header = call.t("scenario.upload_invalid", count=len(error.problems))
            report = render_report(error.problems, language, 1900 - len(header))
            await call.reply(f"{header}\n```\n{report}\n```")
            return
        listed = ", ".join(f"`{item_id}`" for item_id in result.added + result.updated)[:600]
        text = call.t(
            "scenario.uploaded",
            added=len(result.added),
            updated=len(result.updated),
            unchanged=len(result.unchanged),
        )
        head = f"{text}\n{listed}" if listed else text
        await call.reply(f"{head}\n{render_advice(result.advice, language, 2000 - len(head) - 1)}")

    @scenario.command(name="preview", description="See a challenge exactly as it would be posted (only you see it)")
    @app_commands.describe(id="The challenge's id")
    @manager_only()
    async def preview_item(self, interaction: discord.Interaction[Any], id: app_commands.Range[str, 2, 64]) -> None:
        """The post's embed with inert buttons."""
        call = await call_of(interaction)
        config = call.config
        entry = await _find(call, id)
        if entry is None:
            return
        catalog = call.services.catalog
        embed, view = preview(entry.item, catalog, config, config.language, call.now)
        head = call.t("scenario.preview", id=entry.item.id)
        advice = render_advice(advice_for([entry.item], catalog), call.language, 2000 - len(head) - 1)
        await interaction.response.send_message(
            f"{head}\n{advice}",
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
        call = await call_of(interaction)
        when = await _day_and_team(call, date, team)
        if when is None:
            return
        day, chosen = when
        try:
            entry = await call.services.scenarios.schedule(call.config, id, day, chosen, interaction.user.id, call.now)
        except ScenarioError as error:
            await _explain(call, error)
            return
        await call.say("scenario.scheduled", id=entry.item.id, date=day.isoformat(), who=_who(chosen, call))

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
        call = await call_of(interaction)
        when = await _day_and_team(call, date, team)
        if when is None:
            return
        day, chosen = when
        try:
            await call.services.scenarios.unschedule(call.config, day, chosen)
        except ScenarioError as error:
            await _explain(call, error)
            return
        await call.say("scenario.unscheduled", date=day.isoformat(), who=_who(chosen, call))

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
        call = await call_of(interaction)
        services, config, language = call.services, call.config, call.language
        t = call.t
        entries = [
            e
            for e in (await services.scenarios.library(config)).values()
            if (source == "all" or e.custom == (source == "custom")) and (step is None or e.item.step == step)
        ]
        entries.sort(key=lambda e: (e.item.step, e.item.id))
        shown, pages = page(entries, page_number)
        number = min(page_number, pages)
        embed = discord.Embed(title=t("scenario.list.title", page=number, pages=pages))
        lines = []
        for e in shown:
            flags = (t("scenario.list.custom") if e.custom else "") + (
                t("scenario.list.retired") if e.retired else ""
            )
            lines.append(
                t(
                    "scenario.list.line",
                    id=e.item.id,
                    step=e.item.step,
                    kind=t(f"kind.{e.item.kind.value}"),
                    title=discord.utils.escape_markdown(e.item.title.get(language)),
                    flags=flags,
                )
            )
        embed.description = "\n".join(lines)[:4096] or t("scenario.list.empty")
        upcoming = await services.scenarios.upcoming(config, call.now)
        if upcoming:
            names = {team.team_id: team.name for team in await services.setup.teams(config.guild_id)}
            shown_dates = [
                t(
                    "scenario.list.upcoming.line",
                    date=day.isoformat(),
                    id=item_id,
                    who=discord.utils.escape_markdown(names.get(team_id, "?"))
                    if team_id
                    else t("scenario.scheduled.all"),
                )
                for day, team_id, item_id in upcoming[:10]
            ]
            more = len(upcoming) - len(shown_dates)
            if more:
                shown_dates.append(t("problems.more", count=more))
            embed.add_field(name=t("scenario.list.upcoming"), value="\n".join(shown_dates)[:1024])
        embed.set_footer(text=t("scenario.list.footer", count=len(entries)))
        await call.reply(embed=embed)

    @scenario.command(name="retire", description="Stop picking a challenge (its history stays)")
    @app_commands.describe(id="The challenge's id")
    @manager_only()
    async def retire(self, interaction: discord.Interaction[Any], id: app_commands.Range[str, 2, 64]) -> None:
        """Retire an item for this server."""
        call = await call_of(interaction)
        try:
            entry = await call.services.scenarios.retire(call.config, id, interaction.user.id, call.now)
        except ScenarioError as error:
            await _explain(call, error)
            return
        await call.say("scenario.retired", id=entry.item.id)

    @scenario.command(name="restore", description="Put a retired challenge back in the rotation")
    @app_commands.describe(id="The challenge's id")
    @manager_only()
    async def restore(self, interaction: discord.Interaction[Any], id: app_commands.Range[str, 2, 64]) -> None:
        """Undo a retirement."""
        call = await call_of(interaction)
        try:
            entry = await call.services.scenarios.restore(call.config, id)
        except ScenarioError as error:
            await _explain(call, error)
            return
        await call.say("scenario.restored", id=entry.item.id)

    @scenario.command(name="export", description="Download your own challenges as YAML packs")
    @manager_only()
    async def export(self, interaction: discord.Interaction[Any]) -> None:
        """One pack file per language set, in the content format."""
        call = await call_of(interaction)
        files = await call.services.scenarios.export(call.config)
        if not files:
            await call.say("scenario.export.none")
            return
        count = sum(text.count("\n  - id: ") + text.startswith("  - id: ") for _, text in files)
        attachments = [discord.File(io.BytesIO(text.encode("utf-8")), filename=name) for name, text in files]
        await interaction.response.send_message(
            call.t("scenario.export", count=count), files=attachments, ephemeral=True
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
        call = await call_of(interaction)
        language = call.language
        typed = current.casefold()
        matches = [
            e
            for e in (await call.services.scenarios.library(call.config)).values()
            if typed in e.item.id or typed in e.item.title.get(language).casefold()
        ]
        matches.sort(key=lambda e: (not e.custom, e.item.id))
        return [
            app_commands.Choice(name=f"{e.item.id} · {e.item.title.get(language)}"[:100], value=e.item.id)
            for e in matches[:25]
        ]


async def _day_and_team(call: Call, text: str, team: str | None) -> tuple[date, Team | None] | None:
    """The date and optional team of a schedule request; None after saying which of them is wrong."""
    day = _parse_date(text)
    if day is None:
        await call.say("scenario.error.date", text=text)
        return None
    if team is None:
        return day, None
    chosen = await call.services.setup.team_named(call.guild_id, team)
    if chosen is None:
        await call.say("team.unknown", name=discord.utils.escape_markdown(team))
        return None
    return day, chosen


def _who(team: Team | None, call: Call) -> str:
    return f"**{discord.utils.escape_markdown(team.name)}**" if team else call.t("scenario.scheduled.all")


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None
