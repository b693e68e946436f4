"""Kits for readers who never saw the items: measure how guessable a library is (issue "Items that measure").

    python -m tests.content.blind_kit make  LIBRARY OUT_DIR [--full]   # per language: kit-<lang>.md, key-<lang>.json
    python -m tests.content.blind_kit score KEY_JSON ANSWERS_TXT        # answers: one "<n> <option number>" per line

`make` writes, for each language, every answerable item as a numbered block with its options in a shuffled
order (fixed seed), without the key, feedback, step or dimensions. Without `--full` only the options are
shown (the "cover the story" test: a reader picks the option most likely to be keyed); with `--full` the
title, story and question come first (the agreement test: a reader picks the best answer). `score` prints
how many answers hit the key. Give the reader the kit only; keep the key away from them.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from bot.content.loader import load_catalog


def make(library: Path, out: Path, *, full: bool) -> None:
    catalog = load_catalog(library)
    out.mkdir(parents=True, exist_ok=True)
    for language in ("es", "en"):
        items = [item for item in catalog.playable(language) if item.correct_index is not None]
        shuffler = random.Random(f"blind-{language}")
        lines: list[str] = []
        key: dict[str, dict[str, object]] = {}
        for number, item in enumerate(shuffler.sample(items, len(items)), start=1):
            order = list(range(len(item.choices)))
            shuffler.shuffle(order)
            lines.append(f"## {number}")
            if full:
                lines.append(f"**{item.title.get(language)}**")
                if item.story:
                    lines.append(item.story.get(language).strip())
                if item.question:
                    lines.append(f"_{item.question.get(language).strip()}_")
            for position, index in enumerate(order, start=1):
                lines.append(f"{position}. {item.choices[index].text.get(language).strip()}")
            lines.append("")
            key[str(number)] = {"id": item.id, "key": order.index(item.correct_index or 0) + 1}
        kind = "full" if full else "choices"
        (out / f"kit-{kind}-{language}.md").write_text("\n".join(lines), encoding="utf-8")
        (out / f"key-{kind}-{language}.json").write_text(json.dumps(key, indent=1), encoding="utf-8")
        print(f"{out}/kit-{kind}-{language}.md: {len(items)} items")


def score(key_path: Path, answers_path: Path) -> None:
    key = json.loads(key_path.read_text(encoding="utf-8"))
    answers: dict[str, int] = {}
    for line in answers_path.read_text(encoding="utf-8").splitlines():
        parts = line.replace(":", " ").split()
        if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
            answers[parts[0]] = int(parts[1])
    hits = [number for number, entry in key.items() if answers.get(number) == entry["key"]]
    missing = [number for number in key if number not in answers]
    print(f"{len(hits)} of {len(key)} on the key ({len(hits) / len(key):.0%}); {len(missing)} unanswered")
    misses = sorted(key[n]["id"] for n in key if n in answers and n not in hits)
    print("off the key:", ", ".join(misses) or "none")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "make":
        make(Path(sys.argv[2]), Path(sys.argv[3]), full="--full" in sys.argv)
    elif len(sys.argv) == 4 and sys.argv[1] == "score":
        score(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        print(__doc__)
        sys.exit(2)
