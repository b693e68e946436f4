"""Sentences of reviews, the "¿Seguro?" tap and learning progress (/me)."""

from __future__ import annotations

LEARNING: dict[str, dict[str, str]] = {
    # --- reviews
    "review.button": {"es": "🔁 Repasar", "en": "🔁 Review"},
    "review.title": {"es": "🔁 Repaso · {title}", "en": "🔁 Review · {title}"},
    "review.footer": {
        "es": "Solo tú ves este repaso. Vuelve sobre un reto que ya viste, cuando tu memoria más lo necesita.",
        "en": "Only you see this review. It brings back a challenge you met, when your memory needs it most.",
    },
    "review.nothing_due": {
        "es": "Nada que repasar por ahora: recuerdas bien los {met} retos que has visto. ¡Vuelve mañana!",
        "en": "Nothing to review right now: you remember the {met} challenges you met well. Come back tomorrow!",
    },
    "review.none_met": {
        "es": "Aún no hay nada que repasar: los repasos vuelven sobre los retos que ya respondiste.",
        "en": "Nothing to review yet: reviews bring back challenges you have answered.",
    },
    "review.daily_limit.one": {
        "es": "Ya hiciste tu repaso de hoy. Mañana habrá más.",
        "en": "You did your review for today. More tomorrow.",
    },
    "review.nothing_due.one": {
        "es": "Nada que repasar por ahora: recuerdas bien el reto que has visto. ¡Vuelve mañana!",
        "en": "Nothing to review right now: you remember the challenge you met well. Come back tomorrow!",
    },
    "review.daily_limit": {
        "es": "Ya hiciste tus {per_day} repasos de hoy. Mañana habrá más.",
        "en": "You did your {per_day} reviews for today. More tomorrow.",
    },
    "review.off": {
        "es": "Los repasos están desactivados en este servidor.",
        "en": "Reviews are turned off on this server.",
    },
    "review.paused": {
        "es": "Estás en pausa hasta el {date}: los repasos te esperan a tu regreso y no pierdes nada.",
        "en": "You are paused until {date}: your reviews wait for your return, and you lose nothing.",
    },
    "review.no_team": {
        "es": "Los repasos son para quienes juegan en un equipo: pide a tu gerente el rol de tu equipo.",
        "en": "Reviews are for people who play in a team: ask your manager for your team's role.",
    },
    "review.repeated": {
        "es": "Ya respondiste este repaso (elegiste **{letter}**). Cuenta solo la primera respuesta.",
        "en": "You already answered this review (you chose **{letter}**). Only the first answer counts.",
    },
    "review.not_yours": {
        "es": "Este repaso es de otra persona. Pulsa 🔁 Repasar en el reto del día para ver los tuyos.",
        "en": "This review is someone else's. Press 🔁 Review on the day's challenge to see yours.",
    },
    "review.retired": {
        "es": "Este reto se retiró del servidor, así que ya no se repasa. Pulsa 🔁 Repasar para el siguiente.",
        "en": "This challenge was retired from the server, so it is no longer reviewed. Press 🔁 Review for the next.",
    },
    "review.left": {
        "es": "Repasos que te quedan hoy: {left}. Pulsa 🔁 Repasar o usa `/review`.",
        "en": "Reviews left for today: {left}. Press 🔁 Review or use `/review`.",
    },
    "review.mastered": {
        "es": "🎓 ¡Reto dominado! Lo respondiste bien, con días de por medio, y tu memoria de él ya es duradera.",
        "en": "🎓 Challenge mastered! You answered it right, days apart, and your memory of it now lasts.",
    },
    "review.last": {"es": "Ese fue tu último repaso de hoy.", "en": "That was your last review for today."},
    # --- how sure
    "sure.ask": {"es": "¿Estabas seguro/a de tu respuesta?", "en": "Were you sure of your answer?"},
    "sure.yes": {"es": "Sí, seguro/a", "en": "Yes, sure"},
    "sure.no": {"es": "No del todo", "en": "Not really"},
    "sure.noted": {
        "es": "Anotado: tu respuesta sobre qué tan seguro/a estabas ayuda a elegir tus repasos.",
        "en": "Noted: how sure you were helps choose your reviews.",
    },
    "sure.not_yours": {
        "es": "Esta pregunta es para quien respondió. Tu propia respuesta trae la suya.",
        "en": "This question is for whoever answered. Your own answer comes with its own.",
    },
    # --- /me
    "me.learning": {"es": "🎓 Lo que aprendiste", "en": "🎓 What you have learned"},
    "me.learning.value": {
        "es": "{mastered} de {met} retos dominados · {due} para repasar · {confident_wrong} respuestas seguras pero equivocadas",
        "en": "{mastered} of {met} challenges mastered · {due} to review · {confident_wrong} sure-but-wrong answers",
    },
    "me.learning.none": {
        "es": "Responde retos y repásalos: aquí verás cuáles dominas.",
        "en": "Answer challenges and review them: here you will see which ones you have mastered.",
    },
    "me.step.mastery": {"es": "🎓 {mastered}/{met} dominados", "en": "🎓 {mastered}/{met} mastered"},
    "me.level.starting": {"es": "🌱 empezando", "en": "🌱 starting"},
    "me.level.on_the_way": {"es": "🌿 en camino", "en": "🌿 on the way"},
    "me.level.mastered": {"es": "🌳 dominado", "en": "🌳 mastered"},
}
