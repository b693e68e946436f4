"""`momentos`: run the bot, validate content, export the content schema, play the offline demo."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from bot.content.errors import ContentError
from bot.content.jsonschema import SCHEMAS, render, write_schemas
from bot.content.loader import STEPS_FILE, load_catalog, validate_pack_file
from bot.domain.model import Catalog


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="momentos", description="Customer-service training as a daily team game on Discord."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("run", help="run the bot (needs DISCORD_TOKEN; reads .env)")
    validate = commands.add_parser("validate", help="validate content packs and print counts per step and dimension")
    validate.add_argument(
        "paths", nargs="*", type=Path, help="content directories or pack files (default: bundled content)"
    )
    validate.add_argument("--seeds", type=Path, help="also check that every quoted passage appears in these seed texts")
    schema = commands.add_parser("schema", help="write the JSON Schemas of the content formats (for editors)")
    schema.add_argument("--out", type=Path, help="directory (default: <content>/schema)")
    schema.add_argument("--check", action="store_true", help="exit 1 if the files on disk are out of date")
    demo = commands.add_parser("demo", help="play one scheduled day offline: the real bot against the local simulator")
    demo.add_argument("--quiet", action="store_true", help="print only the summary")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.paths, args.seeds)
    if args.command == "schema":
        return schema(args.out, check=args.check)
    if args.command == "demo":
        from bot.cli.demo import run_demo

        return asyncio.run(run_demo(quiet=args.quiet))
    from bot.cli.run import run

    return run()


def _content_root(path: Path) -> Path:
    for parent in path.resolve().parents:
        if (parent / STEPS_FILE).is_file():
            return parent
    from bot.cli.settings import bundled_scenarios

    return bundled_scenarios()


def _print_counts(catalog: Catalog, label: str) -> None:
    steps = Counter(item.step for item in catalog.items.values())
    dimensions = Counter(key for item in catalog.items.values() for key in item.dimensions)
    kinds = Counter(item.kind.value for item in catalog.items.values())
    print(f"{label}: {len(catalog.items)} items ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))})")
    print("  per step:")
    for number, step in sorted(catalog.steps.items()):
        print(f"    {number:>2}. {step.title.es:<50} {steps.get(number, 0):>3}")
    print("  per dimension:")
    for key, dimension in sorted(catalog.dimensions.items(), key=lambda pair: pair[1].number):
        print(f"    {dimension.name.es:<50} {dimensions.get(key, 0):>3}")


def validate(paths: list[Path], seeds: Path | None) -> int:
    """Validate each directory (whole catalog) or pack file (against its catalog); 1 on any error."""
    from bot.cli.settings import bundled_scenarios

    failed = False
    for path in paths or [bundled_scenarios()]:
        try:
            if path.is_dir():
                _print_counts(load_catalog(path, seeds_dir=seeds), str(path))
            elif path.is_file():
                root = _content_root(path)
                catalog = load_catalog(root, seeds_dir=seeds)
                if path.resolve().is_relative_to(root.resolve()):
                    _print_counts(catalog, str(root))
                else:
                    items = validate_pack_file(path, catalog)
                    print(f"{path}: {len(items)} items, valid against {root}")
            else:
                print(f"{path}: no such file or directory", file=sys.stderr)
                failed = True
        except ContentError as error:
            print(error.report(), file=sys.stderr)
            print(f"{path}: {len(error.problems)} problem(s); nothing was loaded", file=sys.stderr)
            failed = True
    return 1 if failed else 0


def schema(out: Path | None, *, check: bool) -> int:
    """Write (or check) the JSON Schema files."""
    from bot.cli.settings import bundled_scenarios

    directory = out or bundled_scenarios() / "schema"
    if check:
        stale = [
            name
            for name in SCHEMAS
            if not (directory / name).is_file() or (directory / name).read_text(encoding="utf-8") != render(name)
        ]
        for name in stale:
            print(f"{directory / name} is out of date; run `momentos schema`", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(directory):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
