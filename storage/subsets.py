"""Subsets: a saved filter plus frozen, hashed snapshots of pair ids, one per version.

Training records the snapshot hash it used, so "which data trained this adapter" always has an
exact answer even after the filter or the decisions change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from storage.db import transaction
from storage.errors import NotFoundError, WorkbenchError
from storage.sql import dicts, one

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
OPERATIONS = {"union": "UNION", "intersect": "INTERSECT", "minus": "EXCEPT"}


@dataclass(frozen=True)
class SubsetVersion:
    """One frozen snapshot."""

    name: str
    version: int
    n_pairs: int
    ids_hash: str
    created: bool = True


def parse_ref(ref: str) -> tuple[str, int | None]:
    """`NAME` (latest version) or `NAME@VERSION`."""
    name, _, version = ref.partition("@")
    if version and not version.isdigit():
        raise WorkbenchError(f"subset '{ref}': the version after @ must be a number")
    return name, int(version) if version else None


def resolve(con: duckdb.DuckDBPyConnection, ref: str) -> tuple[str, int]:
    """Name and concrete version of a subset reference, or a clear NotFoundError."""
    name, version = parse_ref(ref)
    row = one(
        con,
        "SELECT max(version) FROM subsets WHERE name = ? AND (? IS NULL OR version = ?)",
        [name, version, version],
    )
    if row[0] is None:
        known = [
            r[0] for r in con.execute("SELECT DISTINCT name FROM subsets ORDER BY 1").fetchall()
        ]
        hint = f" (subsets: {', '.join(known)})" if known else " (there are no subsets yet)"
        raise NotFoundError(f"no subset '{ref}'{hint}")
    return name, int(row[0])


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise WorkbenchError(
            f"subset name '{name}': use letters, digits, '.', '_' or '-' (at most 64, no '@')"
        )


def where_ids(con: duckdb.DuckDBPyConnection, where: str) -> str:
    """Validate a user predicate over `current_pairs` and return the SELECT of matching ids."""
    if ";" in where:
        raise WorkbenchError("--where takes one SQL condition, without ';'")
    sql = f"SELECT id FROM current_pairs WHERE ({where})"
    try:
        con.execute(f"EXPLAIN {sql}")
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        raise WorkbenchError(f"--where {where!r}: {first}") from None
    return sql


def read_ids_file(path: Path) -> list[str]:
    """One pair id per line; blank lines and # comments skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise WorkbenchError(f"--ids {path}: {exc.strerror}") from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def freeze(
    con: duckdb.DuckDBPyConnection,
    name: str,
    *,
    where: str | None = None,
    ids: Sequence[str] | None = None,
    note: str | None = None,
    splits: dict[str, str] | None = None,
) -> SubsetVersion:
    """Snapshot the pairs matching `where` (or the given ids) as the next version of `name`.

    With neither, the subset's saved filter is re-evaluated. An unchanged snapshot makes no new
    version. `splits` maps pair id → split for members (default 'train').
    """
    _check_name(name)
    if where is None and ids is None:
        row = one(
            con, "SELECT filter FROM subsets WHERE name = ? ORDER BY version DESC LIMIT 1", [name]
        )
        if row is None:
            raise NotFoundError(f"no subset '{name}': create it with --where or --ids")
        if row[0] is None:
            raise WorkbenchError(
                f"subset '{name}' was made from a list of ids: give --where or --ids"
            )
        where = row[0]
    with transaction(con):
        if ids is not None:
            con.register("_wb_subset_ids", pa.table({"id": pa.array(list(ids), pa.string())}))
            try:
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE _wb_members AS SELECT DISTINCT id FROM _wb_subset_ids"
                )
            finally:
                con.unregister("_wb_subset_ids")
            missing = one(
                con,
                "SELECT count(*), min(m.id) FROM _wb_members m ANTI JOIN pairs p ON p.id = m.id",
            )
            if missing[0]:
                raise NotFoundError(f"{missing[0]} id(s) are not in the store, e.g. {missing[1]}")
        else:
            con.execute(f"CREATE OR REPLACE TEMP TABLE _wb_members AS {where_ids(con, where)}")
        n, ids_hash = one(
            con,
            "SELECT count(*), coalesce(sha256(string_agg(id, chr(10) ORDER BY id)), sha256('')) "
            "FROM _wb_members",
        )
        last = one(
            con,
            "SELECT version, ids_hash FROM subsets WHERE name = ? ORDER BY version DESC LIMIT 1",
            [name],
        )
        if last is not None and last[1] == ids_hash and splits is None:
            return SubsetVersion(name, last[0], n, ids_hash, created=False)
        version = (last[0] if last else 0) + 1
        con.execute(
            "INSERT INTO subsets VALUES (?, ?, ?, ?, ?, now()::TIMESTAMP, ?)",
            [name, version, where, ids_hash, n, note],
        )
        con.execute(
            "INSERT INTO subset_members SELECT ?, ?, id, 'train' FROM _wb_members", [name, version]
        )
        if splits:
            con.register(
                "_wb_splits", pa.table({"id": list(splits), "split": list(splits.values())})
            )
            try:
                con.execute(
                    "UPDATE subset_members m SET split = s.split FROM _wb_splits s "
                    "WHERE m.pair_id = s.id AND m.name = ? AND m.version = ?",
                    [name, version],
                )
            finally:
                con.unregister("_wb_splits")
    return SubsetVersion(name, version, n, ids_hash)


