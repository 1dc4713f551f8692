"""Semantic dedup benchmark: our embedding path against plain `SentenceTransformer.encode`, and the
semantic stage full and incremental.

    .venv/bin/python bench/semantic.py [--compare 4000] [--pairs 100000] [--extra 0.01]

Input: the lines bench/dedup.py writes (run it first, or this script makes them): realistic QA
pairs, 5% exact and 5% near copies planted.

1. Same texts, same process, same model (the bundled all-MiniLM-L6-v2 on this machine's device):
   `model.encode(texts, normalize_embeddings=True)` (batch 32, its own length sort) against
   `workbench.curate.embed.embed_texts` (deduplicated texts, sorted by real token count, packed
   into token-budget batches, bfloat16 autocast where the CPU has bf16 units), in alternating
   rounds; median pairs/s and median per-round ratios (wall and CPU).
2. The real CLI on one store under bench/out/semantic/: import N → dedup --method semantic (full)
   → import N x extra → dedup --method semantic (incremental). Wall time, CPU time, peak RSS.
Copy the numbers into bench/RESULTS.md under "## Semantic" with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "semantic"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dedup import WORKBENCH, make_inputs, step  # noqa: E402


def head(src: Path, dst: Path, skip: int, n: int) -> Path:
    """Lines skip+1..skip+n of src (cached)."""
    if not dst.exists():
        with src.open("rb") as fh, dst.open("wb") as out:
            for i, line in enumerate(fh):
                if i >= skip + n:
                    break
                if i >= skip:
                    out.write(line)
    return dst


def compare(texts: list[str], rounds: int = 6) -> None:
    """Plain encode against ours on the same texts, in alternating rounds of a slice each; the
    median per-round ratio of wall and of CPU time (other jobs on a shared machine move both
    sides of a round alike)."""
    from workbench.curate import embed

    model = embed.load_model(None)
    model.encode(texts[:64])
    embed.embed_texts(model, texts[:64])
    size = len(texts) // rounds
    walls, cpus, plain_rate, ours_rate = [], [], [], []
    for r in range(rounds):
        sample = texts[r * size : (r + 1) * size]
        timing = {}
        sides = [
            ("plain", lambda s=sample: model.encode(s, normalize_embeddings=True)),
            ("ours", lambda s=sample: embed.embed_texts(model, s)),
        ]
        for name, run in sides if r % 2 == 0 else sides[::-1]:
            wall, cpu = time.perf_counter(), time.process_time()
            run()
            timing[name] = (time.perf_counter() - wall, time.process_time() - cpu)
        walls.append(timing["plain"][0] / timing["ours"][0])
        cpus.append(timing["plain"][1] / timing["ours"][1])
        plain_rate.append(len(sample) / timing["plain"][0])
        ours_rate.append(len(sample) / timing["ours"][0])
    med = statistics.median
    print(
        f"{len(texts):,} texts in {rounds} rounds (device {model.device}, bf16 autocast "
        f"{embed.cpu_has_bf16() and model.device.type == 'cpu'}): plain encode {med(plain_rate):,.0f} "
        f"pairs/s, ours {med(ours_rate):,.0f} pairs/s; ratio wall {med(walls):.2f}x "
        f"(rounds {[round(x, 2) for x in walls]}), CPU {med(cpus):.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--compare", type=int, default=4_000, help="texts for the encode comparison"
    )
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--extra", type=float, default=0.01)
    parser.add_argument("--skip-compare", action="store_true")
    args = parser.parse_args()
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, python {platform.python_version()}"
    )
    source, _ = make_inputs(1_000_000, 10_000)
    OUT.mkdir(parents=True, exist_ok=True)
    extra = int(args.pairs * args.extra)
    base = head(source, OUT / f"base_{args.pairs}.jsonl", 0, args.pairs)
    more = head(source, OUT / f"extra_{args.pairs}_{extra}.jsonl", args.pairs, extra)

    if not args.skip_compare:
        texts = []
        with base.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                texts.append(f"{rec['question']}\n{rec['answer']}")
                if len(texts) >= args.compare:
                    break
        compare(texts)

    store = OUT / f"store_{args.pairs}.duckdb"
    for suffix in ("", ".wal"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    cli = [*WORKBENCH, "--store", str(store)]
    step([*cli, "import", str(base), "--json"])
    run = [*cli, "dedup", "--method", "semantic", "--json"]
    full = step(run)
    report = full["json"]["stages"]["semantic"]  # type: ignore[index]
    print(
        f"full semantic ({args.pairs:,}): {full['seconds']}s wall, {full['cpu_s']}s CPU, "
        f"peak RSS {full['rss_mib']} MiB; stage {report['seconds']}s {report.get('timings')}, "
        f"{report.get('pairs_written')} pairs in clusters"
    )
    step([*cli, "import", str(more), "--json"])
    inc = step(run)
    inc_report = inc["json"]["stages"]["semantic"]  # type: ignore[index]
    print(
        f"incremental (+{extra:,}): {inc['seconds']}s wall, {inc['cpu_s']}s CPU, peak RSS "
        f"{inc['rss_mib']} MiB; stage {inc_report['seconds']}s {inc_report.get('timings')} = "
        f"{100 * inc_report['seconds'] / report['seconds']:.1f}% of the full stage"
    )


if __name__ == "__main__":
    main()
