"""Connected components of an edge list, vectorised (hook to the smaller root, then pointer jumping)."""

from __future__ import annotations

import numpy as np


def components(
    n: int, a: np.ndarray, b: np.ndarray, parent: np.ndarray | None = None
) -> np.ndarray:
    """Label each of n nodes with the smallest node index in its component; `parent` (labels from
    an earlier call) continues from there."""
    parent = np.arange(n, dtype=np.int64) if parent is None else parent.copy()
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    while len(a):
        ra, rb = parent[a], parent[b]
        differ = ra != rb
        if not differ.any():
            break
        lo, hi = np.minimum(ra[differ], rb[differ]), np.maximum(ra[differ], rb[differ])
        np.minimum.at(parent, hi, lo)
        parent = _compress(parent)
        a, b = a[differ], b[differ]
    return parent


def _compress(parent: np.ndarray) -> np.ndarray:
    """Point every node straight at its root."""
    while True:
        grand = parent[parent]
        if np.array_equal(grand, parent):
            return parent
        parent = grand


def groups(labels: np.ndarray, min_size: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Nodes in components of at least `min_size`: (node indices sorted by label, their labels)."""
    counts = np.bincount(labels, minlength=len(labels))
    nodes = np.flatnonzero(counts[labels] >= min_size)
    order = nodes[np.argsort(labels[nodes], kind="stable")]
    return order, labels[order]
