"""Caches of the dedup stages in the store, and the fast way to find what changed.

`minhashes` holds MinHash signatures per field (and their LSH band keys under a field of their
own), plus the exact-duplicate keys under EXACT_FIELD; `embeddings` one vector per pair and
model. Each row carries the text hash it was computed from, so an interrupted run reuses what it
finished and an edited pair is redone.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pyarrow as pa

from storage.analysis import current_rows, fill_row_cache, low_seq, pending_table
from storage.db import transaction
from storage.sql import scalar

EXACT_FIELD = "exact:v2"
EXACT_NEW = "_wb_exact_new"  # this run's exact keys (see write_exact_keys)
# The context holds the answer (exact case first: the cheap test that extractive pairs pass).
SUPPORTED = """CASE WHEN {c}.answer = '' THEN false
    WHEN contains(coalesce({c}.context, ''), {c}.answer) THEN true
    ELSE contains(lower(coalesce({c}.context, '')), lower({c}.answer)) END"""

# Normalisation for exact duplicates (not the id normalisation, which only collapses whitespace):
# case, punctuation and symbols, and spacing never make two pairs different.
_NORM_MACRO = r"""
CREATE OR REPLACE TEMP MACRO wb_dedup_norm(x) AS
    trim(regexp_replace(regexp_replace(lower(nfc_normalize(coalesce(x, ''))),
                        '[\p{P}\p{S}]+', ' ', 'g'), '\s+', ' ', 'g'));
CREATE OR REPLACE TEMP MACRO wb_key_hi(x) AS ((md5_number(x) >> 96) & 4294967295)::UINTEGER;
CREATE OR REPLACE TEMP MACRO wb_key_lo(x) AS (md5_number(x) & 4294967295)::UINTEGER;
"""


WORK = "_wb_dedup_work"


def pair_count(con: duckdb.DuckDBPyConnection) -> int:
    return int(scalar(con, "SELECT count(*) FROM pairs"))


def pending_ids(con: duckdb.DuckDBPyConnection, stage: str) -> pa.Array:
    """Ids in the stage's pending table (see `storage.analysis.pending_count`)."""
    table = con.sql(f"SELECT id FROM {pending_table(stage)}").to_arrow_table()
    return table.column("id").combine_chunks()


