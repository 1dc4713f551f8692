"""Incremental duplicate clustering shared by the lexical and semantic stages.

A run sees every pair with a cached signature or vector (the universe). Pairs not analysed yet or
edited are dirty, and so is every member of a stored cluster that holds one: only dirty pairs look
for neighbours. With single linkage a clean stored cluster that a dirty pair links to joins as
one node, its representative: it keeps its rows unless its representative loses to a new one,
and only then is it read and rewritten. With `star` linkage (which splits a component so that
every member is within the threshold of its representative) such a cluster is pulled in whole
(its pairs' texts did not change, so neither did its edges) and rewritten with the new members.
Every other stored cluster is left untouched in the store. Representatives follow the
keep-policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from storage.cluster_heads import heads
from storage.cluster_heads import members as cluster_members
from storage.clusters import members_of, update_clusters
from storage.dedup_cache import pending_ids, positions
from workbench.curate import keep
from workbench.curate.unionfind import components, groups

Similarity = Callable[[np.ndarray, np.ndarray], np.ndarray]
LINKAGES = ("single", "star")


@dataclass
class Universe:
    """The pairs a clustering run covers, and which of them must look for neighbours again."""

    ids: pa.Array
    dirty: np.ndarray
    full: bool
    con: duckdb.DuckDBPyConnection
    # Pairs that may become a representative: everything in a full run; else the pending pairs
    # and the representatives of the stored clusters a run rewrites (a stored cluster keeps its
    # representative unless a new or edited member outranks it, as a full run's would not).
    candidates: np.ndarray | None = None
    pending: np.ndarray | None = None  # new or edited pairs (incremental runs)

    @property
    def n(self) -> int:
        return len(self.ids)

    def positions(self, ids: pa.Array) -> np.ndarray:
        """Index of each id in the universe (-1 when absent)."""
        return positions(self.con, self.ids, ids)


def universe(con: duckdb.DuckDBPyConnection, stage: str, method: str, ids: pa.Array) -> Universe:
    """Dirty = the stage's pending pairs plus every member of a stored cluster holding one."""
    pending = pending_ids(con, stage)
    u = Universe(ids, np.zeros(len(ids), dtype=bool), False, con)
    if len(pending) >= len(ids):
        u.dirty[:] = True
        u.full = True
        return u
    pos = u.positions(pending)
    u.dirty[pos[pos >= 0]] = True
    u.candidates = u.dirty.copy()
    u.pending = u.dirty.copy()
    if len(pending):
        _mark(u, members_of(con, method, pending))
    return u


def _mark(u: Universe, members: pa.Table) -> np.ndarray:
    """Members of stored clusters become dirty-by-rewrite; their representatives candidates, and
    every member of a cluster whose representative is new or edited (it no longer outranks them
    as it did)."""
    pos = u.positions(members.column("pair_id").combine_chunks())
    rep = members.column("is_representative").to_numpy(zero_copy_only=False)
    cluster = pc.dictionary_encode(members.column("cluster_id").combine_chunks()).indices
    cluster = cluster.to_numpy(zero_copy_only=False)
    assert u.candidates is not None and u.pending is not None
    rep_gone = np.ones(int(cluster.max()) + 1 if len(cluster) else 0, dtype=bool)
    rep_gone[cluster[rep & (pos >= 0)]] = False
    held = rep & (pos >= 0)
    rep_gone[cluster[held][u.pending[pos[held]]]] = True
    u.dirty[pos[pos >= 0]] = True
    u.candidates[pos[(pos >= 0) & (rep | rep_gone[cluster])]] = True
    return pos


@dataclass
class Result:
    """What a clustering pass wrote: clusters and pairs it (re)computed."""

    clusters: int
    pairs: int


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
    """Components of the new edges (plus the stored clusters they reach) → clusters with
    representatives → the store, replacing only the rows of the pairs involved."""
    if not u.full and linkage == "single":
        joined = _join_stored(con, method, u, edges, similarity, policy)
        if joined is not None:
            return joined
    a, b = edges
    involved = np.flatnonzero(u.dirty)
    if not u.full and len(a):
        lead, member = _pulled_in(con, method, u, np.unique(np.concatenate([a, b])))
        a, b = np.concatenate([a, lead]), np.concatenate([b, member])
        involved = np.union1d(involved, member)
    labels = components(u.n, a, b)
    nodes, node_labels = groups(labels)
    members, reps, sims = _assign(
        con, u, nodes, node_labels, similarity, policy, linkage, threshold
    )
    rows = _rows(method, u, members, reps, sims)
    drop = None if u.full else u.ids.take(pa.array(involved, pa.int64())).cast(pa.string())
    update_clusters(con, method, drop, rows)
    return Result(len(np.unique(reps)), len(members))


