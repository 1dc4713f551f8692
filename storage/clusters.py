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


def exact_clusters(
    con: duckdb.DuckDBPyConnection, keep: Sequence[str], pending: str | None = None
) -> dict[str, tuple[pa.Table, pa.Array | None]]:
    """Exact clusters from the stored keys: per method, (rows to write, pairs whose old rows they
    replace). With `pending` (a table of ids, whose keys `write_exact_keys` just left in
    EXACT_NEW), only groups sharing a key with a pending pair or with the old cluster of one are
    recomputed; without, everything is (drop = None: all rows)."""
    columns = """pair_id, (signature[1]::UBIGINT << 32) | signature[2] AS kq,
               (signature[3]::UBIGINT << 32) | signature[4] AS ka,
               (signature[5]::UBIGINT << 32) | signature[6] AS kp"""
    keyed = f"SELECT {columns} FROM minhashes WHERE field = '{EXACT_FIELD}'"
    where = ""
    if pending is not None:
        # The keys of pending pairs (this run's, in EXACT_NEW) and of the members of their old
        # clusters: only groups with one of these keys can change. One scan of the keys then
        # finds every member of them.
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _wb_touched AS SELECT {columns} FROM {EXACT_NEW}"
        )
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _wb_old_members AS
            SELECT pair_id FROM clusters WHERE cluster_id IN (
                SELECT cluster_id FROM clusters SEMI JOIN {pending} p ON p.id = clusters.pair_id
            ) AND pair_id NOT IN (SELECT id FROM {pending})
            """
        )
        if scalar(con, "SELECT count(*) FROM _wb_old_members"):
            con.execute(
                f"INSERT INTO _wb_touched SELECT * FROM ({keyed}) k "
                "WHERE pair_id IN (SELECT pair_id FROM _wb_old_members)"
            )
        con.execute("DROP TABLE _wb_old_members")
        where = (
            "WHERE kq IN (SELECT kq FROM _wb_touched WHERE kq <> 0) OR ka IN (SELECT ka FROM _wb_touched WHERE ka <> 0) "
            "OR kp IN (SELECT kp FROM _wb_touched WHERE kp <> 0)"
        )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_exact_keys AS
        WITH rows AS (SELECT * FROM ({keyed}) k {where})
        SELECT pair_id, 'exact_question' AS method, kq AS key FROM rows
        UNION ALL SELECT pair_id, 'exact_answer', ka FROM rows
        UNION ALL SELECT pair_id, 'exact_pair', kp FROM rows
        """
    )
    if pending is not None:
        # A row found through one key drags its other two keys along: keep only touched keys.
        con.execute(
            """
            DELETE FROM _wb_exact_keys WHERE NOT (
                (method = 'exact_question' AND key IN (SELECT kq FROM _wb_touched WHERE kq <> 0))
                OR (method = 'exact_answer' AND key IN (SELECT ka FROM _wb_touched WHERE ka <> 0))
                OR (method = 'exact_pair' AND key IN (SELECT kp FROM _wb_touched WHERE kp <> 0))
            )
            """
        )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _wb_exact_groups AS
        SELECT pair_id, method, key FROM _wb_exact_keys WHERE key <> 0
        QUALIFY count(*) OVER (PARTITION BY method, key) > 1
        """
    )
    # Who may represent a group: in an incremental run, every member but the old members that
    # their stored cluster's (old, unedited) representative already outranks; that one stays
    # unless a new or edited member, or a member that stood alone, outranks it.
    con.execute("CREATE OR REPLACE TEMP TABLE _wb_exact_cand AS SELECT * FROM _wb_exact_groups")
    if pending is not None:
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _wb_exact_stored AS
            SELECT pair_id, method, cluster_id, is_representative FROM clusters
            WHERE method IN ({_in(EXACT_METHODS)})
              AND pair_id IN (SELECT pair_id FROM _wb_exact_groups)
              AND pair_id NOT IN (SELECT id FROM {pending})
            """
        )
        # An old representative still has its keys, so it is in the same group: no second
        # scan of the clusters finds it.
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _wb_exact_cand AS
            SELECT g.* FROM _wb_exact_groups g ANTI JOIN (
                SELECT s.pair_id, s.method FROM _wb_exact_stored s
                SEMI JOIN _wb_exact_stored r ON r.cluster_id = s.cluster_id AND r.is_representative
                WHERE NOT s.is_representative
            ) d ON d.pair_id = g.pair_id AND d.method = g.method
            """
        )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _wb_exact_ids AS SELECT DISTINCT pair_id AS id FROM _wb_exact_cand"
    )
    _keep_attrs(con, "_wb_exact_ids", "_wb_exact_attrs")
    try:
        table = con.sql(
            f"""
            WITH reps AS (
                SELECT DISTINCT g.method, g.key,
                       first(g.pair_id) OVER (PARTITION BY g.method, g.key ORDER BY {_order_by(keep)}) AS rep
                FROM _wb_exact_cand g JOIN _wb_exact_attrs k ON k.id = g.pair_id
            ), ranked AS (
                SELECT g.method, g.pair_id, r.rep FROM _wb_exact_groups g
                JOIN reps r ON r.method = g.method AND r.key = g.key
            )
            SELECT method, pair_id, method || ':' || rep AS cluster_id, 1.0::DOUBLE AS similarity,
                   pair_id = rep AS is_representative
            FROM ranked ORDER BY method, cluster_id, NOT is_representative, pair_id
            """
        ).to_arrow_table()
        drops = None
        if pending is not None:
            drops = con.sql(
                f"SELECT pair_id, method FROM _wb_exact_keys UNION "
                f"SELECT p.id, m.method FROM {pending} p "
                f"CROSS JOIN (SELECT unnest(?::VARCHAR[]) AS method) m",
                params=[list(EXACT_METHODS)],
            ).to_arrow_table()
    finally:
        for temp in (
            "_wb_exact_keys",
            "_wb_exact_groups",
            "_wb_exact_cand",
            "_wb_exact_ids",
            "_wb_exact_attrs",
            "_wb_touched",
            "_wb_exact_stored",
            EXACT_NEW,
        ):
            con.execute(f"DROP TABLE IF EXISTS {temp}")
    out: dict[str, tuple[pa.Table, pa.Array | None]] = {}
    for m in EXACT_METHODS:
        rows = table.filter(pc.equal(table.column("method"), m)).drop_columns(["method"])
        drop = None
        if drops is not None:
            drop = (
                drops.filter(pc.equal(drops.column("method"), m)).column("pair_id").combine_chunks()
            )
        out[m] = (rows, drop)
    return out


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
