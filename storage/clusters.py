"""Duplicate clusters in the store: exact keys in SQL, signature and embedding caches, keep ranks,
cluster listings and the rejections a keep-policy implies.

Caches live in `minhashes` (MinHash signatures per field, and the exact-duplicate keys under field
EXACT_FIELD) and `embeddings` (one vector per pair and model). Each row carries the text hash it
was computed from, so an interrupted run reuses what it finished and an edited pair is redone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from storage.analysis import pending_table
from storage.db import transaction
from storage.sql import dicts, one, scalar

EXACT_FIELD = "exact:v1"
EXACT_METHODS = ("exact_pair", "exact_question", "exact_answer")
UNSUPPORTED_FLAG = "answer_not_in_context"

# Normalisation for exact duplicates (not the id normalisation, which only collapses whitespace):
# case, punctuation and symbols, and spacing never make two pairs different.
_NORM_MACRO = r"""
CREATE OR REPLACE TEMP MACRO wb_dedup_norm(x) AS
    trim(regexp_replace(regexp_replace(lower(nfc_normalize(coalesce(x, ''))),
                        '[\p{P}\p{S}]+', ' ', 'g'), '\s+', ' ', 'g'));
CREATE OR REPLACE TEMP MACRO wb_key_hi(x) AS ((md5_number(x) >> 96) & 4294967295)::UINTEGER;
CREATE OR REPLACE TEMP MACRO wb_key_lo(x) AS (md5_number(x) & 4294967295)::UINTEGER;
"""

# Keep-policy terms: each is an ORDER BY fragment over `_wb_keep_attrs` (best first).
KEEP_TERMS: dict[str, str] = {
    "flags": "k.n_flags ASC",
    "supported": "k.supported DESC",
    "longest": "k.answer_len DESC",
    "shortest": "k.answer_len ASC",
    "first": "k.seq ASC",
    "last": "k.seq DESC",
}
# A curator's verdict outranks every policy: accepted pairs are kept, rejected ones never chosen.
_VERDICT = "CASE k.status WHEN 'accepted' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END"

_KEEP_ATTRS = f"""
CREATE OR REPLACE TEMP VIEW _wb_keep_attrs AS
SELECT c.id, c.seq, c.status, length(c.answer) AS answer_len,
       coalesce(f.n_flags, 0) AS n_flags,
       CASE WHEN s.pair_id IS NOT NULL THEN NOT coalesce(f.unsupported, false)
            ELSE contains(lower(coalesce(c.context, '')), lower(c.answer)) END AS supported
FROM current_pairs c
LEFT JOIN (
    SELECT pair_id, count(*) FILTER (WHERE severity <> 'info') AS n_flags,
           bool_or(code = '{UNSUPPORTED_FLAG}') AS unsupported
    FROM flags GROUP BY pair_id
) f ON f.pair_id = c.id
LEFT JOIN (SELECT DISTINCT pair_id FROM analysis_state WHERE stage = 'flags') s ON s.pair_id = c.id
"""


def _order_by(terms: Sequence[str]) -> str:
    return ", ".join([_VERDICT, *(KEEP_TERMS[t] for t in terms), "k.seq ASC", "k.id ASC"])


# --- caches: what to compute, writing and loading -------------------------------------------


WORK = "_wb_dedup_work"


def pending_ids(con: duckdb.DuckDBPyConnection, stage: str) -> pa.Array:
    """Ids in the stage's pending table (see `storage.analysis.pending_count`)."""
    table = con.sql(f"SELECT id FROM {pending_table(stage)}").to_arrow_table()
    return table.column("id").combine_chunks()


