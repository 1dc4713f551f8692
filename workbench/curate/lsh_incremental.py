"""Incremental LSH search: new texts meet the stored clusters they belong to through a handful of
members, without reading which cluster every stored text is in.

First round: the new (dirty) texts are searched among a fixed 1/SAMPLE_EVERY sample of the stored
texts. A new near-copy of a large stored cluster shares buckets with many sampled members; it
keeps the BEST partners it shares the most bands with (the likeliest to pass) and is verified
against those only. Then the new texts are searched among themselves, only where they still sit
in different components. Second round: the new texts left with no stored neighbour (near-copies
of small clusters or of single stored texts, and unique texts) are searched among every stored
text, their buckets being small, skipping the pairs the first round tested. The clustering then
joins each reached stored cluster whole (`clustering`).
"""

from __future__ import annotations

import numpy as np

from workbench.curate.lsh import Found, Verify, _in_buckets, window_pairs
from workbench.curate.unionfind import components

_MUL = np.uint64(0x9E3779B97F4A7C15)
SAMPLE_EVERY = 16  # the first round searches one stored text in this many
BEST = 3  # partners verified per new text and round, those sharing the most bands first


def search(keys: np.ndarray, empty: np.ndarray, verify: Verify, dirty: np.ndarray) -> Found:
    """Verified edges touching a dirty text (see the module notes)."""
    n = len(keys)
    found = Found()
    parent = np.arange(n, dtype=np.int64)
    live = ~empty
    clean = live & ~dirty
    seeking = dirty & live
    tested = np.zeros(0, np.int64)
    for first, partners in ((True, clean & _sampled(n)), (False, clean)):
        if not seeking.any():
            break
        parent, tested = _round(found, verify, keys, parent, seeking, partners, tested)
        if first:
            # New texts against each other, once, where they still sit apart.
            new = dirty & live
            parent, tested = _round(found, verify, keys, parent, new, new, tested)
        # New texts whose component now holds a stored text are settled; the rest seek again.
        anchored = np.zeros(n, dtype=bool)
        a, b = found.edges()
        ends = np.concatenate([a, b])
        anchored[parent[ends[~dirty[ends]]]] = True
        seeking &= ~anchored[parent]
    return found


def _sampled(n: int) -> np.ndarray:
    """A fixed one-in-SAMPLE_EVERY choice of positions (a hash of the position)."""
    mixed = np.arange(n, dtype=np.uint64) * _MUL
    mixed ^= mixed >> np.uint64(31)
    return (mixed % np.uint64(SAMPLE_EVERY)) == 0


def _round(
    found: Found,
    verify: Verify,
    keys: np.ndarray,
    parent: np.ndarray,
    seeking: np.ndarray,
    partners: np.ndarray,
    tested: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of a seeking text and a partner in different components over all bands, the BEST
    untested per seeking text, verified in one call: (merged components, pairs tested so far)."""
    n = len(parent)
    scope = np.flatnonzero(seeking | partners)
    columns = np.ascontiguousarray(keys[scope].T)
    everywhere = np.ones(len(scope), dtype=bool)
    codes = np.concatenate(
        [_band_pairs(col, scope, everywhere, parent, seeking, partners) for col in columns]
    )
    codes, shared = np.unique(codes, return_counts=True)
    fresh = ~np.isin(codes, tested)
    codes, shared = codes[fresh], shared[fresh]
    a, b = codes // n, codes % n
    keep = (seeking[a] & _best(a, shared)) | (seeking[b] & _best(b, shared))
    a, b = a[keep], b[keep]
    tested = np.union1d(tested, codes[keep])
    if not len(a):
        return parent, tested
    found.add(a, b, verify(a, b))
    return components(n, a[found.last_ok], b[found.last_ok], parent=parent), tested


def _band_pairs(
    col: np.ndarray,
    scope: np.ndarray,
    everywhere: np.ndarray,
    parent: np.ndarray,
    seeking: np.ndarray,
    partners: np.ndarray,
) -> np.ndarray:
    """Pairs (i < j, coded i * n + j) of a seeking text and a partner in different components
    sharing a bucket of this band; `col` holds the band's keys of the `scope` positions."""
    wanted = np.unique(col[seeking[scope]])
    if not len(wanted):
        return np.zeros(0, np.int64)
    hit = _in_buckets(col, everywhere, wanted)
    at, key = scope[hit], col[hit]
    # Every seeking text, and of the others about two per bucket.
    other = np.flatnonzero(~seeking[at])
    pick = np.concatenate([np.flatnonzero(seeking[at]), other[_two_per_bucket(key[other])]])
    at, key = at[pick], key[pick]
    order = np.lexsort((at, key))
    at, key = at[order], key[order]
    out = []
    n = np.int64(len(parent))
    for a, b in window_pairs(at, key):
        keep = (parent[a] != parent[b]) & ((seeking[a] & partners[b]) | (partners[a] & seeking[b]))
        a, b = a[keep], b[keep]
        out.append(np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b))
    return np.concatenate(out) if out else np.zeros(0, np.int64)


def _two_per_bucket(key: np.ndarray) -> np.ndarray:
    """A mask keeping about two texts per bucket: the last and the first text that land in each
    slot of a hash table of the keys, without sorting a band's buckets."""
    if not len(key):
        return np.zeros(0, dtype=bool)
    bits = max(int(len(key) * 4 - 1).bit_length(), 4)
    mixed = key.astype(np.uint64) * _MUL
    slot = ((mixed ^ (mixed >> np.uint64(31))) & np.uint64((1 << bits) - 1)).astype(np.int64)
    at = np.arange(len(key), dtype=np.int64)
    table = np.empty(1 << bits, dtype=np.int64)
    table[slot] = at  # the last write wins
    keep = table[slot] == at
    table[slot[::-1]] = at[::-1]  # now the first
    keep |= table[slot] == at
    return keep


def _best(text: np.ndarray, shared: np.ndarray) -> np.ndarray:
    """Mask: the pair is among the BEST pairs of its `text` by bands shared."""
    order = np.lexsort((-shared, text))
    t = text[order]
    start = np.r_[True, t[1:] != t[:-1]] if len(t) else np.zeros(0, dtype=bool)
    run_start = np.maximum.accumulate(np.where(start, np.arange(len(t)), 0))
    rank = np.empty(len(t), dtype=np.int64)
    rank[order] = np.arange(len(t)) - run_start
    return rank < BEST
