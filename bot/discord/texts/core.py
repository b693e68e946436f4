"""The core sentences: posts, answers, errors, teams, settings, boards, help, game rules."""

from __future__ import annotations

CORE: dict[str, dict[str, str]] = {
    # --- the daily post
    "post.trains": {
        "es": "🎯 **Paso {step}** — {origin}\n**Dimensiones:** {dimensions}",
        "en": "🎯 **Step {step}** — {origin}\n**Dimensions:** {dimensions}",
    },
    "step.provenance.seed": {"es": "uno de los pasos del texto base", "en": "one of the steps of the base text"},
    "step.provenance.published": {
        "es": "de la lista de INAES «Recomendaciones para tener clientes satisfechos», no del texto base",
        "en": "from INAES's list 'Recommendations for satisfied customers', not from the base text",
    },
    "step.provenance.project": {
        "es": "propuesto por el equipo de Momentos a partir del texto base (no es uno de sus pasos)",
        "en": "proposed by the Momentos team from the base text (not one of its steps)",
    },
    "source.quote": {"es": "> «{passage}»", "en": "> “{passage}”"},
    "source.quote.translated": {
        "es": "> «{passage}»",
        "en": "> “{passage}”\n*(translated from the Spanish original)*",
    },
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
    "button.invalid": {
        "es": "Este botón no es válido o ya no está activo. Responde desde la publicación del día de tu equipo.",
        "en": "This button is not valid or no longer active. Answer from your team's post of the day.",
    },
    "form.invalid": {
        "es": "Este formulario no es válido o ya no está activo; no se guardó nada. Ábrelo de nuevo desde su botón.",
        "en": "This form is not valid or no longer active; nothing was saved. Open it again from its button.",
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
    "team.channel_missing": {
        "es": "⚠️ El canal del equipo **{team}** ({channel}) ya no existe o no puedo verlo: dale otro con `/team edit`.",
        "en": "⚠️ Team **{team}**'s channel ({channel}) is gone or hidden from me: give it another one with `/team edit`.",
    },
    "permission.view_channel": {"es": "Ver canal", "en": "View Channel"},
    "permission.send_messages": {"es": "Enviar mensajes", "en": "Send Messages"},
    "permission.embed_links": {"es": "Insertar enlaces", "en": "Embed Links"},
    "permission.attach_files": {"es": "Adjuntar archivos", "en": "Attach Files"},
    "permission.read_message_history": {"es": "Leer el historial de mensajes", "en": "Read Message History"},
    "permission.create_public_threads": {"es": "Crear hilos públicos", "en": "Create Public Threads"},
    "permission.send_messages_in_threads": {"es": "Enviar mensajes en hilos", "en": "Send Messages in Threads"},
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
    # --- bonuses in the answer reply
    "answer.speed": {"es": "rapidez +{points}", "en": "speed +{points}"},
    "answer.streak": {"es": "racha de {days} días +{points}", "en": "{days}-day streak +{points}"},
    "answer.bonuses": {"es": "Bonos", "en": "Bonuses"},
    # --- reflections
    "reflect.button": {"es": "Reflexionar", "en": "Reflect"},
    "reflect.title": {"es": "Tu reflexión", "en": "Your reflection"},
    "reflect.label": {"es": "Tu reflexión (mín. {min} caracteres)", "en": "Your reflection (min. {min} characters)"},
    "reflect.placeholder": {
        "es": "Cuenta con tus palabras qué harías o qué te pasó…",
        "en": "Tell in your own words what you would do or what happened to you…",
    },
    "reflect.not_scenario": {
        "es": "Este reto no pide una reflexión escrita.",
        "en": "This challenge does not ask for a written reflection.",
    },
    "reflect.already": {
        "es": "Ya escribiste tu reflexión para este reto. ¡Gracias!",
        "en": "You already wrote your reflection for this challenge. Thank you!",
    },
    "reflect.closed": {
        "es": "Este reto cerró {closed}; ya no recibe reflexiones.",
        "en": "This challenge closed {closed}; it no longer takes reflections.",
    },
    "reflect.not_member": {
        "es": "Este escenario es del equipo **{team}**: para reflexionar sobre él necesitas su rol, {role}. Pide a tu gerente que te lo asigne.",
        "en": "This scenario belongs to team **{team}**: you need its role, {role}, to reflect on it. Ask your manager to assign it.",
    },
    "reflect.too_long": {
        "es": "Tu reflexión tiene {length} caracteres y el máximo es {max}, así que no la guardé (ni la recorté). Aquí la tienes para acortarla:",
        "en": "Your reflection is {length} characters long and the maximum is {max}, so I did not save it (nor cut it). Here it is, to shorten it:",
    },
    "reflect.too_short": {
        "es": "Tu reflexión tiene {length} caracteres y se necesitan al menos {min}. No se guardó; aquí está lo que escribiste para que lo completes:",
        "en": "Your reflection has {length} characters and at least {min} are needed. It was not saved; here is what you wrote so you can complete it:",
    },
    "reflect.saved": {
        "es": "Gracias por tu reflexión: +{points} puntos.",
        "en": "Thank you for your reflection: +{points} points.",
    },
    "reflect.saved.immediate": {
        "es": "Ya está en el hilo del reto, donde tus compañeros pueden darle kudos.",
        "en": "It is in the challenge's thread, where your teammates can give it kudos.",
    },
    "reflect.saved.after_close": {
        "es": "Tus compañeros la verán en el hilo del reto cuando cierre, para que nadie copie.",
        "en": "Your teammates will see it in the challenge's thread when it closes, so nobody copies.",
    },
    "reflect.saved.managers_only": {"es": "Solo la verán los gerentes.", "en": "Only managers will see it."},
    "reflect.thread": {"es": "Reflexiones · {title}", "en": "Reflections · {title}"},
    "reflect.embed.title": {"es": "📝 Reflexión", "en": "📝 Reflection"},
    "reflect.kudos": {"es": "Kudos", "en": "Kudos"},
    "reflect.highlight": {"es": "Destacar", "en": "Highlight"},
    "reflect.highlighted": {"es": "⭐ Destacada por un gerente", "en": "⭐ Highlighted by a manager"},
    "kudos.counted": {"es": "¡Kudos enviado! {author} suma +{points}.", "en": "Kudos sent! {author} earns +{points}."},
    "kudos.recorded": {
        "es": "¡Kudos enviado! Esta reflexión ya tiene el máximo de kudos que suman puntos, pero el tuyo queda registrado.",
        "en": "Kudos sent! This reflection already has the most kudos that earn points, but yours is recorded.",
    },
    "kudos.own": {
        "es": "No puedes darte kudos a ti mismo: ¡espera los de tus compañeros!",
        "en": "You cannot give kudos to yourself: wait for your teammates'!",
    },
    "kudos.again": {"es": "Ya le diste kudos a esta reflexión.", "en": "You already gave this reflection kudos."},
    "kudos.daily_limit": {
        "es": "Ya diste tus {limit} kudos de hoy. Mañana puedes dar más.",
        "en": "You already gave your {limit} kudos for today. You can give more tomorrow.",
    },
    "kudos.not_teammate": {
        "es": "Los kudos son entre compañeros de equipo: esta reflexión es del equipo **{team}** y tú no tienes su rol.",
        "en": "Kudos are between teammates: this reflection is from team **{team}**, and you do not have its role.",
    },
    "highlight.not_manager": {
        "es": "Solo los gerentes pueden destacar una reflexión (permiso «Gestionar servidor» o el rol de gerente de Momentos). Tú puedes darle kudos si es de tu equipo.",
        "en": "Only managers can highlight a reflection (Manage Server permission or Momentos' manager role). You can give it kudos if it is from your team.",
    },
    "highlight.done": {
        "es": "Reflexión destacada: {author} suma +{points}.",
        "en": "Reflection highlighted: {author} earns +{points}.",
    },
    "highlight.already": {
        "es": "Esta reflexión ya estaba destacada.",
        "en": "This reflection was already highlighted.",
    },
    "highlight.announce": {
        "es": "⭐ {manager} destacó la reflexión de {author} sobre «{title}»:",
        "en": "⭐ {manager} highlighted {author}'s reflection on “{title}”:",
    },
    # --- closing the day
    "reveal.closed": {"es": "Cerrado", "en": "Closed"},
    "reveal.answer": {"es": "Respuesta correcta", "en": "Correct answer"},
    "reveal.team": {
        "es": "Cómo respondió el equipo ({count} respuestas)",
        "en": "How the team answered ({count} answers)",
    },
    "reveal.none": {"es": "Nadie respondió este reto.", "en": "Nobody answered this challenge."},
    "reveal.why": {"es": "Por qué", "en": "Why"},
    "reveal.trains": {"es": "Qué entrena", "en": "What it trains"},
    "reveal.source": {"es": "📖 Lo que dice el texto base", "en": "📖 What the base text says"},
    "reminder": {
        "es": "⏰ El reto de hoy del equipo **{team}** cierra {closes}. ¿Ya respondiste? {link}",
        "en": "⏰ Team **{team}**'s challenge of the day closes {closes}. Have you answered? {link}",
    },
    # --- weekly announcement
    "week.title": {"es": "🏆 Resultados de la semana {week}", "en": "🏆 Results of week {week}"},
    "week.team.line": {
        "es": "{medal} **{name}** — {average} pts por persona · participación {participation} ({members}/{roster}) · total {points}",
        "en": "{medal} **{name}** — {average} pts per person · participation {participation} ({members}/{roster}) · total {points}",
    },
    "week.top": {"es": "Las tres personas con más puntos", "en": "The top three people"},
    "week.top.line": {"es": "{medal} {mention} — {points} pts", "en": "{medal} {mention} — {points} pts"},
    "week.steps": {"es": "Líder de cada paso", "en": "Leader of each step"},
    "week.step.line": {"es": "**{step}.** {name} ({average})", "en": "**{step}.** {name} ({average})"},
    "week.step.idle": {"es": "Sin actividad esta semana: pasos {steps}", "en": "No activity this week: steps {steps}"},
    "week.improved": {"es": "Equipo que más mejoró", "en": "Most improved team"},
    "week.improved.line": {
        "es": "**{name}**: +{delta} pts por persona frente a la semana pasada",
        "en": "**{name}**: +{delta} pts per person versus last week",
    },
    "week.nobody": {"es": "Esta semana nadie sumó puntos todavía.", "en": "Nobody scored this week yet."},
    "week.footer": {
        "es": "Momentos · semana {week} · resultados hasta {cutoff}",
        "en": "Momentos · week {week} · results up to {cutoff}",
    },
    "week.chart.title": {
        "es": "Puntos por equipo en cada paso · {week}",
        "en": "Points per team on each step · {week}",
    },
    "week.chart.step": {"es": "Paso", "en": "Step"},
    "week.chart.points": {"es": "Puntos", "en": "Points"},
    "week.posted": {"es": "Anuncio publicado: {link}", "en": "Announcement posted: {link}"},
    "week.exists": {
        "es": "El anuncio de la semana {week} ya está publicado: {link}",
        "en": "Week {week}'s announcement is already posted: {link}",
    },
    "week.no_channel": {
        "es": "No encontré dónde publicar el anuncio: configura un canal del sistema o crea un equipo.",
        "en": "I found nowhere to post the announcement: set a system channel or create a team.",
    },
    "week.failed": {
        "es": "No pude publicar el anuncio ({reason}); lo reintentaré en unos minutos.",
        "en": "I could not post the announcement ({reason}); I will retry in a few minutes.",
    },
    # --- boards (game rules)
    "board.steps.title": {"es": "🏆 Los 10 pasos · {period}", "en": "🏆 The 10 steps · {period}"},
    "board.steps.line": {
        "es": "**{step}. {title}** — líder: {leader}{mine}",
        "en": "**{step}. {title}** — leader: {leader}{mine}",
    },
    "board.steps.mine": {"es": " · tu equipo: {rank}.º", "en": " · your team: #{rank}"},
    "board.steps.nobody": {"es": "nadie aún", "en": "nobody yet"},
    "board.team.avg": {
        "es": "{medal} **{name}** — {average} pts/persona · participación {participation} ({members}/{roster}) · total {points}",
        "en": "{medal} **{name}** — {average} pts/person · participation {participation} ({members}/{roster}) · total {points}",
    },
    "board.filter.step": {"es": "Paso {step}", "en": "Step {step}"},
    "board.filter.team": {"es": "Equipo {team}", "en": "Team {team}"},
    "board.teams.footer": {
        "es": "Los equipos se ordenan por puntos por persona (quienes tienen el rol y el bot vio en el periodo); empates: mismo puesto.",
        "en": "Teams are ranked by points per person (members with the role the bot saw in the period); ties share a rank.",
    },
    "period.week_label": {"es": "semana {label}", "en": "week {label}"},
    "error.week": {
        "es": "«{week}» no es una semana ISO; escríbela como 2026-W47.",
        "en": "'{week}' is not an ISO week; write it like 2026-W47.",
    },
    # --- /me (game rules)
    "me.streak": {"es": "Racha", "en": "Streak"},
    "me.streak.value": {"es": "{days} días seguidos", "en": "{days} days in a row"},
    "me.reflections": {"es": "Reflexiones y kudos", "en": "Reflections and kudos"},
    "me.reflections.value": {
        "es": "{reflections} reflexiones · {kudos} kudos recibidos",
        "en": "{reflections} reflections · {kudos} kudos received",
    },
    "me.steps": {"es": "Tu progreso en los 10 pasos ({period})", "en": "Your progress on the 10 steps ({period})"},
    "me.neighbours": {"es": "Cerca de ti ({period})", "en": "Around you ({period})"},
    "me.paused": {
        "es": "Pausa registrada hasta el {date}: tu racha y tus repasos te esperan.",
        "en": "Pause recorded until {date}: your streak and your reviews will wait for you.",
    },
    "me.pause.bad": {
        "es": "«{text}» no es una fecha válida; usa AAAA-MM-DD, de hoy a 90 días.",
        "en": "'{text}' is not a valid date; use YYYY-MM-DD, from today up to 90 days ahead.",
    },
    # --- scoring file
    "scoring.saved": {
        "es": "Reglas guardadas: correcta {correct}, incorrecta {wrong}, rapidez hasta +{speed} en {minutes} min, racha +{streak}/día (máx. {cap}), reflexión +{reflection} (mín. {min_length} caracteres), kudos +{kudos}, destacada +{highlight}; reflexiones visibles: {visibility}; repasos {per_day}/día, +{review} cada uno (memoria deseada {retention}, intervalo máx. {interval} días).",
        "en": "Rules saved: correct {correct}, wrong {wrong}, speed up to +{speed} over {minutes} min, streak +{streak}/day (max {cap}), reflection +{reflection} (min {min_length} characters), kudos +{kudos}, highlight +{highlight}; reflections visible: {visibility}; reviews {per_day}/day, +{review} each (desired retention {retention}, longest interval {interval} days).",
    },
    "scoring.reset": {"es": "Reglas restauradas a los valores por defecto.", "en": "Rules reset to the defaults."},
    "scoring.current": {
        "es": "Estas son las reglas actuales del servidor. Edita el archivo y súbelo con `/config scoring file:`.",
        "en": "These are the server's current rules. Edit the file and upload it with `/config scoring file:`.",
    },
    "scoring.invalid": {
        "es": "El archivo tiene {count} problema(s); no se cambió nada:",
        "en": "The file has {count} problem(s); nothing was changed:",
    },
    "scoring.too_big": {
        "es": "El archivo pesa {size} bytes; el máximo es {max}.",
        "en": "The file is {size} bytes; at most {max} are accepted.",
    },
    "language.es": {"es": "español", "en": "Spanish"},
    "language.en": {"es": "inglés", "en": "English"},
}
