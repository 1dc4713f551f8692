"""Incremental duplicate clustering shared by the lexical and semantic stages.

A run sees every pair with a cached signature or vector (the universe). Pairs not analysed yet or
edited are dirty, and so is every member of a stored cluster that holds one: only dirty pairs look
for neighbours; clean stored clusters are carried over as they are (their pairs' texts did not
change, so neither did their edges). Representatives follow the keep-policy; `star` linkage splits
a component so that every member is within the threshold of its representative (no chaining).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from storage.analysis import replace_clusters
from storage.clusters import cluster_labels, pending_ids, stored_clusters
from workbench.curate import keep
from workbench.curate.unionfind import components, groups

Similarity = Callable[[np.ndarray, np.ndarray], np.ndarray]
LINKAGES = ("single", "star")


@dataclass
class Universe:
    """The pairs a clustering run covers, and which of them must look for neighbours again."""

    ids: pa.Array
    dirty: np.ndarray
    old_labels: np.ndarray

    @property
    def n(self) -> int:
        return len(self.ids)


def positions(universe_ids: pa.Array, ids: pa.Array) -> np.ndarray:
    """Index of each id in the universe (-1 when absent)."""
    found = pc.index_in(ids, value_set=universe_ids)
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def universe(con: duckdb.DuckDBPyConnection, stage: str, method: str, ids: pa.Array) -> Universe:
    """Dirty = the stage's pending pairs plus every member of a stored cluster holding one."""
    dirty = np.zeros(len(ids), dtype=bool)
    pos = positions(ids, pending_ids(con, stage))
    dirty[pos[pos >= 0]] = True
    labels = cluster_labels(con, method, ids)
    touched = np.unique(labels[dirty & (labels >= 0)])
    dirty |= np.isin(labels, touched) & (labels >= 0)
    return Universe(ids, dirty, labels)


def carried_edges(u: Universe) -> tuple[np.ndarray, np.ndarray]:
    """Star edges that keep each clean stored cluster together without re-verifying it."""
    clean = np.flatnonzero(~u.dirty & (u.old_labels >= 0))
    if not len(clean):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    labels = u.old_labels[clean]
    order = np.argsort(labels, kind="stable")
    clean, labels = clean[order], labels[order]
    first = np.r_[True, labels[1:] != labels[:-1]]
    leader = clean[first][np.cumsum(first) - 1]
    return leader, clean


@dataclass
class Result:
    """What a clustering pass wrote: cluster count, pairs in clusters, clusters recomputed."""

    clusters: int
    pairs: int
    recomputed: int


def write(
    con: duckdb.DuckDBPyConnection,
    method: str,
    u: Universe,
    edges: tuple[np.ndarray, np.ndarray],
    similarity: Similarity,
    policy: Sequence[str],
    linkage: str = "single",
    threshold: float = 0.0,
) -> Result:
    """Components of new and carried edges → clusters with representatives → the store."""
    lead, member = carried_edges(u)
    a = np.concatenate([edges[0], lead])
    b = np.concatenate([edges[1], member])
    labels = components(u.n, a, b)
    nodes, node_labels = groups(labels)
    dirty_label = np.zeros(u.n, dtype=bool)
    dirty_label[node_labels[u.dirty[nodes]]] = True
    redo = dirty_label[node_labels]
    fresh = _assign(con, u, nodes[redo], node_labels[redo], similarity, policy, linkage, threshold)
    kept = _carried_rows(con, method, u, nodes[~redo])
    table = (
        pa.concat_tables([kept, _rows(method, u, *fresh)])
        if len(kept)
        else _rows(method, u, *fresh)
    )
    replace_clusters(con, method, table)
    n_clusters = len(pc.unique(table.column("cluster_id"))) if len(table) else 0
    return Result(n_clusters, len(table), len(np.unique(fresh[1])))


def _assign(
    con: duckdb.DuckDBPyConnection,
    u: Universe,
    nodes: np.ndarray,
    labels: np.ndarray,
    similarity: Similarity,
    policy: Sequence[str],
    linkage: str,
    threshold: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(members, their representative, similarity to it) for components that must be redone."""
    if not len(nodes):
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0)
    rank = keep.ranks(con, u.ids.take(pa.array(nodes)), policy)
    out_nodes, out_reps, out_sims = [], [], []
    todo_nodes, todo_labels, todo_rank = nodes, labels, rank
    while len(todo_nodes):
        order = np.lexsort((todo_rank, todo_labels))
        todo_nodes, todo_labels, todo_rank = todo_nodes[order], todo_labels[order], todo_rank[order]
        first = np.r_[True, todo_labels[1:] != todo_labels[:-1]]
        rep = todo_nodes[first][np.cumsum(first) - 1]
        sims = similarity(rep, todo_nodes)
        sims[rep == todo_nodes] = 1.0
        take = np.ones(len(todo_nodes), dtype=bool) if linkage == "single" else sims >= threshold
        take |= rep == todo_nodes
        out_nodes.append(todo_nodes[take])
        out_reps.append(rep[take])
        out_sims.append(sims[take])
        todo_nodes, todo_labels, todo_rank = todo_nodes[~take], todo_labels[~take], todo_rank[~take]
    members = np.concatenate(out_nodes)
    reps = np.concatenate(out_reps)
    sims = np.concatenate(out_sims)
    sizes = np.bincount(reps, minlength=u.n)
    keep_mask = sizes[reps] >= 2
    return members[keep_mask], reps[keep_mask], sims[keep_mask]


def _rows(
    method: str, u: Universe, members: np.ndarray, reps: np.ndarray, sims: np.ndarray
) -> pa.Table:
    rep_ids = u.ids.take(pa.array(reps, pa.int64()))
    return pa.table(
        {
            "pair_id": u.ids.take(pa.array(members, pa.int64())).cast(pa.string()),
            "cluster_id": pc.binary_join_element_wise(method, rep_ids.cast(pa.string()), ":"),
            "similarity": pa.array(np.round(sims.astype(np.float64), 6), pa.float64()),
            "is_representative": pa.array(members == reps),
        }
    )


def _carried_rows(
    con: duckdb.DuckDBPyConnection, method: str, u: Universe, nodes: np.ndarray
) -> pa.Table:
    """Stored rows of the clean clusters these nodes form, unchanged."""
    if not len(nodes):
        return pa.table({})
    stored = stored_clusters(con, method)
    wanted = u.ids.take(pa.array(nodes, pa.int64()))
    mask = pc.is_in(stored.column("pair_id"), value_set=wanted)
    return stored.filter(mask).select(["pair_id", "cluster_id", "similarity", "is_representative"])


def pairwise_scores(
    predicted: Iterable[Iterable[str]], truth: Iterable[Iterable[str]]
) -> dict[str, float | int]:
    """Pairwise precision, recall and F1 of predicted clusters against true groups: every two
    items in one cluster is a predicted pair, every two in one group a true pair."""
    pred = {p for cluster in predicted for p in combinations(sorted(set(cluster)), 2)}
    true = {p for group in truth for p in combinations(sorted(set(group)), 2)}
    hits = len(pred & true)
    precision = hits / len(pred) if pred else 0.0
    recall = hits / len(true) if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "predicted_pairs": len(pred),
        "true_pairs": len(true),
    }
