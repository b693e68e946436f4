"""Spanish for the slash commands (es-ES and es-419), handed to Discord by `bot.discord.translator`.

The code declares every command in English; these tables are keyed by that English default (what
`locale_str.message` holds) and give the Spanish. Names, descriptions and choice names are kept apart
because the same English word can be a name in one place and a description or a choice in another.

Name policy (commands, groups and options): Discord's rules — lower case, no spaces, at most 32
characters of letters, digits, `-` and `_` — written in correct Spanish spelling, accents and ñ
included (`clasificación`, `días`, `añadir`). Words are joined as the English default joins them:
`-` in command names (`rol-gerente`), `_` in option names (`zona_horaria`). Names must stay unique
among siblings once translated; `tests/test_command_localization.py` checks that and that every entry
here is still used by the command tree.

Choice names are display text (values are never translated), so they only need 1-100 characters;
they are lower case like the English defaults and the descriptions that list them.
"""

from __future__ import annotations

from typing import Final

NAMES: Final[dict[str, str]] = {
    # Top-level commands and groups
    "team": "equipo",
    "config": "ajustes",
    "challenge": "reto",
    "week": "semana",
    "leaderboard": "clasificación",
    "me": "yo",
    "insights": "perspectivas",
    "scenario": "escenario",
    "export": "exportar",
    "privacy": "privacidad",
    "help": "ayuda",
    "review": "repaso",
    # Subcommands
    "add": "crear",
    "edit": "editar",
    "remove": "quitar",
    "list": "listar",
    "schedule": "horario",
    "scoring": "puntuación",
    "announcements": "anuncios",
    "language": "idioma",
    "reflections": "reflexiones",
    "manager-role": "rol-gerente",
    "show": "ver",
    "post": "publicar",
    "announce": "anunciar",
    "new": "escribir",
    "upload": "subir",
    "preview": "vista-previa",
    "retire": "retirar",
    "unschedule": "desprogramar",
    "restore": "restaurar",
    "answers": "respuestas",
    "points": "puntos",
    "forget-me": "olvidarme",
    "forget": "olvidar",
    # Options
    "name": "nombre",
    "channel": "canal",
    "role": "rol",
    "new_name": "nuevo_nombre",
    "lead_role": "rol_líder",
    "no_lead": "sin_líder",
    "off": "desactivar",
    "time": "hora",
    "timezone": "zona_horaria",
    "weekdays": "días",
    "window": "plazo",
    "reminder": "recordatorio",
    "file": "archivo",
    "reset": "restablecer",
    "day": "día",
    "visibility": "visibilidad",
    "board": "tabla",
    "period": "periodo",
    "step": "paso",
    "pause_until": "pausa_hasta",
    "kind": "tipo",
    "dimension": "dimensión",
    "dimension2": "dimensión2",
    "id": "id",
    "reflection_prompt": "pregunta_reflexión",
    "date": "fecha",
    "source": "origen",
    "page": "página",
    "member_id": "id_miembro",
}

NAMES_AT: Final[dict[str, str]] = {
    # Where one English name needs another Spanish one, by its full path (options: "command option").
    "scenario schedule": "programar",  # a verb here; /config schedule is a noun (horario)
}

