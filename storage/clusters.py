"""Duplicate clusters in the store: exact clusters in SQL, keep-policy ranks, partial cluster
writes for incremental runs, listings for the shells and the rejections a keep-policy implies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

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


def _keep_attrs(
    con: duckdb.DuckDBPyConnection, ids_table: str, out: str, keys: str | None = None
) -> None:
    """Temp table `out` of keep attributes for the pairs in temp table `ids_table` (column id).

    An answer is supported when the context contains it (case-insensitive) and no
    answer_not_in_context flag says otherwise; info flags do not count. Containment comes from
    the exact stage's cached keys (or from table `keys` of such rows, when the caller has read
    them already); only pairs without them have their context read.
    """
    if keys is None:
        keys = f"(SELECT * FROM minhashes WHERE field = '{EXACT_FIELD}')"
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
            SELECT pair_id, text_hash, signature FROM {keys} e
            WHERE pair_id IN (SELECT id FROM {ids_table})
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
# The method whose stored pairs sharing a pending pair's key are read with the representatives.
_PREFETCHED = "exact_pair"
_EXACT_TEMPS = (
    "_wb_x_new",
    "_wb_x_rep_ids",
    "_wb_x_reps",
    "_wb_x_seen",
    "_wb_x_left",
    "_wb_x_left_members",
    "_wb_x_plan",
    "_wb_x_open",
    "_wb_x_stored",
    "_wb_x_known",
    "_wb_x_cand",
    "_wb_x_ids",
    "_wb_x_attrs",
    "_wb_x_best",
    "_wb_x_moved",
    "_wb_x_gone",
    "_wb_x_members",
    EXACT_NEW,
)


def _key(method: str) -> str:
    hi, lo = _KEY_SLOTS[method]
    return f"(signature[{hi}]::UBIGINT << 32) | signature[{lo}]"


def _key_rows(source: str) -> str:
    """SQL of (pair_id, text_hash, signature, method, key): a row per exact method for each row
    of `source` (a table or subquery of exact rows: pair_id, text_hash, signature)."""
    methods = ", ".join(f"'{m}'" for m in _KEY_SLOTS)
    keys = ", ".join(_key(m) for m in _KEY_SLOTS)
    return (
        f"SELECT pair_id, text_hash, signature, unnest([{methods}]) AS method, "
        f"unnest([{keys}]) AS key FROM {source}"
    )


def _stored_keys(where: str = "") -> str:
    """SQL of the stored exact rows (pair_id, text_hash, signature), optionally filtered."""
    return (
        f"(SELECT pair_id, text_hash, signature FROM minhashes "
        f"WHERE field = '{EXACT_FIELD}' {where})"
    )


def write_exact_clusters(
    con: duckdb.DuckDBPyConnection, keep: Sequence[str], pending: str | None = None
) -> dict[str, dict[str, int]]:
    """Exact clusters from the stored keys, written to the store in one transaction. With
    `pending` (a table of ids, whose keys `write_exact_keys` just left in EXACT_NEW), only the
    groups of keys that pending pairs have or had are looked at, and only their rows that
    change are written: a group whose representative changes has its stored rows' cluster id
    updated in place, found by cluster id. Without, every exact row is replaced. Returns per
    method the clusters and pairs written."""
    try:
        if pending is not None and _plan_incremental(con, keep, pending):
            return _write_incremental(con, pending)
        _plan_full(con, keep)
        return _write_full(con)
    finally:
        _drop_exact_temps(con)


def _drop_exact_temps(con: duckdb.DuckDBPyConnection) -> None:
    for temp in _EXACT_TEMPS:
        con.execute(f"DROP TABLE IF EXISTS {temp}")


def _plan_full(con: duckdb.DuckDBPyConnection, keep: Sequence[str]) -> None:
    """Every group of every key, ranked whole: _wb_x_members and _wb_x_best."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_x_members AS
        SELECT method, key, pair_id FROM ({_key_rows(_stored_keys())}) WHERE key <> 0
        QUALIFY count(*) OVER (PARTITION BY method, key) > 1
        """
    )
    _rank(con, keep, "_wb_x_members")


def _plan_incremental(con: duckdb.DuckDBPyConnection, keep: Sequence[str], pending: str) -> bool:
    """Held groups (a stored cluster whose representative is not pending and that no edited
    pair left) rank only that representative against their pending pairs; if it stays, only
    the pending pairs' rows are new. Every other touched group is read from the keys and
    rewritten whole. Leaves _wb_x_members (the pending pairs and the members of groups read
    whole), _wb_x_best (groups of two or more) and _wb_x_moved (held groups whose
    representative changes). False when two stored clusters share a key (only a full run
    mends that)."""
    _touched_keys(con, pending)
    if scalar(con, "SELECT count(*) FROM _wb_x_plan WHERE n_reps > 1"):
        return False
    _stored_members(con, pending, "SELECT method, key FROM _wb_x_plan WHERE NOT held")
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _wb_x_cand AS
        SELECT method, key, pair_id FROM _wb_x_new
        UNION ALL SELECT method, key, rep FROM _wb_x_plan WHERE rep IS NOT NULL
        UNION ALL SELECT s.method, s.key, s.pair_id FROM _wb_x_stored s
            SEMI JOIN _wb_x_plan p ON p.method = s.method AND p.key = s.key AND p.rep IS NULL
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_x_known AS
        SELECT pair_id, text_hash, signature FROM {EXACT_NEW}
        UNION SELECT pair_id, text_hash, signature FROM _wb_x_reps
        UNION SELECT pair_id, text_hash, signature FROM _wb_x_stored
        """
    )
    _rank(con, keep, "_wb_x_cand", "_wb_x_known")
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _wb_x_members AS
        SELECT method, key, pair_id FROM _wb_x_new
        UNION ALL SELECT method, key, pair_id FROM _wb_x_stored
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _wb_x_moved AS
        SELECT p.method, p.key, p.method || ':' || p.rep AS cluster_id FROM _wb_x_plan p
        JOIN _wb_x_best b ON b.method = p.method AND b.key = p.key
        WHERE p.held AND b.best <> p.rep
        """
    )
    # A held group has its representative and a pending pair: two or more, whatever else.
    con.execute(
        """
        DELETE FROM _wb_x_best b WHERE NOT EXISTS (
            SELECT 1 FROM _wb_x_plan p WHERE p.method = b.method AND p.key = b.key AND p.held
        ) AND (
            SELECT count(*) FROM _wb_x_members m WHERE m.method = b.method AND m.key = b.key
        ) < 2
        """
    )
    return True


_NEW_ROWS = """
    SELECT m.pair_id, m.method, m.method || ':' || b.best AS cluster_id, 1.0::DOUBLE AS similarity,
           m.pair_id = b.best AS is_representative
    FROM _wb_x_members m JOIN _wb_x_best b ON b.method = m.method AND b.key = m.key"""


def _write_full(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """After _plan_full: replace every exact row, each cluster's rows together."""
    with transaction(con):
        con.execute(f"DELETE FROM clusters WHERE method IN ({_in(EXACT_METHODS)})")
        con.execute(
            f"INSERT INTO clusters {_NEW_ROWS} "
            "ORDER BY m.method, cluster_id, NOT is_representative, m.pair_id"
        )
    return _written(con, "SELECT method, 0 AS n FROM _wb_x_best WHERE false")


