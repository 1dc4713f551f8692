"""Small helpers shared by the storage modules."""

from __future__ import annotations

from typing import Any

import duckdb


def dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Rows of an executed cursor as dicts keyed by column name."""
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> Any:
    """The first row of a query, fetched to the end.

    DuckDB 2 keeps an `execute()` result open until it is read to the end, and an open result
    blocks the relation API (`con.sql`), so single-row reads go through here.
    """
    rows = con.execute(sql, list(params)).fetchall()
    return rows[0] if rows else None


def scalar(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | tuple[Any, ...] = ()
) -> Any:
    """The first column of the first row (None when there is no row)."""
    row = one(con, sql, params)
    return row[0] if row else None