def build_work(
    con: duckdb.DuckDBPyConnection, todo_sql: str, columns: Sequence[str] = ("question", "answer")
) -> int:
    """Number the pairs `todo_sql` selects (id, text_hash) with their current text, in store
    order, so batches are read in ranges and never hold a result open while results are written."""
    cols = ", ".join(f"c.{c}" for c in columns)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {WORK} AS
        SELECT row_number() OVER (ORDER BY c.seq) AS _n, t.id, t.text_hash, {cols}
        FROM ({todo_sql}) t JOIN current_pairs c ON c.id = t.id
        """
    )
    return int(scalar(con, f"SELECT count(*) FROM {WORK}"))


def work_batch(con: duckdb.DuckDBPyConnection, start: int, size: int) -> pa.Table:
    """Rows start+1..start+size of the work list, read to the end."""
    return con.sql(
        f"SELECT * EXCLUDE (_n) FROM {WORK} WHERE _n > ? AND _n <= ? ORDER BY _n",
        params=[start, start + size],
    ).to_arrow_table()


def drop_work(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"DROP TABLE IF EXISTS {WORK}")


def signature_todo_sql(stage: str, field: str) -> str:
    """Pending pairs of `stage` without a signature of `field` for their current text."""
    return f"""
        SELECT p.id, p.text_hash FROM {pending_table(stage)} p
        ANTI JOIN (SELECT pair_id, text_hash FROM minhashes WHERE field = '{_quote(field)}') m
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
    con: duckdb.DuckDBPyConnection, field: str, batch: pa.Table, sigs: np.ndarray
) -> None:
    """Store signatures of a work batch (replacing older ones of these pairs), in one transaction."""
    table = _vectors_table(
        batch.column("id"), batch.column("text_hash"), "signature", sigs, pa.uint32()
    )
    _replace_rows(con, "minhashes", "field", field, table)


def _replace_rows(
    con: duckdb.DuckDBPyConnection, target: str, key: str, value: str, table: pa.Table
) -> None:
    with transaction(con):
        con.register("_wb_rows", table)
        try:
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
    """Every current pair's signature for `field`: (ids, uint32 matrix), in no particular order."""
    table = con.sql(
        "SELECT m.pair_id, m.signature FROM minhashes m SEMI JOIN pairs p ON p.id = m.pair_id "
        "WHERE m.field = ?",
        params=[field],
    ).to_arrow_table()
    ids = table.column("pair_id").combine_chunks()
    values = table.column("signature").combine_chunks().flatten()
    sigs = values.to_numpy(zero_copy_only=False).astype(np.uint32, copy=False)
    return ids, sigs.reshape(len(ids), num_perm) if len(ids) else np.zeros((0, num_perm), np.uint32)


def texts(
    con: duckdb.DuckDBPyConnection, ids: pa.Array, columns: Sequence[str] = ("question", "answer")
) -> pa.Table:
    """Current text of these pairs, in the order given (for re-shingling a few old pairs)."""
    con.register("_wb_text_ids", pa.table({"id": ids, "pos": np.arange(len(ids))}))
    try:
        cols = ", ".join(f"c.{c}" for c in columns)
        return con.sql(
            f"SELECT {cols} FROM _wb_text_ids i JOIN current_pairs c ON c.id = i.id ORDER BY i.pos"
        ).to_arrow_table()
    finally:
        con.unregister("_wb_text_ids")


def embedding_todo_sql(model: str) -> str:
    """Pairs lacking a vector of `model` for their current text."""
    return f"""
        SELECT c.id, wb_text_hash(c.question, c.answer) AS text_hash FROM current_pairs c
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
    _replace_rows(con, "embeddings", "model", model, table)


def load_embeddings(con: duckdb.DuckDBPyConnection, model: str) -> tuple[pa.Array, np.ndarray]:
    """Every current pair's vector from `model`: (ids, float32 matrix), in pair order."""
    table = con.sql(
        "SELECT e.pair_id, e.vector FROM embeddings e JOIN pairs p ON p.id = e.pair_id "
        "WHERE e.model = ? ORDER BY p.seq",
        params=[model],
    ).to_arrow_table()
    ids = table.column("pair_id").combine_chunks()
    if not len(ids):
        return ids, np.zeros((0, 0), np.float32)
    vectors = table.column("vector").combine_chunks()
    flat = vectors.flatten().to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
    return ids, flat.reshape(len(ids), -1)


