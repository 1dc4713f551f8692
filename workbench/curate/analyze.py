"""`workbench analyze`: run the analysis stages in order, each incremental and resumable.

A stage is a function `run(con, options, progress) -> dict` (a JSON-able report with at least
`processed`, the number of pairs it (re)computed this run). Stages import their heavy libraries
lazily, so listing them costs nothing at start-up.
"""

from __future__ import annotations

import importlib
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from storage.analysis import forget
from storage.db import transaction
from storage.errors import WorkbenchError
from workbench.curate.progress import Progress, Silent

STAGES: dict[str, str] = {
    "flags": "workbench.curate.flags:run_flags",
    "exact": "workbench.curate.dedup:run_exact",
    "near": "workbench.curate.dedup:run_lexical",
    "semantic": "workbench.curate.semantic:run_semantic",
    "stats": "workbench.curate.stats:run_stats",
}


@dataclass
class AnalyzeOptions:
    """Everything a stage may need: the rules file, the embedding model and the config sections."""

    rules_file: Path | None = None
    embed_model: str | None = None
    device: str | None = None
    config: dict[str, Any] = field(default_factory=dict)
    full: bool = False  # redo every pair, not only new or edited ones

    def section(self, name: str) -> dict[str, Any]:
        """One `[name]` table of the config file (empty when absent)."""
        value = self.config.get(name, {})
        if not isinstance(value, dict):
            raise WorkbenchError(f"config: [{name}] must be a table")
        return value


def load_config(path: Path | None) -> dict[str, Any]:
    """Read a TOML config; a syntax error names the file and line."""
    if path is None:
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise WorkbenchError(f"config {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise WorkbenchError(f"config {path}: {exc}") from None


def default_config_path(store: Path) -> Path | None:
    """`workbench.toml` beside the store, when there is one."""
    candidate = store.resolve().parent / "workbench.toml"
    return candidate if candidate.exists() else None


def parse_only(only: str | None) -> list[str]:
    """`--only flags,near` into stage names, in pipeline order."""
    if not only:
        return list(STAGES)
    asked = [s.strip() for s in only.split(",") if s.strip()]
    unknown = [s for s in asked if s not in STAGES]
    if unknown:
        raise WorkbenchError(
            f"--only: unknown stage {', '.join(unknown)}; stages: {', '.join(STAGES)}"
        )
    return [s for s in STAGES if s in asked]


def stage_function(
    name: str,
) -> Callable[[duckdb.DuckDBPyConnection, AnalyzeOptions, Progress], dict[str, Any]]:
    """Import a stage's run function on first use."""
    module, _, attr = STAGES[name].partition(":")
    return getattr(importlib.import_module(module), attr)


def analyze(
    con: duckdb.DuckDBPyConnection,
    stages: list[str],
    options: AnalyzeOptions,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run the stages in order; returns {stage: report}, each report with its wall time. With
    `options.full` each stage first forgets what it saw and redoes every pair."""
    reports: dict[str, Any] = {}
    for name in stages:
        started = time.perf_counter()
        if options.full:
            with transaction(con):
                forget(con, name)
        report = stage_function(name)(con, options, progress or Silent())
        report["seconds"] = round(time.perf_counter() - started, 3)
        reports[name] = report
    return reports
