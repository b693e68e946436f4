"""What each item-writing cue says (bot/domain/cues.py finds them): advice to an author, never a refusal.

English lives here (what `momentos validate` prints); the Discord side renders the same codes through its
catalogue (`content.<code>`), so a manager reads the advice in their own language.
"""

from __future__ import annotations

from bot.content.problems import render
from bot.domain.cues import Cue

ADVICE: dict[str, str] = {
    "cue.long_key": (
        "the keyed choice is the longest ({length} characters, {ratio}× the others' average of {mean}): a "
        "test-wise reader picks it without reading the situation; shorten it or give the others the same detail"
    ),
    "cue.absolute_only_distractors": (
        "choices {choices} use absolute words (always, never, only…) and the keyed one does not: readers rule them "
        "out without reading; put such words in the key too, or in none"
    ),
    "cue.justification_only_distractors": (
        "choices {choices} argue for themselves (because, so that…) and the keyed one does not: readers rule "
        "them out without reading; justify the key too, or none"
    ),
    "cue.label_echo": (
        "only choice {choice} shares words with the title, the step or the dimensions ({words}): readers match "
        "labels instead of judging; reword it, or let another choice use those words too"
    ),
    "cue.all_or_none": (
        "choice {choice} is 'all/none of the above': it tests elimination, not judgement; make it a real move"
    ),
    "cue.repeats_stem": "only choice {choice} repeats the question's wording: readers pick the echo; reword it",
    "cue.formula": (
        "'{phrase}…' marks the keyed choice in {keys} items ({ids}) but a distractor in only {distractors}: "
        "readers learn the phrase; use it in distractors too"
    ),
}


def advice(cue: Cue) -> str:
    """One cue's advice in English."""
    return render(cue.code, dict(cue.values), ADVICE.__getitem__)
