"""Banded LSH over MinHash signatures as numpy arrays: candidate pairs without a Python dict per band.

Candidates are only a shortlist: every one is verified with the real Jaccard afterwards, so the
banding is chosen for recall at the threshold and the false positives cost only verification time.
"""

from __future__ import annotations

import numpy as np

_MUL = np.uint64(0x9E3779B97F4A7C15)
WINDOW = 24  # a bucket larger than this links each member to its next WINDOW - 1 neighbours only


def params(threshold: float, num_perm: int, min_recall: float = 0.97) -> tuple[int, int]:
    """(bands, rows): the most rows per band (fewest false candidates) that still catch a pair at
    exactly `threshold` with probability >= min_recall."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1.0 - (1.0 - threshold**rows) ** bands >= min_recall:
            best = (bands, rows)
    return best


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per text and band, shape (texts, bands): equal keys = equal band."""
    keys = np.empty((len(sigs), bands), dtype=np.uint64)
    for band in range(bands):
        acc = np.full(len(sigs), band + 1, dtype=np.uint64)
        for col in range(band * rows, (band + 1) * rows):
            acc = (acc ^ sigs[:, col].astype(np.uint64)) * _MUL
        keys[:, band] = acc ^ (acc >> np.uint64(31))
    return keys


def candidates(
    keys: np.ndarray, dirty: np.ndarray | None = None, skip: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Unique pairs (i < j) sharing a band key; with `dirty`, only pairs touching a dirty text.

    `skip` marks texts left out altogether (empty texts, copies already attached elsewhere).
    """
    n = len(keys)
    found: list[np.ndarray] = []
    live = np.ones(n, dtype=bool) if skip is None else ~skip
    for band in range(keys.shape[1]):
        found.append(_band_pairs(keys[:, band], live, dirty))
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    codes = np.unique(np.concatenate(found))
    return codes // n, codes % n


def _band_pairs(col: np.ndarray, live: np.ndarray, dirty: np.ndarray | None) -> np.ndarray:
    """Pairs in one band's buckets, encoded i * n + j with i < j."""
    n = len(col)
    idx = np.flatnonzero(live)
    if dirty is not None:
        # Only buckets holding a dirty text matter: find them without sorting every key twice.
        wanted = np.unique(col[idx[dirty[idx]]])
        hit = np.searchsorted(wanted, col[idx])
        hit = np.minimum(hit, len(wanted) - 1) if len(wanted) else hit
        idx = idx[(wanted[hit] == col[idx])] if len(wanted) else idx[:0]
    order = idx[np.argsort(col[idx], kind="stable")]
    sorted_keys = col[order]
    same = sorted_keys[1:] == sorted_keys[:-1]
    # Keep only members of buckets with two or more texts.
    multi = np.zeros(len(order), dtype=bool)
    multi[1:] |= same
    multi[:-1] |= same
    order, sorted_keys = order[multi], sorted_keys[multi]
    out = []
    for d in range(1, WINDOW):
        if len(order) <= d:
            break
        match = sorted_keys[d:] == sorted_keys[:-d]
        if not match.any():
            break
        a, b = order[:-d][match], order[d:][match]
        if dirty is not None:
            touch = dirty[a] | dirty[b]
            a, b = a[touch], b[touch]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        out.append(lo.astype(np.int64) * n + hi)
    return np.concatenate(out) if out else np.zeros(0, np.int64)
