"""Shared fixtures: a fresh store file per test and a CLI runner that targets it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"


@dataclass
class CliResult:
    """Exit code plus the two streams, kept apart so --json output can be parsed."""

    code: int
    stdout: str
    stderr: str

    def json(self) -> object:
        return json.loads(self.stdout)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """Path of a store file that does not exist yet."""
    return tmp_path / "test.duckdb"


@pytest.fixture
def cli(store: Path) -> Callable[..., CliResult]:
    """Run `workbench --store STORE ARGS...` in-process, returning code, stdout and stderr."""
    runner = CliRunner()

    def run(*args: str | Path) -> CliResult:
        result = runner.invoke(
            app, ["--store", str(store), *map(str, args)], catch_exceptions=False
        )
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return run


def write_jsonl(path: Path, records: list[object]) -> Path:
    """Write records as JSON Lines (strings are written as-is, to plant broken lines)."""
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
