"""What each content problem says, by a stable code: the English wording lives here and only here.

A `Problem` carries a code and the values to fill in; its English message (what `momentos validate`
prints) is rendered from `TEMPLATES`. The Discord side renders the same code and values through its
translation catalogue (`content.<code>`), so a manager reads the problem in their own language.

Values are language-neutral: numbers, YAML key names, ids, the author's own text. What would be a phrase
is a code of its own instead: the placeholder `{kind}` names a `kind.<value>` template (what was found
where something else was expected: "a number (3)", "a list"), rendered with the same values.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping

Values = Mapping[str, str | int]

# Placeholders whose value is itself a code under the given prefix, rendered with the problem's values.
FRAGMENTS: dict[str, str] = {"kind": "kind"}

TEMPLATES: dict[str, str] = {
    # --- shape of the document, from pydantic's errors (messages.py)
    "key.missing": "required key is missing",
    "key.unknown": "unknown key '{name}'",
    "key.unknown.allowed": "unknown key '{name}' (allowed: {allowed})",
    "key.unknown.suggest": "unknown key '{name}'; did you mean '{suggestion}'?",
    "key.unknown.suggest.allowed": "unknown key '{name}'; did you mean '{suggestion}'? (allowed: {allowed})",
    "key.not_text": "keys must be text, got {kind}; rename it or put it in quotes",
    "language.unknown": "'{value}' is not a language of Momentos; use es or en",
    "text.too_long": "text is {length} characters; at most {max} allowed",
    "text.too_short": "text is {length} characters; at least {min} needed",
    "text.empty": "text must not be empty",
    "list.too_long": "expected at most {max} entries, got {count}",
    "list.too_short": "expected at least {min} entries, got {count}",
    "pattern.id": (
        "'{value}' is not a valid id: use lowercase letters, digits, '-' and '.', e.g. promesas.fiesta-cancelada"
    ),
    "pattern.key": "'{value}' is not a valid key: use lowercase letters, digits and '-', e.g. capacidad-de-respuesta",
    "pattern.other": "'{value}' is not a valid {name}: must match {pattern}",
    "literal.one": "expected {expected}, got {value}",
    "literal.choice": "expected {options} or {last}, got {value}",
    "type.text": "expected text, got {kind}",
    "type.integer": "expected a whole number, got {kind}",
    "type.boolean": "expected true or false, got {kind}",
    "type.list": "expected a list, got {kind}",
    "type.mapping": "expected a mapping of keys to values, got {kind}",
    "number.too_small": "must be at least {min}, got {value}",
    "number.too_large": "must be at most {max}, got {value}",
    "validation.other": "{detail}",
    # --- what was found instead (the `{kind}` fragment)
    "kind.null": "nothing (null)",
    "kind.boolean": "a true/false value ({boolean})",
    "kind.number": "a number ({number})",
    "kind.text": "text",
    "kind.list": "a list",
    "kind.mapping": "a mapping",
    "kind.other": "{type}",
    # --- reading the file (yamlsource.py, loader.py)
    "file.missing": "file not found",
    "file.unreadable": "cannot read file: {detail}",
    "file.too_big": "file is {size} bytes; at most {max} allowed",
    "file.binary": "this is a binary file, not YAML text",
    "file.not_utf8": "text is not UTF-8; save the file as UTF-8",
    "yaml.character": "character {character} is not allowed in YAML; remove it (often pasted from a document)",
    "yaml.syntax": "YAML syntax: {detail}",
    "yaml.tab": "YAML syntax: found character '\\t' that cannot start any token (while scanning for the next token)",
    "yaml.colon": "YAML syntax: mapping values are not allowed here",
    "yaml.colon_missing": "YAML syntax: could not find expected ':' (while scanning a simple key)",
    "yaml.quote": "YAML syntax: found unexpected end of stream (while scanning a quoted scalar)",
    "yaml.alias": "YAML syntax: anchors and aliases (&name / *name) are not supported in content files",
    "yaml.too_deep": "YAML syntax: document too large: nesting deeper than {max} levels",
    "yaml.too_many": "YAML syntax: document too large: more than {max} values",
    "yaml.other": "YAML: {detail}",
    "yaml.key_not_text": "keys must be plain text",
    "yaml.duplicate_key": "duplicate key {name}: each key may appear once per mapping",
    "yaml.unreadable": "cannot read '{value}' as {tag}; fix it, or put it in quotes if it is text",
    "document.empty": "the document is empty; expected 'format:' and its sections",
    "document.not_mapping": "the document is not a mapping of keys to values; expected 'format:' and its sections",
    "directory.missing": "content directory not found",
    "directory.empty": "no content packs (*.yaml) found",
    # --- across files (loader.py, services)
    "seed.missing": "no seed file named '{seed}' in {directory}",
    "passage.not_found": "not found verbatim in seed '{seed}'",
    "id.loaded": "id '{id}' is already used by a loaded item",
    "id.taken": "id '{id}' is already used at {where}",
    "id.bundled": "id '{id}' belongs to a bundled item",
    "pack.id_taken": "pack id '{id}' is already used at {where}",
    "step.unknown": "step {step} does not exist",
    # --- rules across fields (rules.py)
    "steps.order": "steps must be numbered 1 to 10 in order; expected {expected}",
    "provenance.required": "required when type is '{type}'",
    "provenance.not_allowed": "not allowed when type is '{type}'",
    "provenance.seed_passage": "give both 'seed' and 'passage', or neither",
    "dimensions.order": "dimensions must be numbered 1 to 10 in order; expected {expected}",
    "dimensions.duplicate": "duplicate dimension key '{dimension}'",
    "languages.both": "give either 'language' or 'languages', not both",
    "languages.missing": "say which languages the items are written in, e.g. [es, en]",
    "languages.repeated": "a language is listed twice",
    "translation.plain": "this pack is in {languages} and {last}: write {{{spelled}}}",
    "translation.missing": "the '{language}' text is missing (the pack's languages are {languages})",
    "translation.undeclared": "'{language}' is not one of this pack's languages ({languages})",
    "quiz.incomplete": "a quiz needs a question and choices",
    "quiz.reflection": "only scenarios have a reflection; use kind: scenario",
    "scenario.incomplete": "a scenario needs a story and a reflection",
    "scenario.question_choices": "a scenario's question and choices go together: give both or neither",
    "choices.correct": "exactly one choice must be correct (found {count})",
    "dimension.unknown": "unknown dimension '{dimension}' (known: {known})",
    "dimension.repeated": "dimension '{dimension}' is listed twice",
    "source.missing": "say where the item comes from: 'seed' + 'passage', or a 'note'",
    "source.seed_passage": "'seed' and 'passage' go together: quote the passage of that seed",
    "source.translation_without_passage": "'translation' translates 'passage': give the passage too, or remove it",
    "post.too_long": (
        "story, question and choices add up to {length} characters in '{language}'; at most {max} fit in one post"
    ),
    # --- a server's scoring file (scoring.py)
    "scoring.wrong": (
        "a wrong answer must be worth less than a correct one: quiz.wrong is {wrong}, quiz.correct is {correct}"
    ),
    "scoring.speed": (
        "the speed bonus must stay below the gap between a correct and a wrong answer "
        "({correct} - {wrong} = {gap}), got {bonus}; use at most {most} so being right matters more "
        "than being fast"
    ),
    "scoring.rule": "{detail}",
}


def placeholders(template: str) -> set[str]:
    """The names a template fills in: `"got {kind} ({number})"` → `{"kind", "number"}`."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def render(code: str, values: Values, template_of: Callable[[str], str]) -> str:
    """One problem's message from the template `template_of(code)`, fragments rendered the same way."""
    filled: dict[str, str | int] = dict(values)
    for name, prefix in FRAGMENTS.items():
        if name in filled:
            filled[name] = template_of(f"{prefix}.{filled[name]}").format(**values)
    return template_of(code).format(**filled)


def english(code: str, values: Values) -> str:
    """The English message of a problem (the CLI's and the logs' wording)."""
    return render(code, values, TEMPLATES.__getitem__)
