"""Sentences of coaching insight: /insights, the weekly coaching digest and its settings."""

from __future__ import annotations

INSIGHTS: dict[str, dict[str, str]] = {
    "export.done.insights": {
        "es": "📄 **{kind}** · {period}: {rows} filas, una por equipo y paso, cada cifra con su intervalo y su n. Las columnas se explican en el README («Coaching insight»).",
        "en": "📄 **{kind}** · {period}: {rows} rows, one per team and step, every figure with its interval and n. The columns are explained in the README ('Coaching insight').",
    },
    "export.kind.insights": {"es": "Perspectivas (equipo × paso)", "en": "Insights (team × step)"},
    "period.quarter": {"es": "trimestre {label}", "en": "quarter {label}"},
    "insights.title": {"es": "🧭 Perspectivas · {period}", "en": "🧭 Insights · {period}"},
    "insights.not_allowed": {
        "es": "Este comando es para gerentes y para líderes de equipo (el rol de líder se pone con `/team edit`).",
        "en": "This command is for managers and team leads (a team's lead role is set with `/team edit`).",
    },
    "insights.unknown_team": {
        "es": "No ves ningún equipo llamado **{name}**: elige uno de la lista.",
        "en": "You see no team called **{name}**: pick one from the list.",
    },
    "insights.no_teams": {
        "es": "Este servidor aún no tiene equipos: créalos con `/team add`.",
        "en": "This server has no teams yet: create them with `/team add`.",
    },
    "insights.team": {
        "es": "**{name}** — participación {participation} · primer intento {first} · ahora {current} · {attempts} intentos",
        "en": "**{name}** — participation {participation} · first try {first} · now {current} · {attempts} attempts",
    },
    "insights.share": {"es": "{value} ({low}–{high})", "en": "{value} ({low}–{high})"},
    "insights.none": {"es": "—", "en": "—"},
    "insights.weakest": {
        "es": "↳ paso más débil: **{step}. {title}** — ahora {current}, {attempts} intentos{trend}",
        "en": "↳ weakest step: **{step}. {title}** — now {current}, {attempts} attempts{trend}",
    },
    "insights.trend": {
        "es": " · tendencia {delta} pts frente a {previous} ({before} intentos)",
        "en": " · trend {delta} pts against {previous} ({before} attempts)",
    },
    "insights.trend.none": {
        "es": " · sin tendencia: {previous} tuvo {before} de {need} intentos en ese paso",
        "en": " · no trend: {previous} had {before} of {need} attempts on that step",
    },
    "insights.not_enough": {
        "es": "↳ aún no hay datos suficientes para un paso más débil ({have} de {need} intentos en el paso con más)",
        "en": "↳ not enough data yet for a weakest step ({have} of {need} attempts on the best-covered step)",
    },
    "insights.talks": {"es": "Conversaciones que valen la pena", "en": "Conversations worth having"},
    "insights.talks.none": {
        "es": "Ninguna regla se activó en este periodo.",
        "en": "No rule fired in this period.",
    },
    "insights.flag.absent": {
        "es": "<@{user}> ({team}): no respondió las últimas {missed} publicaciones que tuvo disponibles",
        "en": "<@{user}> ({team}): did not answer the last {missed} posts they could have",
    },
    "insights.flag.behind": {
        "es": "<@{user}> ({team}): ahora {own} frente a {team_share} del equipo, en {attempts} intentos",
        "en": "<@{user}> ({team}): now {own} against the team's {team_share}, over {attempts} attempts",
    },
    "insights.flag.confident_wrong": {
        "es": "<@{user}> ({team}): {count} respuestas equivocadas dadas como «seguro/a»",
        "en": "<@{user}> ({team}): {count} wrong answers given as \"sure\"",
    },
    "insights.items": {"es": "Retos que conviene revisar", "en": "Challenges worth a look"},
    "insights.items.none": {
        "es": "Ningún reto con al menos {need} primeros intentos parece confuso.",
        "en": "No challenge with at least {need} first attempts looks confusing.",
    },
    "insights.item": {
        "es": "«{title}» — primer intento {first} · discriminación {discrimination} · {shares}",
        "en": "«{title}» — first try {first} · discrimination {discrimination} · {shares}",
    },
    "insights.item.ambiguous": {
        "es": "⚠️ ¿ambiguo? la opción {wrong} ({wrong_share}) supera a la correcta {right} ({right_share}): suele ser la redacción, no la gente",
        "en": "⚠️ ambiguous? choice {wrong} ({wrong_share}) beats the right one, {right} ({right_share}): usually the wording, not the people",
    },
    "insights.item.author": {"es": " · escrito por <@{user}>", "en": " · written by <@{user}>"},
    "insights.footer": {
        "es": "Intervalos del 95 % (Wilson). «Ahora» pesa más lo reciente (vida media 14 días). Solo tú ves esto.",
        "en": "95% intervals (Wilson). \"Now\" weighs recent answers more (half-life 14 days). Only you see this.",
    },
    "insights.more": {
        "es": "… y {count} equipos más: `/export insights` los trae todos.",
        "en": "… and {count} more teams: `/export insights` has them all.",
    },
    "insights.chart.teams": {"es": "Ahora, por equipo y paso", "en": "Now, per team and step"},
    "insights.chart.people": {"es": "Ahora, por persona y paso · {team}", "en": "Now, per person and step · {team}"},
    "insights.chart.step": {"es": "Paso", "en": "Step"},
    "insights.chart.empty": {"es": "—", "en": "—"},
    # --- the weekly coaching digest
    "digest.title": {"es": "🧭 Resumen de coaching · semana {week}", "en": "🧭 Coaching digest · week {week}"},
    "digest.footer": {
        "es": "Momentos · resumen {week} · para gerentes · `/insights` tiene el detalle",
        "en": "Momentos · digest {week} · for managers · `/insights` has the detail",
    },
    "digest.previous": {"es": "la semana anterior", "en": "the week before"},
    "digest.ambiguous": {
        "es": "¿Retos ambiguos? Una opción incorrecta supera a la correcta (suele ser la redacción)",
        "en": "Ambiguous challenges? A wrong choice beats the right one (usually the wording)",
    },
    "digest.saved": {
        "es": "Resumen de coaching: {day} a las **{time}** en {channel}. Ese canal debería ser solo para gerentes.",
        "en": "Coaching digest: {day} at **{time}** in {channel}. That channel should be for managers only.",
    },
    "digest.off": {"es": "Resumen de coaching desactivado.", "en": "Coaching digest turned off."},
    "config.digest": {"es": "Resumen de coaching", "en": "Coaching digest"},
    "config.digest.on": {"es": "{day} a las **{time}** en {channel}", "en": "{day} at **{time}** in {channel}"},
    "config.digest.none": {
        "es": "desactivado (se activa con `/config insights`)",
        "en": "off (turned on with `/config insights`)",
    },
    "digest.public": {
        "es": "⚠️ {channel} lo puede leer cualquiera del servidor: el resumen nombra personas. Elige un canal solo para gerentes.",
        "en": "⚠️ Anyone on the server can read {channel}: the digest names people. Pick a managers-only channel.",
    },
}
