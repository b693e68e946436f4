"""Problems of content files (packs, scoring files, the scenario form), by code, in Spanish and English.

The English wording is the content layer's own (`bot/content/problems.py`, what the command line prints);
the Spanish one is here. Keys are `content.<code>`; the values filled in are numbers, key names, ids and the
author's own text, and `{kind}` is itself a `content.kind.*` sentence (what was found instead).
"""

from __future__ import annotations

from bot.content.advice import ADVICE
from bot.content.problems import TEMPLATES

SPANISH: dict[str, str] = {
    # --- shape of the document
    "key.missing": "falta esta clave, que es obligatoria",
    "key.unknown": "la clave '{name}' no existe",
    "key.unknown.allowed": "la clave '{name}' no existe (se permiten: {allowed})",
    "key.unknown.suggest": "la clave '{name}' no existe; ¿quisiste decir '{suggestion}'?",
    "key.unknown.suggest.allowed": "la clave '{name}' no existe; ¿quisiste decir '{suggestion}'? (se permiten: {allowed})",
    "key.not_text": "las claves deben ser texto, pero aquí hay {kind}; cámbiale el nombre o ponla entre comillas",
    "language.unknown": "'{value}' no es un idioma de Momentos; usa es o en",
    "text.too_long": "el texto tiene {length} caracteres; se permiten {max} como máximo",
    "text.too_short": "el texto tiene {length} caracteres; se necesitan al menos {min}",
    "text.empty": "el texto no puede estar vacío",
    "list.too_long": "se esperaban {max} elementos como máximo, pero hay {count}",
    "list.too_short": "se esperaban al menos {min} elementos, pero hay {count}",
    "pattern.id": "'{value}' no es un id válido: usa minúsculas, dígitos, '-' y '.', por ejemplo promesas.fiesta-cancelada",
    "pattern.key": "'{value}' no es una clave válida: usa minúsculas, dígitos y '-', por ejemplo capacidad-de-respuesta",
    "pattern.other": "'{value}' no es un valor válido para {name}: debe seguir el patrón {pattern}",
    "literal.one": "se esperaba {expected}, pero hay {value}",
    "literal.choice": "se esperaba {options} o {last}, pero hay {value}",
    "type.text": "se esperaba un texto, pero hay {kind}",
    "type.integer": "se esperaba un número entero, pero hay {kind}",
    "type.boolean": "se esperaba true o false, pero hay {kind}",
    "type.list": "se esperaba una lista, pero hay {kind}",
    "type.mapping": "se esperaba un bloque de claves con sus valores, pero hay {kind}",
    "number.too_small": "debe ser al menos {min}, pero es {value}",
    "number.too_large": "debe ser {max} como máximo, pero es {value}",
    "validation.other": "valor no válido ({detail})",
    # --- what was found instead
    "kind.null": "nada (null)",
    "kind.boolean": "un valor verdadero/falso ({boolean})",
    "kind.number": "un número ({number})",
    "kind.text": "un texto",
    "kind.list": "una lista",
    "kind.mapping": "un bloque de claves",
    "kind.other": "{type}",
    # --- reading the file
    "file.missing": "no se encontró el archivo",
    "file.unreadable": "no se pudo leer el archivo ({detail})",
    "file.too_big": "el archivo ocupa {size} bytes; se permiten {max} como máximo",
    "file.binary": "es un archivo binario, no un texto YAML",
    "file.not_utf8": "el texto no está en UTF-8; guarda el archivo como UTF-8",
    "yaml.character": "el carácter {character} no se permite en YAML; bórralo (suele venir de pegar desde un documento)",
    "yaml.syntax": "error de sintaxis YAML ({detail})",
    "yaml.tab": "error de sintaxis YAML: hay un tabulador; sangra las líneas con espacios, nunca con tabuladores",
    "yaml.colon": "error de sintaxis YAML: aquí no puede ir «: »; si el texto lleva dos puntos, ponlo entre comillas",
    "yaml.colon_missing": "error de sintaxis YAML: falta ':' después de una clave, o una línea no está bien sangrada",
    "yaml.quote": "error de sintaxis YAML: unas comillas se abren y no se cierran",
    "yaml.alias": "error de sintaxis YAML: los anclajes y alias (&nombre / *nombre) no se admiten en los archivos de contenido",
    "yaml.too_deep": "error de sintaxis YAML: el documento es demasiado grande, con más de {max} niveles de anidación",
    "yaml.too_many": "error de sintaxis YAML: el documento es demasiado grande, con más de {max} valores",
    "yaml.other": "error de YAML ({detail})",
    "yaml.key_not_text": "las claves deben ser texto simple",
    "yaml.duplicate_key": "la clave {name} está repetida: cada clave puede aparecer una sola vez en el mismo bloque",
    "yaml.unreadable": "no se puede leer '{value}' como {tag}; corrígelo o, si es un texto, ponlo entre comillas",
    "document.empty": "el documento está vacío; debe empezar por 'format:' y seguir con sus secciones",
    "document.not_mapping": "el documento no es un bloque de claves con sus valores; debe empezar por 'format:' y seguir con sus secciones",
    "directory.missing": "no se encontró la carpeta de contenido",
    "directory.empty": "no hay ningún paquete de contenido (*.yaml)",
    # --- across files
    "seed.missing": "no hay ninguna semilla llamada '{seed}' en {directory}",
    "passage.not_found": "no aparece tal cual en la semilla '{seed}'",
    "id.loaded": "el id '{id}' ya lo usa un reto cargado",
    "id.taken": "el id '{id}' ya se usa en {where}",
    "id.bundled": "el id '{id}' es de un reto incluido con Momentos",
    "pack.id_taken": "el id de paquete '{id}' ya se usa en {where}",
    "step.unknown": "el paso {step} no existe",
    # --- rules across fields
    "steps.order": "los pasos deben ir numerados del 1 al 10 en orden; se esperaba el {expected}",
    "provenance.required": "es obligatoria cuando type es '{type}'",
    "provenance.not_allowed": "no se permite cuando type es '{type}'",
    "provenance.seed_passage": "indica 'seed' y 'passage' juntas, o ninguna de las dos",
    "dimensions.order": "las dimensiones deben ir numeradas del 1 al 10 en orden; se esperaba el {expected}",
    "dimensions.duplicate": "la clave de dimensión '{dimension}' está repetida",
    "languages.both": "indica 'language' o 'languages', pero no las dos",
    "languages.missing": "indica en qué idiomas están escritos los retos, por ejemplo [es, en]",
    "languages.repeated": "hay un idioma repetido en la lista",
    "translation.plain": "este paquete está en {languages} y {last}: escribe {{{spelled}}}",
    "translation.missing": "falta el texto en '{language}' (los idiomas del paquete son {languages})",
    "translation.undeclared": "'{language}' no es uno de los idiomas de este paquete ({languages})",
    "quiz.incomplete": "un quiz necesita una pregunta y opciones",
    "quiz.reflection": "solo los escenarios llevan reflexión; usa kind: scenario",
    "scenario.incomplete": "un escenario necesita una historia y una reflexión",
    "scenario.question_choices": "en un escenario, la pregunta y las opciones van juntas: pon las dos o ninguna",
    "choices.correct": "debe haber exactamente una opción correcta (hay {count})",
    "dimension.unknown": "la dimensión '{dimension}' no existe (las que hay: {known})",
    "dimension.repeated": "la dimensión '{dimension}' está repetida",
    "source.missing": "indica de dónde sale el reto: 'seed' + 'passage', o una 'note'",
    "source.seed_passage": "'seed' y 'passage' van juntas: cita el pasaje de esa semilla",
    "source.translation_without_passage": "'translation' traduce 'passage': añade el pasaje o quita la traducción",
    "post.too_long": "la historia, la pregunta y las opciones suman {length} caracteres en '{language}'; en una publicación caben {max} como máximo",
    # --- a server's scoring file
    "scoring.wrong": "una respuesta incorrecta debe valer menos que una correcta: quiz.wrong vale {wrong} y quiz.correct vale {correct}",
    "scoring.speed": (
        "el extra por rapidez debe quedar por debajo de la diferencia entre una respuesta correcta y una incorrecta "
        "({correct} - {wrong} = {gap}), pero es {bonus}; usa {most} como máximo para que acertar cuente más que ser rápido"
    ),
    "scoring.rule": "estas reglas rompen una regla del juego ({detail})",
}

