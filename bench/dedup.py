"""Lexical dedup benchmark: our exact + near stages against a plain datasketch loop, full and incremental.

    .venv/bin/python bench/dedup.py [--pairs 1000000] [--extra 0.01] [--baseline 200000]

Input: the distinct question/answer/context texts of a `sample_data/generate.py --scale` run
(about 4,500: the scale generator recombines the sample, so its own lines repeat each text
hundreds of times), rewritten per pair into mostly distinct pairs (see `_variant`), with 5% exact
and 5% one-word near copies planted. The first N lines form the store; the next N x extra lines
are the new pairs.

1. Same texts, same process: the plain datasketch loop (one `MinHash` per pair, `update` per
   word shingle, `MinHashLSH` insert, then a query per pair) against our path (vectorised
   shingles and signatures, banded LSH, real-Jaccard verification, union-find) on the first
   --baseline pairs' question+answer text. Both use word shingles (k = 1), 128 permutations,
   threshold 0.8.
2. The real CLI, each step its own process on one store under bench/out/dedup/:
   import N → dedup (full) → dedup (nothing new) → import extra → dedup (incremental), the
   last --repeats times on fresh copies of the store before it (median reported).
   Wall time, CPU time and peak RSS per step (os.wait4).
Copy the numbers into bench/RESULTS.md under "## Dedup" with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "dedup"
WORKBENCH = [sys.executable, "-m", "workbench"]
sys.path.insert(0, str(ROOT))


def make_inputs(pairs: int, extra: int) -> tuple[Path, Path]:
    """Base and extra JSONL (cached): realistic, mostly distinct pairs with planted duplicates."""
    base, more = OUT / f"base_{pairs}.jsonl", OUT / f"extra_{pairs}_{extra}.jsonl"
    if base.exists() and more.exists():
        return base, more
    OUT.mkdir(parents=True, exist_ok=True)
    templates = _templates()
    rng = random.Random(20240611)
    with base.open("w", encoding="utf-8") as b, more.open("w", encoding="utf-8") as m:
        previous: tuple[str, str, str] | None = None
        for i in range(pairs + extra):
            context, question, answer = _variant(templates, i, rng, previous)
            previous = (context, question, answer)
            record = {
                "uid": f"d-{i:09d}",
                "context": context,
                "question": question,
                "answer": answer,
            }
            (b if i < pairs else m).write(json.dumps(record, ensure_ascii=False) + "\n")
    return base, more


def _templates() -> list[tuple[str, str, str]]:
    """The distinct (context, question, answer) texts of a small `generate.py --scale` run."""
    tmp = OUT / "scale"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "sample_data" / "generate.py"),
            "--scale",
            "60000",
            "--out",
            str(tmp),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seen: dict[tuple[str, str], str] = {}
    with (tmp / "generated.jsonl").open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
                q, a = str(rec["question"]), str(rec["answer"])
            except (ValueError, KeyError, TypeError):
                continue
            if q.strip() and a.strip():
                seen.setdefault((q, a), str(rec.get("context") or ""))
    (tmp / "generated.jsonl").unlink()
    return [(c, q, a) for (q, a), c in sorted(seen.items())]


_WORD = re.compile(r"[A-Za-z]{3,}")


def _variant(
    templates: list[tuple[str, str, str]],
    i: int,
    rng: random.Random,
    previous: tuple[str, str, str] | None,
) -> tuple[str, str, str]:
    """Pair i: 90% a distinct rewrite of a template (each word of 3+ letters gets a family-specific
    suffix with probability 1/2, so two rewrites of one template share about a third of their
    words; rephrased templates rewritten by the same family stay near-duplicates, as a generator's
    rephrasings are),
    5% an exact copy of the previous pair (case and punctuation changed), 5% a near copy (one word
    dropped or replaced)."""
    roll = rng.random()
    if previous is not None and roll < 0.05:
        c, q, a = previous
        return c, q.lower().rstrip("?") + " ?", a
    if previous is not None and roll < 0.10:
        c, q, a = previous
        words = q.split()
        k = rng.randrange(len(words))
        words[k] = "the" if rng.random() < 0.5 else words[k] + "s"
        return c, " ".join(words), a
    context, question, answer = templates[i % len(templates)]
    family = i // len(templates)

    def rewrite(text: str) -> str:
        return _WORD.sub(lambda m: _suffix(m.group(0), family), text)

    # A numbered sentence keeps every context (so every pair) distinct; copies keep their
    # original's context, as the sample's planted duplicates do.
    return f"{context} Record {i}.", rewrite(question), rewrite(answer)


def _suffix(word: str, family: int) -> str:
    h = zlib.crc32(f"{family}:{word.lower()}".encode())
    return word if h % 2 else f"{word}{'xyzqvkj'[h % 7]}{family}"


def step(args: list[str]) -> dict[str, object]:
    """Run one CLI step in its own process: wall and CPU seconds (CPU is what to compare on a
    shared machine), peak RSS (MiB), parsed --json output."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.stdout.read(), proc.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    try:
        data = json.loads(out) if out.strip() else None
    except json.JSONDecodeError:
        data = None
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({code}): {err.decode()[-2000:]}")
    return {
        "seconds": round(seconds, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "rss_mib": round(usage.ru_maxrss / 1024),
        "json": data,
    }


def texts_of(path: Path, n: int) -> list[str]:
    """question + newline + answer of the first n parseable lines (what the near stage hashes)."""
    texts = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
                texts.append(f"{rec['question']}\n{rec['answer']}")
            except (ValueError, KeyError, TypeError):
                continue
            if len(texts) >= n:
                break
    return texts


def plain_datasketch(texts: list[str], threshold: float, num_perm: int) -> tuple[float, float, int]:
    """The loop a user would write: MinHash per text, update per word, insert, then query all."""
    from datasketch import MinHash, MinHashLSH

    word = re.compile(r"\w+")
    start, cpu = time.perf_counter(), time.process_time()
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sketches = []
    for i, text in enumerate(texts):
        m = MinHash(num_perm=num_perm)
        for w in set(word.findall(text.lower())):
            m.update(w.encode("utf-8"))
        lsh.insert(i, m)
        sketches.append(m)
    pairs = set()
    for i, m in enumerate(sketches):
        for j in lsh.query(m):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return time.perf_counter() - start, time.process_time() - cpu, len(pairs)


def ours(texts: list[str], threshold: float, num_perm: int) -> tuple[float, float, int, int]:
    """Our in-memory path on the same texts, including verification and union-find."""
    import numpy as np
    import pyarrow as pa

    from workbench.curate import lsh, minhash
    from workbench.curate.shingleset import ShingleSets
    from workbench.curate.unionfind import components, groups

    start, cpu = time.perf_counter(), time.process_time()
    shingles = minhash.shingle(texts, 1)
    sigs = minhash.signatures(shingles, num_perm)
    keys = lsh.band_keys(sigs, *lsh.params(threshold, num_perm))
    empty = sigs[:, 0] == minhash.MAX32
    sets = ShingleSets(pa.array(np.arange(len(texts)).astype(str)), lambda ids: None, 1)  # type: ignore[arg-type,return-value]
    sets.add(np.arange(len(texts)), shingles)
    found = lsh.search(keys, empty, lambda a, b: sets.jaccard(a, b) >= threshold)
    nodes, _ = groups(components(len(texts), *found.edges()))
    return time.perf_counter() - start, time.process_time() - cpu, found.tested, len(nodes)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=int, default=1_000_000)
    parser.add_argument("--extra", type=float, default=0.01)
    parser.add_argument(
        "--baseline", type=int, default=200_000, help="pairs for the datasketch comparison"
    )
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="incremental runs, each on a fresh copy of the store before it (median reported: "
        "on a shared machine one short run is noisy)",
    )
    args = parser.parse_args()
    extra = int(args.pairs * args.extra)
    base, more = make_inputs(args.pairs, extra)
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, python {platform.python_version()}"
    )

    if not args.skip_baseline:
        texts = texts_of(base, args.baseline)
        ours_s, ours_cpu, candidates, clustered = ours(texts, 0.8, 128)
        plain_s, plain_cpu, plain_pairs = plain_datasketch(texts, 0.8, 128)
        print(
            f"same {len(texts):,} texts: plain datasketch {plain_s:.1f}s wall / {plain_cpu:.1f}s CPU "
            f"({len(texts) / plain_s:,.0f}/s, {plain_pairs:,} candidate pairs, not verified); ours "
            f"{ours_s:.1f}s wall / {ours_cpu:.1f}s CPU ({len(texts) / ours_s:,.0f}/s, {candidates:,} "
            f"candidates verified, {clustered:,} pairs clustered): {plain_s / ours_s:.1f}x wall, "
            f"{plain_cpu / ours_cpu:.1f}x CPU"
        )

    store = OUT / f"store_{args.pairs}.duckdb"
    for suffix in ("", ".wal"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    cli = [*WORKBENCH, "--store", str(store)]
    imported = step([*cli, "import", str(base), "--json"])
    print(f"import {args.pairs:,}: {imported['seconds']}s")
    dedup = [*cli, "dedup", "--method", "exact,near", "--json"]
    full = step(dedup)
    stages = full["json"]["stages"]  # type: ignore[index]
    print(
        f"full dedup: {full['seconds']}s wall, {full['cpu_s']}s CPU, peak RSS {full['rss_mib']} MiB; "
        f"exact {stages['exact']['seconds']}s, "
        f"near {stages['near']['seconds']}s {stages['near'].get('timings')}"
    )
    print(f"clusters: {json.dumps(full['json']['clusters'])}")  # type: ignore[index]
    noop = step(dedup)
    print(f"nothing new: {noop['seconds']}s wall, {noop['cpu_s']}s CPU")
    step([*cli, "import", str(more), "--json"])
    before = OUT / f"store_{args.pairs}_before_incremental.duckdb"
    shutil.copyfile(store, before)
    runs = [step(dedup)]
    for _ in range(args.repeats - 1):
        Path(f"{store}.wal").unlink(missing_ok=True)
        shutil.copyfile(before, store)
        runs.append(step(dedup))
    work = lambda s: s["exact"]["seconds"] + s["near"]["seconds"]  # noqa: E731
    for inc in runs:
        inc_stages = inc["json"]["stages"]  # type: ignore[index]
        print(
            f"incremental (+{extra:,}): {inc['seconds']}s wall, {inc['cpu_s']}s CPU "
            f"({100 * inc['cpu_s'] / full['cpu_s']:.1f}% of the full run's), peak RSS {inc['rss_mib']} MiB; "
            f"stages {work(inc_stages):.2f}s (exact {inc_stages['exact']['seconds']}s) vs full "
            f"{work(stages):.2f}s = {100 * work(inc_stages) / work(stages):.1f}%; "
            f"wall {100 * inc['seconds'] / full['seconds']:.1f}%; near {inc_stages['near'].get('timings')}"
        )
    mid = sorted(runs, key=lambda r: work(r["json"]["stages"]))[len(runs) // 2]  # type: ignore[index]
    cpu = sorted(r["cpu_s"] for r in runs)[len(runs) // 2]
    print(
        f"median of {len(runs)}: stages {work(mid['json']['stages']):.2f}s = "  # type: ignore[index]
        f"{100 * work(mid['json']['stages']) / work(stages):.1f}% of the full run's; "  # type: ignore[index]
        f"process CPU {cpu}s = {100 * cpu / full['cpu_s']:.1f}%"
    )


if __name__ == "__main__":
    main()
