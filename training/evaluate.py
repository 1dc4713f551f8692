"""Scoring a run: generate answers for the eval split (adapter, and the base model to compare),
score them with SQuAD EM/F1, and record per-pair loss; all of it lands in predictions.parquet.

`python -m training.evaluate RUN_DIR [--base]` scores a finished run's adapter on its own.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from training.config import RunConfig, load, validate
from training.errors import DataError, RunError
from training.prompts import IGNORE, Formatter
from training.rundir import RunPaths, read_split, read_status
from training.squad import score

log = logging.getLogger(__name__)
MODELS = ("adapter", "base")


class Stopped(Exception):
    """A stop was requested between evaluation batches."""


def _chunks(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _check(stop: threading.Event | None) -> None:
    if stop is not None and stop.is_set():
        raise Stopped


def _stop_ids(model: Any, formatter: Formatter) -> list[int]:
    """EOS plus any end-of-turn ids the model's generation config lists."""
    ids = {formatter.eos_id}
    extra = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
    if isinstance(extra, int):
        ids.add(extra)
    elif extra:
        ids.update(extra)
    return sorted(ids)


def generate(
    model: Any,
    formatter: Formatter,
    rows: list[dict[str, Any]],
    *,
    max_new_tokens: int,
    batch_size: int,
    stop: threading.Event | None = None,
) -> list[str]:
    """Greedy answers, one per row, prompts left-padded into batches."""
    import torch

    tokenizer = formatter.tokenizer
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else formatter.eos_id
    device = next(model.parameters()).device
    answers: list[str] = []
    model.eval()
    for batch in _chunks(rows, batch_size):
        _check(stop)
        prompts = [formatter.prompt_ids(r) for r in batch]
        width = max(len(p) for p in prompts)
        ids = torch.tensor([[pad] * (width - len(p)) + p for p in prompts], device=device)
        mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in prompts], device=device)
        with torch.inference_mode():
            out = model.generate(
                input_ids=ids,
                attention_mask=mask,
                max_new_tokens=max_new_tokens,
                do_sample=False,
                eos_token_id=_stop_ids(model, formatter),
                pad_token_id=pad,
                use_cache=True,
            )
        answers.extend(
            tokenizer.decode(row, skip_special_tokens=True).strip() for row in out[:, width:]
        )
    return answers


def example_losses(
    model: Any,
    formatter: Formatter,
    rows: list[dict[str, Any]],
    *,
    batch_size: int,
    max_length: int,
    stop: threading.Event | None = None,
) -> list[float | None]:
    """Mean loss over each row's trained (answer + EOS) tokens, truncated as in training."""
    import torch
    import torch.nn.functional as F

    pad = formatter.tokenizer.pad_token_id or 0
    device = next(model.parameters()).device
    losses: list[float | None] = []
    model.eval()
    for batch in _chunks(rows, batch_size):
        _check(stop)
        encoded = [formatter.encode(r) for r in batch]
        seqs = [(e.input_ids[:max_length], e.labels[:max_length]) for e in encoded]
        width = max(len(ids) for ids, _ in seqs)
        ids = torch.tensor([i + [pad] * (width - len(i)) for i, _ in seqs], device=device)
        labels = torch.tensor([lb + [IGNORE] * (width - len(lb)) for _, lb in seqs], device=device)
        mask = torch.tensor([[1] * len(i) + [0] * (width - len(i)) for i, _ in seqs], device=device)
        with torch.inference_mode():
            logits = model(input_ids=ids, attention_mask=mask).logits[:, :-1].float()
        target = labels[:, 1:]
        per_token = F.cross_entropy(
            logits.transpose(1, 2), target, ignore_index=IGNORE, reduction="none"
        )
        counts = (target != IGNORE).sum(dim=1)
        sums = per_token.sum(dim=1)
        losses.extend(
            float(s / n) if n > 0 else None
            for s, n in zip(sums.tolist(), counts.tolist(), strict=True)
        )
    return losses


@contextlib.contextmanager
def _as(model: Any, which: str) -> Iterator[Any]:
    """The model with its adapter on ('adapter') or off ('base')."""
    if which == "base" and hasattr(model, "disable_adapter"):
        with model.disable_adapter():
            yield model
    else:
        yield model


