"""Import benchmark: `workbench import` of N JSONL pairs against DuckDB's own `read_json`.

    .venv/bin/python bench/import.py [--pairs 1000000] [--input FILE] [--repeat 1] [--python-scan-too]

Writes a deterministic input file under bench/out/ when it is missing, then times, in the same
run and each in its own fresh DuckDB file and its own process:
  (a) baseline: CREATE TABLE t AS SELECT * FROM read_json(FILE, format='newline_delimited')
  (b) ours: the real CLI, `workbench --store S import FILE --json`
and prints both wall times, the ratio and each process's peak RSS (from wait4). Nothing is
recorded automatically: copy the numbers into bench/RESULTS.md with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

_VOCABULARY = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which "
    "but have an they you were her she there been one all we their has would when if so no will "
    "more other its about time can only new some could these two may first then do any like my "
    "now over such our man me even most made after also did many before must through years where "
    "much your way well down should because each just those people how too little state good very "
    "make world still own see men work long get here between both life being under never day same "
    "another know while last might us great old year off come since against go came right used "
    "take three committee reactor protein invoice treaty enzyme turbine clause glacier ledger "
    "estuary voltage pension mortgage satellite vaccine harvest tariff molecule archive"
)
_WORDS = _VOCABULARY.split()
_MODELS = ("llama-3.1-8b-instruct", "qwen2.5-7b-instruct", "mistral-7b-instruct-v0.3")


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(8, 22))
    return " ".join(words).capitalize() + "."


def write_input(path: Path, pairs: int, seed: int = 7) -> None:
    """Realistic generator output: 600-1200 character contexts shared by 5-20 pairs each."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".partial")
    written = 0
    chunk = 0
    with tmp.open("w", encoding="utf-8") as fh:
        while written < pairs:
            target = rng.randint(600, 1200)
            parts: list[str] = []
            while sum(len(p) + 1 for p in parts) < target:
                parts.append(_sentence(rng))
            context = " ".join(parts)[:target]
            doc_id = f"doc-{chunk // 8:06d}"
            model = rng.choice(_MODELS)
            for _ in range(min(rng.randint(5, 20), pairs - written)):
                q = " ".join(rng.choices(_WORDS, k=rng.randint(6, 16))).capitalize() + "?"
                a = " ".join(rng.choices(_WORDS, k=rng.randint(1, 6)))
                rec = {
                    "context": context,
                    "question": q,
                    "answer": a,
                    "doc_id": doc_id,
                    "chunk_id": chunk % 8,
                    "model": model,
                    "temperature": 0.7,
                    "prompt_version": "qa-v3",
                    "generated_at": f"2025-06-{1 + written % 28:02d}T12:00:00Z",
                    "tags": ["synthetic", rng.choice(("easy", "medium", "hard"))],
                }
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                written += 1
            chunk += 1
    tmp.rename(path)


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc), 0 when gone."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return total


