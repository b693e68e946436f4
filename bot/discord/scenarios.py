"""The scenario form on Discord: a modal prefilled from a stored draft, validated like content on submit."""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.content.errors import Problem, format_path
from bot.discord.checks import is_manager
from bot.discord.client import services_of
from bot.discord.components import _Button, context, parse_id, refuse
from bot.discord.embeds import post_embed
from bot.discord.problems import render_problem
from bot.discord.reflections import submitted_text
from bot.discord.replies import NO_PINGS, reply
from bot.discord.texts import t
from bot.domain.model import Catalog, Item
from bot.domain.state import GuildConfig
from bot.services.scenarios import FORM_FIELDS, Invalid, Saved

log = logging.getLogger("momentos.scenarios")

FORM_PREFIX = "momentos:scenario:"
LIMITS = {"title": 200, "story": 2500, "question": 500, "choices": 3000, "explanation": 1000}
STYLES = {"title": discord.TextStyle.short}


def scenario_form(draft: dict[str, Any], language: str, editing: bool) -> discord.ui.Modal:
    """The five fields of a challenge, prefilled with whatever the manager typed before."""
    key = "scenario.form.title.edit" if editing else "scenario.form.title.new"
    modal = discord.ui.Modal(title=t(language, key), custom_id=f"{FORM_PREFIX}{draft['user_id']}", timeout=None)
    fields = draft.get("fields", {})
    for name in FORM_FIELDS:
        box: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id=name,
            style=STYLES.get(name, discord.TextStyle.paragraph),
            default=str(fields.get(name, ""))[: LIMITS[name]] or None,
            max_length=LIMITS[name],
            required=name in ("title", "choices", "explanation")
            or (name == "question" and draft.get("kind") == "quiz"),
            placeholder=t(language, "scenario.field.choices.hint")[:100] if name == "choices" else None,
        )
        modal.add_item(discord.ui.Label(text=t(language, f"scenario.field.{name}")[:45], component=box))
    return modal


def describe_problem(problem: Problem, language: str) -> str:
    """'items[0].choices: exactly one…' → 'Opciones: exactly one…' (the form's own field names)."""
    path = format_path(problem.path)
    parts = path.removeprefix("items[0]").lstrip(".").split(".")
    head = parts[0].split("[")[0] if parts and parts[0] else ""
    label = t(language, f"scenario.field.{head}") if f"scenario.field.{head}" in _FIELD_KEYS else path
    rest = path.removeprefix("items[0]").lstrip(".")[len(head) :]
    return f"• **{label}**{rest}: {render_problem(problem, language)}"


_FIELD_KEYS = {
    f"scenario.field.{name}" for name in (*FORM_FIELDS, "id", "step", "dimensions", "kind", "reflection", "source")
}


def preview(
    item: Item, catalog: Catalog, config: GuildConfig, language: str, now: Any
) -> tuple[discord.Embed, discord.ui.View]:
    """Exactly the post, with inert buttons."""
    embed = post_embed(item, catalog, language, "—", now + config.answer_window)
    view = discord.ui.View(timeout=None)
    letters = "ABCDE"
    for index in range(len(item.choices)):
        view.add_item(discord.ui.Button(label=letters[index], style=discord.ButtonStyle.primary, disabled=True))
    if item.reflection is not None:
        view.add_item(discord.ui.Button(label=f"📝 {t(language, 'reflect.button')}", disabled=True, row=1))
    return embed, view


async def own_draft(
    interaction: discord.Interaction[Any], raw_user: str
) -> tuple[GuildConfig, str, dict[str, Any]] | None:
    """The draft a custom_id points at, if it is the clicker's own and they are still a manager; else answer why not."""
    config, language = await context(interaction)
    user_id = parse_id(raw_user)
    if config is None or user_id is None or user_id != interaction.user.id:
        await refuse(interaction, language, "someone else's scenario draft")
        return None
    if not is_manager(interaction.user, config):  # they may have lost the role since opening the form
        await reply(interaction, t(language, "error.not_manager"))
        return None
    draft = await services_of(interaction).storage.custom.draft(config.guild_id, user_id)
    if draft is None:
        await reply(interaction, t(language, "scenario.no_draft"))
        return None
    return config, language, draft


async def submit_scenario(interaction: discord.Interaction[Any], raw_user: str) -> None:
    """The form came back: keep the text in the draft, validate like content, save or explain."""
    services = services_of(interaction)
    found = await own_draft(interaction, raw_user)
    if found is None:
        return
    config, language, draft = found
    user_id = interaction.user.id
    data = dict(interaction.data or {})
    draft["fields"] = {name: submitted_text(data, name) for name in FORM_FIELDS}
    now = services.clock.now()
    await services.storage.custom.save_draft(config.guild_id, user_id, draft, now)
    if draft.get("kind") == "scenario" and not draft.get("prompt"):
        draft["prompt"] = t(config.language, "scenario.default_prompt")
    outcome = await services.scenarios.save_form(
        config,
        user_id,
        draft,
        t(config.language, "scenario.feedback.right"),
        t(config.language, "scenario.feedback.wrong"),
        t(config.language, "scenario.note"),
        now,
    )
    if isinstance(outcome, Invalid):
        lines = [t(language, "scenario.invalid"), *(describe_problem(p, language) for p in outcome.problems)]
        view = discord.ui.View(timeout=None)
        view.add_item(DraftButton(str(user_id), label=f"✏️ {t(language, 'scenario.keep_editing')}"))
        await interaction.response.send_message(
            "\n".join(lines)[:2000], view=view, ephemeral=True, allowed_mentions=NO_PINGS
        )
        return
    assert isinstance(outcome, Saved)
    await services.storage.custom.drop_draft(config.guild_id, user_id)
    log.info(
        "custom item guild=%s id=%s version=%s new=%s",
        config.guild_id,
        outcome.item.id,
        outcome.item.version,
        outcome.new_version,
    )
    if not outcome.new_version:
        await reply(interaction, t(language, "scenario.unchanged", id=outcome.item.id))
        return
    embed, view = preview(outcome.item, services.catalog, config, config.language, now)
    text = t(
        language,
        "scenario.saved",
        title=discord.utils.escape_markdown(outcome.item.title.get(config.language)),
        id=outcome.item.id,
    )
    await interaction.response.send_message(text, embed=embed, view=view, ephemeral=True, allowed_mentions=NO_PINGS)


class DraftButton(_Button, template=r"momentos:draft:(?P<id>[^:]{1,20})"):
    """Reopens the scenario form with what the manager typed (their draft is in the database)."""

    action = "draft"
    style = discord.ButtonStyle.primary

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        """Only the draft's author may reopen it."""
        found = await own_draft(interaction, self.raw)
        if found is None:
            return
        config, _, draft = found
        modal = scenario_form(draft, config.language, editing=bool(draft.get("editing")))
        await interaction.response.send_modal(modal)
        modal.stop()
