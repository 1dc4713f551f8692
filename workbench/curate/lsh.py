"""Banded LSH over MinHash signatures as numpy arrays: candidate pairs without a Python dict per band.

Candidates are only a shortlist: every one is verified (real Jaccard) before it links two texts,
so the banding is chosen for recall at the threshold and false candidates cost only verification.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workbench.curate.unionfind import components

Verify = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (a, b) -> bool mask of pairs that pass

_MUL = np.uint64(0x9E3779B97F4A7C15)
_ROWS = 8_192
WINDOW = 24  # a bucket larger than this links each member to its next WINDOW - 1 neighbours only
PER_COMPONENT = 2


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
    """One 64-bit key per text and band, shape (texts, bands): equal keys = equal band.

    A key is a multilinear hash (sum of values times fixed odd 64-bit multipliers), computed over
    blocks of rows that stay in cache; a strided column walk over a large matrix does not."""
    mult = _multipliers(bands * rows).reshape(bands, rows)
    keys = np.empty((len(sigs), bands), dtype=np.uint64)
    for start in range(0, len(sigs), _ROWS):
        block = sigs[start : start + _ROWS, : bands * rows].astype(np.uint64)
        block = block.reshape(len(block), bands, rows)
        acc = (block * mult).sum(axis=2, dtype=np.uint64)
        keys[start : start + _ROWS] = acc ^ (acc >> np.uint64(29))
    return keys


def _multipliers(n: int) -> np.ndarray:
    """Fixed odd 64-bit constants (a SplitMix64 stream), so keys never depend on a run."""
    state = np.uint64(0x853C49E6748FEA9B)
    out = np.empty(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(n):
            state = state + _MUL
            z = (state ^ (state >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
            out[i] = (z ^ (z >> np.uint64(31))) | np.uint64(1)
    return out


def search(
    keys: np.ndarray, empty: np.ndarray, verify: Verify, dirty: np.ndarray | None = None
) -> Found:
    """Verified edges between texts that share a band.

    A full run (no `dirty`) first links a text whose every band equals an earlier text's to that
    first text (re-generated data repeats texts hundreds of times), then goes band by band, each
    bucket keeping one text per component found so far, so a band only tests pairs that could
    still join two components: in heavily duplicated data the work stays near-linear. With
    `dirty`, only buckets holding a dirty text are read and only pairs touching one are tested,
    all in one verification call (`lsh_incremental` prunes stored clusters as well).
    """
    n = len(keys)
    found = Found()
    if dirty is not None:
        ident = np.arange(n, dtype=np.int64)
        live = ~empty
        # One band's keys contiguous: each band scans all n keys, and strided columns cost a copy.
        columns = np.ascontiguousarray(keys.T)
        parts = [_band_pairs(col, live, ident, dirty) for col in columns]
        a = np.concatenate([p[0] for p in parts])
        b = np.concatenate([p[1] for p in parts])
        codes = np.unique(a.astype(np.int64) * n + b)
        a, b = codes // n, codes % n
        found.add(a, b, verify(a, b))
        return found
    copies, leaders = identical(keys, empty)
    live = ~empty
    live[copies] = False
    found.add(leaders, copies, verify(leaders, copies))
    parent = components(n, *found.edges())
    for band in range(keys.shape[1]):
        a, b = _band_pairs(keys[:, band], live, parent, None, band)
        if len(a):
            found.add(a, b, verify(a, b))
            parent = components(n, a[found.last_ok], b[found.last_ok], parent=parent)
    return found


class Found:
    """Pairs tested and which of them passed (similarity >= the caller's threshold)."""

    def __init__(self) -> None:
        self._a: list[np.ndarray] = []
        self._b: list[np.ndarray] = []
        self._ok: list[np.ndarray] = []
        self.tested = 0
        self.last_ok = np.zeros(0, dtype=bool)

    def add(self, a: np.ndarray, b: np.ndarray, ok: np.ndarray) -> None:
        self.tested += len(a)
        self.last_ok = ok
        self._a.append(a[ok])
        self._b.append(b[ok])

    def edges(self) -> tuple[np.ndarray, np.ndarray]:
        if not self._a:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(self._a), np.concatenate(self._b)


def identical(keys: np.ndarray, empty: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Texts whose every band matches an earlier text's: (copies, the first text of each)."""
    whole = np.zeros(len(keys), dtype=np.uint64)
    for band in range(keys.shape[1]):
        whole = (whole ^ keys[:, band]) * _MUL
    idx = np.flatnonzero(~empty)
    order = idx[np.argsort(whole[idx], kind="stable")]
    same = np.r_[False, whole[order][1:] == whole[order][:-1]]
    leader = order[np.maximum.accumulate(np.where(~same, np.arange(len(order)), 0))]
    return order[same], leader[same]


_FILTER_BITS = 20


def _in_buckets(col: np.ndarray, live: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Live positions whose key is one of `wanted`: a 1 MB table of the keys' low bits rules
    out almost every key with one lookup, and only the few that pass are checked exactly."""
    mask = col.dtype.type((1 << _FILTER_BITS) - 1)
    bitmap = np.zeros(1 << _FILTER_BITS, dtype=bool)
    bitmap[wanted & mask] = True
    maybe = np.flatnonzero(bitmap[col & mask] & live)
    exact = pc.is_in(pa.array(col[maybe]), value_set=pa.array(wanted))
    return maybe[exact.to_numpy(zero_copy_only=False)]


def window_pairs(order: np.ndarray, key: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(a, b): texts of `order` (sorted by `key`) that share a key and sit at most WINDOW - 1
    apart, one array pair per distance; a large bucket so links each text to its neighbours."""
    for d in range(1, WINDOW):
        if len(order) <= d:
            return
        match = key[d:] == key[:-d]
        if not match.any():
            return
        yield order[:-d][match], order[d:][match]


def _band_pairs(
    col: np.ndarray,
    live: np.ndarray,
    parent: np.ndarray,
    tainted: np.ndarray | None,
    band: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) of different components in one band's buckets, at most PER_COMPONENT texts
    per component and bucket, picked afresh in each band (so a pair that failed verification is
    not the only one ever tried between two components); with `tainted`, only pairs touching a
    tainted component."""
    if tainted is not None:
        # Only buckets holding a tainted text matter: one hash lookup per key, no sort of all.
        wanted = np.unique(col[live & tainted[parent]])
        if not len(wanted):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        idx = _in_buckets(col, live, wanted)
    else:
        idx = np.flatnonzero(live)
    shuffle = (idx.astype(np.uint64) + np.uint64(band + 1)) * _MUL
    order = idx[np.lexsort((shuffle, parent[idx], col[idx]))]
    key, lab = col[order], parent[order]
    start = np.r_[True, (key[1:] != key[:-1]) | (lab[1:] != lab[:-1])]
    run_start = np.maximum.accumulate(np.where(start, np.arange(len(order)), 0))
    kept = np.arange(len(order)) - run_start < PER_COMPONENT
    order, key = order[kept], key[kept]
    same = key[1:] == key[:-1]
    multi = np.zeros(len(order), dtype=bool)
    multi[1:] |= same
    multi[:-1] |= same
    order, key = order[multi], key[multi]
    out_a, out_b = [], []
    for a, b in window_pairs(order, key):
        other = parent[a] != parent[b]
        a, b = a[other], b[other]
        if tainted is not None:
            touch = tainted[parent[a]] | tainted[parent[b]]
            a, b = a[touch], b[touch]
        out_a.append(np.minimum(a, b))
        out_b.append(np.maximum(a, b))
    if not out_a:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    n = np.int64(len(col))
    codes = np.unique(np.concatenate(out_a).astype(np.int64) * n + np.concatenate(out_b))
    return codes // n, codes % n