def build_work(
    con: duckdb.DuckDBPyConnection,
    todo_sql: str,
    columns: Sequence[str] = ("question", "answer"),
    reuse_field: str | None = None,
    reuse_from: str = "minhashes",
) -> int:
    """Number the pairs `todo_sql` selects (id, text_hash, seq) with their current text, in store
    order, so batches are read in ranges and never hold a result open while results are written.
    With `reuse_field`, a column `cached` holds the pair's stored row of that field for the same
    text (NULL when there is none); `reuse_from` (minhashes or KNOWN) says whether there is any."""
    cols = ", ".join(f"c.{c}" for c in columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _wb_todo AS {todo_sql}")
    cached, join = "", ""
    # Join the cached rows only when some exist: the join reads every stored row of the field.
    if reuse_field is not None and scalar(
        con,
        f"SELECT count(*) FROM {reuse_from} m SEMI JOIN _wb_todo t "
        "ON t.id = m.pair_id AND t.text_hash = m.text_hash WHERE m.field = ?",
        [reuse_field],
    ):
        cached = ", m.signature AS cached"
        join = (
            "LEFT JOIN (SELECT pair_id, text_hash, signature FROM minhashes "
            f"WHERE field = '{_quote(reuse_field)}') m ON m.pair_id = t.id AND m.text_hash = t.text_hash"
        )
    elif reuse_field is not None:
        cached = ", NULL::UINTEGER[] AS cached"
    current_rows(con, "_wb_todo", "_wb_todo_rows", since=low_seq(con, "_wb_todo"))
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {WORK} AS
        SELECT row_number() OVER (ORDER BY c.seq) AS _n, t.id, t.text_hash, {cols}{cached}
        FROM _wb_todo t JOIN _wb_todo_rows c ON c.id = t.id {join}
        """
    )
    con.execute("DROP TABLE _wb_todo")
    con.execute("DROP TABLE _wb_todo_rows")
    return int(scalar(con, f"SELECT count(*) FROM {WORK}"))


def work_batch(con: duckdb.DuckDBPyConnection, start: int, size: int) -> pa.Table:
    """Rows start+1..start+size of the work list, read to the end."""
    return con.sql(
        f"SELECT * EXCLUDE (_n) FROM {WORK} WHERE _n > ? AND _n <= ? ORDER BY _n",
        params=[start, start + size],
    ).to_arrow_table()


def drop_work(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"DROP TABLE IF EXISTS {WORK}")
    con.execute(f"DROP TABLE IF EXISTS {KNOWN}")


KNOWN = "_wb_known"


def known_rows(con: duckdb.DuckDBPyConnection, stage: str, fields: Sequence[str]) -> None:
    """Temp table KNOWN (pair_id, field, text_hash): the cached rows of these fields for the
    stage's pending pairs, found in one scan of the cache that the questions asked of it
    (`signature_todo_sql`, `build_work`, `stored_rows`) then share."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {KNOWN} AS
        SELECT pair_id, field, text_hash FROM minhashes
        WHERE list_contains(?, field) AND pair_id IN (SELECT id FROM {pending_table(stage)})
        """,
        [list(fields)],
    )


def signature_todo_sql(stage: str, field: str) -> str:
    """Pending pairs of `stage` (id, text_hash, seq) without a signature of `field` for their
    current text (after `known_rows` with that field)."""
    return f"""
        SELECT p.id, p.text_hash, p.seq FROM {pending_table(stage)} p
        ANTI JOIN (SELECT pair_id, text_hash FROM {KNOWN} WHERE field = '{_quote(field)}') m
            ON m.pair_id = p.id AND m.text_hash = p.text_hash
        """


def _quote(value: str) -> str:
    return value.replace("'", "''")


def _vectors_table(
    ids: pa.Array, hashes: pa.Array, name: str, matrix: np.ndarray, kind: pa.DataType
) -> pa.Table:
    flat = pa.array(np.ascontiguousarray(matrix).reshape(-1), kind)
    offsets = pa.array(np.arange(0, matrix.size + 1, max(matrix.shape[1], 1), dtype=np.int32))
    return pa.table({"id": ids, "text_hash": hashes, name: pa.ListArray.from_arrays(offsets, flat)})


def write_signatures(
    con: duckdb.DuckDBPyConnection,
    batch: pa.Table,
    rows: dict[str, np.ndarray],
    replace: bool = True,
) -> None:
    """Store uint32 rows per field for a work batch, all fields in one transaction; `replace`
    deletes older rows of these pairs first (skip it when `stored_rows` said there are none)."""
    with transaction(con):
        for field, matrix in rows.items():
            table = _vectors_table(
                batch.column("id"), batch.column("text_hash"), "signature", matrix, pa.uint32()
            )
            _replace_rows(con, "minhashes", "field", field, table, replace)


def positions(con: duckdb.DuckDBPyConnection, universe: pa.Array, ids: pa.Array) -> np.ndarray:
    """Index of each of `ids` in `universe` (-1 when absent), as a DuckDB hash join: no
    per-run map of a million ids in Python."""
    con.register("_wb_universe", pa.table({"id": universe, "pos": np.arange(len(universe))}))
    con.register("_wb_lookup_ids", pa.table({"id": ids, "q": np.arange(len(ids))}))
    try:
        table = con.sql(
            "SELECT l.q, u.pos FROM _wb_lookup_ids l JOIN _wb_universe u ON u.id = l.id"
        ).to_arrow_table()
    finally:
        con.unregister("_wb_universe")
        con.unregister("_wb_lookup_ids")
    out = np.full(len(ids), -1, dtype=np.int64)
    out[table.column("q").to_numpy()] = table.column("pos").to_numpy()
    return out


def stored_rows(
    con: duckdb.DuckDBPyConnection, fields: Sequence[str], source: str = "minhashes"
) -> int:
    """How many pairs of the work list already have a row under any of these fields (in
    `source`: minhashes, or KNOWN when `known_rows` covered these fields)."""
    return int(
        scalar(
            con,
            f"SELECT count(*) FROM {source} m SEMI JOIN {WORK} w ON w.id = m.pair_id "
            "WHERE list_contains(?, m.field)",
            [list(fields)],
        )
    )


def _replace_rows(
    con: duckdb.DuckDBPyConnection,
    target: str,
    key: str,
    value: str,
    table: pa.Table,
    replace: bool = True,
) -> None:
    """Inside the caller's transaction: these pairs' rows under `key = value` become `table`."""
    con.register("_wb_rows", table)
    try:
        if replace:
            con.execute(
                f"DELETE FROM {target} WHERE {key} = ? AND pair_id IN (SELECT id FROM _wb_rows)",
                [value],
            )
        con.execute(
            f"INSERT INTO {target} SELECT id, ?, text_hash, * EXCLUDE (id, text_hash) FROM _wb_rows",
            [value],
        )
    finally:
        con.unregister("_wb_rows")


def load_signatures(
    con: duckdb.DuckDBPyConnection, field: str, num_perm: int
) -> tuple[pa.Array, np.ndarray]:
    """Every pair's row for `field` (signatures or band keys): (ids, uint32 matrix of width
    `num_perm`), in no particular order. Pairs are never deleted once analysed (an import drops
    its own duplicates before any stage sees them), so no join with `pairs` (a third of the
    time) is needed."""
    table = con.sql(
        "SELECT pair_id, signature FROM minhashes WHERE field = ?", params=[field]
    ).to_arrow_table()
    ids = table.column("pair_id").combine_chunks()
    # Chunk by chunk into one array: combining the list chunks first copies them all once more.
    sigs = np.empty(len(ids) * num_perm, dtype=np.uint32)
    at = 0
    for chunk in table.column("signature").chunks:
        flat = chunk.flatten().to_numpy(zero_copy_only=False)
        sigs[at : at + len(flat)] = flat
        at += len(flat)
    return ids, sigs.reshape(len(ids), num_perm)


def cache_near_rows(
    con: duckdb.DuckDBPyConnection, ids: pa.Array, pending: str, whole: bool = True
) -> None:
    """Fill the row cache (`storage.analysis.row_cache`) with these pairs, the pairs in table
    `pending`, and of their stored near clusters every member (`whole`) or the representative
    (what single linkage ranks and compares with), in one read of the store; a cache filled
    already gains those it lacks."""
    members = "" if whole else "is_representative AND"
    con.register("_wb_near_arrow", pa.table({"id": ids}))
    try:
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _wb_near_ids AS
            WITH seed AS (SELECT id FROM _wb_near_arrow UNION SELECT id FROM {pending})
            SELECT id FROM seed
            UNION
            SELECT pair_id FROM clusters WHERE method = 'near' AND {members} cluster_id IN (
                SELECT cluster_id FROM clusters
                WHERE method = 'near' AND pair_id IN (SELECT id FROM seed)
            )
            """
        )
    finally:
        con.unregister("_wb_near_arrow")
    fill_row_cache(con, "_wb_near_ids")
    con.execute("DROP TABLE _wb_near_ids")