# --- exact duplicates ----------------------------------------------------------------------------


def write_exact_keys(con: duckdb.DuckDBPyConnection, stage: str, min_words: int) -> int:
    """Hash the normalised question, answer and pair of every pending pair; returns how many.

    A question or answer shorter than `min_words` normalised words gets key 0 (never clustered):
    "Yes" or "1648" answering many questions is not duplication.
    """
    con.execute(_NORM_MACRO)
    with transaction(con):
        con.execute(
            f"DELETE FROM minhashes WHERE field = ? AND pair_id IN (SELECT id FROM {pending_table(stage)})",
            [EXACT_FIELD],
        )
        con.execute(
            f"""
            INSERT INTO minhashes
            SELECT id, $1, text_hash,
                   CASE WHEN len(string_split(q, ' ')) >= $2 AND q <> ''
                        THEN [wb_key_hi(q), wb_key_lo(q)] ELSE [0, 0] END ||
                   CASE WHEN len(string_split(a, ' ')) >= $2 AND a <> ''
                        THEN [wb_key_hi(a), wb_key_lo(a)] ELSE [0, 0] END ||
                   CASE WHEN q || a <> '' THEN [wb_key_hi(q || chr(31) || a), wb_key_lo(q || chr(31) || a)]
                        ELSE [0, 0] END
            FROM (
                SELECT c.id, p.text_hash, wb_dedup_norm(c.question) AS q, wb_dedup_norm(c.answer) AS a
                FROM current_pairs c JOIN {pending_table(stage)} p ON p.id = c.id
            )
            """,
            [EXACT_FIELD, min_words],
        )
    return int(scalar(con, f"SELECT count(*) FROM {pending_table(stage)}"))