def _write_incremental(con: duckdb.DuckDBPyConnection, pending: str) -> dict[str, dict[str, int]]:
    """After _plan_incremental: the pending pairs' old rows and those of the members of groups
    read whole go, the stored rows of moved groups take the new cluster id (their new
    representative is a pending pair), and the rows of _wb_x_members come in."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_x_gone AS
        SELECT m.method, p.id AS pair_id FROM {pending} p
        CROSS JOIN (SELECT unnest(?::VARCHAR[]) AS method) m
        UNION ALL SELECT method, pair_id FROM _wb_x_stored
        """,
        [list(EXACT_METHODS)],
    )
    with transaction(con):
        con.execute(
            f"""
            DELETE FROM clusters USING _wb_x_gone g
            WHERE clusters.method IN ({_in(EXACT_METHODS)})
              AND clusters.pair_id = g.pair_id AND clusters.method = g.method
            """
        )
        moved = [_move(con, m) for m in EXACT_METHODS]
        con.execute(f"INSERT INTO clusters {_NEW_ROWS}")
    counts = " UNION ALL ".join(
        f"SELECT '{m}', {n}" for m, n in zip(EXACT_METHODS, moved, strict=True)
    )
    return _written(con, counts)


def _move(con: duckdb.DuckDBPyConnection, method: str) -> int:
    """Give the stored rows of the method's moved groups their new cluster id; returns how many."""
    rows = con.execute(
        """
        UPDATE clusters SET cluster_id = m.cluster_id_new, is_representative = false
        FROM (
            SELECT m.cluster_id, m.method || ':' || b.best AS cluster_id_new FROM _wb_x_moved m
            JOIN _wb_x_best b ON b.method = m.method AND b.key = m.key WHERE m.method = $1
        ) m
        WHERE clusters.method = $1 AND clusters.cluster_id = m.cluster_id
        """,
        [method],
    ).fetchall()
    return int(rows[0][0]) if rows else 0


