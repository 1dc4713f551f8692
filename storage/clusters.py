"""Duplicate clusters in the store: exact clusters in SQL, keep-policy ranks, partial cluster
writes for incremental runs, listings for the shells and the rejections a keep-policy implies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from storage.analysis import current_rows
from storage.db import transaction
from storage.dedup_cache import EXACT_FIELD, EXACT_NEW, SUPPORTED
from storage.sql import dicts, one, scalar

EXACT_METHODS = ("exact_pair", "exact_question", "exact_answer")
UNSUPPORTED_FLAG = "answer_not_in_context"

# Keep-policy terms: each is an ORDER BY fragment over the keep attributes `k` (best first).
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


def _keep_attrs(con: duckdb.DuckDBPyConnection, ids_table: str, out: str) -> None:
    """Temp table `out` of keep attributes for the pairs in temp table `ids_table` (column id).

    An answer is supported when the context contains it (case-insensitive) and no
    answer_not_in_context flag says otherwise; info flags do not count. Containment comes from
    the exact stage's cached keys; only pairs without them have their context read.
    """
    current_rows(con, ids_table, "_wb_keep_rows")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {out} AS
        SELECT c.id, c.seq, c.status, length(c.answer) AS answer_len,
               coalesce(f.n_flags, 0) AS n_flags, coalesce(f.unsupported, false) AS flagged,
               e.signature[7] = 1 AS supported
        FROM _wb_keep_rows c
        LEFT JOIN (
            SELECT pair_id, count(*) FILTER (WHERE severity <> 'info') AS n_flags,
                   bool_or(code = '{UNSUPPORTED_FLAG}') AS unsupported
            FROM flags WHERE pair_id IN (SELECT id FROM {ids_table}) GROUP BY pair_id
        ) f ON f.pair_id = c.id
        LEFT JOIN (
            SELECT pair_id, text_hash, signature FROM minhashes
            WHERE field = '{EXACT_FIELD}' AND pair_id IN (SELECT id FROM {ids_table})
        ) e ON e.pair_id = c.id AND e.text_hash = wb_text_hash(c.question, c.answer)
        """
    )
    con.execute("DROP TABLE _wb_keep_rows")
    if scalar(con, f"SELECT count(*) FROM {out} WHERE supported IS NULL"):
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _wb_keep_ids AS SELECT id FROM {out} WHERE supported IS NULL"
        )
        current_rows(con, "_wb_keep_ids", "_wb_keep_rows", context=True)
        con.execute(
            f"""
            UPDATE {out} SET supported = s.supported FROM (
                SELECT c.id, {SUPPORTED.format(c="c")} AS supported FROM _wb_keep_rows c
            ) s WHERE s.id = {out}.id
            """
        )
        con.execute("DROP TABLE _wb_keep_rows")
        con.execute("DROP TABLE _wb_keep_ids")
    con.execute(f"UPDATE {out} SET supported = false WHERE flagged")


