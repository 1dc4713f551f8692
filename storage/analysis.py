"""What analyses need from the store: which pairs a stage has not seen, batches of them, results in.

A stage is remembered per pair with the hash of the text it saw and a fingerprint of its settings,
so a re-run touches only new or edited pairs (or everything, when the settings changed). Results
and the state that says they are done are written in one transaction: an interrupted run leaves
no stage half-recorded, and the next run resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from storage.db import transaction
from storage.sql import one, scalar

PAIR_COLUMNS = (
    "id",
    "seq",
    "question",
    "answer",
    "context",
    "context_id",
    "doc_id",
    "kind",
    "answerable",
    "source",
)
_TEXT_HASH = "wb_text_hash(question, answer)"


def pending_count(con: duckdb.DuckDBPyConnection, stage: str, config: str) -> int:
    """Build temp table `_wb_pending_<stage>` (id, text_hash, seq) of pairs the stage must
    (re)process; return its size."""
    table = pending_table(stage)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT c.id, {_TEXT_HASH} AS text_hash, c.seq
        FROM current_pairs c
        WHERE NOT EXISTS (
            SELECT 1 FROM analysis_state s
            WHERE s.pair_id = c.id AND s.stage = ? AND s.config = ?
              AND s.text_hash = wb_text_hash(c.question, c.answer)
        )
        """,
        [stage, config],
    )
    return int(one(con, f"SELECT count(*) FROM {table}")[0])


def pending_pairs(
    con: duckdb.DuckDBPyConnection, stage: str, config: str, hashes: bool = True
) -> int:
    """Fill `pending_table(stage)` (id, text_hash, seq) with the pairs `pending_count` finds, but
    compare texts only where they can have changed; returns its size. With the stage's mark
    (`read_mark`): pairs newer than it, and pairs edited since; without: pairs the stage never
    saw with this config, and pairs that were ever edited. A pair never edited still has the
    text its state row hashed. `hashes=False` leaves text_hash NULL for the unedited pairs, for
    a stage that hashes its work list itself (hashing a million texts costs seconds)."""
    table = pending_table(stage)
    mark = read_mark(con, stage, config)
    hashed = "wb_text_hash(question, answer)" if hashes else "NULL::VARCHAR"
    if mark is None:
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _wb_unseen AS
            SELECT p.id, {hashed} AS text_hash, p.seq FROM pairs p
            ANTI JOIN (SELECT pair_id FROM analysis_state WHERE stage = $1 AND config = $2) d
                ON d.pair_id = p.id
            """,
            [stage, config],
        )
        touched = "SELECT DISTINCT pair_id AS id FROM decisions WHERE action = 'edit'"
    else:
        # Pairs are numbered in import order: a seq filter reads only the newest row groups.
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _wb_unseen AS "
            f"SELECT id, {hashed} AS text_hash, seq FROM pairs WHERE seq > {mark[0]}"
        )
        touched = (
            "SELECT DISTINCT pair_id AS id FROM decisions WHERE action = 'edit' "
            f"AND (seq > {mark[1]} OR pair_id IN (SELECT id FROM _wb_unseen))"
        )
    con.execute(f"CREATE OR REPLACE TEMP TABLE _wb_touched_ids AS {touched}")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT u.id, u.text_hash, u.seq FROM _wb_unseen u ANTI JOIN _wb_touched_ids t ON t.id = u.id
        """
    )
    if scalar(con, "SELECT count(*) FROM _wb_touched_ids"):
        _add_changed(con, table, stage, config)
    con.execute("DROP TABLE _wb_unseen")
    con.execute("DROP TABLE _wb_touched_ids")
    return int(scalar(con, f"SELECT count(*) FROM {table}"))


def _add_changed(con: duckdb.DuckDBPyConnection, table: str, stage: str, config: str) -> None:
    """Add to `table` the edited pairs (`_wb_touched_ids`) whose text is not the one the stage
    saw with this config."""
    current_rows(con, "_wb_touched_ids", "_wb_touched_rows")
    con.execute(
        f"""
        INSERT INTO {table}
        SELECT c.id, wb_text_hash(c.question, c.answer) AS text_hash, c.seq
        FROM _wb_touched_rows c
        ANTI JOIN (
            SELECT pair_id, text_hash FROM analysis_state
            WHERE stage = $1 AND config = $2 AND pair_id IN (SELECT id FROM _wb_touched_ids)
        ) d ON d.pair_id = c.id AND d.text_hash = wb_text_hash(c.question, c.answer)
        """,
        [stage, config],
    )
    con.execute("DROP TABLE _wb_touched_rows")


