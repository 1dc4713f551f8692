"""Does curation pay? Train the same base model on raw, curated and random-of-the-same-size data.

With the same base model, settings, seed and number of optimizer steps, LoRA adapters are trained on
(a) the raw set, (b) the curated subset (error flags rejected, duplicate clusters collapsed to their
representatives, then `select` to a budget) and (c) a random subset the size of (b). Each adapter
and the base model are scored on the same clean held-out split (sample_data/eval.jsonl: passages
never used for training; eval items that leaked into the training files are dropped) with SQuAD EM
and token F1, and on a small general probe set (bench/probe.jsonl) to see what each forgot.

Everything runs through the real CLI (`workbench import/analyze/dedup/select/train`), so the numbers
are what a curator would get. It takes a long time on a CPU: `--steps` and `--seeds` trade time for
confidence; the table says what was run.

    python bench/curation_gain.py                      # 3 seeds, 60 steps each
    python bench/curation_gain.py --seeds 1 --steps 10 --eval-limit 20   # a quick look

Seeds can run as separate processes on one built store (each its own copy, since a store has one
writer) and be rendered as one table:

    python bench/curation_gain.py --seeds 1 --first-seed 13 --out a.json
    cp bench/out/gain.duckdb /tmp/s14.duckdb
    python bench/curation_gain.py --store /tmp/s14.duckdb --reuse-store --first-seed 14 --seeds 1 \
        --runs-dir /tmp/runs14 --out b.json
    python bench/curation_gain.py --combine a.json b.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.db import open_store  # noqa: E402
from storage.decisions import record, undo  # noqa: E402
from storage.subsets import freeze  # noqa: E402
from training.base_models import prepare  # noqa: E402

WORKBENCH = [sys.executable, "-m", "workbench"]
ARMS = ("raw", "curated", "random")


def cli(store: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run one workbench command against the bench store, echoing it."""
    cmd = [*WORKBENCH, "--store", str(store), *args]
    print("$ workbench", " ".join(args), flush=True)
    done = subprocess.run(
        cmd, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"}
    )
    if check and done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stdout}\n{done.stderr}")
    return done


def build_store(store: Path) -> None:
    """Import the sample, register the eval set, analyse everything, import the held-out items."""
    cli(
        store, "import", str(ROOT / "sample_data" / "pairs"), check=False
    )  # planted bad lines: exit 1
    cli(store, "evalset", "add", str(ROOT / "sample_data" / "eval.jsonl"))
    cli(store, "analyze")
    cli(store, "import", str(ROOT / "sample_data" / "eval.jsonl"), "--source", "heldout")


def heldout_ids(con: Any) -> list[str]:
    """Held-out pairs, minus those whose eval item leaked into the training files."""
    leaked = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT evidence->>'eval_id' FROM flags WHERE code = 'eval_contamination'"
        ).fetchall()
    }
    rows = con.execute(
        "SELECT id, meta->>'id' FROM pairs WHERE source = 'heldout' ORDER BY seq"
    ).fetchall()
    return [pid for pid, eval_id in rows if eval_id not in leaked]


def make_subsets(
    store: Path, budget: int | None, eval_limit: int | None, seed: int
) -> dict[str, int]:
    """raw, curated and random subsets, each with the same held-out pairs as its eval split."""
    with open_store(store) as con:
        before = con.execute("SELECT coalesce(max(batch), 0) FROM decision_batches").fetchall()[0][
            0
        ]
    cli(store, "dedup", "--method", "exact,near,semantic", "--apply", "default")
    with open_store(store) as con:
        record(
            con,
            "SELECT DISTINCT pair_id AS id FROM flags WHERE severity = 'error'",
            "reject",
            by="bench",
        )
        eligible = con.execute(
            "SELECT count(*) FROM current_pairs WHERE status <> 'rejected' AND source <> 'heldout'"
        ).fetchall()[0][0]
    budget = budget or int(eligible * 0.8)
    cli(store, "select", "--budget", str(budget), "--name", "gain-selected", "--seed", str(seed))
    with open_store(store) as con:
        held = heldout_ids(con)[: eval_limit or None]
        raw = [
            r[0]
            for r in con.execute(
                "SELECT id FROM pairs WHERE source <> 'heldout' ORDER BY seq"
            ).fetchall()
        ]
        curated = [
            r[0]
            for r in con.execute(
                "SELECT m.pair_id FROM subset_members m JOIN pairs p ON p.id = m.pair_id "
                "WHERE m.name = 'gain-selected' AND p.source <> 'heldout' "
                "AND m.version = (SELECT max(version) FROM subsets WHERE name = 'gain-selected')"
            ).fetchall()
        ]
        rand = random.Random(seed).sample(raw, len(curated))
        # Training leaves rejected pairs out, and the raw and random arms must train on the data as
        # generated: undo the curation batches (the curated arm is already a frozen selection).
        made = con.execute(
            "SELECT count(*) FROM decision_batches WHERE batch > ?", [before]
        ).fetchall()[0][0]
        for _ in range(made):
            undo(con, by="bench")
        sizes = {}
        for name, ids in (("gain-raw", raw), ("gain-curated", curated), ("gain-random", rand)):
            splits = {i: "train" for i in ids} | {i: "eval" for i in held}
            freeze(con, name, ids=[*ids, *held], splits=splits, note="curation-gain bench")
            sizes[name.removeprefix("gain-")] = len(ids)
        sizes["eval"] = len(held)
    return sizes