def _join_stored(
    con: duckdb.DuckDBPyConnection,
    method: str,
    u: Universe,
    edges: tuple[np.ndarray, np.ndarray],
    similarity: Similarity,
    policy: Sequence[str],
) -> Result | None:
    """Incremental single linkage: a clean stored cluster joins as one node, its representative.

    A component's representative is the best of its dirty candidates, the pairs that stood
    alone and the stored representatives (each already the best of its cluster). A stored
    cluster that keeps its representative keeps its rows; only one that loses it is read
    and rewritten whole. Dirty pairs and pairs that stood alone are always written. None when
    a reached cluster's representative has no row in this run (the general path then runs)."""
    a, b = edges
    ends = np.unique(np.concatenate([a, b])) if len(a) else np.zeros(0, np.int64)
    clean = ends[~u.dirty[ends]]
    node = np.arange(u.n, dtype=np.int64)  # the node each position stands as
    table = heads(con, method, u.ids.take(pa.array(clean, pa.int64())).cast(pa.string()))
    held = u.positions(table.column("pair_id").combine_chunks())
    rep_of = u.positions(table.column("rep_id").combine_chunks())
    if (held < 0).any() or (rep_of < 0).any():
        return None
    node[held] = rep_of
    stored = np.unique(rep_of)
    cluster_of = dict(zip(rep_of.tolist(), table.column("cluster_id").to_pylist(), strict=True))
    alone = np.setdiff1d(clean, held)
    involved = np.union1d(np.flatnonzero(u.dirty), alone)
    labels = components(u.n, node[a], node[b])
    nodes = np.union1d(involved, stored)
    nodes = nodes[np.bincount(labels[nodes], minlength=u.n)[labels[nodes]] >= 2]
    is_stored = np.isin(nodes, stored)
    assert u.candidates is not None
    can = u.candidates[nodes] | is_stored | np.isin(nodes, alone)
    rank = _ranks(con, u, nodes, can, policy)
    order = np.lexsort((rank, labels[nodes]))
    rep = np.empty(len(nodes), np.int64)
    rep[order] = _leaders(nodes[order], labels[nodes][order])
    members, member_rep = nodes[~is_stored], rep[~is_stored]
    lost = is_stored & (rep != nodes)
    if lost.any():
        # A stored cluster whose representative lost: every member moves to the winner.
        winner = {
            cluster_of[n]: r for n, r in zip(nodes[lost].tolist(), rep[lost].tolist(), strict=True)
        }
        moved = cluster_members(con, method, pa.array(list(winner), pa.string()))
        where = u.positions(moved.column("pair_id").combine_chunks())
        to = np.array([winner[c] for c in moved.column("cluster_id").to_pylist()], np.int64)
        members = np.concatenate([members, where])
        member_rep = np.concatenate([member_rep, to])
    sims = similarity(member_rep, members) if len(members) else np.zeros(0)
    sims[member_rep == members] = 1.0
    update_clusters(
        con,
        method,
        u.ids.take(pa.array(np.union1d(involved, members), pa.int64())).cast(pa.string()),
        _rows(method, u, members, member_rep, sims),
    )
    return Result(len(np.unique(member_rep)), len(members))


def _pulled_in(
    con: duckdb.DuckDBPyConnection, method: str, u: Universe, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Star edges (first member, member) of the stored clusters that clean endpoints belong to."""
    clean = ends[~u.dirty[ends]]
    if not len(clean):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    table = members_of(con, method, u.ids.take(pa.array(clean, pa.int64())).cast(pa.string()))
    pos = _mark(u, table)
    # A clean endpoint in no stored cluster stood alone: it may represent its new cluster.
    assert u.candidates is not None
    alone = np.setdiff1d(clean, pos[pos >= 0])
    u.candidates[alone] = True
    cluster = pc.dictionary_encode(table.column("cluster_id").combine_chunks()).indices.to_numpy()
    keep_mask = pos >= 0
    pos, cluster = pos[keep_mask], cluster[keep_mask]
    order = np.lexsort((pos, cluster))
    pos, cluster = pos[order], cluster[order]
    first = np.r_[True, cluster[1:] != cluster[:-1]] if len(cluster) else np.zeros(0, bool)
    leader = pos[first][np.cumsum(first) - 1]
    return leader, pos


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
    """(members, their representative, similarity to it) for the components found."""
    if not len(nodes):
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0)
    mask = np.ones(len(nodes), bool) if u.candidates is None else u.candidates[nodes]
    rank = _ranks(con, u, nodes, mask, policy)
    out_nodes, out_reps, out_sims = [], [], []
    todo_nodes, todo_labels, todo_rank = nodes, labels, rank
    while len(todo_nodes):
        order = np.lexsort((todo_rank, todo_labels))
        todo_nodes, todo_labels, todo_rank = todo_nodes[order], todo_labels[order], todo_rank[order]
        rep = _leaders(todo_nodes, todo_labels)
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


def _ranks(
    con: duckdb.DuckDBPyConnection,
    u: Universe,
    nodes: np.ndarray,
    candidate: np.ndarray,
    policy: Sequence[str],
) -> np.ndarray:
    """Keep-policy rank of each node: the candidates ranked by the policy, every other node
    after all of them (in node order), so it represents a component only when none can."""
    rank = np.arange(len(nodes), dtype=np.int64) + len(nodes)
    if candidate.any():
        rank[candidate] = keep.ranks(con, u.ids.take(pa.array(nodes[candidate])), policy)
    return rank


def _leaders(nodes: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """For nodes sorted by (label, rank): the first node of each one's label, its representative."""
    first = np.r_[True, labels[1:] != labels[:-1]]
    return nodes[first][np.cumsum(first) - 1]


def _rows(
    method: str, u: Universe, members: np.ndarray, reps: np.ndarray, sims: np.ndarray
) -> pa.Table:
    rep_ids = u.ids.take(pa.array(reps, pa.int64())).cast(pa.string())
    return pa.table(
        {
            "pair_id": u.ids.take(pa.array(members, pa.int64())).cast(pa.string()),
            "cluster_id": pc.binary_join_element_wise(method, rep_ids, ":"),
            "similarity": pa.array(np.round(sims.astype(np.float64), 6), pa.float64()),
            "is_representative": pa.array(members == reps),
        }
    )


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
