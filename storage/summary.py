"""Store-wide counts for `info`: aggregated in SQL, a few rows each."""

from __future__ import annotations

from typing import Any

import duckdb

from storage.sql import dicts


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    return dicts(con.execute(sql))


def store_info(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Totals plus breakdowns by source, kind, decision state and import."""
    totals = _rows(
        con,
        """
        SELECT (SELECT count(*) FROM pairs) AS pairs,
               (SELECT count(*) FROM contexts) AS contexts,
               (SELECT count(*) FROM pairs WHERE NOT answerable) AS unanswerable,
               (SELECT count(*) FROM imports) AS import_runs,
               (SELECT count(*) FROM import_errors) AS import_errors,
               (SELECT count(*) FROM decisions) AS decisions,
               (SELECT count(DISTINCT name) FROM subsets) AS subsets
        """,
    )[0]
    return {
        **totals,
        "by_source": _rows(
            con, "SELECT source, count(*) AS pairs FROM pairs GROUP BY 1 ORDER BY 2 DESC, 1"
        ),
        "by_kind": _rows(
            con, "SELECT kind, count(*) AS pairs FROM pairs GROUP BY 1 ORDER BY 2 DESC, 1"
        ),
        "by_status": _rows(
            con, "SELECT status, count(*) AS pairs FROM current_pairs GROUP BY 1 ORDER BY 2 DESC, 1"
        ),
        "imports": _rows(
            con,
            """
            SELECT import_id, source, path, format, records, added, duplicates, errors,
                   strftime(started_at, '%Y-%m-%d %H:%M:%S') AS started_at
            FROM imports ORDER BY import_id
            """,
        ),
    }


def import_errors(
    con: duckdb.DuckDBPyConnection, import_id: int | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """The rejected pieces of an import (or of all imports), newest import first."""
    where = "WHERE import_id = ?" if import_id is not None else ""
    params: list[Any] = [import_id] if import_id is not None else []
    return dicts(
        con.execute(
            f"SELECT import_id, file, line, location, field, message, left(raw, 500) AS raw "
            f"FROM import_errors {where} ORDER BY import_id DESC, file, line NULLS FIRST LIMIT ?",
            [*params, limit],
        )
    )
