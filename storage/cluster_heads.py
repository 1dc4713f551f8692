"""Stored clusters seen from a few of their members: which cluster, and who represents it.

An incremental single-linkage run joins new pairs to stored clusters as whole units: it needs
each reached cluster's representative, and the member list only of the clusters whose
representative changes, never the members of every cluster it touched.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa


def heads(con: duckdb.DuckDBPyConnection, method: str, ids: pa.Array) -> pa.Table:
    """(pair_id, cluster_id, rep_id) of those of `ids` that sit in a stored cluster of `method`."""
    con.register("_wb_head_ids", pa.table({"id": ids}))
    try:
        return con.sql(
            """
            SELECT c.pair_id, c.cluster_id, r.pair_id AS rep_id
            FROM clusters c SEMI JOIN _wb_head_ids i ON i.id = c.pair_id
            JOIN clusters r ON r.cluster_id = c.cluster_id AND r.method = $1 AND r.is_representative
            WHERE c.method = $1
            """,
            params=[method],
        ).to_arrow_table()
    finally:
        con.unregister("_wb_head_ids")


def members(con: duckdb.DuckDBPyConnection, method: str, cluster_ids: pa.Array) -> pa.Table:
    """(pair_id, cluster_id) of every member of these stored clusters of `method`."""
    con.register("_wb_head_clusters", pa.table({"cluster_id": cluster_ids}))
    try:
        return con.sql(
            """
            SELECT pair_id, cluster_id FROM clusters
            WHERE method = $1
              AND cluster_id IN (SELECT cluster_id FROM _wb_head_clusters)
            """,
            params=[method],
        ).to_arrow_table()
    finally:
        con.unregister("_wb_head_clusters")
