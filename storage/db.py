"""Opening the one DuckDB file: create on demand, migrate, and turn lock conflicts into a clear line."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb

from storage.errors import StoreLockedError, StoreMissingError, WorkbenchError
from storage.migrations import LATEST, current_version, migrate

DEFAULT_STORE = "workbench.duckdb"
_LOCK_RE = re.compile(r"Conflicting lock is held in (?P<exe>\S+) \(PID (?P<pid>\d+)\)")


def resolve_store_path(path: str | os.PathLike[str] | None) -> Path:
    """The store named on the command line, else $WORKBENCH_STORE, else ./workbench.duckdb."""
    return Path(path or os.environ.get("WORKBENCH_STORE") or DEFAULT_STORE)


def _holder(pid: str) -> str:
    """Describe the process holding the lock by its command line, when the OS tells us."""
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        cmd = ""
    return f"PID {pid} ({cmd})" if cmd else f"PID {pid}"


def connect(
    path: str | os.PathLike[str] | None = None, *, read_only: bool = False, create: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open the store; writers migrate it, readers refuse a missing or outdated file."""
    store = resolve_store_path(path)
    if not store.exists():
        if not create:
            raise StoreMissingError(
                f"no store at {store}: run `workbench import FILE` first, or pass --store PATH"
            )
        store.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(store), read_only=read_only)
    except duckdb.IOException as exc:
        match = _LOCK_RE.search(str(exc))
        if match:
            raise StoreLockedError(
                f"store {store} is in use by {_holder(match['pid'])}: "
                "close that process (or wait for it) and try again"
            ) from None
        raise WorkbenchError(f"cannot open store {store}: {exc}") from None
    # DuckDB draws its own progress bar on stdout for long queries; ours go to stderr.
    con.execute("SET enable_progress_bar = false")
    if read_only:
        version = current_version(con)
        if version < LATEST:
            con.close()
            raise WorkbenchError(
                f"store {store} has schema version {version}, this workbench needs {LATEST}: "
                "run any writing command (e.g. `workbench import`) to upgrade it"
            )
    else:
        migrate(con)
    return con


@contextmanager
def open_store(
    path: str | os.PathLike[str] | None = None, *, read_only: bool = False, create: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Context-managed `connect` that always closes, so the lock is released promptly."""
    store = resolve_store_path(path)
    fresh = create and not store.exists()
    con = connect(store, read_only=read_only, create=create)
    try:
        yield con
    except BaseException:
        empty = fresh and _holds_nothing(con)
        con.close()
        if empty:
            # A store this command created and then failed in holds nothing: leave no file behind.
            for leftover in (store, store.with_name(store.name + ".wal")):
                leftover.unlink(missing_ok=True)
        raise
    else:
        con.close()


def _holds_nothing(con: duckdb.DuckDBPyConnection) -> bool:
    """True when every table but the schema's own bookkeeping is empty."""
    with suppress(duckdb.Error):
        con.execute("ROLLBACK")
    try:
        tables = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary "
            "AND table_name <> 'schema_version'"
        ).fetchall()
        return not any(
            con.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone() for (name,) in tables
        )
    except duckdb.Error:
        return False


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All-or-nothing block: an exception (or a kill) leaves the store as it was."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


@contextmanager
def memory_cap(con: duckdb.DuckDBPyConnection, limit: str) -> Iterator[None]:
    """Cap DuckDB's buffer pool while a step holds its own data (DuckDB may otherwise cache up to
    80% of RAM); a lower limit set by the caller is kept, and the old one is restored."""
    old = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    con.execute(f"SET memory_limit = '{limit}'")
    if _bytes(old) < _bytes(con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]):
        con.execute(f"SET memory_limit = '{old}'")
    try:
        yield
    finally:
        con.execute(f"SET memory_limit = '{old}'")


def _bytes(setting: str) -> float:
    number, _, unit = setting.strip().partition(" ")
    scale = {"": 1, "B": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
    scale |= {"KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12}
    try:
        return float(number) * scale.get(unit, 1)
    except ValueError:
        return float("inf")
