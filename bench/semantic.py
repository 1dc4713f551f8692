"""Semantic dedup benchmark: our embedding path against plain `SentenceTransformer.encode`, and the
semantic stage full and incremental.

    .venv/bin/python bench/semantic.py [--compare 4000] [--pairs 100000] [--extra 0.01]

Input: the lines bench/dedup.py writes (run it first, or this script makes them): realistic QA
pairs, 5% exact and 5% near copies planted.

1. Same texts, same process, same model (the bundled all-MiniLM-L6-v2 on this machine's device):
   `model.encode(texts, normalize_embeddings=True)` (batch 32, its own length sort) against
   `workbench.curate.embed.embed_texts` (deduplicated texts, sorted by real token count, packed
   into token-budget batches), alternated twice; pairs/s of each, on all texts and on distinct
   texts only (so the gain from deduplication and from batching are told apart).
2. The real CLI on one store under bench/out/semantic/: import N → dedup --method semantic (full)
   → import N x extra → dedup --method semantic (incremental). Wall time, CPU time, peak RSS.
Copy the numbers into bench/RESULTS.md under "## Semantic" with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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


def compare(texts: list[str]) -> None:
    """Plain encode against ours on the same texts, alternated twice."""
    from workbench.curate import embed

    model = embed.load_model(None)
    model.encode(texts[:64])
    embed.embed_texts(model, texts[:64])
    distinct = sorted(set(texts))
    for label, sample in (("all texts", texts), ("distinct texts", distinct)):
        plain_s, ours_s = [], []
        for _ in range(2):
            start = time.perf_counter()
            model.encode(sample, normalize_embeddings=True)
            plain_s.append(time.perf_counter() - start)
            start = time.perf_counter()
            embed.embed_texts(model, sample)
            ours_s.append(time.perf_counter() - start)
        plain, ours = min(plain_s), min(ours_s)
        print(
            f"{label} ({len(sample):,}, device {model.device}): plain encode {len(sample) / plain:,.0f} pairs/s, "
            f"ours {len(sample) / ours:,.0f} pairs/s: {plain / ours:.2f}x "
            f"(runs plain {[round(x, 1) for x in plain_s]}, ours {[round(x, 1) for x in ours_s]})"
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
