"""Why a run failed, in one line that says what to change (the traceback goes to train.log)."""

from __future__ import annotations

import errno
import sys
from collections.abc import Iterator
from pathlib import Path

from training.config import RunConfig
from training.errors import RunError

_OOM_TEXT = ("out of memory", "can't allocate memory", "cannot allocate memory")
_DISK_TEXT = ("no space left on device", "disk quota exceeded", "file write failed")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def is_oom(exc: BaseException) -> bool:
    """CUDA or host memory exhausted, however torch or Python reports it."""
    torch = sys.modules.get("torch")
    oom_type = getattr(torch, "OutOfMemoryError", None) if torch else None
    for e in _chain(exc):
        if isinstance(e, MemoryError) or (oom_type is not None and isinstance(e, oom_type)):
            return True
        if isinstance(e, RuntimeError) and any(t in str(e).lower() for t in _OOM_TEXT):
            return True
    return False


def is_disk_full(exc: BaseException) -> bool:
    """A write failed for lack of space (errno, or torch's stream writer wording)."""
    for e in _chain(exc):
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if any(t in str(e).lower() for t in _DISK_TEXT):
            return True
    return False


def describe(exc: BaseException, config: RunConfig | None, run_dir: Path, device: str) -> str:
    """The status.json error for a failed run."""
    for e in _chain(exc):
        if isinstance(e, RunError):
            return str(e)
    if is_oom(exc):
        if config is None:
            return f"out of memory on {device}: free memory or use a smaller model"
        t = config.train
        return (
            f"out of memory on {device} at train.batch_size {t.batch_size} × train.max_length "
            f"{t.max_length}: lower train.batch_size (raise train.gradient_accumulation_steps to "
            f"keep the effective batch of {t.batch_size * t.gradient_accumulation_steps}) or "
            "lower train.max_length; keep quant.enabled and train.gradient_checkpointing on"
        )
    if is_disk_full(exc):
        return (
            f"disk full while writing {run_dir}: free space there, or keep fewer checkpoints "
            "(lower train.save_total_limit, raise train.save_steps); then run it again to resume"
        )
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    return f"{type(exc).__name__}: {first} (traceback in {run_dir / 'train.log'})"