def pending_table(stage: str) -> str:
    """Name of the temp table `pending_count` fills for a stage."""
    return f"_wb_pending_{stage}"


def current_rows(
    con: duckdb.DuckDBPyConnection,
    ids_table: str,
    out: str,
    context: bool = False,
    since: int = 0,
    columns: Sequence[str] = (),
) -> None:
    """Temp table `out` (id, seq, context_id, question, answer, status[, context][, columns]) of
    the pairs in `ids_table` (column id), as `current_pairs` shows them: that view derives every
    pair's edits and reads every context, so a few thousand pairs cost as much as the whole store
    through it. `since`: no pair in `ids_table` has a lower seq (a seq filter skips the older row
    groups). `columns`: more columns of `pairs` to carry. Inside `row_cache`, pairs it holds are
    read from it instead of the store, and those it lacks are read and added to it."""
    if not columns and _cache_exists(con):
        _cache_missing(con, ids_table, since)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {out} AS "
            f"SELECT * FROM {ROW_CACHE} WHERE id IN (SELECT id FROM {ids_table})"
        )
    else:
        _read_rows(con, ids_table, out, since, columns)
    if context:
        _with_contexts(con, out)


def _read_rows(
    con: duckdb.DuckDBPyConnection, ids_table: str, out: str, since: int, columns: Sequence[str]
) -> None:
    """`current_rows` from the store itself."""
    extra = "".join(f", p.{c}" for c in columns)
    own = ", ".join(dict.fromkeys(["id", "seq", "context_id", "question", "answer", *columns]))
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {out} AS
        WITH p AS (
            SELECT {own} FROM pairs
            WHERE seq >= {int(since)} AND id IN (SELECT id FROM {ids_table})
        ), d AS (
            SELECT pair_id,
                   arg_max(action, seq) FILTER (WHERE action IN ('accept', 'reject', 'reset')) AS verdict,
                   arg_max(payload, seq) FILTER (WHERE action = 'edit') AS last_edit
            FROM decisions WHERE pair_id IN (SELECT id FROM {ids_table}) GROUP BY pair_id
        )
        SELECT p.id, p.seq, p.context_id,
               coalesce(d.last_edit->>'question', p.question) AS question,
               coalesce(d.last_edit->>'answer', p.answer) AS answer,
               CASE d.verdict WHEN 'accept' THEN 'accepted' WHEN 'reject' THEN 'rejected'
                    ELSE 'pending' END AS status{extra}
        FROM p LEFT JOIN d ON d.pair_id = p.id
        """
    )


def _with_contexts(con: duckdb.DuckDBPyConnection, out: str) -> None:
    """Add each row's context text to `out`. Contexts are appended as pairs are imported, so
    the newest pairs' contexts are looked up first among the newest rows (a rowid range DuckDB
    reads alone; a fresh process otherwise reads every context text once, ~1 s per million);
    only those not found there are looked up in the whole table."""
    needed, tail = _newest_contexts(con, out)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _wb_ctx AS SELECT context_id, text FROM contexts "
        f"WHERE rowid >= {tail} AND context_id IN (SELECT context_id FROM {out})"
    )
    if tail and scalar(con, "SELECT count(DISTINCT context_id) FROM _wb_ctx") < needed:
        con.execute(
            f"""
            INSERT INTO _wb_ctx SELECT context_id, text FROM contexts
            WHERE rowid < {tail} AND context_id IN (
                SELECT context_id FROM {out} WHERE context_id NOT IN (SELECT context_id FROM _wb_ctx)
            )
            """
        )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {out} AS SELECT o.*, c.text AS context FROM {out} o "
        "LEFT JOIN _wb_ctx c ON c.context_id = o.context_id"
    )
    con.execute("DROP TABLE _wb_ctx")


def _newest_contexts(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, int]:
    """(distinct contexts `table` names, the first rowid of the newest contexts to look among
    first): twice as many as needed and some, since an import appends its contexts."""
    needed = int(scalar(con, f"SELECT count(DISTINCT context_id) FROM {table}"))
    total = int(scalar(con, "SELECT count(*) FROM contexts"))
    return needed, max(0, total - 2 * needed - 1024)


def context_rowids(con: duckdb.DuckDBPyConnection, table: str, out: str) -> None:
    """Temp table `out` (context_id, r): the rowid of each context that `table` (column
    context_id) names, looked up first among the newest contexts, as `_with_contexts` does."""
    needed, tail = _newest_contexts(con, table)
    ids = f"SELECT context_id FROM {table}"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {out} AS {_rowids_sql(ids, f'rowid >= {tail}')}")
    if tail and scalar(con, f"SELECT count(*) FROM {out}") < needed:
        rest = f"{ids} WHERE context_id NOT IN (SELECT context_id FROM {out})"
        con.execute(f"INSERT INTO {out} {_rowids_sql(rest, f'rowid < {tail}')}")


def _rowids_sql(ids_sql: str, rows: str) -> str:
    return (
        "SELECT context_id, min(rowid) AS r FROM contexts "
        f"WHERE {rows} AND context_id IN ({ids_sql}) GROUP BY context_id"
    )


ROW_CACHE = "_wb_row_cache"


@contextmanager
def row_cache(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """A scope in which `fill_row_cache` may keep rows that later `current_rows` calls then read
    instead of scanning the store again (each scan reads every pair's text); nothing in it may
    change pairs or decisions."""
    con.execute(f"DROP TABLE IF EXISTS {ROW_CACHE}")
    try:
        yield
    finally:
        con.execute(f"DROP TABLE IF EXISTS {ROW_CACHE}")


def fill_row_cache(con: duckdb.DuckDBPyConnection, ids_table: str) -> None:
    """Read the current rows of these pairs once, for the `current_rows` calls that follow; a
    filled cache gains the rows it lacks."""
    if _cache_exists(con):
        _cache_missing(con, ids_table, 0)
    else:
        current_rows(con, ids_table, ROW_CACHE)


def _cache_exists(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a `row_cache` scope holds a filled row cache."""
    return bool(
        scalar(
            con,
            "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?",
            [ROW_CACHE],
        )
    )


def _cache_missing(con: duckdb.DuckDBPyConnection, ids_table: str, since: int) -> None:
    """Read the pairs of `ids_table` that the row cache lacks (one scan) and add them to it."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _wb_uncached AS SELECT id FROM {ids_table} "
        f"WHERE id NOT IN (SELECT id FROM {ROW_CACHE})"
    )
    if scalar(con, "SELECT count(*) FROM _wb_uncached"):
        _read_rows(con, "_wb_uncached", "_wb_cache_more", since, ())
        con.execute(f"INSERT INTO {ROW_CACHE} SELECT * FROM _wb_cache_more")
        con.execute("DROP TABLE _wb_cache_more")
    con.execute("DROP TABLE _wb_uncached")


def low_seq(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """The lowest seq in a table with a seq column (0 when empty): `since` for `current_rows`."""
    return int(scalar(con, f"SELECT coalesce(min(seq), 0) FROM {table}"))


def iter_batches(
    con: duckdb.DuckDBPyConnection,
    ids_sql: str,
    params: Sequence[object] = (),
    columns: Sequence[str] = PAIR_COLUMNS,
    batch_size: int = 20_000,
) -> Iterator[pa.RecordBatch]:
    """Stream current pairs whose ids `ids_sql` selects, in store order, as Arrow batches."""
    cols = ", ".join(f"c.{name}" for name in columns)
    rel = con.sql(
        f"SELECT {cols} FROM current_pairs c SEMI JOIN ({ids_sql}) i ON i.id = c.id ORDER BY c.seq",
        params=list(params),
    )
    yield from rel.to_arrow_reader(batch_size)


def mark_done(
    con: duckdb.DuckDBPyConnection, stage: str, config: str, ids: Sequence[str] | pa.Array
) -> None:
    """Record that `stage` (with `config`) has seen the current text of these pairs."""
    con.register("_wb_done", pa.table({"id": pa.array(ids, pa.string())}))
    try:
        con.execute(
            "DELETE FROM analysis_state WHERE stage = ? AND pair_id IN (SELECT id FROM _wb_done)",
            [stage],
        )
        con.execute(
            f"""
            INSERT INTO analysis_state
            SELECT c.id, ?, {_TEXT_HASH}, ?, ?
            FROM current_pairs c SEMI JOIN _wb_done d ON d.id = c.id
            """,
            [stage, config, _now()],
        )
    finally:
        con.unregister("_wb_done")


def read_mark(con: duckdb.DuckDBPyConnection, stage: str, config: str) -> tuple[int, int] | None:
    """(pair seq, decision seq) up to which `stage` saw every pair with `config`, or None when
    it has no mark for that config or its state rows changed since (then only a full
    comparison with the state tells what is pending)."""
    row = one(
        con,
        "SELECT pair_seq, decision_seq, n_state FROM analysis_marks WHERE stage = ? AND config = ?",
        [stage, config],
    )
    if row is None:
        return None
    n_state = scalar(con, "SELECT count(*) FROM analysis_state WHERE stage = ?", [stage])
    return (int(row[0]), int(row[1])) if n_state == row[2] else None


def forget(con: duckdb.DuckDBPyConnection, stage: str) -> None:
    """Inside the caller's transaction: the stage has seen no pair, so its next run redoes every
    pair (and replaces its results) as on a fresh store; cached signatures and vectors stay."""
    con.execute("DELETE FROM analysis_state WHERE stage = ?", [stage])
    con.execute("DELETE FROM analysis_marks WHERE stage = ?", [stage])


def mark_pending_done(con: duckdb.DuckDBPyConnection, stage: str, config: str) -> None:
    """Inside the caller's transaction: every pair of the stage's pending table (id, text_hash)
    is done, and the stage's mark moves to the newest pair and decision, so the next run finds
    new pairs by seq instead of comparing the whole store with the state."""
    table = pending_table(stage)
    con.execute(
        f"DELETE FROM analysis_state WHERE stage = ? AND pair_id IN (SELECT id FROM {table})",
        [stage],
    )
    con.execute(
        f"INSERT INTO analysis_state SELECT id, ?, text_hash, ?, ? FROM {table}",
        [stage, config, _now()],
    )
    write_mark(con, stage, config)


def write_mark(con: duckdb.DuckDBPyConnection, stage: str, config: str) -> None:
    """Once every pair is done with `config`: move the stage's mark to the newest pair and
    decision, so the next run finds new pairs by seq instead of comparing the whole store."""
    con.execute(
        """
        INSERT OR REPLACE INTO analysis_marks
        SELECT ?, ?, coalesce((SELECT max(seq) FROM pairs), 0),
               coalesce((SELECT max(seq) FROM decisions), 0),
               (SELECT count(*) FROM analysis_state WHERE stage = ?)
        """,
        [stage, config, stage],
    )


def replace_flags(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    config: str,
    ids: pa.Array,
    codes: Sequence[str],
    flags: pa.Table,
) -> None:
    """Swap the flags of `codes` on these pairs for new ones and mark them done, atomically.

    `flags` has columns pair_id, code, severity, message, evidence (JSON text), rule_version.
    """
    with transaction(con):
        con.register("_wb_ids", pa.table({"id": ids}))
        con.register("_wb_flags", flags)
        try:
            con.execute(
                "DELETE FROM flags WHERE pair_id IN (SELECT id FROM _wb_ids) AND list_contains(?, code)",
                [list(codes)],
            )
            con.execute(
                "INSERT INTO flags SELECT pair_id, code, severity, message, evidence::JSON, rule_version "
                "FROM _wb_flags"
            )
        finally:
            con.unregister("_wb_ids")
            con.unregister("_wb_flags")
        mark_done(con, stage, config, ids)


def replace_clusters(con: duckdb.DuckDBPyConnection, method: str, clusters: pa.Table) -> None:
    """Replace all clusters of one method: columns pair_id, cluster_id, similarity, is_representative."""
    with transaction(con):
        con.register("_wb_clusters", clusters)
        try:
            con.execute("DELETE FROM clusters WHERE method = ?", [method])
            con.execute(
                "INSERT INTO clusters SELECT pair_id, ?, cluster_id, similarity, is_representative "
                "FROM _wb_clusters",
                [method],
            )
        finally:
            con.unregister("_wb_clusters")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