def combine(
    con: duckdb.DuckDBPyConnection,
    name: str,
    left: str,
    op: str,
    right: str,
    note: str | None = None,
) -> SubsetVersion:
    """A new subset version from two others: union, intersect or minus."""
    if op not in OPERATIONS:
        raise WorkbenchError(f"unknown operation '{op}'; one of {', '.join(OPERATIONS)}")
    (ln, lv), (rn, rv) = resolve(con, left), resolve(con, right)
    rows = con.execute(
        f"SELECT pair_id FROM subset_members WHERE name = ? AND version = ? "
        f"{OPERATIONS[op]} SELECT pair_id FROM subset_members WHERE name = ? AND version = ?",
        [ln, lv, rn, rv],
    ).fetchall()
    return freeze(con, name, ids=[r[0] for r in rows], note=note or f"{left} {op} {right}")


def list_subsets(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every subset with its latest version, size and how many versions it has."""
    return dicts(
        con.execute(
            """
            SELECT name, max(version) AS version, arg_max(n_pairs, version) AS pairs,
                   arg_max(ids_hash, version) AS ids_hash, count(*) AS versions,
                   strftime(max(created_at), '%Y-%m-%d %H:%M') AS updated,
                   arg_max(filter, version) AS filter
            FROM subsets GROUP BY name ORDER BY name
            """
        )
    )


def show_subset(con: duckdb.DuckDBPyConnection, ref: str) -> dict[str, Any]:
    """One version: its filter, hash, counts by status/kind/split, and the change from the previous."""
    name, version = resolve(con, ref)
    head = dicts(
        con.execute(
            "SELECT name, version, filter, ids_hash, n_pairs AS pairs, note, "
            "strftime(created_at, '%Y-%m-%d %H:%M:%S') AS created_at "
            "FROM subsets WHERE name = ? AND version = ?",
            [name, version],
        )
    )[0]
    members = "SELECT pair_id FROM subset_members WHERE name = ? AND version = ?"
    for key, column in (("by_status", "status"), ("by_kind", "kind")):
        head[key] = dicts(
            con.execute(
                f"SELECT {column}, count(*) AS pairs FROM current_pairs "
                f"WHERE id IN ({members}) GROUP BY 1 ORDER BY 2 DESC",
                [name, version],
            )
        )
    head["by_split"] = dicts(
        con.execute(
            "SELECT split, count(*) AS pairs FROM subset_members WHERE name = ? AND version = ? "
            "GROUP BY 1 ORDER BY 1",
            [name, version],
        )
    )
    head["versions"] = dicts(
        con.execute(
            "SELECT version, n_pairs AS pairs, ids_hash, strftime(created_at, '%Y-%m-%d %H:%M') AS created_at "
            "FROM subsets WHERE name = ? ORDER BY version",
            [name],
        )
    )
    if version > 1:
        added, removed = one(
            con,
            f"""
            SELECT (SELECT count(*) FROM ({members} EXCEPT {members})),
                   (SELECT count(*) FROM ({members} EXCEPT {members}))
            """,
            [name, version, name, version - 1, name, version - 1, name, version],
        )
        head["change"] = {"from_version": version - 1, "added": added, "removed": removed}
    return head


def member_ids_sql(name: str, version: int) -> tuple[str, list[Any]]:
    """SQL and parameters selecting one version's pair ids, for other storage modules."""
    return "SELECT pair_id AS id FROM subset_members WHERE name = ? AND version = ?", [
        name,
        version,
    ]
