"""Benchmark of ``wgbot import``: a tree of generated minutes into a fresh database.

Run as ``python -m bench.import_tree [--files 10000] [--seed 1]``. The corpus is written
by ``bench.generate`` (realistic files, about 20 teams meeting weekly, some follow-ups
repeated across meetings). The command itself runs in a subprocess, as a user runs it,
and is timed from start to exit; a second run over the same tree, which must change
nothing, is timed too. Figures: files per second, total seconds, items stored, items
carried over, and the peak resident memory of the import process.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.generate import write_corpus

TARGET_SECONDS = 20.0


def run_import(root: Path, database: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "import",
            str(root),
            "--team-from-front-matter",
            "--database",
            str(database),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"import failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds, done.stdout.strip().splitlines()[-1]


def counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as conn:
        return {
            "meetings": conn.execute("SELECT count(*) FROM meetings").fetchone()[0],
            "items": conn.execute("SELECT count(*) FROM items").fetchone()[0],
            "mentions": conn.execute("SELECT count(*) FROM item_mentions").fetchone()[0],
        }


def run(files: int, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="wgbot-bench-") as tmp:
        root = Path(tmp) / "minutes"
        root.mkdir()
        write_corpus(root, files, seed=seed)
        database = Path(tmp) / "bench.sqlite3"
        first, first_summary = run_import(root, database)
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        second, second_summary = run_import(root, database)
        stored = counts(database)
    return {
        "files": files,
        "first_import_s": round(first, 2),
        "files_per_s": round(files / first, 1),
        "second_import_s": round(second, 2),
        "peak_rss_mib": round(peak_mib, 1),
        "target_s": TARGET_SECONDS,
        "within_target": first <= TARGET_SECONDS,
        "first_summary": first_summary,
        "second_summary": second_summary,
        **stored,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    result = run(args.files, args.seed)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>18}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
