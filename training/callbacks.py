"""Trainer callbacks: metrics out to metrics.jsonl, and a graceful stop in."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from transformers import TrainerCallback

FIELDS = (
    "step",
    "epoch",
    "loss",
    "eval_loss",
    "learning_rate",
    "grad_norm",
    "tokens_per_second",
    "gpu_memory_gb",
    "elapsed_s",
)


def _gpu_memory_gb() -> float | None:
    import torch

    if not torch.cuda.is_available():
        return None
    return round(torch.cuda.max_memory_allocated() / 2**30, 3)


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


class MetricsWriter(TrainerCallback):
    """One JSON object per logging step, flushed at once so a tailer sees it live.

    When an evaluation follows a training log at the same step, the line waits for its
    eval_loss, so each step has one line.
    """

    def __init__(self, path: Path, elapsed_offset: float = 0.0) -> None:
        self.path = path
        self.elapsed_offset = elapsed_offset
        self.final: dict[str, Any] = {}
        self.num_tokens: float | None = None
        self.cpu_s: float | None = None
        self._cpu0 = time.process_time()
        self._file: TextIO | None = None
        self._pending: dict[str, Any] | None = None
        self._t0 = time.monotonic()
        self._prev = (0.0, self._t0)
        self._state: Any = None
        # Called after each line is written, e.g. to put the step into status.json.
        self.on_record: Callable[[dict[str, Any], Any], None] | None = None

    def _write(self, record: dict[str, Any]) -> None:
        if self._file is None:
            self._file = self.path.open("a", encoding="utf-8")
        self._file.write(json.dumps(record) + "\n")
        self._file.flush()
        if self.on_record is not None:
            self.on_record(record, self._state)

    def _flush(self) -> None:
        if self._pending is not None:
            record, self._pending = self._pending, None
            self._write(record)

    def on_train_begin(self, args, state, control, **kwargs) -> None:
        self._cpu0 = time.process_time()
        self._t0 = time.monotonic()
        self._prev = (0.0, self._t0)

    def on_log(self, args, state, control, logs=None, **kwargs) -> None:
        self._state = state
        logs = logs or {}
        if "train_runtime" in logs:
            self.final = dict(logs)
            return
        now = time.monotonic()
        if "loss" in logs:
            self._flush()
            tokens = float(logs.get("num_tokens") or 0.0)
            self.num_tokens = tokens or self.num_tokens
            prev_tokens, prev_t = self._prev
            rate = (tokens - prev_tokens) / (now - prev_t) if tokens and now > prev_t else None
            self._prev = (tokens, now)
            record = dict.fromkeys(FIELDS)
            record.update(
                step=state.global_step,
                epoch=_num(logs.get("epoch", state.epoch)),
                loss=_num(logs["loss"]),
                learning_rate=_num(logs.get("learning_rate")),
                grad_norm=_num(logs.get("grad_norm")),
                tokens_per_second=None if rate is None else round(rate, 1),
                gpu_memory_gb=_gpu_memory_gb(),
                elapsed_s=round(self.elapsed_offset + now - self._t0, 3),
            )
            self._pending = record
            if not control.should_evaluate:
                self._flush()
        elif "eval_loss" in logs:
            record = self._pending
            if record is None or record["step"] != state.global_step:
                self._flush()
                record = dict.fromkeys(FIELDS)
                record.update(
                    step=state.global_step,
                    epoch=_num(state.epoch),
                    gpu_memory_gb=_gpu_memory_gb(),
                    elapsed_s=round(self.elapsed_offset + now - self._t0, 3),
                )
            record["eval_loss"] = _num(logs["eval_loss"])
            self._pending = None
            self._write(record)

    def on_step_begin(self, args, state, control, **kwargs) -> None:
        self._flush()

    def on_train_end(self, args, state, control, **kwargs) -> None:
        self.cpu_s = round(time.process_time() - self._cpu0, 3)
        self.close()

    def close(self) -> None:
        self._flush()
        if self._file is not None:
            self._file.close()
            self._file = None


class StopCallback(TrainerCallback):
    """Ends training after the current optimizer step once `event` is set, saving a checkpoint."""

    def __init__(self, event: threading.Event) -> None:
        self.event = event

    def on_step_end(self, args, state, control, **kwargs) -> None:
        if self.event.is_set():
            control.should_training_stop = True
            control.should_save = True