def _in(values: Sequence[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _order_by(terms: Sequence[str]) -> str:
    return ", ".join([_VERDICT, *(KEEP_TERMS[t] for t in terms), "k.seq ASC", "k.id ASC"])


# --- exact duplicates ----------------------------------------------------------------------------

# Where each method's 64-bit key sits in an exact row's signature (see write_exact_keys).
_KEY_SLOTS = {"exact_question": (1, 2), "exact_answer": (3, 4), "exact_pair": (5, 6)}
_EXACT_TEMPS = (
    "_wb_x_new",
    "_wb_x_stored",
    "_wb_x_left",
    "_wb_x_left_keys",
    "_wb_x_keys",
    "_wb_x_groups",
    "_wb_x_plan",
    "_wb_x_cand",
    "_wb_x_ids",
    "_wb_x_attrs",
    "_wb_x_best",
    "_wb_x_members",
    "_wb_x_moved",
    EXACT_NEW,
)
ExactClusters = dict[str, tuple[pa.Table, pa.Array | None]]


def _key_rows(source: str) -> str:
    """SQL of (pair_id, method, key): a row per exact method for each row of `source` (a table
    or subquery with pair_id and an exact signature)."""
    methods = ", ".join(f"'{m}'" for m in _KEY_SLOTS)
    keys = ", ".join(
        f"(signature[{hi}]::UBIGINT << 32) | signature[{lo}]" for hi, lo in _KEY_SLOTS.values()
    )
    return f"SELECT pair_id, unnest([{methods}]) AS method, unnest([{keys}]) AS key FROM {source}"


def _stored_keys(where: str = "") -> str:
    """SQL of the stored exact rows (pair_id, signature), optionally filtered."""
    return f"(SELECT pair_id, signature FROM minhashes WHERE field = '{EXACT_FIELD}' {where})"


def exact_clusters(
    con: duckdb.DuckDBPyConnection, keep: Sequence[str], pending: str | None = None
) -> ExactClusters:
    """Exact clusters from the stored keys: per method, (rows to write, pairs whose old rows they
    replace). With `pending` (a table of ids, whose keys `write_exact_keys` just left in
    EXACT_NEW), only the groups of keys that pending pairs have or had are looked at, and of
    those mostly the rows that change are returned; without, everything is (drop = None)."""
    try:
        found = None if pending is None else _exact_incremental(con, keep, pending)
        return found if found is not None else _exact_full(con, keep)
    finally:
        for temp in _EXACT_TEMPS:
            con.execute(f"DROP TABLE IF EXISTS {temp}")


def _exact_full(con: duckdb.DuckDBPyConnection, keep: Sequence[str]) -> ExactClusters:
    """Every group of every key, ranked whole."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_x_members AS
        SELECT * FROM ({_key_rows(_stored_keys())}) WHERE key <> 0
        QUALIFY count(*) OVER (PARTITION BY method, key) > 1
        """
    )
    _rank(con, keep, "_wb_x_members")
    table = _member_rows(con)
    return {m: (_of_method(table, m), None) for m in EXACT_METHODS}


def _exact_incremental(
    con: duckdb.DuckDBPyConnection, keep: Sequence[str], pending: str
) -> ExactClusters | None:
    """A group keeps its stored representative unless a pending pair, or a pair that stood
    alone, outranks it; then only the pending pairs' rows are new. Groups a representative or an
    edited pair leaves are rewritten whole. None when the stored clusters disagree with the
    stored keys (only a full run can mend that)."""
    _touched_keys(con, pending)
    _plan(con, pending)
    if scalar(con, "SELECT count(*) FROM _wb_x_plan WHERE kind = 'irregular'"):
        return None
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _wb_x_cand AS
        SELECT method, key, pair_id FROM _wb_x_new
        UNION ALL SELECT method, key, rep FROM _wb_x_plan WHERE rep IS NOT NULL
        UNION ALL SELECT method, key, witness FROM _wb_x_plan WHERE kind = 'alone'
        UNION ALL SELECT l.method, l.key, l.pair_id FROM _wb_x_left_keys l
            SEMI JOIN _wb_x_plan p ON p.method = l.method AND p.key = l.key AND p.rep IS NULL
        """
    )
    _rank(con, keep, "_wb_x_cand")
    _members(con)
    table = _member_rows(con)
    drops = con.sql(
        f"SELECT method, pair_id FROM _wb_x_members UNION "
        f"SELECT m.method, p.id FROM {pending} p "
        f"CROSS JOIN (SELECT unnest(?::VARCHAR[]) AS method) m",
        params=[list(EXACT_METHODS)],
    ).to_arrow_table()
    return {
        m: (
            _of_method(table, m),
            drops.filter(pc.equal(drops.column("method"), m)).column("pair_id").combine_chunks(),
        )
        for m in EXACT_METHODS
    }


def _touched_keys(con: duckdb.DuckDBPyConnection, pending: str) -> None:
    """Temp tables: _wb_x_new (the pending pairs' keys), _wb_x_stored (stored representatives
    and the pending pairs' stored rows), _wb_x_left_keys (the other members of the clusters a
    pending pair was in, with their keys, which did not change) and _wb_x_keys (every key whose
    group can change)."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _wb_x_new AS "
        f"SELECT * FROM ({_key_rows(EXACT_NEW)}) WHERE key <> 0"
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_x_stored AS
        SELECT pair_id, method, cluster_id, is_representative,
               pair_id IN (SELECT id FROM {pending}) AS pending
        FROM clusters WHERE method IN ({_in(EXACT_METHODS)})
          AND (is_representative OR pair_id IN (SELECT id FROM {pending}))
        """
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _wb_x_left AS "
        "SELECT DISTINCT method, cluster_id FROM _wb_x_stored WHERE pending"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _wb_x_left_keys "
        "(method VARCHAR, key UBIGINT, pair_id VARCHAR, cluster_id VARCHAR)"
    )
    if scalar(con, "SELECT count(*) FROM _wb_x_left"):
        con.execute(
            f"""
            INSERT INTO _wb_x_left_keys
            WITH members AS (
                SELECT c.pair_id, c.method, c.cluster_id FROM clusters c
                SEMI JOIN _wb_x_left l ON l.method = c.method AND l.cluster_id = c.cluster_id
                WHERE c.pair_id NOT IN (SELECT id FROM {pending})
            )
            SELECT m.method, k.key, m.pair_id, m.cluster_id
            FROM ({_key_rows(_stored_keys("AND pair_id IN (SELECT pair_id FROM members)"))}) k
            JOIN members m ON m.pair_id = k.pair_id AND m.method = k.method
            """
        )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _wb_x_keys AS SELECT method, key FROM _wb_x_new "
        "UNION SELECT method, key FROM _wb_x_left_keys"
    )


def _plan(con: duckdb.DuckDBPyConnection, pending: str) -> None:
    """Temp table _wb_x_plan: per touched key, the stored pairs holding it (n, one of them, the
    stored representative among them), the pending ones (n_new) and what the group was
    (held: a stored cluster no pending pair left; left: one a pending pair left; alone: one
    stored pair without a cluster; none: no stored pair)."""
    where = " OR ".join(
        f"(signature[{hi}]::UBIGINT << 32) | signature[{lo}] IN "
        f"(SELECT key FROM _wb_x_keys WHERE method = '{m}')"
        for m, (hi, lo) in _KEY_SLOTS.items()
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_x_groups AS
        WITH k AS (
            SELECT s.* FROM ({_key_rows(_stored_keys(f"AND ({where})"))}) s
            SEMI JOIN _wb_x_keys t ON t.method = s.method AND t.key = s.key
            WHERE s.pair_id NOT IN (SELECT id FROM {pending})
        )
        SELECT k.method, k.key, count(*) AS n, min(k.pair_id) AS witness,
               count(r.pair_id) AS n_reps, any_value(r.pair_id) AS rep
        FROM k LEFT JOIN (
            SELECT pair_id, method FROM _wb_x_stored WHERE is_representative AND NOT pending
        ) r ON r.pair_id = k.pair_id AND r.method = k.method
        GROUP BY k.method, k.key
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _wb_x_plan AS
        WITH lk AS (SELECT method, key, count(*) AS n_left FROM _wb_x_left_keys GROUP BY ALL),
        nk AS (SELECT method, key, count(*) AS n_new FROM _wb_x_new GROUP BY ALL)
        SELECT t.method, t.key, coalesce(g.n, 0) AS n, coalesce(nk.n_new, 0) AS n_new,
               g.witness, g.rep,
               CASE WHEN g.n_reps > 1 OR lk.n_left <> coalesce(g.n, 0) THEN 'irregular'
                    WHEN lk.n_left IS NOT NULL THEN 'left'
                    WHEN g.rep IS NOT NULL THEN 'held'
                    WHEN g.n = 1 THEN 'alone'
                    WHEN g.n > 1 THEN 'irregular'
                    ELSE 'none' END AS kind
        FROM _wb_x_keys t
        LEFT JOIN _wb_x_groups g ON g.method = t.method AND g.key = t.key
        LEFT JOIN lk ON lk.method = t.method AND lk.key = t.key
        LEFT JOIN nk ON nk.method = t.method AND nk.key = t.key
        """
    )