def _run(cmd: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in bytes (the largest of the process's own peak and its whole
    process tree's, sampled every 20 ms, so worker processes count) and stdout of one run."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read() if proc.stdout else b""
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    rss = max(usage.ru_maxrss * 1024, peak[0])
    print(
        f"  {Path(cmd[0]).name} {cmd[1]}...: wall {elapsed:.2f} s, cpu {cpu:.2f} s, "
        f"peak RSS {usage.ru_maxrss / 2**10:,.0f} MiB own, {peak[0] / 2**20:,.0f} MiB process tree"
    )
    return elapsed, rss, out.decode()


def _fresh(path: Path) -> Path:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)
    return path


_BASELINE = """
import duckdb, sys
con = duckdb.connect(sys.argv[1])
con.execute("SET enable_progress_bar = false")
con.execute("CREATE TABLE t AS SELECT * FROM read_json(?, format='newline_delimited')", [sys.argv[2]])
print(con.execute("SELECT count(*) FROM t").fetchone()[0])
con.close()
"""


def baseline(src: Path) -> tuple[float, int]:
    db = _fresh(OUT / "baseline.duckdb")
    elapsed, rss, out = _run([sys.executable, "-c", _BASELINE, str(db), str(src)])
    print(f"  baseline rows: {out.strip()}")
    return elapsed, rss


# The CLI with the worker processes' C scanner turned off (storage/formats/_flatscan.c), so the
# Python scan can be timed against it in the same run.
_PYTHON_SCAN = (
    "import sys; from storage.formats import flatjsonl; flatjsonl.NATIVE = False; "
    "from workbench.cli import app; sys.argv[0] = 'workbench'; app()"
)


def ours(src: Path, pairs: int, python_scan: bool = False) -> tuple[float, int]:
    store = _fresh(OUT / "ours.duckdb")
    entry = ["-c", _PYTHON_SCAN] if python_scan else ["-m", "workbench"]
    cmd = [sys.executable, *entry, "--store", str(store), "import", str(src), "--json"]
    elapsed, rss, out = _run(cmd)
    summary = json.loads(out)
    print(
        f"  ours{' (Python scan)' if python_scan else ''}: added {summary['added']:,}, errors {summary['errors']:,}"
    )
    if summary["added"] + summary["duplicates"] != pairs or summary["errors"]:
        raise SystemExit(f"unexpected import summary: {summary}")
    return elapsed, rss


def machine() -> str:
    model = platform.processor() or "?"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {mem:.0f} GiB, {model}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1_000_000)
    parser.add_argument("--input", type=Path, help="Use this JSONL file instead of generating one.")
    parser.add_argument(
        "--repeat", type=int, default=1, help="Rounds of (baseline, ours); medians are reported."
    )
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--python-scan-too",
        action="store_true",
        help="Also time each round with the C scanner off (the Python scan in the workers).",
    )
    args = parser.parse_args()
    src = args.input or OUT / f"pairs_{args.pairs}.jsonl"
    if not src.exists():
        print(f"writing {src} ...", flush=True)
        write_input(src, args.pairs)
    pairs = args.pairs
    if args.input:
        with src.open("rb") as fh:
            pairs = sum(1 for line in fh if line.strip())
    import duckdb

    print(f"machine: {machine()}, duckdb {duckdb.__version__}")
    print(f"input: {src} ({src.stat().st_size / 2**20:,.0f} MiB, {pairs:,} pairs)")
    # Alternate the two so a busy spell on a shared machine hits both alike.
    bases, mine, ratios, duck, duck_ratios = [], [], [], [], []
    for _ in range(args.repeat):
        if not args.skip_baseline:
            bases.append(baseline(src))
        mine.append(ours(src, pairs))
        if bases:
            ratios.append(mine[-1][0] / bases[-1][0])
        if args.python_scan_too:
            duck.append(ours(src, pairs, python_scan=True))
            if bases:
                duck_ratios.append(duck[-1][0] / bases[-1][0])
        print(f"  load average {os.getloadavg()[0]:.1f}", flush=True)
    if bases:
        wall = statistics.median(b[0] for b in bases)
        rss = max(b[1] for b in bases)
        print(f"baseline read_json: median {wall:.2f} s, peak RSS {rss / 2**20:,.0f} MiB")
    wall = statistics.median(m[0] for m in mine)
    rss = max(m[1] for m in mine)
    print(f"workbench import:   median {wall:.2f} s, peak RSS {rss / 2**20:,.0f} MiB")
    if duck:
        wall = statistics.median(m[0] for m in duck)
        listed = ", ".join(f"{r:.2f}" for r in duck_ratios)
        print(f"  (Python scan: median {wall:.2f} s, ratios [{listed}])")
    if ratios:
        ratio = statistics.median(ratios)
        verdict = "ok" if ratio <= 2.0 and rss <= 2 * 2**30 else "OVER TARGET"
        listed = ", ".join(f"{r:.2f}" for r in ratios)
        print(f"ratio: median {ratio:.2f}x of rounds [{listed}] (target <= 2.0x): {verdict}")


if __name__ == "__main__":
    main()
