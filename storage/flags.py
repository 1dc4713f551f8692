"""Flag queries and the flag stage's work list: SQL for `curate.flags`, the CLI and the TUI.

The work list is one temp table of the pairs a flag stage must (re)check, numbered in store order
and read back in ranges, so batches never hold a result open while results are written. User SQL
rules become boolean columns of that table: they run in DuckDB, once, over the pending pairs.
Finding pending pairs and building the list avoid full-store hashing and joins, so a re-run on
a large store with little new costs seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from storage.db import transaction
from storage.errors import WorkbenchError
from storage.sql import dicts, one

WORK = "_wb_flag_work"
PENDING = "_wb_flag_pending"
_CONTEXT_FIELDS = {"context": "text", "doc_id": "doc_id"}
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


def pending_pairs(con: duckdb.DuckDBPyConnection, stage: str, config: str) -> int:
    """Fill temp table `_wb_flag_pending` with the pairs a flag stage must (re)check; its size.

    Same answer as `storage.analysis.pending_count`, found without hashing every pair's text:
    a pair the stage never saw with this config is pending; of the others only an edited pair
    can have changed text, so only those are hashed and compared.
    """
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {PENDING} AS
        SELECT p.id FROM pairs p
        ANTI JOIN (SELECT pair_id FROM analysis_state WHERE stage = ? AND config = ?) s
            ON s.pair_id = p.id
        """,
        [stage, config],
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _wb_flag_edited AS "
        "SELECT DISTINCT pair_id AS id FROM decisions WHERE action = 'edit'"
    )
    if one(con, "SELECT count(*) FROM _wb_flag_edited")[0]:
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _wb_flag_edited AS
            SELECT c.id, wb_text_hash(c.question, c.answer) AS text_hash
            FROM current_pairs c SEMI JOIN _wb_flag_edited e ON e.id = c.id
            """
        )
        con.execute(
            f"""
            INSERT INTO {PENDING}
            SELECT e.id FROM _wb_flag_edited e
            JOIN analysis_state s ON s.pair_id = e.id AND s.stage = ? AND s.config = ?
            WHERE s.text_hash <> e.text_hash
            """,
            [stage, config],
        )
    con.execute("DROP TABLE _wb_flag_edited")
    return int(one(con, f"SELECT count(*) FROM {PENDING}")[0])


def build_worklist(
    con: duckdb.DuckDBPyConnection, columns: Sequence[str], predicates: dict[str, str]
) -> int:
    """Number the pending pairs in store order with their pair-level columns; returns the count.

    `predicates` maps a column name to a user SQL condition: each becomes a boolean column.
    Context columns are joined per batch: the work list stays small, and reading the view
    without them lets DuckDB skip its contexts join.
    """
    unknown = [c for c in columns if c not in PAIR_FIELDS]
    if unknown:
        raise ValueError(f"unknown pair columns {unknown}")
    # question and answer are always kept: `commit_batch` hashes them for the state.
    own = [
        c for c in dict.fromkeys(["id", "question", "answer", *columns]) if c not in _CONTEXT_FIELDS
    ]
    cols = ", ".join(f"c.{c}" for c in [*own, "context_id"])
    extra = "".join(f", coalesce(({sql}), false) AS {name}" for name, sql in predicates.items())
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {WORK} AS
        SELECT row_number() OVER (ORDER BY c.seq) AS _n, {cols}{extra}
        FROM current_pairs c SEMI JOIN {PENDING} p ON p.id = c.id
        """
    )
    return int(one(con, f"SELECT count(*) FROM {WORK}")[0])


def worklist_batch(
    con: duckdb.DuckDBPyConnection, start: int, size: int, columns: Sequence[str]
) -> pa.Table:
    """Rows start+1..start+size of the work list, with the context columns asked for."""
    joined = [c for c in _CONTEXT_FIELDS if c in columns]
    ctx = "".join(f", x.{_CONTEXT_FIELDS[c]} AS {c}" for c in joined)
    # Contexts are fetched for this batch's ids only, not joined against the whole table.
    join = (
        "LEFT JOIN (SELECT * FROM contexts WHERE context_id IN (SELECT context_id FROM b)) x "
        "ON x.context_id = b.context_id"
        if joined
        else ""
    )
    return con.sql(
        f"""
        WITH b AS (SELECT * FROM {WORK} WHERE _n > ? AND _n <= ?)
        SELECT b.* EXCLUDE (_n, context_id){ctx} FROM b {join} ORDER BY b._n
        """,
        params=[start, start + size],
    ).to_arrow_table()


def commit_batch(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    config: str,
    start: int,
    size: int,
    codes: Sequence[str],
    flags: pa.Table,
) -> None:
    """Swap the flags of `codes` on work-list rows start+1..start+size and mark them done.

    One transaction, like `storage.analysis.replace_flags`; the text hash recorded in
    `analysis_state` comes from the work list (each pair's current text), which saves a pass
    over `current_pairs` per batch: on a million pairs that pass dominated a full run.
    `flags` has columns pair_id, code, severity, message, evidence (JSON text), rule_version.
    """
    with transaction(con):
        con.register("_wb_flags", flags)
        try:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _wb_batch AS SELECT id, "
                f"wb_text_hash(question, answer) AS text_hash FROM {WORK} WHERE _n > ? AND _n <= ?",
                [start, start + size],
            )
            con.execute(
                "DELETE FROM flags WHERE pair_id IN (SELECT id FROM _wb_batch) "
                "AND list_contains(?, code)",
                [list(codes)],
            )
            con.execute(
                "INSERT INTO flags SELECT pair_id, code, severity, message, evidence::JSON, "
                "rule_version FROM _wb_flags"
            )
            con.execute(
                "DELETE FROM analysis_state WHERE stage = ? "
                "AND pair_id IN (SELECT id FROM _wb_batch)",
                [stage],
            )
            con.execute(
                "INSERT INTO analysis_state SELECT id, ?, text_hash, ?, ? FROM _wb_batch",
                [stage, config, datetime.now(UTC).replace(tzinfo=None)],
            )
        finally:
            con.unregister("_wb_flags")


def drop_worklist(con: duckdb.DuckDBPyConnection) -> None:
    """Free the work list's memory."""
    con.execute(f"DROP TABLE IF EXISTS {WORK}")
    con.execute(f"DROP TABLE IF EXISTS {PENDING}")
    con.execute("DROP TABLE IF EXISTS _wb_batch")


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
