"""`momentos`: run the bot, validate content, export the content schema, play the offline demo, export data, back up."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.content.advice import advice
from bot.content.errors import ContentError
from bot.content.jsonschema import SCHEMAS, render, write_schemas
from bot.content.loader import STEPS_FILE, load_catalog, validate_pack_file
from bot.domain.coverage import coverage
from bot.domain.cues import MAX_KEY_LONGEST_SHARE, library_cues
from bot.domain.model import Catalog, Item

DB_HELP = "database file (default: the database `momentos run` uses: MOMENTOS_DATABASE_URL's server, else MOMENTOS_DB)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="momentos", description="Customer-service training as a daily team game on Discord."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="run the bot (needs DISCORD_TOKEN; reads .env)")
    run.add_argument(
        "--shard-count",
        type=int,
        help="how many shards the bot has in all (default: MOMENTOS_SHARD_COUNT, else Discord's advice)",
    )
    run.add_argument(
        "--shards", help="the shards this process holds, e.g. 0-3 or 0,2 (default: MOMENTOS_SHARD_IDS, else all)"
    )
    cluster = commands.add_parser(
        "cluster",
        help="run the shards as several `momentos run` processes on this machine (needs PostgreSQL for more than"
        " one); restarts a crashed one, stops all on SIGTERM",
    )
    cluster.add_argument("--processes", type=int, required=True, metavar="P", help="how many processes")
    cluster.add_argument(
        "--shard-count",
        type=int,
        metavar="N",
        help="total shards, split into P ranges (default: MOMENTOS_SHARD_COUNT, else Discord's recommendation)",
    )
    commands.add_parser(
        "doctor", help="check settings, database, content and the bot's Discord permissions; exit 1 on any problem"
    )
    validate = commands.add_parser("validate", help="validate content packs and print counts per step and dimension")
    validate.add_argument(
        "paths", nargs="*", type=Path, help="content directories or pack files (default: bundled content)"
    )
    validate.add_argument("--seeds", type=Path, help="also check that every quoted passage appears in these seed texts")
    validate.add_argument(
        "--no-item-check",
        action="store_true",
        help="do not require a library to pass the item-writing check (its advice is printed all the same)",
    )
    validate.add_argument(
        "--no-coverage",
        action="store_true",
        help="do not require a full library (≥ 5 items per step, ≥ 3 per dimension), e.g. for a small custom pack",
    )
    schema = commands.add_parser("schema", help="write the JSON Schemas of the content formats (for editors)")
    schema.add_argument("--out", type=Path, help="directory (default: <content>/schema)")
    schema.add_argument("--check", action="store_true", help="exit 1 if the files on disk are out of date")
    demo = commands.add_parser("demo", help="play eight working weeks offline: the real bot against the simulator")
    demo.add_argument("--quiet", action="store_true", help="print only the summary")
    demo.add_argument(
        "--database-url",
        help="play on this empty PostgreSQL database (default: MOMENTOS_DATABASE_URL if it names one, else a"
        " temporary SQLite file)",
    )
    move = commands.add_parser(
        "migrate-db", help="copy every row to another database (e.g. SQLite → PostgreSQL) and verify the copy"
    )
    move.add_argument("--from", dest="source", required=True, help="sqlite:///path (or a file path) or postgresql://…")
    move.add_argument("--to", dest="target", required=True, help="postgresql://… (or sqlite:///path)")
    move.add_argument("--replace", action="store_true", help="erase the target's Momentos data first (else refused)")
    export = commands.add_parser(
        "export", help="write answers, points or reflections as CSV, or all as xAPI statements (read-only)"
    )
    export.add_argument(
        "kind",
        nargs="?",
        choices=["answers", "points", "reflections", "xapi"],
        help="which CSV file (xapi: the same as --format xapi)",
    )
    export.add_argument(
        "--format",
        choices=["csv", "xapi"],
        help="csv (default) or xapi: every answer, review and reflection as xAPI statements, one JSON per line",
    )
    export.add_argument(
        "--xapi-base", metavar="IRI", help="where the xAPI activity ids live (default: https://momentos.app/xapi)"
    )
    export.add_argument("--db", type=Path, help=DB_HELP)
    export.add_argument("--guild", type=int, metavar="ID", help="only this server (default: every server)")
    export.add_argument("--period", choices=["week", "last-week", "month", "all"], default="week", help="default: week")
    export.add_argument("--timezone", metavar="TZ", help="for the period (default: the server's, else UTC)")
    export.add_argument("--out", type=Path, metavar="FILE", help="write here (default: standard output)")
    bench = commands.add_parser(
        "bench",
        help="measure bursts, saturation, floors, history, fan-out and memory, on SQLite and PostgreSQL side by side"
        " (minutes); writes BENCHMARKS.md",
    )
    bench.add_argument("--quick", action="store_true", help="a small run (a few minutes) to try the harness")
    bench.add_argument("--out", type=Path, default=Path("BENCHMARKS.md"), help="default: BENCHMARKS.md")
    bench.add_argument(
        "--backend",
        choices=["sqlite", "postgresql", "both"],
        help="sqlite: every phase on SQLite; postgresql: only the SQLite/PostgreSQL comparison (bursts, saturation,"
        " the history copied and its boards); both: everything (default when a PostgreSQL server can be had: its"
        " binaries are installed or MOMENTOS_BENCH_DATABASE_URL names one, else sqlite)",
    )
    bench.add_argument(
        "--scale",
        action="store_true",
        help="only the sharded-processes run on PostgreSQL: many guilds over 4 shards in 2 `momentos run`"
        " processes, a click load, one process killed and restarted (≤ 10 min; --quick ≤ 3 min); writes its"
        " BENCHMARKS.md section",
    )
    learning = commands.add_parser(
        "learning-bench",
        help="simulate learners under review policies (minutes on 2 cores); writes LEARNING.md's tables",
    )
    learning.add_argument("--quick", action="store_true", help="a small run (seconds) to try the harness")
    learning.add_argument("--out", type=Path, default=Path("LEARNING.md"), help="default: LEARNING.md")
    report = commands.add_parser(
        "learning-report",
        help="calibration of the memory model on a real ledger (read-only; needs 5,000 attempts)",
    )
    report.add_argument("--db", type=Path, help=DB_HELP)
    report.add_argument("--guild", type=int, metavar="ID", help="only this server (default: every server)")
    report.add_argument("--out", type=Path, metavar="FILE", help="also write the report here")
    health = commands.add_parser(
        "health", help="exit 0 if the running bot's heartbeat is fresh (for Docker HEALTHCHECK or a systemd timer)"
    )
    health.add_argument(
        "--max-age", type=float, default=180.0, metavar="SECONDS", help="oldest acceptable heartbeat (default: 180)"
    )
    backup = commands.add_parser(
        "backup", help="copy the live database safely (SQLite online backup, or pg_dump on PostgreSQL) and verify it"
    )
    backup.add_argument("path", type=Path, help="the copy to write, e.g. /var/backups/momentos/momentos-2026-11-27.db")
    backup.add_argument("--db", type=Path, help=DB_HELP)
    backup.add_argument("--force", action="store_true", help="replace PATH if it exists")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    if args.command == "validate":
        return validate(
            args.paths, args.seeds, require_coverage=not args.no_coverage, require_item_check=not args.no_item_check
        )
    if args.command == "schema":
        return schema(args.out, check=args.check)
    if args.command == "demo":
        from bot.cli.demo import run_demo

        return asyncio.run(run_demo(quiet=args.quiet, database_url=args.database_url))
    if args.command == "migrate-db":
        from bot.cli.migrate import migrate_db

        return asyncio.run(migrate_db(args.source, args.target, replace=args.replace))
    if args.command == "bench":
        from bot.bench.driver import run_bench

        if args.scale and args.backend == "sqlite":
            print("momentos bench: --scale runs on PostgreSQL only (its processes share one database)", file=sys.stderr)
            return 2
        return run_bench(args.out, args.quick, args.backend, scale=args.scale)
    if args.command == "learning-bench":
        from bot.cli.learning import learning_bench

        return learning_bench(args.out, args.quick)
    if args.command == "learning-report":
        from bot.cli import exports
        from bot.cli.ledger import learning_report_command

        return learning_report_command(args.db or exports.default_db(), args.guild, args.out)
    if args.command == "cluster":
        from bot.cli.cluster import cluster

        return cluster(args.processes, args.shard_count)
    if args.command == "doctor":
        from bot.cli.doctor import doctor

        return doctor()
    if args.command == "health":
        from bot.cli.health import health

        return health(args.max_age)
    if args.command in ("export", "backup"):
        from bot.cli import exports

        db = args.db or exports.default_db()
        if args.command == "backup":
            return exports.backup_command(db, args.path, force=args.force)
        request = exports.ExportRequest(args.kind, args.format, args.xapi_base)
        return exports.export(db, request, args.guild, args.period, args.timezone, args.out)
    from bot.cli.run import run

    return run(shard_count=args.shard_count, shard_ids=args.shards)


def _content_root(path: Path) -> Path:
    for parent in path.resolve().parents:
        if (parent / STEPS_FILE).is_file():
            return parent
    from bot.cli.settings import bundled_scenarios

    return bundled_scenarios()


def _abbreviation(name: str) -> str:
    words = [word for word in name.replace("-", " ").split() if len(word) > 2]
    return "".join(word[0] for word in words[:3]).upper() if len(words) > 1 else name[:3].upper()


def _print_coverage(catalog: Catalog, label: str) -> list[str]:
    """Print the steps × dimensions matrix and the per-kind and per-language counts; return shortfalls."""
    report = coverage(catalog)
    kinds = ", ".join(f"{count} {kind}" for kind, count in report.per_kind.items())
    languages = ", ".join(f"{count} in {language}" for language, count in report.per_language.items())
    print(f"{label}: {report.total} items ({kinds}; {languages})")
    dimensions = sorted(catalog.dimensions.values(), key=lambda dimension: dimension.number)
    codes = [_abbreviation(dimension.key) for dimension in dimensions]
    print("  steps × dimensions (an item counts once per dimension it lists):")
    print("  " + " " * 44 + " ".join(f"{code:>4}" for code in codes) + "  items")
    for number, step in sorted(catalog.steps.items()):
        cells = " ".join(f"{report.matrix.get((number, d.key), 0) or '.':>4}" for d in dimensions)
        print(f"  {number:>2}. {step.title.es[:40]:<40} {cells}  {report.per_step[number]:>5}")
    totals = " ".join(f"{report.per_dimension[d.key]:>4}" for d in dimensions)
    print("  " + f"{'items per dimension':<44}" + totals)
    print("  " + "  ".join(f"{code} = {d.name.es}" for code, d in zip(codes, dimensions, strict=True)))
    return report.shortfalls()


def _print_cues(catalog: Catalog, label: str, items: list[Item] | None = None) -> list[str]:
    """Print the item-writing check (figures per language, then every piece of advice); return shortfalls."""
    shortfalls: list[str] = []
    for language in ("es", "en"):
        report = library_cues(catalog, language, items)
        if not report.items:
            continue
        print(
            f"{label} [{language}]: item-writing check: the key is the longest choice in {report.key_longest} of "
            f"{report.items} items ({float(report.key_longest_share):.0%}, at most "
            f"{float(MAX_KEY_LONGEST_SHARE):.0%}); a reader who never reads the situation (mechanical strategy) "
            f"scores {float(report.mechanical_share):.0%} (chance {float(report.chance_share):.0%}, at most "
            f"{float(report.max_mechanical_share):.0%}) "
            f"and is certain on {report.certain}; {len(report.warnings)} item(s) with advice"
        )
        for item_id, cues in report.warnings.items():
            for cue in cues:
                print(f"  {item_id} [{language}]: {advice(cue)}")
        for cue in report.formula_cues():
            print(f"  [{language}] {advice(cue)}")
        shortfalls += report.shortfalls()
    return shortfalls


def _library_of(path: Path) -> Path | None:
    """The library directory `path` belongs to: itself, or the content root a pack file lives in."""
    if path.is_dir():
        return path
    root = _content_root(path)
    return root if path.resolve().is_relative_to(root.resolve()) else None


def validate(
    paths: list[Path], seeds: Path | None, *, require_coverage: bool = True, require_item_check: bool = True
) -> int:
    """Validate each library (a directory) or outside pack file (against the library); 1 on any error.

    A library must also meet the coverage thresholds and pass the item-writing check, unless turned off. A pack
    file gets the item-writing advice for its items, never a failure for it (advice, not a refusal).
    """
    from bot.cli.settings import bundled_scenarios

    failed = False
    for path in paths or [bundled_scenarios()]:
        if not path.exists():
            print(f"{path}: no such file or directory", file=sys.stderr)
            failed = True
            continue
        try:
            library = _library_of(path)
            if library is None:
                root = _content_root(path)
                catalog = load_catalog(root, seeds_dir=seeds)
                items = validate_pack_file(path, catalog)
                print(f"{path}: {len(items)} items, valid against {root}")
                _print_cues(catalog, str(path), items)
                continue
            catalog = load_catalog(library, seeds_dir=seeds)
            shortfalls = _print_coverage(catalog, str(library))
            if shortfalls and require_coverage:
                for shortfall in shortfalls:
                    print(f"{library}: {shortfall}", file=sys.stderr)
                print(f"{library}: the library is incomplete (use --no-coverage for a partial one)", file=sys.stderr)
                failed = True
            weak = _print_cues(catalog, str(library))
            if weak and require_item_check:
                for shortfall in weak:
                    print(f"{library}: {shortfall}", file=sys.stderr)
                print(
                    f"{library}: the library fails the item-writing check (use --no-item-check to see it as advice)",
                    file=sys.stderr,
                )
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
