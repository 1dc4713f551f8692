"""Seeded held-out splits, grouped by context so no context lands on two sides; computed in SQL.

Groups (a context, or a lone pair without one) are ordered by md5(seed, group key), which is stable
across DuckDB versions and machines. Walking that order, each group goes to the split whose share
of the cumulative pair count holds the group's midpoint, so every split is within half a group of
its asked size. Named splits come first in that walk and `train` takes the rest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import duckdb

from storage.errors import WorkbenchError
from storage.sql import dicts

TRAIN = "train"
DEFAULT_SEED = 13
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,31}$")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_split(spec: str) -> dict[str, float]:
    """`eval=0.1`, `eval=0.1,test=0.05` or a bare `0.1` (meaning eval) → {split: fraction}."""
    fractions: dict[str, float] = {}
    for part in (p.strip() for p in spec.split(",")):
        name, sep, value = part.rpartition("=")
        name = name.strip() if sep else "eval"
        try:
            fraction = float(value)
        except ValueError:
            raise WorkbenchError(
                f"--split {spec}: '{part}' is not NAME=FRACTION, e.g. --split eval=0.1"
            ) from None
        if not _NAME.match(name) or name == TRAIN:
            raise WorkbenchError(
                f"--split {spec}: '{name}' cannot name a split (use letters, digits and '_'; "
                "'train' takes what the others leave)"
            )
        if name in fractions:
            raise WorkbenchError(f"--split {spec}: split '{name}' is given twice")
        if not 0 < fraction < 1:
            raise WorkbenchError(
                f"--split {spec}: the fraction for '{name}' must be between 0 and 1"
            )
        fractions[name] = fraction
    if sum(fractions.values()) >= 1:
        raise WorkbenchError(f"--split {spec}: the fractions add up to 1 or more, leaving no train")
    return fractions


def assign_splits(
    con: duckdb.DuckDBPyConnection,
    ids: str,
    fractions: Mapping[str, float],
    seed: int = DEFAULT_SEED,
    *,
    table: str = "wb_splits",
    id_column: str = "pair_id",
) -> dict[str, int]:
    """Create TEMP TABLE `table` (pair_id, split) for the pair ids in column `id_column` of `ids`.

    Returns the pair count per split, train first. The same ids, fractions and seed always give
    the same assignment.
    """
    for name in (ids, table, id_column):
        if not _IDENT.match(name):
            raise ValueError(f"not a plain SQL identifier: {name!r}")
    bounds: list[str] = []
    params: list[object] = [str(seed)]
    cumulative = 0.0
    for name, fraction in fractions.items():
        cumulative += fraction
        bounds.append(f"WHEN g.mid < g.total * {cumulative!r} THEN ?")
        params.append(name)
    params.append(TRAIN)
    case = f"CASE {' '.join(bounds)} ELSE ? END" if bounds else "?"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        WITH members AS (
            SELECT DISTINCT i.{id_column} AS pair_id,
                   coalesce(p.context_id, 'pair:' || i.{id_column}) AS grp
            FROM {ids} i LEFT JOIN pairs p ON p.id = i.{id_column}
        ),
        sized AS (
            SELECT grp, count(*) AS n, md5(? || ':' || grp) AS h FROM members GROUP BY grp
        ),
        placed AS (
            SELECT grp,
                   sum(n) OVER (ORDER BY h, grp ROWS UNBOUNDED PRECEDING) - n / 2.0 AS mid,
                   sum(n) OVER () AS total
            FROM sized
        )
        SELECT m.pair_id, {case} AS split
        FROM members m JOIN placed g USING (grp)
        """,
        params,
    )
    counts = {
        r["split"]: r["n"]
        for r in dicts(con.execute(f"SELECT split, count(*) AS n FROM {table} GROUP BY 1"))
    }
    return {name: int(counts.get(name, 0)) for name in (TRAIN, *fractions)}
