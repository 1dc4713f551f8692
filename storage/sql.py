"""Small helpers shared by the storage modules."""

from __future__ import annotations

from typing import Any

import duckdb


def dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Rows of an executed cursor as dicts keyed by column name."""
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