def _rank(con: duckdb.DuckDBPyConnection, keep: Sequence[str], candidates: str) -> None:
    """Temp table _wb_x_best (method, key, best): the keep-policy's choice among each group's
    candidates (table of method, key, pair_id)."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _wb_x_ids AS SELECT DISTINCT pair_id AS id FROM {candidates}"
    )
    _keep_attrs(con, "_wb_x_ids", "_wb_x_attrs")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_x_best AS
        SELECT DISTINCT g.method, g.key,
               first(g.pair_id) OVER (PARTITION BY g.method, g.key ORDER BY {_order_by(keep)}) AS best
        FROM {candidates} g JOIN _wb_x_attrs k ON k.id = g.pair_id
        """
    )


def _members(con: duckdb.DuckDBPyConnection) -> None:
    """Temp table _wb_x_members (method, key, pair_id): the members whose rows an incremental
    run writes. A held group whose representative stays gets rows for its pending pairs only;
    every other group is written whole (a group of one, written as no rows, drops its pairs)."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _wb_x_members AS
        SELECT method, key, pair_id FROM _wb_x_new
        UNION ALL SELECT method, key, witness FROM _wb_x_plan WHERE kind = 'alone'
        UNION ALL SELECT method, key, pair_id FROM _wb_x_left_keys
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _wb_x_moved AS
        SELECT p.method, p.key, p.method || ':' || p.rep AS cluster_id FROM _wb_x_plan p
        JOIN _wb_x_best b ON b.method = p.method AND b.key = p.key
        WHERE p.kind = 'held' AND b.best <> p.rep
        """
    )
    if scalar(con, "SELECT count(*) FROM _wb_x_moved"):
        con.execute(
            f"""
            INSERT INTO _wb_x_members
            SELECT m.method, m.key, c.pair_id FROM clusters c
            JOIN _wb_x_moved m ON m.cluster_id = c.cluster_id AND m.method = c.method
            WHERE c.method IN ({_in(EXACT_METHODS)})
            """
        )
    con.execute("DROP TABLE _wb_x_moved")
    con.execute(
        """
        DELETE FROM _wb_x_best b WHERE EXISTS (
            SELECT 1 FROM _wb_x_plan p
            WHERE p.method = b.method AND p.key = b.key AND p.n + p.n_new < 2
        )
        """
    )


