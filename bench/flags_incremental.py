"""Incremental analysis benchmark: a full `analyze --only STAGES` run, then again after +1% pairs.

    .venv/bin/python bench/flags_incremental.py [--pairs 1000000] [--extra 0.01]
    .venv/bin/python bench/flags_incremental.py --stages flags,exact,near   # the issue's three stages

Input: `sample_data/generate.py --scale` lines (realistic QA with the sample's planted defects,
about a third of them defective). The scale generator recombines a bounded set of questions and
contexts, so each context gets a numbered closing sentence ("Archive record 123.") shared by
ten consecutive lines: every pair is distinct and contexts are still shared, as in real output.
The first N lines form the store; the next N x extra lines are the new pairs.

Each step is the real CLI in its own process against one store under bench/out/flags/:
  import N → analyze (full) → analyze (nothing new) → import extra → analyze (incremental)
It prints the wall times, the incremental/full ratio, each analyze's peak RSS, and how many
pairs built only from clean sample pairs got a flag (they should get none). Copy the numbers
into bench/RESULTS.md under "## Flags" with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "flags"
WORKBENCH = [sys.executable, "-m", "workbench"]
_GROUP = 10


def make_inputs(pairs: int, extra: int) -> tuple[Path, Path]:
    """Write base and extra JSONL files (cached) from one deterministic scale run."""
    base, more = OUT / f"base_{pairs}.v2.jsonl", OUT / f"extra_{pairs}_{extra}.v2.jsonl"
    if base.exists() and more.exists():
        return base, more
    OUT.mkdir(parents=True, exist_ok=True)
    raw = OUT / f"scale_{pairs + extra}"
    if not (raw / "generated.jsonl").exists():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "sample_data" / "generate.py"),
                "--scale",
                str(pairs + extra),
                "--out",
                str(raw),
            ],
            check=True,
        )
    parts = base.with_suffix(".partial"), more.with_suffix(".partial")
    with (
        (raw / "generated.jsonl").open("rb") as src,
        parts[0].open("wb") as a,
        parts[1].open("wb") as b,
    ):
        for i, line in enumerate(src):
            (a if i < pairs else b).write(_distinct(line, i))
    parts[0].replace(base)
    parts[1].replace(more)
    return base, more


def _distinct(line: bytes, index: int) -> bytes:
    """Give the line's context a closing sentence numbered per group of lines (broken lines stay)."""
    try:
        rec = json.loads(line)
    except ValueError:
        return line
    if not isinstance(rec, dict) or not isinstance(rec.get("context"), str):
        return line
    rec["context"] = f"{rec['context']} Archive record {index // _GROUP}."
    # The scale generator numbers the context variants of clean sample pairs ("-v03").
    rec["bench_clean"] = bool(re.search(r"-v\d\d$", str(rec.get("chunk_id", ""))))
    return (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8")


def timed(*args: str) -> tuple[float, int, str, float]:
    """Run the CLI; wall seconds, peak RSS in MiB, stdout, CPU seconds."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*WORKBENCH, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    stdout, stderr = proc.stdout.read().decode(), proc.stderr.read().decode()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1) or (code == 1 and "import" not in args):
        raise SystemExit(f"{' '.join(args)} failed ({code}): {stderr[-2000:]}")
    return seconds, usage.ru_maxrss // 1024, stdout, usage.ru_utime + usage.ru_stime


def clean_flagged(store: Path) -> tuple[int, int]:
    """(pairs made only from clean sample pairs, how many of them got a flag)."""
    import duckdb

    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(
            """
            SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM flags f WHERE f.pair_id = c.id))
            FROM current_pairs c WHERE c.meta->>'bench_clean' = 'true'
            """
        ).fetchone()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1_000_000)
    parser.add_argument("--extra", type=float, default=0.01, help="new pairs as a share of --pairs")
    parser.add_argument(
        "--stages", default="flags", help="analyze stages to time together, e.g. flags,exact,near"
    )
    args = parser.parse_args()
    stages = args.stages.split(",")
    extra = max(1, int(args.pairs * args.extra))
    base, more = make_inputs(args.pairs, extra)
    store = OUT / f"store_{args.pairs}.duckdb"
    for path in (store, Path(f"{store}.wal")):
        path.unlink(missing_ok=True)
    s = str(store)
    t_import, _, out, _ = timed("--store", s, "import", str(base), "--json")
    pairs = json.loads(out)["added"]
    load_before = os.getloadavg()
    t_full, rss_full, out, cpu_full = timed(
        "--store", s, "analyze", "--only", args.stages, "--json"
    )
    full = json.loads(out)
    t_none, _, out, _ = timed("--store", s, "analyze", "--only", args.stages, "--json")
    none = json.loads(out)["stages"][stages[0]]["processed"]
    _, _, out, _ = timed("--store", s, "import", str(more), "--json")
    added = json.loads(out)["added"]
    t_incr, rss_incr, out, cpu_incr = timed(
        "--store", s, "analyze", "--only", args.stages, "--json"
    )
    incr = json.loads(out)
    clean, flagged = clean_flagged(store)
    flags = sum(row["pairs"] for row in incr["flags"])
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cpus, Python {platform.python_version()}"
    )
    print(
        f"store: {pairs:,} pairs (import {t_import:.1f} s); {flags:,} flagged pair-codes after the run"
    )
    print(f"stages: {args.stages}; load average before {load_before}, after {os.getloadavg()}")
    print(
        f"full run:             {t_full:8.1f} s  CPU {cpu_full:.1f} s  processed {full['stages'][stages[0]]['processed']:,}  peak RSS {rss_full} MiB"
    )
    print(f"re-run, nothing new:  {t_none:8.1f} s  processed {none:,}")
    print(
        f"+{added:,} new pairs run:  {t_incr:8.1f} s  CPU {cpu_incr:.1f} s  processed {incr['stages'][stages[0]]['processed']:,}  peak RSS {rss_incr} MiB"
    )
    print(
        f"incremental / full:   {t_incr / t_full:8.1%}  CPU {cpu_incr / cpu_full:.1%}  (target <= 5%)"
    )
    print(f"pairs built only from clean sample pairs: {clean:,}, flagged: {flagged:,}")
    for row in incr["flags"]:
        print(f"  {row['code']:<24} {row['severity']:<8} {row['pairs']:>9,}")


if __name__ == "__main__":
    main()