def texts(
    con: duckdb.DuckDBPyConnection, ids: pa.Array, columns: Sequence[str] = ("question", "answer")
) -> pa.Table:
    """Current text of these pairs, in the order given (for re-shingling a few old pairs)."""
    con.register("_wb_text_arrow", pa.table({"id": ids, "pos": np.arange(len(ids))}))
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE _wb_text_ids AS SELECT * FROM _wb_text_arrow")
        current_rows(con, "_wb_text_ids", "_wb_text_rows", context="context" in columns)
        cols = ", ".join(f"c.{c}" for c in columns)
        return con.sql(
            f"SELECT {cols} FROM _wb_text_ids i JOIN _wb_text_rows c ON c.id = i.id ORDER BY i.pos"
        ).to_arrow_table()
    finally:
        con.unregister("_wb_text_arrow")
        con.execute("DROP TABLE IF EXISTS _wb_text_ids")
        con.execute("DROP TABLE IF EXISTS _wb_text_rows")


def embedding_todo_sql(model: str) -> str:
    """Pairs (id, text_hash, seq) lacking a vector of `model` for their current text."""
    return f"""
        SELECT c.id, wb_text_hash(c.question, c.answer) AS text_hash, c.seq FROM current_pairs c
        ANTI JOIN (SELECT pair_id, text_hash FROM embeddings WHERE model = '{_quote(model)}') e
            ON e.pair_id = c.id AND e.text_hash = wb_text_hash(c.question, c.answer)
        """


