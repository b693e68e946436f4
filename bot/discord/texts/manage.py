"""Sentences of the manager tools: teams and settings, custom scenarios, first run."""

from __future__ import annotations

MANAGE: dict[str, dict[str, str]] = {
    # --- teams
    "team.edited": {
        "es": "Equipo **{name}** actualizado: canal {channel}, rol {role}.",
        "en": "Team **{name}** updated: channel {channel}, role {role}.",
    },
    "team.lead": {"es": " · líder: {role}", "en": " · lead: {role}"},
    "team.lead.both": {
        "es": "Elige `lead_role` para poner un rol de líder o `no_lead` para quitarlo, no ambos.",
        "en": "Choose `lead_role` to set a lead role or `no_lead` to remove it, not both.",
    },
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
    "config.announcements.default_channel": {
        "es": "el canal del sistema (o el primer canal de equipo)",
        "en": "the system channel (or the first team channel)",
    },
    "config.language.saved": {
        "es": "Idioma de las publicaciones: {language}. Hay {count} retos disponibles en ese idioma.",
        "en": "Language of the posts: {language}. {count} challenges are available in it.",
    },
    "config.language.empty": {
        "es": "⚠️ No hay retos en {language}: no se publicará nada hasta que subas contenido en ese idioma.",
        "en": "⚠️ There are no challenges in {language}: nothing will be posted until you upload content in it.",
    },
    "config.reflections.saved": {
        "es": "Visibilidad de las reflexiones: {visibility}.",
        "en": "Reflection visibility: {visibility}.",
    },
    "visibility.after_close": {"es": "cuando cierra el reto", "en": "when the challenge closes"},
    "visibility.immediate": {"es": "de inmediato", "en": "immediately"},
    "visibility.managers_only": {"es": "solo gerentes", "en": "managers only"},
    "config.manager_role.saved": {
        "es": "Rol de gerente: {role} (además de quien tenga «Gestionar servidor»).",
        "en": "Manager role: {role} (besides anyone with Manage Server).",
    },
    "config.manager_role.cleared": {
        "es": "Sin rol de gerente: solo quien tenga «Gestionar servidor».",
        "en": "No manager role: only members with Manage Server.",
    },
    "config.language": {"es": "Idioma", "en": "Language"},
    "config.announcements": {"es": "Anuncio semanal", "en": "Weekly announcement"},
    "config.managers": {"es": "Gerentes", "en": "Managers"},
    "config.managers.value": {"es": "«Gestionar servidor»{role}", "en": "Manage Server{role}"},
    "config.managers.role": {"es": " o el rol {role}", "en": " or the role {role}"},
    "config.scoring.value": {
        "es": "correcta {correct} · rapidez hasta +{speed} · racha +{streak}/día · reflexión +{reflection} · kudos +{kudos} · destacada +{highlight} · reflexiones visibles {visibility} · repasos {per_day}/día, +{review} cada uno",
        "en": "correct {correct} · speed up to +{speed} · streak +{streak}/day · reflection +{reflection} · kudos +{kudos} · highlight +{highlight} · reflections visible {visibility} · reviews {per_day}/day, +{review} each",
    },
    "config.scoring.title": {"es": "Puntuación", "en": "Scoring"},
    "config.memory": {"es": "Memoria (repasos)", "en": "Memory (reviews)"},
    "config.memory.defaults": {
        "es": "FSRS-6 con sus parámetros por defecto: el servidor tiene {reviews} repasos y se ajusta a sus propias respuestas desde {needed}. Un reto vuelve cuando su memoria prevista baja de {retention} (o tras {interval} días).",
        "en": "FSRS-6 with its default parameters: the server has {reviews} reviews and is fitted to its own answers from {needed}. A challenge comes back when its predicted recall falls below {retention} (or after {interval} days).",
    },
    "config.memory.fitted": {
        "es": "FSRS-6 ajustado a las respuestas de este servidor ({reviews} repasos, {date}). Un reto vuelve cuando su memoria prevista baja de {retention} (o tras {interval} días).",
        "en": "FSRS-6 fitted to this server's answers ({reviews} reviews, {date}). A challenge comes back when its predicted recall falls below {retention} (or after {interval} days).",
    },
    "weekday.long": {
        "es": "lunes,martes,miércoles,jueves,viernes,sábados,domingos",
        "en": "Mondays,Tuesdays,Wednesdays,Thursdays,Fridays,Saturdays,Sundays",
    },
    # --- custom scenarios
    "scenario.form.title.new": {"es": "Nuevo reto", "en": "New challenge"},
    "scenario.form.title.edit": {"es": "Editar reto", "en": "Edit challenge"},
    "scenario.field.title": {"es": "Título", "en": "Title"},
    "scenario.field.story": {"es": "Historia (opcional en un quiz)", "en": "Story (optional in a quiz)"},
    "scenario.field.question": {"es": "Pregunta", "en": "Question"},
    "scenario.field.choices": {
        "es": "Opciones: una por línea, * la correcta",
        "en": "Choices: one per line, * the right one",
    },
    "scenario.field.choices.hint": {
        "es": "*Escucharlo sin interrumpir | ¡Bien!\nInterrumpirlo | No deja que se explique",
        "en": "*Listen without interrupting | Good!\nInterrupt | It doesn't let them explain",
    },
    "scenario.field.explanation": {"es": "Explicación", "en": "Explanation"},
    "scenario.field.id": {"es": "id", "en": "id"},
    "scenario.field.step": {"es": "Paso", "en": "Step"},
    "scenario.field.dimensions": {"es": "Dimensiones", "en": "Dimensions"},
    "scenario.field.kind": {"es": "Tipo", "en": "Kind"},
    "scenario.field.reflection": {"es": "Pregunta para reflexionar", "en": "Reflection prompt"},
    "scenario.field.source": {"es": "Fuente", "en": "Source"},
    "scenario.feedback.right": {"es": "¡Correcto!", "en": "Correct!"},
    "scenario.feedback.wrong": {"es": "No es la mejor respuesta.", "en": "Not the best answer."},
    "scenario.note": {"es": "Escrito por un gerente de este servidor.", "en": "Written by a manager of this server."},
    "scenario.default_prompt": {
        "es": "¿Qué harías tú en esta situación?",
        "en": "What would you do in this situation?",
    },
    "scenario.saved": {
        "es": "✅ Reto **{title}** guardado con el id `{id}`. Así se verá:",
        "en": "✅ Challenge **{title}** saved with id `{id}`. This is how it will look:",
    },
    "scenario.unchanged": {"es": "No cambió nada en `{id}`.", "en": "Nothing changed in `{id}`."},
    "scenario.invalid": {
        "es": "❌ El reto no es válido todavía; no se guardó. Tu texto quedó guardado: pulsa «Seguir editando».",
        "en": "❌ The challenge is not valid yet; it was not saved. Your text is kept: press “Keep editing”.",
    },
    "scenario.keep_editing": {"es": "Seguir editando", "en": "Keep editing"},
    "scenario.form.not_manager": {
        "es": "Solo los gerentes pueden guardar retos propios, y ya no tienes ese permiso: no se guardó nada.",
        "en": "Only managers can save their own challenges, and you no longer have that permission: nothing was saved.",
    },
    "scenario.no_draft": {
        "es": "No hay ningún borrador tuyo. Empieza con `/scenario new`.",
        "en": "You have no draft. Start with `/scenario new`.",
    },
    "scenario.uploaded": {
        "es": "✅ Paquete aceptado: {added} nuevos, {updated} con versión nueva, {unchanged} sin cambios.",
        "en": "✅ Pack accepted: {added} new, {updated} with a new version, {unchanged} unchanged.",
    },
    "scenario.upload_invalid": {
        "es": "❌ El paquete tiene {count} problema(s); no se agregó nada:",
        "en": "❌ The pack has {count} problem(s); nothing was added:",
    },
    "scenario.upload_big": {
        "es": "El archivo pesa {size} bytes; el máximo es {max} (256 KiB).",
        "en": "The file is {size} bytes; at most {max} (256 KiB) are accepted.",
    },
    "scenario.preview": {
        "es": "Vista previa de `{id}` (los botones no hacen nada aquí):",
        "en": "Preview of `{id}` (the buttons do nothing here):",
    },
    "scenario.scheduled": {
        "es": "📅 `{id}` se publicará el {date} para {who} en lugar de la rotación.",
        "en": "📅 `{id}` will be posted on {date} for {who} instead of the rotation.",
    },
    "scenario.scheduled.all": {"es": "todos los equipos", "en": "every team"},
    "scenario.retired": {
        "es": "`{id}` ya no se elegirá. Su historial se conserva; `/scenario restore` lo recupera.",
        "en": "`{id}` will no longer be picked. Its history is kept; `/scenario restore` brings it back.",
    },
    "scenario.restored": {"es": "`{id}` vuelve a la rotación.", "en": "`{id}` is back in the rotation."},
    "scenario.list.title": {"es": "Retos · página {page} de {pages}", "en": "Challenges · page {page} of {pages}"},
    "scenario.list.line": {
        "es": "`{id}` · paso {step} · {kind} · {title}{flags}",
        "en": "`{id}` · step {step} · {kind} · {title}{flags}",
    },
    "scenario.list.custom": {"es": " · propio", "en": " · custom"},
    "scenario.list.retired": {"es": " · retirado", "en": " · retired"},
    "scenario.list.empty": {"es": "Ningún reto coincide.", "en": "No challenge matches."},
    "scenario.list.footer": {
        "es": "{count} retos · usa page: para ver más",
        "en": "{count} challenges · use page: to see more",
    },
    "scenario.export": {
        "es": "Tus {count} retos propios, listos para editar y volver a subir:",
        "en": "Your {count} custom challenges, ready to edit and upload again:",
    },
    "scenario.export.none": {
        "es": "Este servidor aún no tiene retos propios.",
        "en": "This server has no custom challenges yet.",
    },
    "scenario.error.unknown": {
        "es": "No existe ningún reto con el id `{id}`.",
        "en": "There is no challenge with id `{id}`.",
    },
    "scenario.error.already_retired": {"es": "`{id}` ya estaba retirado.", "en": "`{id}` was already retired."},
    "scenario.error.not_retired": {"es": "`{id}` no estaba retirado.", "en": "`{id}` was not retired."},
    "scenario.error.retired": {
        "es": "`{id}` está retirado; restáuralo antes de programarlo.",
        "en": "`{id}` is retired; restore it before scheduling it.",
    },
    "scenario.error.not_playable": {
        "es": "`{id}` no se puede publicar en este servidor (sin preguntas o sin texto en {language}).",
        "en": "`{id}` cannot be posted in this server (no question or no text in {language}).",
    },
    "scenario.error.bad_date": {
        "es": "La fecha {date} debe ser de hoy a un año.",
        "en": "The date {date} must be between today and a year ahead.",
    },
    "scenario.unscheduled": {
        "es": "El {date} vuelve a la rotación para {who}.",
        "en": "{date} is back to the rotation for {who}.",
    },
    "scenario.list.upcoming": {"es": "Programados", "en": "Scheduled"},
    "scenario.list.upcoming.line": {"es": "{date} · `{id}` · {who}", "en": "{date} · `{id}` · {who}"},
    "scenario.error.not_scheduled": {
        "es": "No había ningún reto programado el {date} para eso. `/scenario list` muestra los programados.",
        "en": "No challenge was scheduled on {date} for that. `/scenario list` shows the scheduled ones.",
    },
    "scenario.error.not_a_post_day": {
        "es": "El {date} no hay reto según el horario del servidor. Elige un día de publicación o cambia el horario con `/config schedule`.",
        "en": "There is no challenge on {date} in this server's schedule. Pick a posting day or change the schedule with `/config schedule`.",
    },
    "scenario.error.already_posted": {
        "es": "El reto del {date} ya se publicó.",
        "en": "The challenge of {date} was already posted.",
    },
    "scenario.error.not_custom": {
        "es": "`{id}` es un reto incluido con Momentos; solo se editan los retos propios. Escribe tu versión con `/scenario new` y retira este con `/scenario retire`.",
        "en": "`{id}` comes with Momentos; only custom challenges can be edited. Write your own version with `/scenario new` and retire this one with `/scenario retire`.",
    },
    "scenario.error.date": {
        "es": "«{text}» no es una fecha; usa AAAA-MM-DD.",
        "en": "'{text}' is not a date; use YYYY-MM-DD.",
    },
    "kind.quiz": {"es": "quiz", "en": "quiz"},
    "kind.scenario": {"es": "escenario", "en": "scenario"},
    # --- first run
    "welcome": {
        "es": "👋 ¡Hola! Soy **Momentos**: cada día laborable publico un momento de verdad para que los equipos practiquen el servicio al cliente.\nPara empezar, un gerente (con «Gestionar servidor») solo tiene que:\n1. `/team add` — un equipo con su canal y su rol (repítelo por cada equipo)\n2. `/config schedule` — la hora, la zona horaria y los días de publicación\n3. `/config show` — comprobar que todo está listo\nEscribe `/help` para ver cómo se juega.",
        "en": "👋 Hi! I am **Momentos**: every working day I post a moment of truth so teams can practise customer service.\nTo get started, a manager (with Manage Server) only needs to:\n1. `/team add` — a team with its channel and role (repeat for each team)\n2. `/config schedule` — the time, timezone and days to post\n3. `/config show` — check that everything is ready\nType `/help` to see how it works.",
    },
}