def _written(con: duckdb.DuckDBPyConnection, updated: str) -> dict[str, dict[str, int]]:
    """Per method: the clusters written (every group in _wb_x_best) and the rows written (those
    of _wb_x_members in them, and the `updated` ones: SQL of method, n)."""
    rows = con.execute(
        f"""
        WITH w AS (
            SELECT m.method, 1 AS n FROM _wb_x_members m
            SEMI JOIN _wb_x_best b ON b.method = m.method AND b.key = m.key
            UNION ALL {updated}
        ), c AS (SELECT method, count(*) AS clusters FROM _wb_x_best GROUP BY ALL)
        SELECT c.method, c.clusters, (SELECT coalesce(sum(n), 0) FROM w WHERE w.method = c.method)
        FROM c
        """
    ).fetchall()
    out = {m: {"clusters": 0, "pairs_in_clusters": 0} for m in EXACT_METHODS}
    for method, clusters, pairs in rows:
        out[method] = {"clusters": int(clusters), "pairs_in_clusters": int(pairs)}
    return out


def _touched_keys(con: duckdb.DuckDBPyConnection, pending: str) -> None:
    """Temp tables _wb_x_new (the pending pairs' keys), _wb_x_reps (the stored representatives
    that are not pending, with their keys) and _wb_x_plan: per key a pending pair has, or an
    edited one had, its representative and whether its group is held."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _wb_x_new AS "
        f"SELECT * FROM ({_key_rows(EXACT_NEW)}) WHERE key <> 0"
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_x_rep_ids AS
        SELECT pair_id, method FROM clusters
        WHERE method IN ({_in(EXACT_METHODS)}) AND is_representative
          AND pair_id NOT IN (SELECT id FROM {pending})
        """
    )
    _left_keys(con, pending)
    # One read of the keys finds the representatives and the stored pairs sharing a pending
    # pair's exact_pair key (few, and rarely in a stored cluster: read now rather than later);
    # only rows holding a key this run touches are unpacked.
    same_pair = f"{_key(_PREFETCHED)} IN (SELECT key FROM _wb_x_new WHERE method = '{_PREFETCHED}')"
    touched = " OR ".join(
        f"{_key(m)} IN (SELECT key FROM _wb_x_new WHERE method = '{m}' "
        f"UNION ALL SELECT key FROM _wb_x_left WHERE method = '{m}')"
        for m in _KEY_SLOTS
    )
    found = f"AND (pair_id IN (SELECT pair_id FROM _wb_x_rep_ids) OR {same_pair}) AND ({touched})"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _wb_x_seen AS SELECT * FROM ({_key_rows(_stored_keys(found))})"
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _wb_x_reps AS
        SELECT s.* FROM _wb_x_seen s
        SEMI JOIN _wb_x_rep_ids r ON r.pair_id = s.pair_id AND r.method = s.method
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _wb_x_plan AS
        WITH t AS (SELECT method, key FROM _wb_x_new UNION SELECT method, key FROM _wb_x_left),
        nk AS (SELECT method, key, count(*) AS n_new FROM _wb_x_new GROUP BY ALL),
        rk AS (SELECT method, key, count(*) AS n_reps, any_value(pair_id) AS rep
               FROM _wb_x_reps GROUP BY ALL)
        SELECT t.method, t.key, coalesce(nk.n_new, 0) AS n_new, coalesce(rk.n_reps, 0) AS n_reps,
               rk.rep, rk.rep IS NOT NULL AND l.key IS NULL AS held
        FROM t
        LEFT JOIN nk ON nk.method = t.method AND nk.key = t.key
        LEFT JOIN rk ON rk.method = t.method AND rk.key = t.key
        LEFT JOIN (SELECT DISTINCT method, key FROM _wb_x_left) l
            ON l.method = t.method AND l.key = t.key
        """
    )


def _left_keys(con: duckdb.DuckDBPyConnection, pending: str) -> None:
    """Temp table _wb_x_left (method, key): the keys of the stored clusters that edited pending
    pairs were in, read off their other members (whose keys did not change). Only an edit
    changes a pair's keys: an unedited pending pair still holds its cluster's key."""
    con.execute("CREATE OR REPLACE TEMP TABLE _wb_x_left (method VARCHAR, key UBIGINT)")
    edited = f"""SELECT DISTINCT pair_id FROM decisions
        WHERE action = 'edit' AND pair_id IN (SELECT id FROM {pending})"""
    if not scalar(con, f"SELECT count(*) FROM ({edited})"):
        return
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_x_left_members AS
        SELECT c.pair_id, c.method FROM clusters c WHERE c.method IN ({_in(EXACT_METHODS)})
          AND c.pair_id NOT IN (SELECT id FROM {pending}) AND c.cluster_id IN (
            SELECT cluster_id FROM clusters WHERE pair_id IN ({edited})
          )
        """
    )
    con.execute(
        f"""
        INSERT INTO _wb_x_left
        SELECT DISTINCT k.method, k.key
        FROM ({_key_rows(_stored_keys("AND pair_id IN (SELECT pair_id FROM _wb_x_left_members)"))}) k
        SEMI JOIN _wb_x_left_members s ON s.pair_id = k.pair_id AND s.method = k.method
        """
    )


