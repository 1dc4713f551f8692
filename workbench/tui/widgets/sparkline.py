"""The newest live run's loss as a sparkline for the status bar of every other mode.

Cheap on purpose: the run table is read at most every 10 s, and only the bytes appended to the
run's metrics.jsonl since the last look are read (MetricsTailer).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from training import launch
from training.metrics import MetricsTailer
from training.rundir import RunPaths
from workbench.tui.widgets.loss_plot import sparkline

RESCAN_S = 10.0
WIDTH = 12


class LiveLoss:
    """Follows the newest live run; `poll` (on a worker thread) returns its train losses."""

    def __init__(self) -> None:
        self.run: tuple[str, str, int] | None = None
        self.tailer: MetricsTailer | None = None
        self.losses: list[float] = []
        self.scanned = 0.0

    def _scan(self, con: Any) -> None:
        rows = con.execute(
            "SELECT run_id, run_dir, pid FROM runs WHERE status IN ('starting', 'running', "
            "'evaluating') AND pid IS NOT NULL ORDER BY created_at DESC, run_id DESC"
        ).fetchall()
        run = next((r for r in rows if launch.alive(r[2], r[1])), None)
        if run != self.run:
            self.run, self.losses = run, []
            self.tailer = MetricsTailer(RunPaths(Path(run[1])).metrics) if run else None

    def poll(self, store: Any) -> list[float]:
        now = time.monotonic()
        if now - self.scanned >= RESCAN_S:
            self.scanned = now
            with store.read() as con:
                self._scan(con)
        if self.tailer is None:
            return []
        update = self.tailer.poll()
        if update.reset:
            self.losses = []
        self.losses.extend(r["loss"] for r in update.records if r.get("loss") is not None)
        self.losses = self.losses[-WIDTH:]
        return list(self.losses)


def spark_text(losses: list[float]) -> str:
    """`loss ▇▅▃▂ 1.234`, or nothing without a live run."""
    if not losses:
        return ""
    return f"loss {sparkline(losses, WIDTH)} {losses[-1]:.3f}"
