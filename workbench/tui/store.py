"""The app's one read-write connection: pooled cursors for reader threads, one writer thread.

DuckDB allows one writing process, so the TUI holds the store open for its whole life. Readers
run in Textual thread workers, each on its own cursor; a newer read on the same channel
interrupts an older one (newest request wins). Writes go through a single-thread executor in
submission order, and each is committed before the next starts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from workbench.identity import curator

T = TypeVar("T")

# Enough for paging, sorting and a search over a million pairs while staying well under the
# app's memory budget; DuckDB spills to disk beyond it.
MEMORY_LIMIT = "256MB"


class Interrupted(Exception):
    """A read was superseded by a newer one on the same channel."""


class StoreClient:
    """Owns the connection; hands out cursors and serialises writes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con: duckdb.DuckDBPyConnection | None = None
        self._idle: list[duckdb.DuckDBPyConnection] = []
        self._lock = threading.Lock()
        self._channels: dict[str, tuple[int, duckdb.DuckDBPyConnection]] = {}
        self._busy: set[duckdb.DuckDBPyConnection] = set()
        self._tickets = 0
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wb-writer")
        self._write_con: duckdb.DuckDBPyConnection | None = None
        self.by = curator()

    def open(self) -> None:
        """Connect (creating nothing) and migrate; raises StoreLockedError/StoreMissingError."""
        from storage.db import connect

        con = connect(self.path)
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        self._con = con

    @property
    def is_open(self) -> bool:
        return self._con is not None

    @contextmanager
    def read(self, channel: str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one reader thread. On a channel, starting a read interrupts the last one."""
        if self._con is None:
            raise RuntimeError("store is not open")
        with self._lock:
            cur = self._idle.pop() if self._idle else self._con.cursor()
            self._busy.add(cur)
            ticket = self._tickets = self._tickets + 1
            if channel is not None:
                previous = self._channels.get(channel)
                if previous is not None:
                    previous[1].interrupt()
                self._channels[channel] = (ticket, cur)
        try:
            yield cur
        except duckdb.InterruptException:
            raise Interrupted(channel) from None
        finally:
            with self._lock:
                if channel is not None and self._channels.get(channel, (None,))[0] == ticket:
                    del self._channels[channel]
                self._busy.discard(cur)
                self._idle.append(cur)

    def write(self, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> Future[T]:
        """Run `fn(con)` on the writer thread after every earlier write; returns its future."""
        if self._con is None:
            raise RuntimeError("store is not open")
        return self._writer.submit(self._run_write, fn)

    def _run_write(self, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        if self._write_con is None:
            self._write_con = self._con.cursor()  # type: ignore[union-attr]
        return fn(self._write_con)

    def flush(self) -> None:
        """Block until every submitted write has finished (tests, shutdown)."""
        self._writer.submit(lambda: None).result()

    def close(self) -> None:
        """Finish pending writes, stop running reads, then release the file lock."""
        import time

        self._writer.shutdown(wait=True)
        with self._lock:
            for cur in self._busy:
                cur.interrupt()
        deadline = time.monotonic() + 5
        while self._busy and time.monotonic() < deadline:
            time.sleep(0.01)
        with self._lock:
            for cur in self._idle:
                cur.close()
            self._idle.clear()
        try:
            if self._write_con is not None:
                self._write_con.close()
            if self._con is not None:
                self._con.close()
        except duckdb.Error:
            pass  # a read that ignored the interrupt: the process exit releases the file
        self._con = None


def describe(exc: BaseException) -> str:
    """One line for the status bar from an exception."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


Callback = Callable[[Any], None]
