"""Every user-facing sentence of the bot, in Spanish and English, in one catalogue."""

from __future__ import annotations

from typing import Any

import discord

CATALOGUE: dict[str, dict[str, str]] = {
    # --- the daily post
    "post.step": {"es": "Paso", "en": "Step"},
    "post.dimensions": {"es": "Dimensiones", "en": "Dimensions"},
    "post.deadline": {"es": "Responde antes de", "en": "Answer before"},
    "post.footer": {"es": "Momentos de verdad · equipo {team}", "en": "Moments of truth · team {team}"},
    # --- answering
    "answer.correct.title": {"es": "✅ ¡Correcto! +{points} puntos", "en": "✅ Correct! +{points} points"},
    "answer.wrong.title": {
        "es": "❌ No es la respuesta correcta · {points} puntos",
        "en": "❌ Not the right answer · {points} points",
    },
    "answer.chosen": {"es": "Elegiste", "en": "You chose"},
    "answer.right": {"es": "Respuesta correcta", "en": "Correct answer"},
    "answer.why": {"es": "Por qué", "en": "Why"},
    "answer.repeated": {
        "es": "Ya respondiste este reto (elegiste **{letter}**). Solo cuenta la primera respuesta. ¡Nos vemos en el próximo!",
        "en": "You already answered this challenge (you chose **{letter}**). Only the first answer counts. See you at the next one!",
    },
    "answer.closed": {
        "es": "Este reto cerró {closed}. Ya no suma puntos, pero puedes leerlo: pronto llega el siguiente.",
        "en": "This challenge closed {closed}. It no longer scores, but you can still read it: the next one is coming.",
    },
    "answer.not_member": {
        "es": "Este reto es del equipo **{team}**: para responder necesitas su rol, {role}. Pide a tu gerente que te lo asigne.",
        "en": "This challenge belongs to team **{team}**: you need its role, {role}, to answer. Ask your manager to assign it.",
    },
    "answer.invalid": {
        "es": "Este botón no es válido o ya no está activo. Responde desde la publicación del día de tu equipo.",
        "en": "This button is not valid or no longer active. Answer from your team's post of the day.",
    },
    # --- errors
    "error.generic": {
        "es": "Algo salió mal de nuestro lado y no pude completar esto. Ya quedó registrado; inténtalo de nuevo en un momento.",
        "en": "Something went wrong on our side and I could not finish this. It has been logged; please try again in a moment.",
    },
    "error.not_manager": {
        "es": "Este comando es para gerentes: necesitas el permiso «Gestionar servidor» o el rol de gerente de Momentos.",
        "en": "This command is for managers: you need the Manage Server permission or Momentos' manager role.",
    },
    "error.guild_only": {
        "es": "Este comando solo funciona dentro de un servidor.",
        "en": "This command only works inside a server.",
    },
    "error.cooldown": {"es": "Vas muy rápido; inténtalo en {seconds} s.", "en": "Slow down; try again in {seconds} s."},
    "error.input": {"es": "No pude entender eso: {detail}", "en": "I could not understand that: {detail}"},
    "input.time.format": {
        "es": "«{text}» no es una hora; usa el formato de 24 horas HH:MM, por ejemplo 09:00 o 17:30",
        "en": "'{text}' is not a time; use 24-hour HH:MM, e.g. 09:00 or 17:30",
    },
    "input.time.range": {
        "es": "«{text}» no es una hora del día; las horas van de 0 a 23 y los minutos de 0 a 59",
        "en": "'{text}' is not a time of day; hours go 0–23 and minutes 0–59",
    },
    "input.day.unknown": {
        "es": "«{text}» no es un día; usa lun, mar, mie, jue, vie, sab, dom (o 1–7)",
        "en": "'{text}' is not a day; use mon, tue, wed, thu, fri, sat, sun (or lun…dom, or 1–7)",
    },
    "input.day.backwards": {
        "es": "«{text}» va al revés; escribe los rangos empezando por el lunes, por ejemplo lun-vie",
        "en": "'{text}' goes backwards; write ranges Monday first, e.g. mon-fri",
    },
    "input.day.empty": {
        "es": "indica al menos un día, por ejemplo lun-vie",
        "en": "give at least one day, e.g. mon-fri",
    },
    "input.window.format": {
        "es": "«{text}» no es una duración; usa por ejemplo 8h, 90m o 1h30",
        "en": "'{text}' is not a duration; use e.g. 8h, 90m or 1h30",
    },
    "input.window.range": {
        "es": "la ventana de respuesta debe durar entre 5 minutos y 24 horas",
        "en": "the answer window must be between 5 minutes and 24 hours",
    },
    "input.timezone.unknown": {
        "es": "«{text}» no es una zona horaria IANA; por ejemplo America/Mexico_City o Europe/Madrid",
        "en": "'{text}' is not an IANA timezone; e.g. America/Mexico_City or Europe/Madrid",
    },
    "input.team.empty": {"es": "el nombre del equipo está vacío", "en": "the team name is empty"},
    "input.team.long": {
        "es": "el nombre del equipo tiene {length} caracteres; el máximo es 50",
        "en": "the team name is {length} characters; at most 50",
    },
    "error.storage": {
        "es": "No puedo acceder a los datos ahora mismo; tu acción no se guardó. Inténtalo de nuevo en unos minutos.",
        "en": "I cannot reach the data right now; your action was not saved. Please try again in a few minutes.",
    },
    # --- teams
    "team.added": {
        "es": "Equipo **{name}** creado: publicaré en {channel} y podrán responder quienes tengan {role}.",
        "en": "Team **{name}** created: I will post in {channel} and members with {role} can answer.",
    },
    "team.conflict.name": {
        "es": "Ya existe un equipo llamado **{name}**.",
        "en": "There is already a team called **{name}**.",
    },
    "team.conflict.channel": {
        "es": "{channel} ya es el canal del equipo **{name}**; cada equipo necesita su propio canal.",
        "en": "{channel} is already team **{name}**'s channel; each team needs its own channel.",
    },
    "team.bad_role": {
        "es": "Elige un rol de equipo: {role} no sirve (no puede ser @everyone ni el rol de un bot).",
        "en": "Pick a team role: {role} cannot be used (not @everyone nor a bot's role).",
    },
    "team.cannot_post": {
        "es": "⚠️ Ojo: no puedo publicar en {channel}. Dame los permisos {missing} en ese canal.",
        "en": "⚠️ Heads up: I cannot post in {channel}. Give me {missing} in that channel.",
    },
    "team.none": {
        "es": "Aún no hay equipos. Crea uno con `/team add`.",
        "en": "No teams yet. Create one with `/team add`.",
    },
    "team.list.title": {"es": "Equipos", "en": "Teams"},
    "team.unknown": {"es": "No hay ningún equipo llamado **{name}**.", "en": "There is no team called **{name}**."},
    # --- configuration
    "config.saved": {
        "es": "Horario guardado: {weekdays} a las **{time}** ({timezone}); se puede responder durante {window}. Próxima publicación: {next}.",
        "en": "Schedule saved: {weekdays} at **{time}** ({timezone}); answers count for {window}. Next post: {next}.",
    },
    "config.title": {"es": "Configuración de Momentos", "en": "Momentos settings"},
    "config.schedule": {"es": "Horario", "en": "Schedule"},
    "config.schedule.value": {
        "es": "{weekdays} a las {time} ({timezone}) · ventana de respuesta {window}\nPróxima publicación: {next}",
        "en": "{weekdays} at {time} ({timezone}) · answer window {window}\nNext post: {next}",
    },
    "config.schedule.missing": {
        "es": "⚠️ Sin horario: usa `/config schedule` para que publique cada día.",
        "en": "⚠️ No schedule: use `/config schedule` so I post every day.",
    },
    "config.teams": {"es": "Equipos", "en": "Teams"},
    "config.teams.missing": {
        "es": "⚠️ Sin equipos: crea uno con `/team add`.",
        "en": "⚠️ No teams: create one with `/team add`.",
    },
    "config.team.line": {"es": "**{name}** · {channel} · {role}", "en": "**{name}** · {channel} · {role}"},
    "config.problems": {"es": "Por revisar", "en": "To fix"},
    "config.all_good": {"es": "Todo listo ✅", "en": "All set ✅"},
    "config.content": {"es": "Contenido", "en": "Content"},
    "config.content.value": {
        "es": "{count} retos disponibles en {language}",
        "en": "{count} challenges available in {language}",
    },
    "weekdays.short": {"es": "lun,mar,mié,jue,vie,sáb,dom", "en": "Mon,Tue,Wed,Thu,Fri,Sat,Sun"},
    # --- posting
    "challenge.posted": {"es": "✅ **{team}**: publicado {link}", "en": "✅ **{team}**: posted {link}"},
    "challenge.exists": {
        "es": "ℹ️ **{team}**: ya tiene el reto de hoy {link}",
        "en": "ℹ️ **{team}**: already has today's challenge {link}",
    },
    "challenge.sending": {
        "es": "⏳ **{team}**: se está publicando ahora mismo",
        "en": "⏳ **{team}**: being posted right now",
    },
    "challenge.failed": {
        "es": "⚠️ **{team}**: no pude publicar en {channel} ({reason}); lo reintentaré más tarde",
        "en": "⚠️ **{team}**: I could not post in {channel} ({reason}); I will retry later",
    },
    "challenge.no_content": {
        "es": "⚠️ No hay retos en {language} para publicar. Revisa el contenido (momentos validate).",
        "en": "⚠️ There are no challenges in {language} to post. Check the content (momentos validate).",
    },
    "challenge.notify": {
        "es": "⚠️ No pude publicar el reto de hoy del equipo **{team}** en {channel}: {reason}. Necesito los permisos Ver canal, Enviar mensajes e Insertar enlaces allí. Lo reintentaré durante el día.",
        "en": "⚠️ I could not post today's challenge for team **{team}** in {channel}: {reason}. I need View Channel, Send Messages and Embed Links there. I will retry during the day.",
    },
    "reason.forbidden": {"es": "me faltan permisos", "en": "I am missing permissions"},
    "reason.not_found": {"es": "el canal ya no existe", "en": "the channel no longer exists"},
    "reason.not_text": {"es": "el canal ya no es un canal de texto", "en": "the channel is no longer a text channel"},
    "reason.http": {"es": "Discord respondió con el error {status}", "en": "Discord answered with error {status}"},
    # --- boards
    "board.teams.title": {"es": "🏆 Equipos · {period}", "en": "🏆 Teams · {period}"},
    "board.people.title": {"es": "🏆 Personas · {period}", "en": "🏆 People · {period}"},
    "board.empty": {
        "es": "Todavía no hay puntos en este periodo. ¡El próximo reto es tu oportunidad!",
        "en": "No points yet in this period. The next challenge is your chance!",
    },
    "board.team.line": {
        "es": "{medal} **{name}** — {points} pts · respuestas: {answers} · personas: {members}",
        "en": "{medal} **{name}** — {points} pts · answers: {answers} · people: {members}",
    },
    "board.person.line": {
        "es": "{medal} {mention} — {points} pts · {correct}/{answers} aciertos",
        "en": "{medal} {mention} — {points} pts · {correct}/{answers} correct",
    },
    "board.footer": {
        "es": "Empates: mismo puesto con los mismos puntos; luego más aciertos.",
        "en": "Ties: same rank for the same points; then more correct answers.",
    },
    "period.week": {"es": "semana {label}", "en": "week {label}"},
    "period.month": {"es": "mes {label}", "en": "month {label}"},
    "period.all": {"es": "desde el inicio", "en": "all time"},
    # --- me
    "me.title": {"es": "Tus momentos de verdad", "en": "Your moments of truth"},
    "me.line": {
        "es": "**{points}** pts · puesto **{rank}** de {ranked} · respuestas: {answers} · aciertos: {accuracy}",
        "en": "**{points}** pts · rank **{rank}** of {ranked} · answers: {answers} · correct: {accuracy}",
    },
    "me.none": {"es": "Aún sin respuestas.", "en": "No answers yet."},
    # --- help
    "help.title": {"es": "Momentos · cómo se juega", "en": "Momentos · how to play"},
    "help.body": {
        "es": (
            "Cada día laborable publico en el canal de tu equipo un **momento de verdad**: una situación con un cliente "
            "o una pregunta sobre los **10 pasos** y las **10 dimensiones** del buen servicio.\n\n"
            "• Pulsa la letra de tu respuesta: te digo al instante si acertaste, por qué, y cuántos puntos ganaste "
            "(solo cuenta tu primera respuesta, y solo mientras el reto esté abierto).\n"
            "• `/leaderboard` muestra los equipos y las personas de la semana, el mes o desde el inicio.\n"
            "• `/me` muestra tus puntos, aciertos y tu puesto (solo tú lo ves).\n\n"
            "Gerentes: `/team add`, `/config schedule`, `/config show` y `/challenge post`."
        ),
        "en": (
            "Every working day I post a **moment of truth** in your team's channel: a situation with a customer or a "
            "question about the **10 steps** and the **10 dimensions** of good service.\n\n"
            "• Press the letter of your answer: I tell you at once whether you were right, why, and the points you "
            "earned (only your first answer counts, and only while the challenge is open).\n"
            "• `/leaderboard` shows teams and people for the week, the month or all time.\n"
            "• `/me` shows your points, accuracy and rank (only you see it).\n\n"
            "Managers: `/team add`, `/config schedule`, `/config show` and `/challenge post`."
        ),
    },
    "language.es": {"es": "español", "en": "Spanish"},
    "language.en": {"es": "inglés", "en": "English"},
}


def t(language: str, key: str, /, **values: Any) -> str:
    """The sentence `key` in `language` (Spanish if unknown), with `values` filled in."""
    entry = CATALOGUE[key]
    text = entry.get(language) or entry["es"]
    return text.format(**values) if values else text


def language_of(interaction: discord.Interaction[Any], fallback: str) -> str:
    """Replies follow the person's Discord language when it is Spanish or English, else the server's."""
    locale = str(interaction.locale.value if interaction.locale else "")
    if locale.startswith("es"):
        return "es"
    if locale.startswith("en"):
        return "en"
    return fallback
