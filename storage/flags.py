"""Flag queries and the flag stage's work list: SQL for `curate.flags`, the CLI and the TUI.

The work list is one temp table of the pairs a flag stage must (re)check, numbered in store order
and read back in ranges, so batches never hold a result open while results are written. User SQL
rules become boolean columns of that table: they run in DuckDB, once, over the pending pairs.
Pending pairs are found from the stage's mark (`storage.analysis.pending_pairs`) and the list
reads only their rows and contexts, so a re-run on a large store with little new reads little.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from storage import analysis
from storage.db import transaction
from storage.errors import WorkbenchError
from storage.sql import dicts, one

WORK = "_wb_flag_work"
_ROWS = "_wb_flag_rows"
_CTX_ROWS = "_wb_flag_ctx"
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
    """Fill the stage's `storage.analysis.pending_table` with the pairs a flag stage must
    (re)check; its size. `commit_batch` hashes the texts it marks done, so they are not hashed
    here."""
    return analysis.pending_pairs(con, stage, config, hashes=False)


def build_worklist(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    config: str,
    columns: Sequence[str],
    predicates: dict[str, str],
) -> int:
    """Number the stage's pending pairs in store order with their pair-level columns; the count.

    `predicates` maps a column name to a user SQL condition: each becomes a boolean column
    (evaluated over `current_pairs`, which derives every pair's state: only user rules pay it).
    Context columns are read per batch by rowid (`worklist_batch`): the work list stays small.
    `_new` marks pairs newer than the stage's trusted mark: they have no state row to replace.
    """
    unknown = [c for c in columns if c not in PAIR_FIELDS]
    if unknown:
        raise ValueError(f"unknown pair columns {unknown}")
    # question and answer are always kept: `commit_batch` hashes them for the state.
    own = [
        c for c in dict.fromkeys(["id", "question", "answer", *columns]) if c not in _CONTEXT_FIELDS
    ]
    pending = analysis.pending_table(stage)
    since = analysis.low_seq(con, pending)
    mark = analysis.read_mark(con, stage, config)
    new = f"c.seq > {mark[0]}" if mark else "false"
    cols = ", ".join(f"c.{c}" for c in [*own, "context_id"]) + f", {new} AS _new"
    if predicates:
        extra = "".join(f", coalesce(({sql}), false) AS {name}" for name, sql in predicates.items())
        source = f"current_pairs c SEMI JOIN {pending} p ON p.id = c.id WHERE c.seq >= {since}"
    else:
        extra = ""
        carried = [c for c in own if c not in ("id", "question", "answer")]
        analysis.current_rows(con, pending, _ROWS, since=since, columns=carried)
        source = f"{_ROWS} c"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {WORK} AS
        SELECT row_number() OVER (ORDER BY c.seq) AS _n, {cols}{extra} FROM {source}
        """
    )
    con.execute(f"DROP TABLE IF EXISTS {_ROWS}")
    if any(c in _CONTEXT_FIELDS for c in columns):
        _locate_contexts(con)
    return int(one(con, f"SELECT count(*) FROM {WORK}")[0])


def _locate_contexts(con: duckdb.DuckDBPyConnection) -> None:
    """Add each work-list row's context rowid, by which `worklist_batch` reads contexts (a
    join by context_id reads every context's text for each batch)."""
    analysis.context_rowids(con, WORK, _CTX_ROWS)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {WORK} AS
        SELECT w.*, x.r AS _ctx_row FROM {WORK} w LEFT JOIN {_CTX_ROWS} x
            ON x.context_id = w.context_id
        """
    )
    con.execute(f"DROP TABLE {_CTX_ROWS}")


def worklist_batch(
    con: duckdb.DuckDBPyConnection, start: int, size: int, columns: Sequence[str]
) -> pa.Table:
    """Rows start+1..start+size of the work list, with the context columns asked for."""
    joined = [c for c in _CONTEXT_FIELDS if c in columns]
    rows = f"SELECT * FROM {WORK} WHERE _n > {int(start)} AND _n <= {int(start + size)}"
    if not joined:
        return con.sql(
            f"SELECT * EXCLUDE (_n, context_id, _new) FROM ({rows}) ORDER BY _n"
        ).to_arrow_table()
    low, high = one(con, f"SELECT min(_ctx_row), max(_ctx_row) FROM ({rows})") or (None, None)
    low, high = (-1, -1) if low is None else (int(low), int(high))
    ctx = "".join(f", x.{_CONTEXT_FIELDS[c]} AS {c}" for c in joined)
    # The range skips row groups (new pairs' contexts are the newest); the semi join keeps only
    # this batch's contexts, which pairs far apart in the store may share.
    return con.sql(
        f"""
        WITH b AS ({rows})
        SELECT b.* EXCLUDE (_n, context_id, _new, _ctx_row){ctx} FROM b LEFT JOIN (
            SELECT rowid AS _r, text, doc_id FROM contexts
            WHERE rowid BETWEEN {low} AND {high} AND rowid IN (SELECT _ctx_row FROM b)
        ) x ON x._r = b._ctx_row ORDER BY b._n
        """
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
    over `current_pairs` per batch: on a million pairs that pass dominated a full run. State
    rows are looked for only for pairs not `_new` (the lookup scans every state row).
    `flags` has columns pair_id, code, severity, message, evidence (JSON text), rule_version.
    """
    with transaction(con):
        con.register("_wb_flags", flags)
        try:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _wb_batch AS SELECT id, _new, "
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
            if one(con, "SELECT count(*) FROM _wb_batch WHERE NOT _new")[0]:
                con.execute(
                    "DELETE FROM analysis_state WHERE stage = ? "
                    "AND pair_id IN (SELECT id FROM _wb_batch WHERE NOT _new)",
                    [stage],
                )
            con.execute(
                "INSERT INTO analysis_state SELECT id, ?, text_hash, ?, ? FROM _wb_batch",
                [stage, config, datetime.now(UTC).replace(tzinfo=None)],
            )
        finally:
            con.unregister("_wb_flags")


def advance_mark(con: duckdb.DuckDBPyConnection, stage: str, config: str) -> None:
    """Every pair is flagged with `config`: the stage's mark moves to the newest pair and
    decision, so the next run finds what is new by seq (`storage.analysis.read_mark`)."""
    with transaction(con):
        analysis.write_mark(con, stage, config)


def drop_worklist(con: duckdb.DuckDBPyConnection, stage: str) -> None:
    """Free the work list's memory."""
    con.execute(f"DROP TABLE IF EXISTS {WORK}")
    con.execute(f"DROP TABLE IF EXISTS {analysis.pending_table(stage)}")
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
