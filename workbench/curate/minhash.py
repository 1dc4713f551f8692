"""Word shingles and MinHash signatures for many texts at once, vectorised with polars and numpy.

Signatures follow datasketch's default "affine32" scheme exactly (same seeds, MurmurHash3 pre-mix,
`a * h + b mod 2^32`), so `MinHash(hashvalues=sig, scheme="affine32")` compares with ours; only the
shingle hash differs (polars' string hash instead of SHA-1, because SHA-1 per shingle is the
bottleneck of the plain datasketch loop).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import polars as pl
import pyarrow as pa

MAX32 = np.uint32(0xFFFFFFFF)
_WORD = r"\w+"
_NON_ASCII = r"[^\x00-\x7f]"
_MIX = np.uint64(0x9E3779B97F4A7C15)
_CHUNK = 16_384  # shingles per numpy block: small enough to stay in cache, big enough to vectorise


@dataclass(frozen=True)
class Shingles:
    """Shingle hashes of many texts: `hashes[offsets[i]:offsets[i + 1]]` belong to text i."""

    hashes: np.ndarray  # uint32
    offsets: np.ndarray  # int64, len = texts + 1

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def sizes(self) -> np.ndarray:
        return np.diff(self.offsets)

    def take(self, idx: np.ndarray) -> Shingles:
        """The shingles of texts `idx`, in that order."""
        sizes = self.sizes()[idx]
        offsets = np.zeros(len(idx) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        pos = np.repeat(self.offsets[idx] - offsets[:-1], sizes) + np.arange(offsets[-1])
        return Shingles(self.hashes[pos], offsets)

    def unique(self) -> Shingles:
        """Each text's shingles as a sorted set (repeats removed): what Jaccard compares."""
        doc = np.repeat(np.arange(len(self), dtype=np.uint64), self.sizes())
        key = (doc << np.uint64(32)) | self.hashes.astype(np.uint64)
        key.sort()
        key = key[np.r_[True, key[1:] != key[:-1]]] if len(key) else key
        offsets = np.zeros(len(self) + 1, dtype=np.int64)
        np.cumsum(
            np.bincount((key >> np.uint64(32)).astype(np.int64), minlength=len(self)),
            out=offsets[1:],
        )
        return Shingles((key & np.uint64(0xFFFFFFFF)).astype(np.uint32), offsets)


def words(texts: pl.Series) -> pa.LargeListArray:
    """Lower-cased NFKC word tokens; punctuation and spacing never count."""
    frame = pl.DataFrame({"t": texts.fill_null("")})
    text = pl.col("t")
    # NFKC only where it can change something: it is the slowest step on plain ASCII.
    folded = pl.when(text.str.contains(_NON_ASCII)).then(text.str.normalize("NFKC")).otherwise(text)
    tokens = frame.select(folded.str.to_lowercase().str.extract_all(_WORD)).to_series()
    return tokens.to_arrow()


def shingle(texts: Sequence[str] | pa.Array | pl.Series, k: int = 3) -> Shingles:
    """Hash every k-word window of each text; a text shorter than k words is one shingle."""
    series = texts if isinstance(texts, pl.Series) else pl.Series(texts, dtype=pl.String)
    tokens = words(series)
    offsets = np.asarray(tokens.offsets, dtype=np.int64)
    flat = pl.Series(tokens.values)
    word_hash = flat.hash(seed=0).to_numpy() if len(flat) else np.zeros(0, np.uint64)
    n_words = np.diff(offsets)
    windows = np.where(n_words >= k, n_words - k + 1, (n_words > 0).astype(np.int64))
    out_offsets = np.zeros(len(n_words) + 1, dtype=np.int64)
    np.cumsum(windows, out=out_offsets[1:])
    total = int(out_offsets[-1])
    doc = np.repeat(np.arange(len(n_words)), windows)
    starts = offsets[doc] + (np.arange(total) - out_offsets[doc])
    width = np.minimum(n_words, k)[doc]
    acc = np.zeros(total, dtype=np.uint64)
    last = max(len(word_hash) - 1, 0)
    for j in range(k):
        part = word_hash[np.minimum(starts + j, last)] if total else acc
        acc = np.where(j < width, (acc ^ part) * _MIX, acc)
    return Shingles(_fold32(acc), out_offsets)


def _fold32(x: np.ndarray) -> np.ndarray:
    """64-bit shingle hashes to well-mixed 32-bit ones."""
    x = x ^ (x >> np.uint64(29))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(32))
    return (x & np.uint64(0xFFFFFFFF)).astype(np.uint32)


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 parameters: odd multipliers a and offsets b, from the same RandomState."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, the pre-mix datasketch applies before permuting."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signatures(
    shingles: Shingles, num_perm: int = 128, seed: int = 1, threads: int = 2
) -> np.ndarray:
    """MinHash signatures, shape (texts, num_perm) uint32; an empty text gets all 0xFFFFFFFF."""
    a, b = permutations(num_perm, seed)
    mixed = fmix32(shingles.hashes)
    out = np.full((len(shingles), num_perm), MAX32, dtype=np.uint32)
    spans = _spans(shingles.offsets)
    if not spans:
        return out

    def work(span_range: range) -> None:
        buf = np.empty((num_perm, _CHUNK), dtype=np.uint32)
        for s in span_range:
            d0, d1 = spans[s]
            lo, hi = int(shingles.offsets[d0]), int(shingles.offsets[d1])
            block = (
                buf[:, : hi - lo] if hi - lo <= _CHUNK else np.empty((num_perm, hi - lo), np.uint32)
            )
            np.multiply(a[:, None], mixed[None, lo:hi], out=block)
            np.add(block, b[:, None], out=block)
            local = shingles.offsets[d0:d1] - lo
            keep = np.diff(shingles.offsets[d0 : d1 + 1]) > 0
            out[d0:d1][keep] = np.minimum.reduceat(block, local[keep], axis=1).T

    n = len(spans)
    parts = [range(i, n, threads) for i in range(threads)]
    if threads > 1 and n > 1:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(work, parts))
    else:
        work(range(n))
    return out


def _spans(offsets: np.ndarray) -> list[tuple[int, int]]:
    """Split texts into runs of about _CHUNK shingles (a longer text gets a run of its own)."""
    spans = []
    n = len(offsets) - 1
    d0 = 0
    while d0 < n:
        d1 = int(np.searchsorted(offsets, offsets[d0] + _CHUNK, side="right")) - 1
        d1 = min(max(d1, d0 + 1), n)
        spans.append((d0, d1))
        d0 = d1
    return spans