# Item-writing advice (bot/content/advice.py has the English): shown to managers, never a refusal.
ADVICE_SPANISH: dict[str, str] = {
    "cue.long_key": (
        "la opción correcta es la más larga ({length} caracteres, {ratio} veces el promedio de las otras, {mean}): "
        "quien sabe hacer exámenes la elige sin leer la situación; acórtala o da el mismo detalle a las demás"
    ),
    "cue.absolute_only_distractors": (
        "las opciones {choices} usan palabras absolutas (siempre, nunca, solo…) y la correcta no: se descartan sin "
        "leer; úsalas también en la correcta, o en ninguna"
    ),
    "cue.justification_only_distractors": (
        "las opciones {choices} se justifican a sí mismas (porque, para que…) y la correcta no: se descartan sin "
        "leer; justifica también la correcta, o ninguna"
    ),
    "cue.label_echo": (
        "solo la opción {choice} repite palabras del título, del paso o de las dimensiones ({words}): se elige por "
        "la etiqueta y no por criterio; cámbiala, o deja que otra opción use esas palabras también"
    ),
    "cue.all_or_none": (
        "la opción {choice} es «todas/ninguna de las anteriores»: mide descarte, no criterio; conviértela en una "
        "acción real"
    ),
    "cue.repeats_stem": "solo la opción {choice} repite las palabras de la pregunta: se elige por el eco; cámbiala",
    "cue.formula": (
        "«{phrase}…» marca la opción correcta en {keys} retos ({ids}) y una incorrecta solo en {distractors}: se "
        "aprende la frase; úsala también en opciones incorrectas"
    ),
}

CONTENT: dict[str, dict[str, str]] = {
    **{
        f"content.{code}": {"es": SPANISH[code], "en": english}
        for code, english in TEMPLATES.items()
        if code in SPANISH
    },
    **{f"content.{code}": {"es": ADVICE_SPANISH[code], "en": english} for code, english in ADVICE.items()},
    "problems.more": {"es": "… y {count} más", "en": "… and {count} more"},
    "advice.title": {
        "es": "💡 Consejos de redacción (no impiden guardar; ver «Escribir retos que miden» en el README):",
        "en": "💡 Item-writing advice (nothing was refused; see 'Writing items that measure' in the README):",
    },
    "advice.item": {"es": "**{id}** ({language}): {advice}", "en": "**{id}** ({language}): {advice}"},
    "advice.none": {
        "es": "✅ Sin pistas que delaten la respuesta correcta.",
        "en": "✅ No cue gives the keyed answer away.",
    },
}
