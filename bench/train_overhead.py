"""Training overhead: our run (`training.run`) against a bare TRL `SFTTrainer`, same model, data, settings.

    .venv/bin/python bench/train_overhead.py [--steps 60] [--rounds 3] [--quant] [--threads 1]

Both sides train the tiny random Llama from `training.tiny` (built under bench/out/train/) with
LoRA on all linear layers, the same batch, learning rate, max length, optimizer, seed, logging
and checkpoint cadence, in this one process. Ours is the real entry point, `training.run.run`
on a run directory (its callbacks write metrics.jsonl and status.json every logging step);
the baseline is what a TRL user writes: a conversational prompt/completion dataset and
`SFTTrainer(..., peft_config=LoraConfig(...))`. Evaluation after training is off on our side,
since the baseline has none. Each round runs both, in alternating order, and asserts they saw
the same number of tokens. Two figures, each a median over rounds of ours / bare:
  - steps/s: the Trainer's own train_steps_per_second (the training loop; loading excluded);
  - steps per CPU-second: process CPU time over the same loop, which other jobs on a shared
    machine do not inflate (wall-clock steps/s swung 13-30 steps/s between identical runs on a
    loaded 2-core box).
One torch thread by default: on a busy 2-core machine, OpenMP spin-waits make tiny matrix
products 10x slower with two. Copy the printed numbers into bench/RESULTS.md under
"## Training" with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out" / "train"

FACTS = [
    ("Paris is the capital of France.", "What is the capital of France?", "Paris"),
    ("Rome is the capital of Italy.", "What is the capital of Italy?", "Rome"),
    ("The treaty was signed in 1648.", "When was the treaty signed?", "1648"),
    ("The river is 300 kilometres long.", "How long is the river?", "300 kilometres"),
]
ROWS = [
    {"id": f"p{i}", "context": c, "question": q, "answer": a}
    for i, (c, q, a) in enumerate(FACTS * 16)
]
SETTINGS = {
    "lora.r": 8,
    "lora.alpha": 16,
    "lora.dropout": 0.05,
    "train.batch_size": 4,
    "train.gradient_accumulation_steps": 1,
    "train.learning_rate": 1e-3,
    "train.lr_scheduler": "constant",
    "train.warmup_steps": 0,
    "train.max_length": 256,
    "train.logging_steps": 5,
    "train.eval_steps": 0,
    "train.save_steps": 1000,
    "train.optim": "adamw_torch",
    "train.seed": 7,
    "eval.after_training": False,
}


def ours(model: Path, steps: int, quant: bool, run_dir: Path) -> dict:
    """Our run on a fresh run directory; returns its final metrics."""
    from training.config import RunConfig, apply_overrides, save
    from training.run import run
    from training.rundir import RunPaths, read_status, write_split

    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    paths = RunPaths(run_dir)
    write_split(paths.train, ROWS)
    write_split(paths.eval, [])
    items = [f"{k}={json.dumps(v)}" for k, v in SETTINGS.items()]
    config = apply_overrides(RunConfig(), [*items, f"train.max_steps={steps}"])
    config.model.base_model = str(model)
    save(config, paths.config)
    assert run(run_dir, no_quant=not quant) == 0, read_status(paths.status)
    final = read_status(paths.status)["final"]
    assert len(paths.metrics.read_text().splitlines()) == steps // SETTINGS["train.logging_steps"]
    return {
        "steps_per_s": final["train_steps_per_second"],
        "runtime_s": final["train_runtime"],
        "tokens": final["num_tokens"],
        "steps_per_cpu_s": steps / final["train_cpu_s"],
    }


def bare(model: Path, steps: int, quant: bool, out_dir: Path) -> dict:
    """The same training written directly against TRL."""
    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import (
        AutoModelForCausalLM,
        AutoTokenizer,
        BitsAndBytesConfig,
        TrainerCallback,
    )
    from trl import SFTConfig, SFTTrainer

    class CpuClock(TrainerCallback):
        """The same process-CPU clock our MetricsWriter keeps, around the training loop."""

        def on_train_begin(self, args, state, control, **kwargs):
            self.start = time.process_time()

        def on_train_end(self, args, state, control, **kwargs):
            self.cpu_s = time.process_time() - self.start

    clock = CpuClock()
    shutil.rmtree(out_dir, ignore_errors=True)
    tokenizer = AutoTokenizer.from_pretrained(model)
    data = Dataset.from_list(
        [
            {
                "prompt": [
                    {
                        "role": "user",
                        "content": f"Context:\n{r['context']}\n\nQuestion: {r['question']}",
                    }
                ],
                "completion": [{"role": "assistant", "content": r["answer"]}],
            }
            for r in ROWS
        ]
    )
    kwargs = {"dtype": torch.float32}
    if quant:
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.float32,
        )
    s = SETTINGS
    trainer = SFTTrainer(
        model=AutoModelForCausalLM.from_pretrained(model, **kwargs),
        args=SFTConfig(
            output_dir=str(out_dir),
            max_steps=steps,
            per_device_train_batch_size=s["train.batch_size"],
            gradient_accumulation_steps=s["train.gradient_accumulation_steps"],
            learning_rate=s["train.learning_rate"],
            lr_scheduler_type=s["train.lr_scheduler"],
            warmup_steps=s["train.warmup_steps"],
            max_grad_norm=0.3,
            max_length=s["train.max_length"],
            logging_steps=s["train.logging_steps"],
            save_steps=s["train.save_steps"],
            optim=s["train.optim"],
            seed=s["train.seed"],
            data_seed=s["train.seed"],
            bf16=False,
            gradient_checkpointing=True,
            gradient_checkpointing_kwargs={"use_reentrant": False},
            report_to="none",
            disable_tqdm=True,
        ),
        train_dataset=data,
        processing_class=tokenizer,
        callbacks=[clock],
        peft_config=LoraConfig(
            r=s["lora.r"],
            lora_alpha=s["lora.alpha"],
            lora_dropout=s["lora.dropout"],
            target_modules="all-linear",
            task_type="CAUSAL_LM",
        ),
    )
    metrics = trainer.train().metrics
    tokens = [e["num_tokens"] for e in trainer.state.log_history if "num_tokens" in e][-1]
    return {
        "steps_per_s": metrics["train_steps_per_second"],
        "runtime_s": metrics["train_runtime"],
        "tokens": tokens,
        "steps_per_cpu_s": steps / clock.cpu_s,
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quant", action="store_true", help="QLoRA (4-bit NF4) on both sides.")
    parser.add_argument(
        "--threads", type=int, default=1, help="torch threads (0: torch's default)."
    )
    args = parser.parse_args()

    import torch
    import transformers
    import trl

    from training.tiny import build_tiny_llama

    if args.threads:
        torch.set_num_threads(args.threads)
    model = OUT / "tiny-llama"
    if not (model / "config.json").exists():
        build_tiny_llama(model)
    ratios, cpu_ratios, rows = [], [], []
    for i in range(args.rounds):
        order = ("ours", "bare") if i % 2 == 0 else ("bare", "ours")
        result = {}
        for side in order:
            fn = ours if side == "ours" else bare
            result[side] = fn(model, args.steps, args.quant, OUT / f"run-{side}")
        assert result["ours"]["tokens"] == result["bare"]["tokens"], (
            "both sides see the same tokens"
        )
        ratios.append(result["ours"]["steps_per_s"] / result["bare"]["steps_per_s"])
        cpu_ratios.append(result["ours"]["steps_per_cpu_s"] / result["bare"]["steps_per_cpu_s"])
        rows.append(result)
        print(
            f"round {i + 1} ({' then '.join(order)}): steps/s ours "
            f"{result['ours']['steps_per_s']:.2f}, bare {result['bare']['steps_per_s']:.2f} "
            f"(ratio {ratios[-1]:.3f}); steps per CPU-second ours "
            f"{result['ours']['steps_per_cpu_s']:.2f}, bare {result['bare']['steps_per_cpu_s']:.2f} "
            f"(ratio {cpu_ratios[-1]:.3f})",
            flush=True,
        )
    summary = {
        "machine": machine(),
        "torch_threads": torch.get_num_threads(),
        "versions": f"torch {torch.__version__}, transformers {transformers.__version__}, trl {trl.__version__}",
        "mode": "QLoRA 4-bit NF4" if args.quant else "LoRA (fp32)",
        "steps": args.steps,
        "rounds": args.rounds,
        "tokens_per_run": rows[0]["ours"]["tokens"],
        "ours_steps_per_s": [round(r["ours"]["steps_per_s"], 3) for r in rows],
        "bare_steps_per_s": [round(r["bare"]["steps_per_s"], 3) for r in rows],
        "ratio_median": round(statistics.median(ratios), 3),
        "cpu_ratio_median": round(statistics.median(cpu_ratios), 3),
        "best_of_ratio": round(
            max(r["ours"]["steps_per_s"] for r in rows)
            / max(r["bare"]["steps_per_s"] for r in rows),
            3,
        ),
        "cpu_best_of_ratio": round(
            max(r["ours"]["steps_per_cpu_s"] for r in rows)
            / max(r["bare"]["steps_per_cpu_s"] for r in rows),
            3,
        ),
        "load_average": os.getloadavg(),
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
