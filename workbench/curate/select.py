"""Diverse selection: pick N pairs that best represent the embedding space and the contexts.

Algorithm: lazy greedy facility location, maximising
    F(S) = mean over anchors a of max(0, max_{s in S} cos(a, s))  +  w × |contexts covered by S| / C
where the anchors stand for the space (every eligible pair, or a seeded random sample of
max(--anchors, budget) of them, at most 10,000, when there are more) and C is the number of
eligible contexts. Both terms are monotone submodular, so greedy keeps the (1 - 1/e) guarantee;
lazy evaluation accepts a candidate within 2% of the best remaining bound, which costs at most
that factor and saves re-evaluating every candidate when all gains shrink together.
Facility location rather than k-center because k-center chases the farthest points first, and in
generated data those are mostly junk and outliers; facility location picks pairs that stand for
many others, then spreads into what is not yet represented. The context term makes the first
pair of an uncovered context worth w / C extra. Cost: one pass of n × anchors similarities
(1M pairs × 2,000 anchors × 384 dims ≈ 0.8 TFLOP: tens of seconds on two idle cores), then one
anchors × dims product per lazy re-evaluation. Past the anchor count the
space term saturates and the remaining picks follow the context term, then the seeded order.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np

from storage.errors import WorkbenchError
from storage.stats import eligible_ids_sql, eligible_pairs
from storage.subsets import freeze
from workbench.curate.progress import Progress, Silent

ALGORITHM = "facility-location (lazy greedy)"
MAX_ANCHORS = 10_000
LAZY_BATCH = 32
# Accept a fresh gain within this fraction of the best stale bound ("ε-lazy" greedy): when every
# gain shrinks a little after each pick, exact lazy greedy re-evaluates nearly all candidates.
LAZY_TOLERANCE = 0.02


@dataclass
class SelectOptions:
    """Where to pick from, which vectors, how the space is sampled and how much contexts weigh."""

    seed: int = 0
    subset: str | None = None
    model: str | None = None
    anchors: int = 2_000
    context_weight: float = 1.0


def facility_location(
    vectors: np.ndarray,
    groups: np.ndarray,
    budget: int,
    *,
    anchors: int = 2_000,
    context_weight: float = 1.0,
    seed: int = 0,
    progress: Progress | None = None,
) -> tuple[list[int], dict[str, Any]]:
    """Indices of `budget` rows chosen greedily (see the module docstring) and the run's figures.

    `vectors` are unit-length rows; `groups` gives each row's context as an integer (-1: none).
    Ties are broken by a seeded random order, so a seed fixes the result.
    """
    progress = progress or Silent()
    rng = np.random.default_rng(seed)
    n = len(vectors)
    m = min(n, max(anchors, budget), MAX_ANCHORS)
    anchor_rows = np.arange(n) if m == n else np.sort(rng.choice(n, m, replace=False))
    space = np.ascontiguousarray(vectors[anchor_rows], dtype=np.float32)
    n_groups = int(groups.max()) + 1 if len(groups) and groups.max() >= 0 else 0
    bonus = context_weight / n_groups if n_groups else 0.0
    covered = np.zeros(max(n_groups, 1), dtype=bool)
    tie = rng.permutation(n)

    progress.start("selecting", n)
    gains = np.empty(n, dtype=np.float64)
    block = max(64, 2**24 // m)
    for start in range(0, n, block):
        sims = vectors[start : start + block].astype(np.float32) @ space.T
        gains[start : start + block] = np.maximum(sims, 0).sum(axis=1) / m
        progress.advance(len(sims))
    gains += bonus * (groups >= 0)

    best = np.zeros(m, dtype=np.float32)
    heap = [(-g, int(t), i) for i, (g, t) in enumerate(zip(gains, tie, strict=True))]
    heapq.heapify(heap)
    chosen: list[int] = []
    batch = LAZY_BATCH
    while len(chosen) < budget and heap:
        # Re-evaluate the top few stale bounds in one product; the best fresh gain wins when no
        # remaining bound beats it by more than LAZY_TOLERANCE (bounds only fall).
        top = [heapq.heappop(heap) for _ in range(min(batch, len(heap)))]
        rows = [i for _, _, i in top]
        sims = vectors[rows].astype(np.float32) @ space.T
        fresh = np.maximum(sims - best, 0).sum(axis=1) / m
        rows_groups = groups[rows]
        fresh += bonus * ((rows_groups >= 0) & ~covered[np.maximum(rows_groups, 0)])
        pick = min(range(len(top)), key=lambda j: (-fresh[j], top[j][1]))
        bound = -heap[0][0] if heap else -np.inf
        selected = rows[pick] if fresh[pick] >= (1 - LAZY_TOLERANCE) * bound else -1
        # Thin products are slow per candidate: widen the batch while bounds keep failing.
        batch = LAZY_BATCH if selected >= 0 else min(4 * batch, 2048)
        if selected >= 0:
            chosen.append(selected)
            best = np.maximum(best, sims[pick])
            if groups[selected] >= 0:
                covered[groups[selected]] = True
        for j, (_, rank, i) in enumerate(top):
            if i != selected:
                heapq.heappush(heap, (-float(fresh[j]), rank, i))
    figures = {
        "anchors": m,
        "mean_best_similarity": round(float(best.mean()), 4),
        "contexts_covered": int(covered[:n_groups].sum()) if n_groups else 0,
    }
    return chosen, figures


def _context_codes(contexts: list[str | None]) -> np.ndarray:
    """Each pair's context as a dense integer, -1 for pairs without one."""
    codes: dict[str, int] = {}
    return np.array(
        [-1 if c is None else codes.setdefault(c, len(codes)) for c in contexts], dtype=np.int64
    )


