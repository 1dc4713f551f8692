"""Incremental LSH search against stored clusters: new texts meet a cluster of hundreds through
a handful of its members, as the full run's buckets keep a few texts per component.

Clean members of one stored cluster share a component label. The first round searches among
every dirty text, every text in no stored cluster and a fixed sample of each large stored
cluster (its other members are near the sample, or single linkage would not have joined them):
a band's buckets then hold a few hundred texts, not the hundreds of thousands of members of the
clusters that new texts reach. In each band a bucket keeps every dirty text but only a couple
of the clean texts of each component, and over all bands a dirty text keeps at most
PER_COMPONENT partners per component. The second round searches among all texts, for the dirty
texts the first left with no stored neighbour, with other picks, so a pick that failed
verification is not the only one ever tried.
"""

from __future__ import annotations

import numpy as np

from workbench.curate.lsh import PER_COMPONENT, WINDOW, Found, Verify, _in_buckets
from workbench.curate.unionfind import components

_MUL_KEY = np.uint64(0x9E3779B97F4A7C15)
_MUL_LABEL = np.uint64(0xC2B2AE3D27D4EB4F)
SAMPLE = 48  # members of a large stored cluster that the first round searches among


def search(
    keys: np.ndarray, empty: np.ndarray, verify: Verify, dirty: np.ndarray, groups: np.ndarray
) -> Found:
    """Verified edges touching a dirty text; `groups` numbers each text's stored cluster (-1:
    none). The first round searches among a sample of each large stored cluster (SAMPLE
    members), the second among every text, for the dirty texts still without a stored
    neighbour."""
    n = len(keys)
    found = Found()
    parent = stored_components(groups, dirty)
    live = ~empty
    clean = live & ~dirty
    sample = clean & ((groups < 0) | _sampled(groups, dirty))
    seeking = dirty & live
    for partners, salt in ((sample, 1), (clean, 2)):
        if not seeking.any():
            break
        # Stored neighbours first; then dirty texts against each other, where they still sit
        # in different components (new texts that joined one stored cluster need no test).
        parent = _round(found, verify, keys, parent, seeking, partners, salt)
        if salt == 1:
            parent = _round(found, verify, keys, parent, seeking, seeking, salt)
        # Dirty texts whose component now holds a clean text are settled; the rest seek again.
        anchored = np.zeros(n, dtype=bool)
        a, b = found.edges()
        ends = np.concatenate([a, b])
        anchored[parent[ends[~dirty[ends]]]] = True
        seeking &= ~anchored[parent]
    return found


def _round(
    found: Found,
    verify: Verify,
    keys: np.ndarray,
    parent: np.ndarray,
    seeking: np.ndarray,
    partners: np.ndarray,
    salt: int,
) -> np.ndarray:
    """Pairs of a seeking text and a partner in different components over all bands, a few per
    component, verified in one call; returns the merged components. Only the seeking texts and
    the partners are scanned, each band's keys contiguous."""
    scope = np.flatnonzero(seeking | partners)
    columns = np.ascontiguousarray(keys[scope].T)
    everywhere = np.ones(len(scope), dtype=bool)
    parts = [
        _band_pairs(col, scope, everywhere, parent, seeking, partners, salt) for col in columns
    ]
    a, b = _few_per_component(
        np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]), parent
    )
    return _verify_and_join(found, verify, a, b, parent)


def _verify_and_join(
    found: Found, verify: Verify, a: np.ndarray, b: np.ndarray, parent: np.ndarray
) -> np.ndarray:
    """Verify the pairs (one call), keep them in `found` and merge the components that passed."""
    if not len(a):
        return parent
    found.add(a, b, verify(a, b))
    return components(len(parent), a[found.last_ok], b[found.last_ok], parent=parent)


def _sampled(groups: np.ndarray, dirty: np.ndarray) -> np.ndarray:
    """About SAMPLE clean members of each stored cluster (all of a smaller one), picked by a
    hash of the position, so every run picks the same ones."""
    held = (groups >= 0) & ~dirty
    sizes = np.bincount(groups[held], minlength=int(groups.max()) + 1 if len(groups) else 0)
    share = np.zeros(len(groups))
    share[held] = SAMPLE / sizes[groups[held]]
    mixed = np.arange(len(groups), dtype=np.uint64) * _MUL_KEY
    mixed ^= mixed >> np.uint64(29)
    return held & (mixed.astype(np.float64) < share * 2.0**64)


