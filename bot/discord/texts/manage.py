"""Sentences of the manager tools: teams and settings, custom scenarios, first run."""

from __future__ import annotations

MANAGE: dict[str, dict[str, str]] = {
    # --- teams
    "team.edited": {"es": "Equipo **{name}** actualizado: canal {channel}, rol {role}.", "en": "Team **{name}** updated: channel {channel}, role {role}."},
    "team.removed": {
        "es": "Equipo **{name}** eliminado: ya no recibirá retos. Su historial (respuestas y puntos) se conserva.",
        "en": "Team **{name}** removed: it will get no more challenges. Its history (answers and points) is kept.",
    },
    "team.nothing": {"es": "No indicaste nada que cambiar.", "en": "You did not say what to change."},
    # --- settings
    "config.announcements.saved": {
        "es": "Anuncio semanal: los {weekday} a las {time} en {channel}.",
        "en": "Weekly announcement: on {weekday} at {time} in {channel}.",
    },
    "config.announcements.default_channel": {"es": "el canal del sistema (o el primer canal de equipo)", "en": "the system channel (or the first team channel)"},
    "config.language.saved": {"es": "Idioma de las publicaciones: {language}. Hay {count} retos disponibles en ese idioma.", "en": "Language of the posts: {language}. {count} challenges are available in it."},
    "config.language.empty": {
        "es": "⚠️ No hay retos en {language}: no se publicará nada hasta que subas contenido en ese idioma.",
        "en": "⚠️ There are no challenges in {language}: nothing will be posted until you upload content in it.",
    },
    "config.reflections.saved": {"es": "Visibilidad de las reflexiones: {visibility}.", "en": "Reflection visibility: {visibility}."},
    "visibility.after_close": {"es": "cuando cierra el reto", "en": "when the challenge closes"},
    "visibility.immediate": {"es": "de inmediato", "en": "immediately"},
    "visibility.managers_only": {"es": "solo gerentes", "en": "managers only"},
    "config.manager_role.saved": {"es": "Rol de gerente: {role} (además de quien tenga «Gestionar servidor»).", "en": "Manager role: {role} (besides anyone with Manage Server)."},
    "config.manager_role.cleared": {"es": "Sin rol de gerente: solo quien tenga «Gestionar servidor».", "en": "No manager role: only members with Manage Server."},
    "config.language": {"es": "Idioma", "en": "Language"},
    "config.announcements": {"es": "Anuncio semanal", "en": "Weekly announcement"},
    "config.managers": {"es": "Gerentes", "en": "Managers"},
    "config.managers.value": {"es": "«Gestionar servidor»{role}", "en": "Manage Server{role}"},
    "config.managers.role": {"es": " o el rol {role}", "en": " or the role {role}"},
    "config.scoring.value": {
        "es": "correcta {correct} · rapidez hasta +{speed} · racha +{streak}/día · reflexión +{reflection} · kudos +{kudos} · destacada +{highlight} · reflexiones visibles {visibility}",
        "en": "correct {correct} · speed up to +{speed} · streak +{streak}/day · reflection +{reflection} · kudos +{kudos} · highlight +{highlight} · reflections visible {visibility}",
    },
    "config.scoring.title": {"es": "Puntuación", "en": "Scoring"},
    "weekday.long": {
        "es": "lunes,martes,miércoles,jueves,viernes,sábados,domingos",
        "en": "Mondays,Tuesdays,Wednesdays,Thursdays,Fridays,Saturdays,Sundays",
    },
    # --- first run
    "welcome": {
        "es": "👋 ¡Hola! Soy **Momentos**: cada día laborable publico un momento de verdad para que los equipos practiquen el servicio al cliente.\nPara empezar, un gerente (con «Gestionar servidor») solo tiene que:\n1. `/team add` — un equipo con su canal y su rol (repítelo por cada equipo)\n2. `/config schedule` — la hora, la zona horaria y los días de publicación\n3. `/config show` — comprobar que todo está listo\nEscribe `/help` para ver cómo se juega.",
        "en": "👋 Hi! I am **Momentos**: every working day I post a moment of truth so teams can practise customer service.\nTo get started, a manager (with Manage Server) only needs to:\n1. `/team add` — a team with its channel and role (repeat for each team)\n2. `/config schedule` — the time, timezone and days to post\n3. `/config show` — check that everything is ready\nType `/help` to see how it works.",
    },
}