def exact_clusters(con: duckdb.DuckDBPyConnection, keep: Sequence[str]) -> dict[str, pa.Table]:
    """Clusters of every exact method from the stored keys, as `replace_clusters` wants them.

    Keys are unpacked once into a temp table, and keep attributes are computed only for pairs in
    a group of two or more."""
    con.execute(_KEEP_ATTRS)
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _wb_exact_groups AS
        WITH keyed AS (
            SELECT m.pair_id, m.signature AS s FROM minhashes m SEMI JOIN pairs p ON p.id = m.pair_id
            WHERE m.field = ?
        ), unpacked AS (
            SELECT pair_id, 'exact_question' AS method, (s[1]::UBIGINT << 32) | s[2] AS key FROM keyed
            UNION ALL SELECT pair_id, 'exact_answer', (s[3]::UBIGINT << 32) | s[4] FROM keyed
            UNION ALL SELECT pair_id, 'exact_pair', (s[5]::UBIGINT << 32) | s[6] FROM keyed
        )
        SELECT pair_id, method, key FROM unpacked WHERE key <> 0
        QUALIFY count(*) OVER (PARTITION BY method, key) > 1
        """,
        [EXACT_FIELD],
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _wb_exact_attrs AS SELECT * FROM _wb_keep_attrs "
        "WHERE id IN (SELECT pair_id FROM _wb_exact_groups)"
    )
    try:
        table = con.sql(
            f"""
            WITH ranked AS (
                SELECT g.method, g.pair_id,
                       first(g.pair_id) OVER (PARTITION BY g.method, g.key ORDER BY {_order_by(keep)}) AS rep
                FROM _wb_exact_groups g JOIN _wb_exact_attrs k ON k.id = g.pair_id
            )
            SELECT method, pair_id, method || ':' || rep AS cluster_id, 1.0::DOUBLE AS similarity,
                   pair_id = rep AS is_representative
            FROM ranked ORDER BY method, cluster_id, NOT is_representative, pair_id
            """
        ).to_arrow_table()
    finally:
        con.execute("DROP TABLE IF EXISTS _wb_exact_groups")
        con.execute("DROP TABLE IF EXISTS _wb_exact_attrs")
    methods = table.column("method")
    return {m: table.filter(pc.equal(methods, m)).drop_columns(["method"]) for m in EXACT_METHODS}


# --- keep ranks and old clusters -----------------------------------------------------------------


def keep_ranks(con: duckdb.DuckDBPyConnection, ids: pa.Array, keep: Sequence[str]) -> np.ndarray:
    """Rank of each given pair under a keep-policy (0 = the one to keep), aligned with `ids`."""
    con.execute(_KEEP_ATTRS)
    con.register("_wb_rank_ids", pa.table({"id": ids, "pos": np.arange(len(ids), dtype=np.int64)}))
    try:
        table = con.sql(
            f"SELECT i.pos FROM _wb_rank_ids i JOIN _wb_keep_attrs k ON k.id = i.id "
            f"ORDER BY {_order_by(keep)}"
        ).to_arrow_table()
    finally:
        con.unregister("_wb_rank_ids")
    order = table.column("pos").to_numpy()
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[order] = np.arange(len(order))
    return ranks


def cluster_labels(con: duckdb.DuckDBPyConnection, method: str, ids: pa.Array) -> np.ndarray:
    """Stored cluster of each given pair for `method` as a small integer (-1: in none)."""
    con.register("_wb_label_ids", pa.table({"id": ids, "pos": np.arange(len(ids), dtype=np.int64)}))
    try:
        table = con.sql(
            "SELECT i.pos, dense_rank() OVER (ORDER BY c.cluster_id) - 1 AS label "
            "FROM _wb_label_ids i JOIN clusters c ON c.pair_id = i.id WHERE c.method = ?",
            params=[method],
        ).to_arrow_table()
    finally:
        con.unregister("_wb_label_ids")
    labels = np.full(len(ids), -1, dtype=np.int64)
    labels[table.column("pos").to_numpy()] = table.column("label").to_numpy()
    return labels


def stored_clusters(con: duckdb.DuckDBPyConnection, method: str) -> pa.Table:
    """All rows of one method (to carry unchanged clusters over to the next write)."""
    return con.sql(
        "SELECT pair_id, cluster_id, similarity, is_representative FROM clusters WHERE method = ?",
        params=[method],
    ).to_arrow_table()


# --- listings for the shells ---------------------------------------------------------------------


def method_summary(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Per method: clusters, pairs in them, and how many a dedup would drop."""
    return dicts(
        con.execute(
            "SELECT method, count(DISTINCT cluster_id) AS clusters, count(*) AS pairs, "
            "count(*) - count(DISTINCT cluster_id) AS redundant FROM clusters GROUP BY 1 ORDER BY 1"
        )
    )