def select_pairs(
    con: duckdb.DuckDBPyConnection,
    budget: int,
    options: SelectOptions | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Choose up to `budget` eligible pairs; returns their ids and what the choice achieved.

    A budget at or above the number of eligible pairs selects them all, and says so in `note`.
    """
    from workbench.curate.topics import choose_space, load_matrix

    options = options or SelectOptions()
    if budget < 1:
        raise WorkbenchError("--budget must be at least 1")
    table, counts = eligible_pairs(con, options.subset)
    ids = table.column("id").to_pylist()
    groups = _context_codes(table.column("context_id").to_pylist())
    if not ids:
        raise WorkbenchError(
            f"no eligible pairs among {counts['in_scope']:,} (rejected, error-flagged or duplicates)"
        )
    report: dict[str, Any] = {
        "algorithm": ALGORITHM,
        "budget": budget,
        "seed": options.seed,
        "context_weight": options.context_weight,
        **counts,
        "contexts_eligible": int(groups.max()) + 1 if groups.max() >= 0 else 0,
        "note": None,
    }
    if budget >= len(ids):
        report |= {"vectors": None, "anchors": 0, "mean_best_similarity": None}
        report["contexts_covered"] = report["contexts_eligible"]
        report["note"] = (
            f"budget {budget:,} ≥ {len(ids):,} eligible pairs: all eligible pairs selected"
        )
        return {**report, "ids": ids}
    space = choose_space(con, eligible_ids_sql(), options.model, options.seed)
    vector_ids, vectors = load_matrix(con, space, eligible_ids_sql(), progress, len(ids))
    if vector_ids != ids:
        raise WorkbenchError("vectors changed while selecting: run the command again")
    chosen, figures = facility_location(
        vectors,
        groups,
        budget,
        anchors=options.anchors,
        context_weight=options.context_weight,
        seed=options.seed,
        progress=progress,
    )
    report |= {"vectors": space.describe(), "note": space.note, **figures}
    return {**report, "ids": sorted(ids[i] for i in chosen)}


def select_subset(
    con: duckdb.DuckDBPyConnection,
    name: str,
    budget: int,
    options: SelectOptions | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Select and freeze the choice as the next version of subset `name`."""
    options = options or SelectOptions()
    result = select_pairs(con, budget, options, progress)
    ids = result.pop("ids")
    note = f"select budget={budget} seed={options.seed} algorithm=facility-location"
    note += f" vectors={result['vectors']} anchors={result['anchors']}"
    note += f" context_weight={options.context_weight}"
    if options.subset:
        note += f" from={options.subset}"
    version = freeze(con, name, ids=ids, note=note)
    return {
        "subset": version.name,
        "version": version.version,
        "pairs": version.n_pairs,
        "ids_hash": version.ids_hash,
        "created": version.created,
        **result,
    }