def write_embeddings(
    con: duckdb.DuckDBPyConnection, model: str, batch: pa.Table, vectors: np.ndarray
) -> None:
    """Store vectors of a work batch (one row per pair and model), in one transaction."""
    table = _vectors_table(
        batch.column("id"),
        batch.column("text_hash"),
        "vector",
        vectors.astype(np.float32),
        pa.float32(),
    )
    with transaction(con):
        _replace_rows(con, "embeddings", "model", model, table)


def load_embeddings(con: duckdb.DuckDBPyConnection, model: str) -> tuple[pa.Array, np.ndarray]:
    """Every current pair's vector from `model`: (ids, float32 matrix), in no particular order."""
    table = con.sql(
        "SELECT e.pair_id, e.vector FROM embeddings e SEMI JOIN pairs p ON p.id = e.pair_id "
        "WHERE e.model = ?",
        params=[model],
    ).to_arrow_table()
    ids = table.column("pair_id").combine_chunks()
    if not len(ids):
        return ids, np.zeros((0, 0), np.float32)
    vectors = table.column("vector").combine_chunks()
    flat = vectors.flatten().to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
    return ids, flat.reshape(len(ids), -1)


def write_exact_keys(con: duckdb.DuckDBPyConnection, stage: str, min_words: int) -> int:
    """Hash the normalised question, answer and whole pair (question, answer and context) of
    every pending pair, and note whether its context contains its answer; returns how many.

    The rows stay in temp table EXACT_NEW (pair_id, text_hash, signature) for the clustering
    step. A row is [question hi, lo, answer hi, lo, pair hi, lo, supported 0/1]. A question or answer
    shorter than `min_words` normalised words gets key 0 (never clustered): "Yes" or "1648"
    answering many questions is not duplication. `supported` spares keep-policies a read of
    every member's context (a pair's context never changes; an edited answer is redone).
    """
    con.execute(_NORM_MACRO)
    # Read the pending pairs once into a temp table, not off the current_pairs view.
    pending = pending_table(stage)
    current_rows(con, pending, "_wb_exact_rows", context=True, since=low_seq(con, pending))
    with transaction(con):
        con.execute(
            f"DELETE FROM minhashes WHERE field = ? AND pair_id IN (SELECT id FROM {pending_table(stage)})",
            [EXACT_FIELD],
        )
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE {EXACT_NEW} AS
            SELECT id AS pair_id, text_hash,
                   CASE WHEN len(string_split(q, ' ')) >= $1 AND q <> ''
                        THEN [wb_key_hi(q), wb_key_lo(q)] ELSE [0, 0] END ||
                   CASE WHEN len(string_split(a, ' ')) >= $1 AND a <> ''
                        THEN [wb_key_hi(a), wb_key_lo(a)] ELSE [0, 0] END ||
                   CASE WHEN q || a <> '' THEN [wb_key_hi(w), wb_key_lo(w)] ELSE [0, 0] END ||
                   [supported::UINTEGER] AS signature
            FROM (
                SELECT c.id, p.text_hash, wb_dedup_norm(c.question) AS q, wb_dedup_norm(c.answer) AS a,
                       q || chr(31) || a || chr(31) || coalesce(c.context_id, '') AS w,
                       {SUPPORTED.format(c="c")} AS supported
                FROM _wb_exact_rows c JOIN {pending_table(stage)} p ON p.id = c.id
            )
            """,
            [min_words],
        )
        con.execute(
            f"INSERT INTO minhashes SELECT pair_id, ?, text_hash, signature FROM {EXACT_NEW}",
            [EXACT_FIELD],
        )
    con.execute("DROP TABLE _wb_exact_rows")
    return int(scalar(con, f"SELECT count(*) FROM {pending_table(stage)}"))
