"""Flag queries and the flag stage's work list: SQL for `curate.flags`, the CLI and the TUI.

The work list is one temp table of the pairs a flag stage must (re)check, numbered in store order
and read back in ranges, so batches never hold a result open while results are written. User SQL
rules become boolean columns of that table: they run in DuckDB, once, over the pending pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa

from storage.errors import WorkbenchError
from storage.sql import dicts, one

WORK = "_wb_flag_work"
PAIR_FIELDS = (
    "id",
    "question",
    "answer",
    "context",
    "doc_id",
    "kind",
    "answerable",
    "source",
)


def predicate_error(con: duckdb.DuckDBPyConnection, predicate: str) -> str | None:
    """Why a user SQL predicate over `current_pairs` cannot run (None when it can)."""
    if ";" in predicate:
        return "one SQL condition, without ';'"
    try:
        con.execute(f"EXPLAIN SELECT id FROM current_pairs WHERE ({predicate})").fetchall()
    except duckdb.Error as exc:
        return str(exc).splitlines()[0]
    return None


def build_worklist(
    con: duckdb.DuckDBPyConnection,
    pending: str,
    columns: Sequence[str],
    predicates: dict[str, str],
) -> int:
    """Fill the work list from temp table `pending` (ids); returns its size.

    `predicates` maps a column name to a user SQL condition: each becomes a boolean column.
    """
    unknown = [c for c in columns if c not in PAIR_FIELDS]
    if unknown:
        raise ValueError(f"unknown pair columns {unknown}")
    cols = ", ".join(f"c.{c}" for c in dict.fromkeys(["id", *columns]))
    extra = "".join(f", coalesce(({sql}), false) AS {name}" for name, sql in predicates.items())
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {WORK} AS
        SELECT row_number() OVER (ORDER BY c.seq) AS _n, {cols}{extra}
        FROM current_pairs c
        WHERE c.id IN (SELECT id FROM {pending})
        """
    )
    return int(one(con, f"SELECT count(*) FROM {WORK}")[0])


def worklist_batch(con: duckdb.DuckDBPyConnection, start: int, size: int) -> pa.Table:
    """Rows start+1..start+size of the work list, read to the end."""
    return con.sql(
        f"SELECT * EXCLUDE (_n) FROM {WORK} WHERE _n > ? AND _n <= ? ORDER BY _n",
        params=[start, start + size],
    ).to_arrow_table()


def drop_worklist(con: duckdb.DuckDBPyConnection) -> None:
    """Free the work list's memory."""
    con.execute(f"DROP TABLE IF EXISTS {WORK}")


def delete_codes(con: duckdb.DuckDBPyConnection, codes: Sequence[str]) -> int:
    """Remove every flag with these codes (a rule switched off or left with nothing to check)."""
    n = int(one(con, "SELECT count(*) FROM flags WHERE list_contains(?, code)", [list(codes)])[0])
    if n:
        con.execute("DELETE FROM flags WHERE list_contains(?, code)", [list(codes)])
    return n


def delete_stale(con: duckdb.DuckDBPyConnection, version_prefix: str, keep: Sequence[str]) -> int:
    """Remove flags of rules that are gone: rule_version starts with the prefix, code not kept."""
    where = "starts_with(rule_version, ?) AND NOT list_contains(?, code)"
    n = int(one(con, f"SELECT count(*) FROM flags WHERE {where}", [version_prefix, list(keep)])[0])
    if n:
        con.execute(f"DELETE FROM flags WHERE {where}", [version_prefix, list(keep)])
    return n


def flag_counts(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Flags and flagged pairs per code and severity, most frequent first."""
    return dicts(
        con.execute(
            """
            SELECT code, severity, count(*) AS flags, count(DISTINCT pair_id) AS pairs
            FROM flags GROUP BY code, severity ORDER BY pairs DESC, code, severity
            """
        )
    )


def pair_flags(con: duckdb.DuckDBPyConnection, pair_id: str) -> list[dict[str, Any]]:
    """One pair's flags, errors first, with evidence as JSON text."""
    return dicts(
        con.execute(
            """
            SELECT code, severity, message, evidence::VARCHAR AS evidence, rule_version
            FROM flags WHERE pair_id = ?
            ORDER BY list_position(['error', 'warning', 'info'], severity), code
            """,
            [pair_id],
        )
    )


def flagged_pairs(
    con: duckdb.DuckDBPyConnection, code: str, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Pairs carrying one code, in store order, with the flag's message and evidence."""
    return dicts(
        con.execute(
            """
            SELECT f.pair_id, f.severity, f.message, f.evidence::VARCHAR AS evidence,
                   c.question, c.answer, c.status
            FROM flags f JOIN current_pairs c ON c.id = f.pair_id
            WHERE f.code = ?
            ORDER BY c.seq, f.message
            LIMIT ? OFFSET ?
            """,
            [code, limit, offset],
        )
    )


def flag_rates(
    con: duckdb.DuckDBPyConnection, ids_sql: str | None = None, params: Sequence[Any] = ()
) -> tuple[int, list[dict[str, Any]]]:
    """Pairs in scope and, per code, flagged pairs and their share of the scope.

    Scope: the pairs `ids_sql` selects, else every pair not rejected.
    """
    scope = ids_sql or "SELECT id FROM current_pairs WHERE status <> 'rejected'"
    total = int(one(con, f"SELECT count(*) FROM ({scope})", list(params))[0])
    rows = dicts(
        con.execute(
            f"""
            SELECT code, count(DISTINCT pair_id) AS pairs,
                   count(DISTINCT pair_id) / greatest(?, 1) AS rate
            FROM flags WHERE pair_id IN ({scope})
            GROUP BY code ORDER BY rate DESC, code
            """,
            [total, *params],
        )
    )
    return total, rows


def clusters_by_method(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Clusters (with 2+ members) and the pairs in them, per method: for summaries."""
    return dicts(
        con.execute(
            """
            SELECT method, count(*) AS clusters, sum(n) AS pairs
            FROM (SELECT method, cluster_id, count(*) AS n FROM clusters GROUP BY 1, 2 HAVING n > 1)
            GROUP BY method ORDER BY method
            """
        )
    )


def require_code(con: duckdb.DuckDBPyConnection, code: str, known: Sequence[str]) -> None:
    """Refuse a code that no rule has and no flag carries, listing the ones that exist."""
    if code in known or one(con, "SELECT 1 FROM flags WHERE code = ? LIMIT 1", [code]):
        return
    raise WorkbenchError(f"no flag code '{code}'; codes: {', '.join(known)}")


def failing_predicate(
    con: duckdb.DuckDBPyConnection, predicates: dict[str, str]
) -> tuple[str, str] | None:
    """The first predicate that fails at run time over the store, with DuckDB's first line."""
    for name, sql in predicates.items():
        try:
            con.execute(
                f"SELECT count(*) FROM current_pairs WHERE coalesce(({sql}), false)"
            ).fetchall()
        except duckdb.Error as exc:
            return name, str(exc).splitlines()[0]
    return None
