"""`python -m training.run RUN_DIR [--no-quant]`: train a LoRA/QLoRA adapter from a run directory.

Lifecycle in status.json: starting → running → evaluating → completed, or stopped (SIGINT or
SIGTERM: the current step finishes, a checkpoint and the adapter are saved) or failed (with a
message that says what to change). Running it again on the same directory resumes from the last
checkpoint.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from training.config import RunConfig, load, validate
from training.errors import DataError
from training.rundir import RunPaths, StatusFile, now, read_split

log = logging.getLogger("training.run")


class StopSignals:
    """First SIGINT/SIGTERM asks for a graceful stop; a second one interrupts at once."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self._old: dict[int, Any] = {}

    def _handle(self, signum: int, frame: Any) -> None:
        if self.event.is_set():
            raise KeyboardInterrupt
        self.event.set()
        log.warning(
            "%s: stopping after the current step; the adapter will be saved",
            signal.Signals(signum).name,
        )

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._old[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._old.items():
            signal.signal(sig, handler)


def _same_file(stream: Any, path: Path) -> bool:
    try:
        return path.exists() and os.path.samestat(os.fstat(stream.fileno()), os.stat(path))
    except (OSError, ValueError, AttributeError):
        return False


@contextlib.contextmanager
def _logging_to(path: Path) -> Iterator[None]:
    """Log to train.log; a detached run's stderr already is train.log, so it is not doubled."""
    root = logging.getLogger()
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    if not _same_file(sys.stderr, path):
        handlers.append(logging.FileHandler(path, encoding="utf-8"))
    if _same_file(sys.stderr, path) or sys.stderr.isatty():
        handlers.append(logging.StreamHandler(sys.stderr))
    old_level = root.level
    root.setLevel(logging.INFO)
    for h in handlers:
        h.setFormatter(fmt)
        root.addHandler(h)
    try:
        yield
    finally:
        for h in handlers:
            root.removeHandler(h)
            h.close()
        root.setLevel(old_level)


def _resume_point(paths: RunPaths) -> tuple[str | None, float]:
    """The last checkpoint, after dropping metrics lines written past it; and the elapsed time then."""
    from transformers.trainer_utils import get_last_checkpoint

    last = get_last_checkpoint(str(paths.checkpoints)) if paths.checkpoints.is_dir() else None
    if last is None:
        return None, 0.0
    state = json.loads((Path(last) / "trainer_state.json").read_text(encoding="utf-8"))
    step = int(state.get("global_step", 0))
    kept: list[str] = []
    if paths.metrics.exists():
        for line in paths.metrics.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(json.JSONDecodeError):
                if json.loads(line).get("step", 0) <= step:
                    kept.append(line)
        tmp = paths.metrics.with_name(".metrics.jsonl.tmp")
        tmp.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")
        tmp.replace(paths.metrics)
    elapsed = (json.loads(kept[-1]).get("elapsed_s") or 0.0) if kept else 0.0
    return last, float(elapsed)


def _sft_config(config: RunConfig, paths: RunPaths, effective: Any, has_eval: bool) -> Any:
    from trl import SFTConfig

    t = config.train
    evaluate = has_eval and t.eval_steps > 0
    return SFTConfig(
        output_dir=str(paths.checkpoints),
        num_train_epochs=t.epochs,
        max_steps=t.max_steps,
        per_device_train_batch_size=t.batch_size,
        per_device_eval_batch_size=config.eval.batch_size,
        gradient_accumulation_steps=t.gradient_accumulation_steps,
        learning_rate=t.learning_rate,
        lr_scheduler_type=t.lr_scheduler,
        warmup_steps=t.warmup_steps,
        weight_decay=t.weight_decay,
        max_grad_norm=t.max_grad_norm,
        optim=effective.optim,
        max_length=t.max_length,
        gradient_checkpointing=t.gradient_checkpointing,
        gradient_checkpointing_kwargs={"use_reentrant": False},
        bf16=effective.precision == "bf16",
        fp16=False,
        seed=t.seed,
        data_seed=t.seed,
        logging_steps=t.logging_steps,
        eval_strategy="steps" if evaluate else "no",
        eval_steps=t.eval_steps if evaluate else None,
        save_strategy="steps",
        save_steps=t.save_steps,
        save_total_limit=t.save_total_limit,
        report_to="none",
        disable_tqdm=not sys.stderr.isatty(),
        dataloader_num_workers=0,
        trust_remote_code=config.model.trust_remote_code,
    )


def _encode(formatter: Any, rows: list[dict[str, Any]], max_length: int) -> tuple[Any, int]:
    """The tokenized dataset TRL trains on as is, and how many rows keep a trained token."""
    from datasets import Dataset

    encoded = [formatter.encode(r) for r in rows]
    trainable = sum(e.prompt_len < max_length for e in encoded)
    data = {"input_ids": [e.input_ids for e in encoded], "labels": [e.labels for e in encoded]}
    return Dataset.from_dict(data), trainable


def build_trainer(
    config: RunConfig,
    paths: RunPaths,
    effective: Any,
    callbacks: list[Any],
) -> tuple[Any, Any, list[dict[str, Any]], list[dict[str, Any]]]:
    """The SFTTrainer for this run, plus its formatter and the raw train/eval rows."""
    from trl import SFTTrainer

    from training.model import load_model, load_tokenizer, lora_config
    from training.prompts import Formatter

    tokenizer = load_tokenizer(config.model)
    formatter = Formatter(tokenizer, config.model.prompt_template)
    train_rows, eval_rows = read_split(paths.train), read_split(paths.eval)
    if not train_rows:
        raise DataError(f"{paths.train} has no pairs to train on")
    max_length = config.train.max_length
    train_ds, trainable = _encode(formatter, train_rows, max_length)
    if not trainable:
        raise DataError(
            f"every train prompt fills train.max_length = {max_length} tokens, "
            "leaving no answer to train on: raise train.max_length"
        )
    eval_ds = _encode(formatter, eval_rows, max_length)[0] if eval_rows else None
    model = load_model(config, effective)
    trainer = SFTTrainer(
        model=model,
        args=_sft_config(config, paths, effective, eval_ds is not None),
        train_dataset=train_ds,
        eval_dataset=eval_ds,
        processing_class=tokenizer,
        peft_config=lora_config(config),
        callbacks=callbacks,
    )
    return trainer, formatter, train_rows, eval_rows


def _progress(status: StatusFile, every_s: float = 5.0) -> Any:
    """Put the step into status.json at most every few seconds (metrics.jsonl has every line)."""
    last = [-every_s]

    def update(record: dict[str, Any], state: Any) -> None:
        if time.monotonic() - last[0] >= every_s:
            last[0] = time.monotonic()
            status.update(step=record["step"], max_steps=getattr(state, "max_steps", None))

    return update


def train(
    paths: RunPaths, config: RunConfig, status: StatusFile, stop: threading.Event, no_quant: bool
) -> str:
    """Train, save the adapter, evaluate; returns the final state ('completed' or 'stopped')."""
    from training.callbacks import MetricsWriter, StopCallback
    from training.evaluate import Stopped, evaluate_model, write_predictions
    from training.model import check_model, resolve_effective

    model = config.model
    check_model(
        model.base_model, trust_remote_code=model.trust_remote_code, local=model.local_files_only
    )
    effective = resolve_effective(config, no_quant=no_quant)
    for note in effective.notes:
        log.info("%s", note)
    status.update(effective=asdict(effective))
    resume, elapsed = _resume_point(paths)
    metrics = MetricsWriter(paths.metrics, elapsed_offset=elapsed)
    metrics.on_record = _progress(status)
    trainer, formatter, train_rows, eval_rows = build_trainer(
        config, paths, effective, [metrics, StopCallback(stop)]
    )
    status.update(state="running", resumed_from=resume)
    log.info("training %s (resume: %s)", paths.root, resume or "no")
    try:
        if not stop.is_set():
            trainer.train(resume_from_checkpoint=resume)
    finally:
        metrics.close()
    trainer.save_model(str(paths.adapter))
    final = {k: v for k, v in metrics.final.items() if k != "total_flos"}
    final.update(
        global_step=trainer.state.global_step,
        epoch=trainer.state.epoch,
        num_tokens=metrics.num_tokens,
        train_cpu_s=metrics.cpu_s,
    )
    evals = [e["eval_loss"] for e in trainer.state.log_history if "eval_loss" in e]
    if evals:
        final["eval_loss"] = evals[-1]
    status.update(final=final, adapter=str(paths.adapter))
    if stop.is_set():
        return "stopped"
    if config.eval.after_training and eval_rows:
        status.update(state="evaluating")
        models = ("adapter", "base") if config.eval.base else ("adapter",)
        try:
            rows, summary = evaluate_model(
                trainer.model,
                formatter,
                config,
                train_rows=train_rows,
                eval_rows=eval_rows,
                models=models,
                stop=stop,
            )
        except Stopped:
            return "stopped"
        write_predictions(paths.predictions, rows, models)
        final["scores"] = summary
        status.update(final=final)
    return "completed"


def run(run_dir: Path, *, no_quant: bool = False) -> int:
    """Run one training job in this process; the exit code is 0 unless it failed."""
    from training.failures import describe

    paths = RunPaths(Path(run_dir))
    if not paths.config.is_file():
        print(f"error: {paths.config} not found: is {run_dir} a run directory?", file=sys.stderr)
        return 2
    status = StatusFile(paths.status)
    status.update(
        state="starting",
        pid=os.getpid(),
        started_at=now(),
        finished_at=None,
        error=None,
        final=None,
    )
    config: RunConfig | None = None
    with _logging_to(paths.log), StopSignals() as signals:
        try:
            config = validate(load(paths.config))
            state = train(paths, config, status, signals.event, no_quant)
        except KeyboardInterrupt:
            status.update(
                state="stopped",
                finished_at=now(),
                error="stopped at once by a second signal, without saving the adapter: "
                f"run `python -m training.run {paths.root}` to resume from the last checkpoint",
            )
            return 0
        except BaseException as exc:  # every failure must reach status.json
            log.exception("run failed")
            device = (status.data.get("effective") or {}).get("device", "this device")
            status.update(
                state="failed", finished_at=now(), error=describe(exc, config, paths.root, device)
            )
            return 1
        status.update(state=state, finished_at=now())
        log.info("run %s: %s", paths.root, state)
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.run", description=__doc__)
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--no-quant", action="store_true", help="Plain LoRA: no 4-bit base model.")
    args = parser.parse_args(argv)
    return run(args.run_dir, no_quant=args.no_quant)


if __name__ == "__main__":
    sys.exit(main())