def _stored_members(con: duckdb.DuckDBPyConnection, pending: str, groups: str) -> None:
    """Temp table _wb_x_stored (the _key_rows columns): the stored pairs, not pending, that hold
    a (method, key) of `groups` (SQL): those _touched_keys read already, and the rest by key."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _wb_x_open AS {groups}")
    # _wb_x_seen holds every stored pair with a pending pair's exact_pair key (and others).
    read = f"s.method = '{_PREFETCHED}' AND s.key IN (SELECT key FROM _wb_x_new WHERE method = s.method)"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_x_stored AS
        SELECT s.* FROM _wb_x_seen s
        SEMI JOIN _wb_x_open o ON o.method = s.method AND o.key = s.key
        WHERE {read} AND s.pair_id NOT IN (SELECT id FROM {pending})
        """
    )
    con.execute(f"DELETE FROM _wb_x_open s WHERE {read}")
    if scalar(con, "SELECT count(*) FROM _wb_x_open"):
        where = " OR ".join(
            f"{_key(m)} IN (SELECT key FROM _wb_x_open WHERE method = '{m}')" for m in _KEY_SLOTS
        )
        con.execute(
            f"""
            INSERT INTO _wb_x_stored
            SELECT k.* FROM ({_key_rows(_stored_keys(f"AND ({where})"))}) k
            SEMI JOIN _wb_x_open o ON o.method = k.method AND o.key = k.key
            WHERE k.pair_id NOT IN (SELECT id FROM {pending})
            """
        )
    con.execute("DROP TABLE _wb_x_open")


def _rank(
    con: duckdb.DuckDBPyConnection, keep: Sequence[str], candidates: str, keys: str | None = None
) -> None:
    """Temp table _wb_x_best (method, key, best): the keep-policy's choice among each group's
    candidates (table of method, key, pair_id)."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _wb_x_ids AS SELECT DISTINCT pair_id AS id FROM {candidates}"
    )
    _keep_attrs(con, "_wb_x_ids", "_wb_x_attrs", keys)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_x_best AS
        SELECT DISTINCT g.method, g.key,
               first(g.pair_id) OVER (PARTITION BY g.method, g.key ORDER BY {_order_by(keep)}) AS best
        FROM {candidates} g JOIN _wb_x_attrs k ON k.id = g.pair_id
        """
    )


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
