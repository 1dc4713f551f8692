"""What every command shares: the store option, one-line errors, --json output and progress bars."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from storage.db import resolve_store_path
from storage.errors import WorkbenchError

P = ParamSpec("P")
R = TypeVar("R")

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


@dataclass
class State:
    """Global options, set once by the top-level callback."""

    store: Path | None = None

    @property
    def store_path(self) -> Path:
        return resolve_store_path(self.store)


state = State()


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one red line on stderr and return the Exit to raise."""
    err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    return typer.Exit(code)


def friendly(func: Callable[P, R]) -> Callable[P, R]:
    """Turn user mistakes (WorkbenchError) into one red line and exit code 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except WorkbenchError as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            raise fail("interrupted: nothing was written by the unfinished step", 130) from None

    return wrapper


def print_json(data: Any) -> None:
    """Machine-readable output on stdout, nothing else mixed in."""
    sys.stdout.write(json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n")


class BarSink:
    """Drives a rich progress bar from the Progress protocol; silent without one."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.task: Any = None

    def start(self, label: str, total: int) -> None:
        if self.progress is None:
            return
        if self.task is not None:
            self.progress.update(self.task, completed=self.progress.tasks[self.task].total)
        self.task = self.progress.add_task(label, total=total or None)

    def advance(self, amount: int) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task, amount)


@contextmanager
def progress_bar(
    enabled: bool = True, unit: str = "bytes", keep: bool = False
) -> Iterator[BarSink]:
    """Yield a progress sink counted in bytes or in a named unit (e.g. "pairs").

    A live bar on a terminal; nothing when piped, with --json or in CI. `keep` leaves finished
    bars on screen (one per stage) instead of clearing them.
    """
    if not enabled or not err.is_terminal:
        yield BarSink(None)
        return
    counter = (DownloadColumn(),) if unit == "bytes" else (MofNCompleteColumn(), TextColumn(unit))
    columns = (
        TextColumn("{task.description:<22}"),
        BarColumn(),
        *counter,
        TimeElapsedColumn() if keep else TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=not keep) as progress:
        yield BarSink(progress)
