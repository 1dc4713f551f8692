"""Semantic near-duplicates (`analyze` stage "semantic"): cached sentence embeddings, blockwise
cosine kNN for new and edited pairs against all, clusters of pairs above the threshold.

Linkage "star" (default) keeps every member within the threshold of its representative, which
stops chains of paraphrases drifting into different questions about the same passage.
`answer_gate` (off by default) also requires the answers to agree (word Jaccard >= the gate), which
lets a lower threshold reach reworded questions without pulling in other facts of the passage.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np

from storage.analysis import mark_done, pending_pairs
from storage.db import memory_cap, transaction
from storage.dedup_cache import load_embeddings, pending_ids, texts
from storage.errors import WorkbenchError
from workbench.curate import clustering, embed, keep
from workbench.curate.dedup import field_text
from workbench.curate.progress import Progress
from workbench.curate.shingleset import ShingleSets

_QUERY_BLOCK = 1_024
_TILE = 32_768


@dataclass(frozen=True)
class SemanticConfig:
    """Settings of the semantic stage ([semantic] in workbench.toml; --embed-model wins)."""

    model: str | None = None
    device: str | None = None
    threshold: float = 0.9
    k: int = 10
    linkage: str = "star"
    answer_gate: float | None = None

    @classmethod
    def from_options(cls, options: Any) -> SemanticConfig:
        s = options.section("semantic")
        cfg = cls(
            model=options.embed_model or s.get("model"),
            device=options.device or s.get("device"),
            threshold=float(s.get("threshold", cls.threshold)),
            k=int(s.get("k", cls.k)),
            linkage=str(s.get("linkage", cls.linkage)),
            answer_gate=float(s["answer_gate"]) if s.get("answer_gate") is not None else None,
        )
        if not -1.0 <= cfg.threshold <= 1.0:
            raise WorkbenchError("[semantic] threshold must be a cosine in [-1, 1]")
        if cfg.k < 1:
            raise WorkbenchError("[semantic] k must be at least 1")
        if cfg.linkage not in clustering.LINKAGES:
            raise WorkbenchError(f"[semantic] linkage: one of {', '.join(clustering.LINKAGES)}")
        return cfg


def run_semantic(
    con: duckdb.DuckDBPyConnection, options: Any, progress: Progress
) -> dict[str, Any]:
    """Embed what is missing, then cluster new and edited pairs against every stored vector."""
    with memory_cap(con, "1GB"):
        return _semantic(con, options, progress)


def _semantic(con: duckdb.DuckDBPyConnection, options: Any, progress: Progress) -> dict[str, Any]:
    cfg = SemanticConfig.from_options(options)
    policy = keep.parse(options.section("dedup").get("keep"))
    clock = time.perf_counter()
    embedded = embed.ensure_embeddings(con, cfg.model, progress, cfg.device)
    key = embedded["model"]
    config = (
        f"{key}:t{cfg.threshold}:k{cfg.k}:{cfg.linkage}:gate{cfg.answer_gate}"
        f":keep={keep.describe(policy)}"
    )
    pending = pending_pairs(con, "semantic", config)
    report: dict[str, Any] = {"processed": pending, **embedded, "keep": keep.describe(policy)}
    report["timings"] = {"embed": round(time.perf_counter() - clock, 3)}
    if not pending:
        return report
    ids, vectors = load_embeddings(con, key)
    u = clustering.universe(con, "semantic", "semantic", ids)
    queries = np.flatnonzero(u.dirty)
    progress.start("semantic neighbours", len(queries))
    a, b, _ = knn(vectors, queries, cfg.k, cfg.threshold, progress)
    if cfg.answer_gate is not None:
        a, b = _same_answer(con, ids, a, b, cfg.answer_gate)
    report["timings"]["knn"] = round(
        time.perf_counter() - clock - sum(report["timings"].values()), 3
    )

    def cosine(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return np.einsum("ij,ij->i", vectors[x], vectors[y]).astype(np.float64)

    result = clustering.write(
        con, "semantic", u, (a, b), cosine, policy, cfg.linkage, cfg.threshold
    )
    with transaction(con):
        mark_done(con, "semantic", config, pending_ids(con, "semantic"))
    report["timings"]["cluster"] = round(
        time.perf_counter() - clock - sum(report["timings"].values()), 3
    )
    report.update(
        compared=len(queries),
        edges=len(a),
        clusters_written=result.clusters,
        pairs_written=result.pairs,
        threshold=cfg.threshold,
        linkage=cfg.linkage,
    )
    return report


def _same_answer(
    con: duckdb.DuckDBPyConnection, ids: Any, a: np.ndarray, b: np.ndarray, gate: float
) -> tuple[np.ndarray, np.ndarray]:
    """Keep edges whose answers share at least `gate` of their words (Jaccard): a reworded
    question with the same answer is a duplicate, a similar question with another answer is not."""
    answers = ShingleSets(ids, lambda some: field_text(texts(con, some, ("answer",)), "answer"), 1)
    ok = answers.jaccard(a, b) >= gate
    return a[ok], b[ok]


def knn(
    vectors: np.ndarray,
    queries: np.ndarray,
    k: int,
    threshold: float,
    progress: Progress | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each query's (sorted indices) up to k nearest other vectors with cosine >= threshold, blockwise so memory
    stays at one query block × one tile of scores. Returns (query, neighbour, cosine) arrays."""
    found_a, found_b, found_s = [], [], []
    for q0 in range(0, len(queries), _QUERY_BLOCK):
        q_idx = queries[q0 : q0 + _QUERY_BLOCK]
        block = vectors[q_idx]
        rows, cols, sims = [], [], []
        for t0 in range(0, len(vectors), _TILE):
            scores = block @ vectors[t0 : t0 + _TILE].T
            own = q_idx[(q_idx >= t0) & (q_idx < t0 + _TILE)]
            scores[np.searchsorted(q_idx, own), own - t0] = -2.0  # never your own neighbour
            r, c, s = _top(scores, k, threshold)
            rows.append(r)
            cols.append(c + t0)
            sims.append(s)
        r, c, s = _best_k(np.concatenate(rows), np.concatenate(cols), np.concatenate(sims), k)
        found_a.append(q_idx[r])
        found_b.append(c)
        found_s.append(s)
        if progress is not None:
            progress.advance(len(q_idx))
    if not found_a:
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0, np.float32)
    return np.concatenate(found_a), np.concatenate(found_b), np.concatenate(found_s)


def _top(scores: np.ndarray, k: int, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, score) of entries >= threshold, at most k per row (the highest)."""
    mask = scores >= threshold
    counts = mask.sum(axis=1)
    heavy = np.flatnonzero(counts > k)
    if len(heavy):
        mask[heavy] = False
        top = np.argpartition(-scores[heavy], k - 1, axis=1)[:, :k]
        mask[heavy[:, None], top] = scores[heavy[:, None], top] >= threshold
    r, c = np.nonzero(mask)
    return r, c, scores[r, c]


def _best_k(
    rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keep each row's k highest-scoring entries."""
    order = np.lexsort((-sims, rows))
    rows, cols, sims = rows[order], cols[order], sims[order]
    start = np.r_[0, np.flatnonzero(rows[1:] != rows[:-1]) + 1]
    rank = np.arange(len(rows)) - np.repeat(start, np.diff(np.r_[start, len(rows)]))
    keep_mask = rank < k
    return rows[keep_mask], cols[keep_mask], sims[keep_mask]