def evaluate_model(
    model: Any,
    formatter: Formatter,
    config: RunConfig,
    *,
    train_rows: list[dict[str, Any]],
    eval_rows: list[dict[str, Any]],
    models: tuple[str, ...] = MODELS,
    stop: threading.Event | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Prediction rows (pair_id, split, model, prediction, em, f1, loss) and their summary."""
    cfg, max_length = config.eval, config.train.max_length
    rows: list[dict[str, Any]] = []
    summary: dict[str, Any] = {}
    for which in models:
        with _as(model, which) as m:
            answers = generate(
                m,
                formatter,
                eval_rows,
                max_new_tokens=cfg.max_new_tokens,
                batch_size=cfg.batch_size,
                stop=stop,
            )
            losses = example_losses(
                m, formatter, eval_rows, batch_size=cfg.batch_size, max_length=max_length, stop=stop
            )
            scored = []
            for row, answer, loss in zip(eval_rows, answers, losses, strict=True):
                em, f1 = score(answer, row["answer"] or "", bool(row["answerable"]))
                scored.append((em, f1))
                rows.append(_row(row["id"], "eval", which, answer, em, f1, loss))
            n = len(scored)
            summary[which] = {
                "n": n,
                "em": round(sum(s[0] for s in scored) / n, 4) if n else None,
                "f1": round(sum(s[1] for s in scored) / n, 4) if n else None,
                "eval_loss": _mean(losses),
            }
            if which == "adapter" and cfg.train_loss:
                train_losses = example_losses(
                    m,
                    formatter,
                    train_rows,
                    batch_size=cfg.batch_size,
                    max_length=max_length,
                    stop=stop,
                )
                rows.extend(
                    _row(r["id"], "train", which, None, None, None, loss)
                    for r, loss in zip(train_rows, train_losses, strict=True)
                )
                summary[which]["train_loss"] = _mean(train_losses)
    return rows, summary


def _row(pair_id, split, model, prediction, em, f1, loss) -> dict[str, Any]:
    return {
        "pair_id": pair_id,
        "split": split,
        "model": model,
        "prediction": prediction,
        "em": em,
        "f1": f1,
        "loss": loss,
    }


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 4) if known else None


def write_predictions(path: Path, rows: list[dict[str, Any]], models: tuple[str, ...]) -> None:
    """Replace the rows of `models` in predictions.parquet, keeping the other model's rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("pair_id", pa.string()),
            ("split", pa.string()),
            ("model", pa.string()),
            ("prediction", pa.string()),
            ("em", pa.float64()),
            ("f1", pa.float64()),
            ("loss", pa.float64()),
        ]
    )
    kept: list[dict[str, Any]] = []
    if path.exists():
        kept = [r for r in pq.read_table(path).to_pylist() if r["model"] not in models]
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(pa.Table.from_pylist(kept + rows, schema=schema), tmp)
    tmp.replace(path)


def evaluate_run(
    run_dir: Path, *, base: bool = False, stop: threading.Event | None = None
) -> dict[str, Any]:
    """Load a finished run's base model and adapter and score them; returns the summary."""
    from peft import PeftModel

    from training.model import load_model, load_tokenizer, resolve_effective

    paths = RunPaths(Path(run_dir))
    config = validate(load(paths.config))
    if not (paths.adapter / "adapter_config.json").is_file():
        raise DataError(f"{paths.adapter} holds no adapter yet: train the run first")
    eval_rows = read_split(paths.eval)
    if not eval_rows:
        raise DataError(f"{paths.eval} has no pairs: the run has nothing to score")
    status = read_status(paths.status) or {}
    quantized = (status.get("effective") or {}).get("quantized", config.quant.enabled)
    effective = resolve_effective(config, no_quant=not quantized)
    formatter = Formatter(load_tokenizer(config.model), config.model.prompt_template)
    model = PeftModel.from_pretrained(load_model(config, effective), str(paths.adapter))
    models = ("adapter", "base") if base else ("adapter",)
    rows, summary = evaluate_model(
        model,
        formatter,
        config,
        train_rows=read_split(paths.train),
        eval_rows=eval_rows,
        models=models,
        stop=stop,
    )
    write_predictions(paths.predictions, rows, models)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.evaluate", description=__doc__)
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--base", action="store_true", help="Also score the base model.")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        summary = evaluate_run(args.run_dir, base=args.base)
    except RunError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for which, values in summary.items():
        print(which, values)
    return 0


if __name__ == "__main__":
    sys.exit(main())