def stored_sizes(store: Path) -> dict[str, int]:
    """Train and eval sizes of the arms' subsets in a store built by an earlier run."""
    with open_store(store, read_only=True) as con:
        rows = con.execute(
            "SELECT s.name, m.split, count(*) FROM subset_members m JOIN subsets s "
            "ON s.name = m.name AND s.version = m.version "
            "WHERE s.name LIKE 'gain-%' AND s.name <> 'gain-selected' "
            "AND s.version = (SELECT max(version) FROM subsets WHERE name = s.name) "
            "GROUP BY ALL"
        ).fetchall()
    sizes = {name.removeprefix("gain-"): n for name, split, n in rows if split == "train"}
    sizes["eval"] = next(n for name, split, n in rows if split == "eval")
    return sizes


def probe_scores(adapter: Path | None, base_model: Path, probes: list[dict[str, Any]]) -> float:
    """Share of probe questions whose answer appears in the greedy reply (containment, normalised)."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from training.evaluate import generate
    from training.prompts import Formatter
    from training.squad import normalize

    tokenizer = AutoTokenizer.from_pretrained(base_model)
    model = AutoModelForCausalLM.from_pretrained(base_model)
    if adapter is not None:
        model = PeftModel.from_pretrained(model, adapter)
    rows = [{"question": p["question"], "context": None, "answer": p["answer"]} for p in probes]
    answers = generate(model, Formatter(tokenizer), rows, max_new_tokens=24, batch_size=8)
    hits = [normalize(p["answer"]) in normalize(a) for p, a in zip(probes, answers, strict=True)]
    return sum(hits) / len(hits)


def train_arm(
    store: Path, arm: str, seed: int, steps: int, base: Path, runs_dir: Path, score_base: bool
) -> dict[str, Any]:
    """One adapter: blocking `workbench train`, then read back its scores from the run.

    The base model is scored once (greedy decoding makes it the same every run), not per arm.
    """
    started = time.perf_counter()
    done = cli(
        store,
        "train",
        "--subset",
        f"gain-{arm}",
        "--base-model",
        str(base),
        "--no-quant",
        "--runs-dir",
        str(runs_dir),
        "--set",
        f"train.max_steps={steps}",
        "--set",
        f"train.seed={seed}",
        "--set",
        "train.logging_steps=1",
        "--set",
        "train.eval_steps=0",
        "--set",
        "train.save_steps=1000",
        "--set",
        "train.max_length=512",
        "--set",
        "train.gradient_accumulation_steps=1",
        "--set",
        "lora.r=16",
        "--set",
        "lora.alpha=32",
        "--set",
        "eval.train_loss=false",
        "--set",
        "eval.max_new_tokens=32",
        "--set",
        f"eval.base={'true' if score_base else 'false'}",
        "--json",
    )
    run = json.loads(done.stdout)
    run["wall_s"] = round(time.perf_counter() - started, 1)
    return run


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", type=Path, default=ROOT / "bench" / "out" / "gain.duckdb")
    parser.add_argument("--runs-dir", type=Path, default=ROOT / "bench" / "out" / "gain_runs")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument(
        "--budget", type=int, default=None, help="Curated size (default: 80%% of eligible)."
    )
    parser.add_argument(
        "--eval-limit", type=int, default=None, help="Score only the first N held-out items."
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "curation_gain.json")
    parser.add_argument("--first-seed", type=int, default=13)
    parser.add_argument(
        "--reuse-store",
        action="store_true",
        help="Train on the subsets an earlier run built in --store instead of rebuilding it.",
    )
    parser.add_argument(
        "--no-base",
        action="store_true",
        help="Do not score the base model (another seed's process already does).",
    )
    parser.add_argument(
        "--combine",
        type=Path,
        nargs="+",
        help="Render one table from the --out files of runs over different seeds, then stop.",
    )
    args = parser.parse_args()
    if args.combine:
        print(render_saved(combine([json.loads(p.read_text()) for p in args.combine])))
        return

    base = prepare("smollm2", say=print)
    args.store.parent.mkdir(parents=True, exist_ok=True)
    if args.reuse_store:
        sizes = stored_sizes(args.store)
    else:
        if args.store.exists():
            args.store.unlink()
        build_store(args.store)
        sizes = make_subsets(args.store, args.budget, args.eval_limit, seed=13)
    print("sizes:", sizes, flush=True)
    probes = [
        json.loads(line) for line in (ROOT / "bench" / "probe.jsonl").read_text().splitlines()
    ]

    results: dict[str, list[dict[str, Any]]] = {arm: [] for arm in ARMS}
    base_scores: dict[str, Any] = {}
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        for arm in ARMS:
            run = train_arm(
                args.store,
                arm,
                seed,
                args.steps,
                base,
                args.runs_dir,
                score_base=not (base_scores or args.no_base),
            )
            if run.get("status") != "completed":
                raise SystemExit(
                    f"{arm} seed {seed}: run {run.get('run_id')} {run.get('status')}: {run.get('error')}"
                )
            scores = (run.get("final") or {}).get("scores") or {}
            run_dir = Path(run["run_dir"])
            adapter = run_dir / "adapter"
            curve = [
                json.loads(line)
                for line in (run_dir / "metrics.jsonl").read_text().splitlines()
                if line
            ]
            row = {
                "seed": seed,
                "run_id": run.get("run_id"),
                "em": (scores.get("adapter") or {}).get("em"),
                "f1": (scores.get("adapter") or {}).get("f1"),
                "probe": probe_scores(adapter, base, probes),
                "train_pairs": sizes[arm],
                "steps": args.steps,
                "wall_s": run["wall_s"],
                "loss_curve": [
                    (m["step"], m.get("loss")) for m in curve if m.get("loss") is not None
                ],
            }
            results[arm].append(row)
            base_scores = scores.get("base") or base_scores
            print(arm, {k: v for k, v in row.items() if k != "loss_curve"}, flush=True)
            save(args.out, sizes, base_scores, None, results)  # a cut-off run keeps its arms
    base_probe = None if args.no_base else probe_scores(None, base, probes)
    save(args.out, sizes, base_scores, base_probe, results)
    print(render(results, base_scores, base_probe, sizes))


def save(
    out: Path,
    sizes: dict[str, int],
    base: dict[str, Any],
    base_probe: float | None,
    runs: dict[str, list[dict[str, Any]]],
) -> None:
    """Write what has been measured so far (after every arm, so nothing is lost to a cut-off)."""
    payload = {"sizes": sizes, "base": base, "base_probe": base_probe, "runs": runs}
    out.write_text(json.dumps(payload, indent=2))


def combine(saved: list[dict[str, Any]]) -> dict[str, Any]:
    """Merge runs over different seeds of the same store into one result."""
    merged: dict[str, Any] = {"sizes": saved[0]["sizes"], "base": {}, "base_probe": None}
    merged["runs"] = {arm: [] for arm in ARMS}
    for part in saved:
        if part["sizes"] != merged["sizes"]:
            raise SystemExit(f"different stores: {part['sizes']} vs {merged['sizes']}")
        merged["base"] = merged["base"] or part["base"]
        if merged["base_probe"] is None:  # a probe score of 0.0 is a score
            merged["base_probe"] = part["base_probe"]
        for arm in ARMS:
            merged["runs"][arm].extend(part["runs"].get(arm, []))
    return merged


def render_saved(saved: dict[str, Any]) -> str:
    """The table of a saved (or combined) result."""
    return render(saved["runs"], saved["base"], saved["base_probe"], saved["sizes"])


def _spread(values: list[float | None]) -> str:
    clean = [v for v in values if v is not None]
    if not clean:
        return "-"
    mean = statistics.mean(clean)
    sd = statistics.stdev(clean) if len(clean) > 1 else 0.0
    return f"{mean:.3f} ± {sd:.3f}"


def render(
    results: dict[str, list[dict[str, Any]]],
    base: dict[str, Any],
    base_probe: float | None,
    sizes: dict[str, int],
) -> str:
    """One markdown table: EM, F1, probe (mean ± sd over seeds), pairs, steps, wall time."""
    probe_text = "-" if base_probe is None else f"{base_probe:.3f}"
    lines = [
        "| model | EM | F1 | probe | train pairs | steps | wall s (mean) |",
        "|---|---|---|---|---|---|---|",
        f"| base (no adapter) | {base.get('em', '-')} | {base.get('f1', '-')} | {probe_text} | 0 | 0 | - |",
    ]
    for arm, rows in results.items():
        lines.append(
            f"| {arm} | {_spread([r['em'] for r in rows])} | {_spread([r['f1'] for r in rows])} | "
            f"{_spread([r['probe'] for r in rows])} | {sizes[arm]} | {rows[0]['steps'] if rows else '-'} | "
            f"{statistics.mean(r['wall_s'] for r in rows) if rows else 0:.0f} |"
        )
    lines.append(
        f"\nheld-out eval items: {sizes['eval']}; seeds: {len(next(iter(results.values())))}"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
