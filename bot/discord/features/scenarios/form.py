"""The scenario form on Discord: a modal prefilled from a stored draft, validated like content on submit."""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.content.errors import Problem, format_path
from bot.discord.context import Call, Surface
from bot.discord.custom_ids import CustomId, Kind, encode
from bot.discord.features.daily.embeds import post_embed
from bot.discord.forms import submitted_text
from bot.discord.problems import render_advice, render_problem
from bot.discord.replies import NO_PINGS
from bot.discord.texts import t
from bot.domain.model import Catalog, Item
from bot.domain.state import GuildConfig
from bot.services.scenarios import FORM_FIELDS, Invalid, Saved

log = logging.getLogger("momentos.scenarios")

MESSAGE_LIMIT = 2000  # Discord's limit for a message's content

LIMITS = {"title": 200, "story": 2500, "question": 500, "choices": 3000, "explanation": 1000}
STYLES = {"title": discord.TextStyle.short}


def scenario_form(draft: dict[str, Any], language: str, editing: bool) -> discord.ui.Modal:
    """The five fields of a challenge, prefilled with whatever the manager typed before."""
    key = "scenario.form.title.edit" if editing else "scenario.form.title.new"
    modal = discord.ui.Modal(
        title=t(language, key), custom_id=encode(Kind.SCENARIO_FORM, int(draft["user_id"])), timeout=None
    )
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


def keep_editing(user_id: int, language: str) -> discord.ui.View:
    """The button that reopens the form with what the manager typed (their draft is in the database)."""
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            label=f"✏️ {t(language, 'scenario.keep_editing')}",
            style=discord.ButtonStyle.primary,
            custom_id=encode(Kind.DRAFT, user_id),
        )
    )
    return view


async def own_draft(call: Call, user_id: int) -> dict[str, Any] | None:
    """The draft an id points at, if it is the clicker's own and they are still a manager; else answer why not."""
    if user_id != call.user.id:
        refusal = "form.invalid" if call.surface is Surface.FORM else "button.invalid"
        await call.refuse(refusal, why="someone else's scenario draft")
        return None
    if not call.is_manager:  # they may have lost the role since opening the form
        await call.refuse("scenario.form.not_manager", why="no longer a manager")
        return None
    draft = await call.services.scenarios.draft(call.config, user_id)
    if draft is None:
        await call.say("scenario.no_draft")
        return None
    return draft


async def submit_scenario(call: Call, submitted: CustomId) -> None:
    """The form came back: keep the text in the draft, validate like content, save or explain."""
    draft = await own_draft(call, submitted.first)
    if draft is None:
        return
    services, config, language, user_id, now = call.services, call.config, call.language, call.user.id, call.now
    data = dict(call.interaction.data or {})
    draft["fields"] = {name: submitted_text(data, name) for name in FORM_FIELDS}
    await services.scenarios.keep_draft(config, user_id, draft, now)
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
        lines = [call.t("scenario.invalid"), *(describe_problem(p, language) for p in outcome.problems)]
        view = keep_editing(user_id, language)
        await call.interaction.response.send_message(
            "\n".join(lines)[:2000], view=view, ephemeral=True, allowed_mentions=NO_PINGS
        )
        view.stop()  # its click is routed from its custom_id
        return
    assert isinstance(outcome, Saved)
    await services.scenarios.drop_draft(config, user_id)
    log.info(
        "custom item guild=%s id=%s version=%s new=%s",
        config.guild_id,
        outcome.item.id,
        outcome.item.version,
        outcome.new_version,
    )
    if not outcome.new_version:
        await call.say("scenario.unchanged", id=outcome.item.id)
        return
    embed, view = preview(outcome.item, services.catalog, config, config.language, now)
    text = call.t(
        "scenario.saved",
        title=discord.utils.escape_markdown(outcome.item.title.get(config.language)),
        id=outcome.item.id,
    )
    text += "\n" + render_advice(outcome.advice, language, MESSAGE_LIMIT - len(text) - 1)
    await call.interaction.response.send_message(
        text, embed=embed, view=view, ephemeral=True, allowed_mentions=NO_PINGS
    )


async def reopen_draft(call: Call, clicked: CustomId) -> None:
    """✏️ Keep editing: only the draft's author may reopen it."""
    draft = await own_draft(call, clicked.first)
    if draft is None:
        return
    modal = scenario_form(draft, call.config.language, editing=bool(draft.get("editing")))
    await call.interaction.response.send_modal(modal)
    modal.stop()
