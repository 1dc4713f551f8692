"""Shingle sets of the texts a lexical run compares, and their real Jaccard similarity.

Texts hashed in this run keep their shingles; older texts are re-shingled from the store only when
a candidate pair needs them, so an incremental run never re-reads the whole store.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import polars as pl
import pyarrow as pa

from workbench.curate.minhash import Shingles, shingle

Loader = Callable[[pa.Array], pl.Series]
_BLOCK = 4_000_000  # shingles compared per numpy block


class ShingleSets:
    """Sorted shingle sets by universe index, computed or loaded on first use."""

    def __init__(self, ids: pa.Array, loader: Loader, k: int) -> None:
        self.ids = ids
        self.loader = loader
        self.k = k
        n = len(ids)
        self._raw: list[Shingles] = []
        self._raw_piece = np.full(n, -1, dtype=np.int64)
        self._raw_local = np.full(n, -1, dtype=np.int64)
        self._where = np.full(n, -1, dtype=np.int64)
        self._blocks: list[Shingles] = []
        self._flat: Shingles | None = None
        self._prints: list[np.ndarray] = []
        self._print: np.ndarray | None = None

    def add(self, positions: np.ndarray, shingles: Shingles) -> None:
        """Shingles hashed in this run for texts at these universe positions (kept as they are)."""
        ok = positions >= 0
        self._raw_piece[positions[ok]] = len(self._raw)
        self._raw_local[positions[ok]] = np.flatnonzero(ok)
        self._raw.append(shingles)

    def jaccard(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Real Jaccard similarity of the shingle sets of texts a[i] and b[i]."""
        if not len(a):
            return np.zeros(0)
        self._ensure(np.unique(np.concatenate([a, b])))
        sets = self._combined()
        sa, sb = self._where[a], self._where[b]
        sizes = sets.sizes()
        assert self._print is not None
        # Equal size and fingerprint: the same set (copies are most verified pairs), no sort needed.
        same = (sizes[sa] == sizes[sb]) & (self._print[sa] == self._print[sb]) & (sizes[sa] > 0)
        out = np.where(same, 1.0, 0.0)
        rest = np.flatnonzero(~same)
        sa, sb = sa[rest], sb[rest]
        cost = np.cumsum(sizes[sa] + sizes[sb])
        start = 0
        while start < len(rest):
            stop = max(int(np.searchsorted(cost, cost[start] + _BLOCK)), start + 1)
            out[rest[start:stop]] = _jaccard(sets, sa[start:stop], sb[start:stop])
            start = stop
        return out

    def _ensure(self, positions: np.ndarray) -> None:
        missing = positions[self._where[positions] < 0]
        if not len(missing):
            return
        piece = self._raw_piece[missing]
        for p in np.unique(piece[piece >= 0]):
            sel = missing[piece == p]
            self._append(sel, self._raw[p].take(self._raw_local[sel]))
        rest = missing[piece < 0]
        if len(rest):
            texts = self.loader(self.ids.take(pa.array(rest, pa.int64())))
            self._append(rest, shingle(texts, self.k))

    def _append(self, positions: np.ndarray, shingles: Shingles) -> None:
        base = sum(len(s) for s in self._blocks)
        sets = shingles.unique()
        self._blocks.append(sets)
        self._prints.append(_fingerprints(sets))
        self._where[positions] = base + np.arange(len(positions))
        self._flat = None

    def _combined(self) -> Shingles:
        if self._flat is None:
            if len(self._blocks) == 1:
                self._flat = self._blocks[0]
            else:
                sizes = np.concatenate([s.sizes() for s in self._blocks])
                offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
                np.cumsum(sizes, out=offsets[1:])
                self._flat = Shingles(np.concatenate([s.hashes for s in self._blocks]), offsets)
                self._blocks = [self._flat]
                self._prints = [np.concatenate(self._prints)]
            self._print = self._prints[0]
        return self._flat


def _fingerprints(sets: Shingles) -> np.ndarray:
    """An order-free 64-bit fingerprint per set: the wrapping sum of its mixed shingle hashes."""
    mixed = sets.hashes.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    mixed ^= mixed >> np.uint64(29)
    out = np.zeros(len(sets), dtype=np.uint64)
    filled = np.flatnonzero(sets.sizes() > 0)
    if len(filled):
        out[filled] = np.add.reduceat(mixed, sets.offsets[filled])
    return out


def _jaccard(sets: Shingles, sa: np.ndarray, sb: np.ndarray) -> np.ndarray:
    """|A ∩ B| / |A ∪ B| for each pair of set indices: sort (pair, shingle) keys, count repeats."""
    left, right = sets.take(sa), sets.take(sb)
    edge_l = np.repeat(np.arange(len(sa), dtype=np.uint64), left.sizes())
    edge_r = np.repeat(np.arange(len(sb), dtype=np.uint64), right.sizes())
    keys = np.concatenate(
        [
            (edge_l << np.uint64(32)) | left.hashes.astype(np.uint64),
            (edge_r << np.uint64(32)) | right.hashes.astype(np.uint64),
        ]
    )
    keys.sort()
    dup = keys[1:] == keys[:-1]
    inter = np.bincount((keys[1:][dup] >> np.uint64(32)).astype(np.int64), minlength=len(sa))
    union = left.sizes() + right.sizes() - inter
    return np.divide(inter, union, out=np.zeros(len(sa)), where=union > 0)