def _member_rows(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Rows (method, pair_id, cluster_id, similarity, is_representative) of every member in
    _wb_x_members whose group has a choice in _wb_x_best."""
    return con.sql(
        """
        SELECT m.method, m.pair_id, m.method || ':' || b.best AS cluster_id,
               1.0::DOUBLE AS similarity, m.pair_id = b.best AS is_representative
        FROM _wb_x_members m JOIN _wb_x_best b ON b.method = m.method AND b.key = m.key
        ORDER BY m.method, cluster_id, NOT is_representative, m.pair_id
        """
    ).to_arrow_table()


def _of_method(table: pa.Table, method: str) -> pa.Table:
    return table.filter(pc.equal(table.column("method"), method)).drop_columns(["method"])


# --- keep ranks and old clusters -----------------------------------------------------------------


def keep_ranks(con: duckdb.DuckDBPyConnection, ids: pa.Array, keep: Sequence[str]) -> np.ndarray:
    """Rank of each given pair under a keep-policy (0 = the one to keep), aligned with `ids`."""
    con.register(
        "_wb_rank_arrow", pa.table({"id": ids, "pos": np.arange(len(ids), dtype=np.int64)})
    )
    try:
        # A temp table, not the registered Arrow table: the attributes query reads it twice.
        con.execute("CREATE OR REPLACE TEMP TABLE _wb_rank_ids AS SELECT * FROM _wb_rank_arrow")
        _keep_attrs(con, "_wb_rank_ids", "_wb_rank_attrs")
        table = con.sql(
            f"SELECT i.pos FROM _wb_rank_ids i JOIN _wb_rank_attrs k "
            f"ON k.id = i.id ORDER BY {_order_by(keep)}"
        ).to_arrow_table()
    finally:
        con.unregister("_wb_rank_arrow")
        con.execute("DROP TABLE IF EXISTS _wb_rank_ids")
        con.execute("DROP TABLE IF EXISTS _wb_rank_attrs")
    order = table.column("pos").to_numpy()
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[order] = np.arange(len(order))
    return ranks


def members_of(con: duckdb.DuckDBPyConnection, method: str, ids: pa.Array) -> pa.Table:
    """Every member (pair_id, cluster_id, is_representative) of the stored clusters of `method`
    holding any of `ids`."""
    con.register("_wb_member_ids", pa.table({"id": ids}))
    try:
        return con.sql(
            """
            SELECT pair_id, cluster_id, is_representative FROM clusters
            WHERE method = $1 AND cluster_id IN (
                SELECT cluster_id FROM clusters SEMI JOIN _wb_member_ids i ON i.id = clusters.pair_id
                WHERE method = $1
            )
            """,
            params=[method],
        ).to_arrow_table()
    finally:
        con.unregister("_wb_member_ids")


def update_clusters(
    con: duckdb.DuckDBPyConnection, method: str, drop: pa.Array | None, rows: pa.Table
) -> None:
    """Make the method's rows of the pairs in `drop` (all its rows when None) exactly `rows`
    (pair_id, cluster_id, similarity, is_representative), in one transaction: an incremental run
    rewrites only the clusters it touched, and of those only the rows that changed (a new
    member of a large group leaves its other members' rows as they were)."""
    with transaction(con):
        con.register("_wb_new_rows", rows)
        try:
            if drop is None:
                con.execute("DELETE FROM clusters WHERE method = ?", [method])
                con.execute(
                    "INSERT INTO clusters SELECT pair_id, ?, cluster_id, similarity, "
                    "is_representative FROM _wb_new_rows",
                    [method],
                )
            else:
                _write_changes(con, method, drop)
        finally:
            con.unregister("_wb_new_rows")


_SAME_ROW = """n.pair_id = o.pair_id AND n.cluster_id = o.cluster_id
    AND n.similarity IS NOT DISTINCT FROM o.similarity AND n.is_representative = o.is_representative"""


def _write_changes(con: duckdb.DuckDBPyConnection, method: str, drop: pa.Array) -> None:
    """Inside update_clusters: delete the old rows of `drop` that `_wb_new_rows` does not repeat
    and insert the new rows that are not stored yet."""
    con.register("_wb_drop", pa.table({"id": drop}))
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _wb_old_rows AS "
            "SELECT rowid AS rid, pair_id, cluster_id, similarity, is_representative FROM clusters "
            "WHERE method = ? AND pair_id IN (SELECT id FROM _wb_drop)",
            [method],
        )
    finally:
        con.unregister("_wb_drop")
    con.execute(
        f"""
        DELETE FROM clusters WHERE rowid IN (
            SELECT o.rid FROM _wb_old_rows o ANTI JOIN _wb_new_rows n ON {_SAME_ROW}
        )
        """
    )
    con.execute(
        f"""
        INSERT INTO clusters
        SELECT n.pair_id, ?, n.cluster_id, n.similarity, n.is_representative
        FROM _wb_new_rows n ANTI JOIN _wb_old_rows o ON {_SAME_ROW}
        """,
        [method],
    )
    con.execute("DROP TABLE _wb_old_rows")


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
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _wb_dedup_ids AS SELECT pair_id AS id FROM clusters "
        "WHERE method = ?",
        [method],
    )
    _keep_attrs(con, "_wb_dedup_ids", "_wb_dedup_attrs")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_dedup_ranked AS
        SELECT c.cluster_id, c.pair_id, k.status,
               row_number() OVER (PARTITION BY c.cluster_id ORDER BY {_order_by(keep)}) AS rank
        FROM clusters c JOIN _wb_dedup_attrs k ON k.id = c.pair_id
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
