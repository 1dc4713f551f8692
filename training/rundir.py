"""The run directory contract: file names, status.json, and reading the exported splits.

Everything a run needs and writes lives in one directory, so it can be copied to another box,
trained there with `python -m training.run DIR`, and copied back.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from training.errors import DataError

COLUMNS = ("id", "question", "answer", "context", "kind", "answerable")
STATES = ("created", "starting", "running", "evaluating", "completed", "stopped", "failed")
LIVE_STATES = frozenset({"starting", "running", "evaluating"})


@dataclass(frozen=True)
class RunPaths:
    """Where each file of a run lives."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "config.toml"

    @property
    def train(self) -> Path:
        return self.root / "train.parquet"

    @property
    def eval(self) -> Path:
        return self.root / "eval.parquet"

    @property
    def status(self) -> Path:
        return self.root / "status.json"

    @property
    def log(self) -> Path:
        return self.root / "train.log"

    @property
    def metrics(self) -> Path:
        return self.root / "metrics.jsonl"

    @property
    def adapter(self) -> Path:
        return self.root / "adapter"

    @property
    def predictions(self) -> Path:
        return self.root / "predictions.parquet"

    @property
    def checkpoints(self) -> Path:
        return self.root / "checkpoints"


def now() -> str:
    """UTC timestamp for status.json, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_status(path: Path) -> dict[str, Any] | None:
    """status.json as a dict, or None before the run has written one."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write via a temp file and rename, so a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, path)


class StatusFile:
    """status.json kept in memory and rewritten whole on each change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, Any] = read_status(path) or {}

    def update(self, **fields: Any) -> dict[str, Any]:
        self.data.update(fields)
        self.data["updated_at"] = now()
        write_json_atomic(self.path, self.data)
        return self.data


def read_split(path: Path) -> list[dict[str, Any]]:
    """The rows of train.parquet or eval.parquet as dicts (an absent eval file is no rows)."""
    import pyarrow.parquet as pq

    if not path.exists():
        if path.name == "eval.parquet":
            return []
        raise DataError(f"{path} is missing: export the subset with `workbench train`")
    table = pq.read_table(path)
    missing = [c for c in COLUMNS if c not in table.column_names]
    if missing:
        raise DataError(f"{path} lacks column(s) {', '.join(missing)}")
    return table.select(list(COLUMNS)).to_pylist()


def write_split(path: Path, rows: list[dict[str, Any]]) -> None:
    """Write pair records as a split file, for runs prepared without the store."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("id", pa.string()),
            ("question", pa.string()),
            ("answer", pa.string()),
            ("context", pa.string()),
            ("kind", pa.string()),
            ("answerable", pa.bool_()),
        ]
    )
    full = [{"kind": "qa", "answerable": True, "context": "", **r} for r in rows]
    pq.write_table(pa.Table.from_pylist(full, schema=schema), path)