def stored_components(groups: np.ndarray, dirty: np.ndarray) -> np.ndarray:
    """Component labels: a clean member of a stored cluster is labelled with the cluster's first
    clean position, every other text with its own (the smallest index, as `components` keeps)."""
    parent = np.arange(len(groups), dtype=np.int64)
    held = np.flatnonzero((groups >= 0) & ~dirty)
    if not len(held):
        return parent
    codes = groups[held]
    # Codes numbered in order of first appearance (as dictionary encoding numbers them) give
    # each cluster's first position without a sort; anything else takes the sort.
    seen = np.maximum.accumulate(codes)
    first = np.flatnonzero(np.r_[True, codes[1:] > seen[:-1]])
    if np.array_equal(codes[first], np.arange(len(first))):
        leader = held[first]
    else:
        found, at = np.unique(codes, return_index=True)
        leader = np.zeros(int(found[-1]) + 1, dtype=np.int64)
        leader[found] = held[at]
    parent[held] = leader[codes]
    return parent


def _band_pairs(
    col: np.ndarray,
    scope: np.ndarray,
    everywhere: np.ndarray,
    parent: np.ndarray,
    seeking: np.ndarray,
    partners: np.ndarray,
    salt: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) of a seeking text and a partner in different components sharing a bucket
    of this band (`col`: the band's keys of the `scope` positions); of the partners that are
    not seeking, about two per bucket and component."""
    wanted = np.unique(col[seeking[scope]])
    if not len(wanted):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    hit = _in_buckets(col, everywhere, wanted)
    at, key = scope[hit], col[hit]
    other = np.flatnonzero(~seeking[at])
    other = other[_few_per_bucket(key[other], parent[at[other]], salt)]
    pick = np.concatenate([np.flatnonzero(seeking[at]), other])
    at, key = at[pick], key[pick]
    order = np.lexsort((parent[at], key))
    order, key = at[order], key[order]
    out_a, out_b = [], []
    for d in range(1, WINDOW):
        if len(order) <= d:
            break
        match = key[d:] == key[:-d]
        if not match.any():
            break
        a, b = order[:-d][match], order[d:][match]
        keep = (parent[a] != parent[b]) & ((seeking[a] & partners[b]) | (partners[a] & seeking[b]))
        out_a.append(np.minimum(a[keep], b[keep]))
        out_b.append(np.maximum(a[keep], b[keep]))
    if not out_a:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(out_a), np.concatenate(out_b)


def _few_per_bucket(key: np.ndarray, label: np.ndarray, salt: int) -> np.ndarray:
    """A mask keeping about two texts per (bucket, component): the last and the first text that
    land in each slot of a hash table, without sorting a whole band's buckets."""
    if not len(key):
        return np.zeros(0, dtype=bool)
    h = key.astype(np.uint64) * _MUL_KEY ^ (label.astype(np.uint64) + np.uint64(salt)) * _MUL_LABEL
    h ^= h >> np.uint64(31)
    bits = max(int(len(key) * 4 - 1).bit_length(), 4)
    slot = (h & np.uint64((1 << bits) - 1)).astype(np.int64)
    at = np.arange(len(key), dtype=np.int64)
    table = np.empty(1 << bits, dtype=np.int64)
    table[slot] = at  # the last write wins
    keep = table[slot] == at
    table[slot[::-1]] = at[::-1]  # now the first
    keep |= table[slot] == at
    return keep


def _few_per_component(
    a: np.ndarray, b: np.ndarray, parent: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs, at most PER_COMPONENT per (text, component of its partner) and side."""
    if not len(a):
        return a, b
    n = np.int64(len(parent))
    codes = np.unique(a.astype(np.int64) * n + b)
    a, b = codes // n, codes % n
    keep = _first_few(a, parent[b]) & _first_few(b, parent[a])
    return a[keep], b[keep]


def _first_few(text: np.ndarray, component: np.ndarray) -> np.ndarray:
    """Mask of the first PER_COMPONENT entries of each (text, component)."""
    order = np.lexsort((component, text))
    t, c = text[order], component[order]
    start = np.r_[True, (t[1:] != t[:-1]) | (c[1:] != c[:-1])]
    run_start = np.maximum.accumulate(np.where(start, np.arange(len(order)), 0))
    mask = np.zeros(len(order), dtype=bool)
    mask[order] = np.arange(len(order)) - run_start < PER_COMPONENT
    return mask
