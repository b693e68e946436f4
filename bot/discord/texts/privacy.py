"""Sentences of exports and of forgetting a member (privacy)."""

from __future__ import annotations

PRIVACY: dict[str, dict[str, str]] = {
    # --- /export
    "export.kind.answers": {"es": "Respuestas", "en": "Answers"},
    "export.kind.points": {"es": "Puntos", "en": "Points"},
    "export.kind.reflections": {"es": "Reflexiones", "en": "Reflections"},
    "export.done": {
        "es": "📄 **{kind}** · {period}: {rows} filas, una por evento. CSV en UTF-8; las columnas se explican en el README (sección «Exports»).",
        "en": "📄 **{kind}** · {period}: {rows} rows, one per event. UTF-8 CSV; the columns are explained in the README (section 'Exports').",
    },
    "export.too_large": {
        "es": "El archivo pasaría de {size}, el límite de archivos de Discord aquí. Elige un periodo más corto (por ejemplo `period: week`) o pide a quien administra el bot el comando sin conexión `momentos export`, que no tiene límite.",
        "en": "The file would exceed {size}, Discord's file limit here. Choose a shorter period (e.g. `period: week`) or ask whoever runs the bot for the offline command `momentos export`, which has no limit.",
    },
    # --- /privacy
    "forget.summary": {
        "es": "• {answers} respuestas\n• {points} registros de puntos (incluidos kudos y destacados recibidos)\n• {reflections} reflexiones, con {kudos_received} kudos recibidos en ellas\n• {kudos_given} kudos dados\n• {other} registros de presencia en equipos, pausas y rol de gerente\n• {reviews} repasos y respuestas a «¿Seguro?»\n• {announcements} anuncios semanales donde aparece (su lugar queda como «miembro borrado»)",
        "en": "• {answers} answers\n• {points} point records (including kudos and highlights received)\n• {reflections} reflections, with {kudos_received} kudos received on them\n• {kudos_given} kudos given\n• {other} records of team presence, pauses and manager role\n• {reviews} reviews and answers to 'Sure?'\n• {announcements} weekly announcements they appear in (their place becomes 'erased member')",
    },
    "forget.preview.self": {
        "es": "⚠️ Esto borrará para siempre lo que Momentos guarda de ti en este servidor:\n{summary}\nTus puntos desaparecen de los tableros y los totales de tu equipo se recalculan. **No se puede deshacer.** Si prefieres no hacerlo, ignora este mensaje.",
        "en": "⚠️ This permanently deletes what Momentos keeps about you in this server:\n{summary}\nYour points disappear from the boards and your team's totals are recalculated. **It cannot be undone.** If you would rather not, ignore this message.",
    },
    "forget.preview.member": {
        "es": "⚠️ Esto borrará para siempre lo que Momentos guarda de {member} en este servidor:\n{summary}\nSus puntos desaparecen de los tableros y los totales de su equipo se recalculan. **No se puede deshacer.** Si prefieres no hacerlo, ignora este mensaje.",
        "en": "⚠️ This permanently deletes what Momentos keeps about {member} in this server:\n{summary}\nTheir points disappear from the boards and their team's totals are recalculated. **It cannot be undone.** If you would rather not, ignore this message.",
    },
    "forget.nothing": {
        "es": "Momentos no guarda nada sobre {member} en este servidor: no hay nada que borrar.",
        "en": "Momentos keeps nothing about {member} in this server: there is nothing to delete.",
    },
    "forget.button": {"es": "Borrar para siempre", "en": "Delete permanently"},
    "forget.done": {
        "es": "🗑️ Listo: se borraron los datos de {member} en este servidor:\n{summary}\n{messages} reflexiones retiradas de los hilos. Los tableros ya se calculan sin estos datos; lo que ocurra desde ahora empieza un registro nuevo.",
        "en": "🗑️ Done: {member}'s data in this server was deleted:\n{summary}\n{messages} reflections taken down from the threads. The boards are now computed without this data; anything from now on starts a new record.",
    },
    "forget.not_yours": {
        "es": "Esta confirmación no es tuya: solo quien la pidió puede usarla. Para borrar tus propios datos usa `/privacy forget-me`.",
        "en": "This confirmation is not yours: only the person who asked for it can use it. To delete your own data use `/privacy forget-me`.",
    },
    "forget.not_manager": {
        "es": "Solo un gerente puede borrar los datos de otra persona, y ya no tienes ese permiso: no se borró nada.",
        "en": "Only a manager can delete another person's data, and you no longer have that permission: nothing was deleted.",
    },
    "forget.bad_id": {
        "es": "«{text}» no es un ID de miembro: son solo cifras (en Discord, clic derecho sobre la persona → Copiar ID de usuario).",
        "en": "'{text}' is not a member ID: it is digits only (in Discord, right-click the person → Copy User ID).",
    },
}
