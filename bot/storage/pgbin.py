"""Where PostgreSQL's programs are on this machine: one search for the test server, the benchmark and backups."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ENV_BIN = "MOMENTOS_PG_BIN"  # the folder of the PostgreSQL programs, when they are not found by themselves


def postgres_folder(*programs: str) -> Path | None:
    """The folder holding all `programs`: $MOMENTOS_PG_BIN, else the first one's on PATH, else the newest
    /usr/lib/postgresql/<version>/bin (Debian's layout)."""
    configured = os.environ.get(ENV_BIN)
    if configured:
        return Path(configured) if _holds(Path(configured), programs) else None
    found = shutil.which(programs[0])
    if found is not None:
        for folder in (Path(found).resolve().parent, Path(found).parent):  # /usr/local/bin often links elsewhere
            if _holds(folder, programs):
                return folder
    debian = Path("/usr/lib/postgresql").glob("*/bin")
    installed = [path for path in debian if path.parent.name.isdigit() and _holds(path, programs)]
    return max(installed, key=lambda path: int(path.parent.name)) if installed else None


def _holds(folder: Path, programs: tuple[str, ...]) -> bool:
    return all(os.access(folder / name, os.X_OK) for name in programs)