DESCRIPTIONS: Final[dict[str, str]] = {
    # /review
    "Review a challenge you met, when your memory needs it (private)": "Repasa un reto que ya viste, cuando tu memoria lo necesita (privado)",
    # /team
    "Momentos teams (managers)": "Equipos de Momentos (gerentes)",
    "Create a team: its channel gets the daily post, its role may answer": "Crea un equipo: su canal recibe la publicación diaria y su rol puede responder",
    "Team name, e.g. Ventas": "Nombre del equipo, p. ej. Ventas",
    "Text channel for the team's daily post": "Canal de texto para la publicación diaria del equipo",
    "Role of the team's members": "Rol de los miembros del equipo",
    "Rename a team or change its channel, role or lead role": "Cambia el nombre, el canal, el rol o el rol de líder de un equipo",
    "Members with this role see /insights for this team (team leads)": "Quienes tienen este rol ven /perspectivas de este equipo (líderes)",
    "Remove the team's lead role": "Quita el rol de líder del equipo",
    "Where each team needs coaching (managers and team leads)": "Dónde necesita apoyo cada equipo (gerentes y líderes de equipo)",
    "Only this team (people × steps)": "Solo este equipo (personas × pasos)",
    "week, month (default), quarter or all": "semana, mes (por defecto), trimestre o todo",
    "Only this step of the 10": "Solo este paso de los 10",
    "The weekly coaching digest: a managers-only channel, day and time": "El resumen semanal de coaching: un canal solo para gerentes, día y hora",
    "A channel only managers can read (the digest names people)": "Un canal que solo leen los gerentes (el resumen nombra personas)",
    "Day of the week (default Monday)": "Día de la semana (por defecto lunes)",
    "Local time, 24-hour HH:MM (default 08:00)": "Hora local, HH:MM de 24 horas (por defecto 08:00)",
    "Stop the digest": "Detener el resumen",
    "Coaching insight as CSV: every team × step figure with its n": "Perspectivas en CSV: cada cifra de equipo × paso con su n",
    "month (default), week, quarter or all": "mes (por defecto), semana, trimestre o todo",
    "The team to change": "El equipo que quieres cambiar",
    "Its new name": "Su nuevo nombre",
    "Its new channel": "Su nuevo canal",
    "Its new role": "Su nuevo rol",
    "Stop a team's daily posts (its history is kept)": "Detiene las publicaciones diarias de un equipo (su historial se conserva)",
    "The team to remove": "El equipo que quieres quitar",
    "List the teams, their channels and roles": "Lista los equipos con sus canales y roles",
    # /config
    "Momentos settings (managers)": "Ajustes de Momentos (gerentes)",
    "When to post: local time, timezone, weekdays, answer window": "Cuándo publicar: hora local, zona horaria, días y plazo para responder",
    "Local post time, 24-hour HH:MM, e.g. 09:00": "Hora local de publicación, HH:MM en formato de 24 horas, p. ej. 09:00",
    "IANA timezone, e.g. America/Mexico_City or Europe/Madrid": "Zona horaria IANA, p. ej. America/Mexico_City o Europe/Madrid",
    "Days to post, e.g. lun-vie, mon,wed,fri or todos (default lun-vie)": "Días de publicación, p. ej. lun-vie, lun,mié,vie o todos (por defecto lun-vie)",
    "How long answers count after the post, e.g. 8h or 90m (default 8h)": "Cuánto cuentan las respuestas tras la publicación, p. ej. 8h o 90m (por defecto 8h)",
    "Remind the team channel at 80% of the answer window (default off)": "Avisa en el canal del equipo al 80 % del plazo para responder (por defecto no)",
    "Upload a scoring file (YAML), download the current one, or reset": "Sube un archivo de puntuación (YAML), descarga el actual o vuelve a las reglas por defecto",
    "A momentos.scoring/1 YAML file (see deploy/scoring.example.yaml)": "Un archivo YAML momentos.scoring/1 (ver deploy/scoring.example.yaml)",
    "Go back to the default rules": "Vuelve a las reglas por defecto",
    "Where and when the weekly announcement goes out": "Dónde y cuándo se publica el anuncio semanal",
    "Day of the week (default Friday)": "Día de la semana (por defecto viernes)",
    "Local time, 24-hour HH:MM (default 17:00)": "Hora local, HH:MM en formato de 24 horas (por defecto 17:00)",
    "Channel for the announcement (default: the system channel, else the first team channel)": "Canal del anuncio (por defecto, el canal del sistema o, si no hay, el del primer equipo)",
    "Language of the posts and announcements (es or en)": "Idioma de las publicaciones y los anuncios (español o inglés)",
    "es (Spanish) or en (English)": "español o inglés",
    "Who sees reflections: after the close, at once, or managers only": "Quién ve las reflexiones: tras el cierre, al momento o solo los gerentes",
    "after_close (default), immediate or managers_only": "tras el cierre (por defecto), al momento o solo gerentes",
    "The role whose members are managers (besides Manage Server)": "El rol cuyos miembros son gerentes (además de quien tenga «Gestionar servidor»)",
    "The managers' role (leave empty to remove it)": "El rol de los gerentes (déjalo vacío para quitarlo)",
    "Show the settings and what is missing before the first post": "Muestra los ajustes y lo que falta antes de la primera publicación",
    # /challenge
    "Daily challenges (managers)": "Retos diarios (gerentes)",
    "Post today's challenge now (all teams, or one)": "Publica ya el reto de hoy (en todos los equipos o en uno)",
    "Only this team (default: every team)": "Solo este equipo (por defecto, todos)",
    # /week
    "Weekly announcement (managers)": "Anuncio semanal (gerentes)",
    "Post this week's announcement now (once per week)": "Publica ya el anuncio de esta semana (una vez por semana)",
    # /leaderboard and /me
    "Teams, people or the 10 steps, for a week, month or all time": "Equipos, personas o los 10 pasos, por semana, por mes o desde el principio",
    "teams (default), people or steps": "equipos (por defecto), personas o pasos",
    "week (default), last-week, month or all": "esta semana (por defecto), semana pasada, este mes o todo",
    "Only this step (1-10)": "Solo este paso (1-10)",
    "Only this team's members (people board)": "Solo los miembros de este equipo (tabla de personas)",
    "A past ISO week, e.g. 2026-W47 (overrides period)": "Una semana ISO pasada, p. ej. 2026-W47 (tiene prioridad sobre el periodo)",
    "Your points, rank, streak and progress on the 10 steps (only you see it)": "Tus puntos, tu posición, tu racha y tu avance en los 10 pasos (solo lo ves tú)",
    "Going away? Keep your streak until this date (YYYY-MM-DD)": "¿Te vas a ausentar? Conserva tu racha hasta esta fecha (AAAA-MM-DD)",
    # /scenario
    "Your own challenges (managers)": "Retos propios del servidor (gerentes)",
    "Write a challenge in a form (title, story, question, choices, explanation)": "Escribe un reto en un formulario (título, historia, pregunta, opciones, explicación)",
    "quiz (a question) or scenario (a story to reflect on, with a question)": "pregunta o escenario (una historia para reflexionar, con una pregunta)",
    "Which of the 10 steps it trains (1-10)": "Qué paso de los 10 entrena (1-10)",
    "The main dimension of service quality it trains": "La dimensión principal de la calidad del servicio que entrena",
    "Another dimension (optional)": "Otra dimensión (opcional)",
    "A stable id, e.g. custom.devolucion-sin-ticket (default: made from the title)": "Un id estable, p. ej. custom.devolucion-sin-ticket (por defecto, sale del título)",
    "For scenarios: the question people reflect on": "Para escenarios: la pregunta sobre la que se reflexiona",
    "Edit one of your challenges (a new version; old posts keep theirs)": "Edita uno de tus retos (una versión nueva; lo ya publicado conserva la suya)",
    "The challenge's id": "El id del reto",
    "Upload a YAML pack (same format as the bundled content, ≤ 256 KiB)": "Sube un paquete YAML (el mismo formato que el contenido incluido, ≤ 256 KiB)",
    "A momentos.pack/1 YAML file": "Un archivo YAML momentos.pack/1",
    "See a challenge exactly as it would be posted (only you see it)": "Mira un reto tal como se publicaría (solo lo ves tú)",
    "Post a given challenge on a date instead of the rotation": "Publica un reto concreto en una fecha, en lugar del que toque por rotación",
    "Local date, YYYY-MM-DD": "Fecha local, AAAA-MM-DD",
    "Cancel a date's request: the rotation picks that day again": "Anula lo programado en una fecha: la rotación vuelve a elegir",
    "The team it was asked for (default: all)": "El equipo para el que se programó (por defecto, todos)",
    "Only this team (default: all)": "Solo este equipo (por defecto, todos)",
    "The challenges of this server, page by page": "Los retos de este servidor, página a página",
    "bundled, custom or all (default)": "incluidos, propios o todo (por defecto)",
    "Only this step": "Solo este paso",
    "Page (default 1)": "Página (por defecto, 1)",
    "Stop picking a challenge (its history stays)": "Deja de elegir un reto (su historial se conserva)",
    "Put a retired challenge back in the rotation": "Devuelve un reto retirado a la rotación",
    "Download your own challenges as YAML packs": "Descarga los retos propios como paquetes YAML",
    # /export
    "Download the history as CSV (managers)": "Descarga el historial en CSV (gerentes)",
    "Every answer as CSV: who, when, which choice, right or wrong": "Todas las respuestas en CSV: quién, cuándo, qué opción, acierto o fallo",
    "Every point event as CSV: answers, bonuses, reflections, kudos": "Todos los movimientos de puntos en CSV: respuestas, bonificaciones, reflexiones, kudos",
    "Every reflection as CSV, with its kudos and highlight": "Todas las reflexiones en CSV, con sus kudos y si se destacaron",
    # /privacy
    "Your data in Momentos": "Tus datos en Momentos",
    "Delete everything Momentos keeps about you in this server": "Borra todo lo que Momentos guarda sobre ti en este servidor",
    "Delete a member's data, e.g. someone who left (managers)": "Borra los datos de un miembro, p. ej. alguien que se fue (gerentes)",
    "The member's Discord user ID (digits)": "El ID de usuario de Discord del miembro (solo dígitos)",
    # /help
    "How Momentos works, in a few lines": "Cómo funciona Momentos, en pocas líneas",
}

CHOICES: Final[dict[str, str]] = {
    # Weekdays (/config announcements day)
    "mon": "lunes",
    "tue": "martes",
    "wed": "miércoles",
    "thu": "jueves",
    "fri": "viernes",
    "sat": "sábado",
    "sun": "domingo",
    # Languages (/config language)
    "es": "español",
    "en": "inglés",
    # Reflection visibility (/config reflections)
    "after_close": "tras el cierre",
    "immediate": "al momento",
    "managers_only": "solo gerentes",
    # Boards (/leaderboard board)
    "teams": "equipos",
    "people": "personas",
    "steps": "pasos",
    # Periods (/leaderboard, /export)
    "week": "esta semana",
    "last-week": "semana pasada",
    "month": "este mes",
    "quarter": "este trimestre",
    "all": "todo",  # also /scenario list source
    # /scenario new kind, /scenario list source
    "quiz": "pregunta",
    "scenario": "escenario",
    "bundled": "incluidos",
    "custom": "propios",
}
