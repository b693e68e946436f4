"""`python -m bot.bench.learning [--quick] [--out LEARNING.md]`: the learning benchmark without the `momentos` CLI."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.learning import learning_bench

parser = argparse.ArgumentParser(prog="python -m bot.bench.learning", description=__doc__)
parser.add_argument("--quick", action="store_true", help="one seed, 100 people (about 15 s)")
parser.add_argument("--out", type=Path, default=Path("LEARNING.md"), help="default: LEARNING.md")
arguments = parser.parse_args()
raise SystemExit(learning_bench(arguments.out, arguments.quick))