def list_clusters(
    con: duckdb.DuckDBPyConnection,
    methods: Sequence[str] | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Clusters largest first, with the representative's question and the lowest similarity."""
    where, params = ("WHERE list_contains(?, c.method)", [list(methods)]) if methods else ("", [])
    return dicts(
        con.execute(
            f"""
            SELECT c.cluster_id, c.method, count(*) AS size, min(c.similarity) AS min_similarity,
                   any_value(c.pair_id) FILTER (WHERE c.is_representative) AS representative,
                   any_value(p.question) FILTER (WHERE c.is_representative) AS question
            FROM clusters c JOIN current_pairs p ON p.id = c.pair_id
            {where}
            GROUP BY c.cluster_id, c.method
            ORDER BY size DESC, c.method, c.cluster_id
            LIMIT ? OFFSET ?
            """,
            [*params, limit, offset],
        )
    )


def cluster_members(con: duckdb.DuckDBPyConnection, cluster_id: str) -> list[dict[str, Any]]:
    """One cluster's pairs, representative first, then by similarity to it."""
    return dicts(
        con.execute(
            """
            SELECT c.pair_id, c.method, c.is_representative, c.similarity, p.status,
                   p.question, p.answer
            FROM clusters c JOIN current_pairs p ON p.id = c.pair_id
            WHERE c.cluster_id = ?
            ORDER BY c.is_representative DESC, c.similarity DESC, p.seq
            """,
            [cluster_id],
        )
    )


def pair_clusters(con: duckdb.DuckDBPyConnection, pair_id: str) -> list[dict[str, Any]]:
    """Every cluster a pair belongs to: method, id, its similarity, representative, size."""
    return dicts(
        con.execute(
            """
            SELECT c.method, c.cluster_id, c.similarity, c.is_representative,
                   (SELECT count(*) FROM clusters o WHERE o.cluster_id = c.cluster_id) AS size,
                   (SELECT o.pair_id FROM clusters o
                    WHERE o.cluster_id = c.cluster_id AND o.is_representative LIMIT 1) AS representative
            FROM clusters c WHERE c.pair_id = ? ORDER BY c.method
            """,
            [pair_id],
        )
    )


def cluster_sets(con: duckdb.DuckDBPyConnection, method: str) -> list[list[str]]:
    """Every cluster of one method as its list of pair ids (for measuring against ground truth)."""
    rows = con.execute(
        "SELECT list(pair_id ORDER BY pair_id) FROM clusters WHERE method = ? GROUP BY cluster_id",
        [method],
    ).fetchall()
    return [r[0] for r in rows]


def ids_by_text(
    con: duckdb.DuckDBPyConnection, questions: Sequence[str], answers: Sequence[str]
) -> list[str | None]:
    """The pair holding each (question, answer) text, compared as pair ids are (spacing collapsed)."""
    con.register(
        "_wb_lookup",
        pa.table({"pos": np.arange(len(questions)), "q": list(questions), "a": list(answers)}),
    )
    try:
        rows = con.execute(
            """
            SELECT l.pos, any_value(c.id) FROM _wb_lookup l
            JOIN current_pairs c ON wb_norm(c.question) = wb_norm(l.q) AND wb_norm(c.answer) = wb_norm(l.a)
            GROUP BY l.pos
            """
        ).fetchall()
    finally:
        con.unregister("_wb_lookup")
    found: list[str | None] = [None] * len(questions)
    for pos, pair_id in rows:
        found[pos] = pair_id
    return found


def cluster_exists(con: duckdb.DuckDBPyConnection, cluster_id: str) -> bool:
    return one(con, "SELECT 1 FROM clusters WHERE cluster_id = ? LIMIT 1", [cluster_id]) is not None


# --- applying a keep-policy ------------------------------------------------------------------------


def rejection_table(
    con: duckdb.DuckDBPyConnection, method: str, keep: Sequence[str]
) -> dict[str, int]:
    """Rank each cluster of `method` now (current verdicts and flags) into temp table
    `_wb_dedup_reject` of pairs to reject; returns counts (clusters, to_reject, kept_accepted)."""
    con.execute(_KEEP_ATTRS)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_dedup_ranked AS
        SELECT c.cluster_id, c.pair_id, k.status,
               row_number() OVER (PARTITION BY c.cluster_id ORDER BY {_order_by(keep)}) AS rank
        FROM clusters c JOIN _wb_keep_attrs k ON k.id = c.pair_id
        WHERE c.method = ?
        """,
        [method],
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _wb_dedup_reject AS SELECT pair_id AS id FROM _wb_dedup_ranked "
        "WHERE rank > 1 AND status = 'pending'"
    )
    row = one(
        con,
        "SELECT count(DISTINCT cluster_id), count(*) FILTER (WHERE rank > 1 AND status = 'pending'), "
        "count(*) FILTER (WHERE rank > 1 AND status = 'accepted'), "
        "count(*) FILTER (WHERE rank > 1 AND status = 'rejected') FROM _wb_dedup_ranked",
    )
    return {
        "clusters": int(row[0]),
        "to_reject": int(row[1]),
        "kept_accepted": int(row[2]),
        "already_rejected": int(row[3]),
    }


REJECT_SELECT = "SELECT id FROM _wb_dedup_reject"
