"""MinHash, LSH, Jaccard and union-find building blocks, checked against datasketch and brute force."""

from __future__ import annotations

import random
from itertools import combinations

import numpy as np
import pyarrow as pa
import pytest
from datasketch import MinHash

from storage.errors import WorkbenchError
from workbench.curate import keep, lsh, minhash
from workbench.curate.clustering import pairwise_scores
from workbench.curate.shingleset import ShingleSets
from workbench.curate.unionfind import components, groups

TEXTS = [
    "The quick brown fox jumps over the lazy dog.",
    "",
    "Hi",
    "two words",
    "Über Straße, café! naïve " * 3,
    "THE QUICK brown fox -- jumps over the lazy dog",
]


def test_signatures_equal_datasketch_affine32() -> None:
    sh = minhash.shingle(TEXTS, 3)
    sigs = minhash.signatures(sh, 128, seed=1)
    for i in range(len(TEXTS)):
        m = MinHash(num_perm=128, seed=1, hashfunc=int)
        m.update_batch(list(sh.hashes[sh.offsets[i] : sh.offsets[i + 1]]))
        assert m.scheme == "affine32"
        assert np.array_equal(m.hashvalues, sigs[i]), TEXTS[i]


def test_shingles_ignore_case_punctuation_and_fall_back_for_short_texts() -> None:
    sh = minhash.shingle(TEXTS, 3)
    assert sh.sizes().tolist() == [7, 0, 1, 1, 10, 7]
    first, last = (set(sh.hashes[sh.offsets[i] : sh.offsets[i + 1]].tolist()) for i in (0, 5))
    assert first == last
    words = minhash.shingle(["a b a", "b a"], 1)
    assert words.unique().sizes().tolist() == [2, 2]


def test_threads_do_not_change_signatures() -> None:
    rng = random.Random(3)
    texts = [" ".join(rng.choices("abcdefghij", k=rng.randint(0, 400))) for _ in range(300)]
    sh = minhash.shingle(texts, 2)
    assert np.array_equal(
        minhash.signatures(sh, 64, threads=1), minhash.signatures(sh, 64, threads=2)
    )


def _sets(texts: list[str], k: int) -> list[set[int]]:
    sh = minhash.shingle(texts, k)
    return [set(sh.hashes[sh.offsets[i] : sh.offsets[i + 1]].tolist()) for i in range(len(texts))]


def test_jaccard_is_exact() -> None:
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(40)]
    texts = [" ".join(rng.choices(vocab, k=rng.randint(1, 30))) for _ in range(60)] + [""]
    ids = pa.array([str(i) for i in range(len(texts))])
    sets = ShingleSets(ids, lambda some: None, 2)  # type: ignore[arg-type,return-value]
    sets.add(np.arange(len(texts)), minhash.shingle(texts, 2))
    a, b = (np.array(x) for x in zip(*combinations(range(len(texts)), 2), strict=True))
    got = sets.jaccard(a, b)
    py = _sets(texts, 2)
    want = [
        len(py[i] & py[j]) / len(py[i] | py[j]) if py[i] | py[j] else 0.0
        for i, j in zip(a, b, strict=True)
    ]
    assert np.allclose(got, want)


def test_jaccard_loads_texts_it_was_not_given() -> None:
    texts = ["alpha beta gamma delta", "alpha beta gamma epsilon"]
    ids = pa.array(["x", "y"])
    loaded: list[list[str]] = []

    def loader(some: pa.Array) -> list[str]:
        loaded.append(some.to_pylist())
        return [texts[int(i == "y")] for i in some.to_pylist()]

    sets = ShingleSets(ids, loader, 1)  # type: ignore[arg-type]
    assert sets.jaccard(np.array([0]), np.array([1])).tolist() == [pytest.approx(3 / 5)]
    assert loaded == [["x", "y"]]


def test_lsh_params_reach_the_recall_asked_for() -> None:
    for threshold in (0.5, 0.8, 0.9):
        bands, rows = lsh.params(threshold, 128, 0.97)
        assert bands * rows <= 128
        assert 1 - (1 - threshold**rows) ** bands >= 0.97
        # one more row per band would fall short: the banding is as selective as allowed
        more = rows + 1
        assert 1 - (1 - threshold**more) ** (128 // more) < 0.97


def _planted(seed: int = 11) -> tuple[list[str], set[tuple[int, int]]]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(5000)]
    base = [rng.sample(vocab, 20) for _ in range(400)]
    texts = [" ".join(w) for w in base]
    planted = set()
    for i in range(0, 400, 4):  # one word changed: word-set Jaccard 19/21 = 0.90
        edited = list(base[i])
        edited[5] = "zzz"
        planted.add((i, len(texts)))
        texts.append(" ".join(edited))
    texts += [texts[7]] * 30  # a text repeated many times
    return texts, planted


def _jaccard_verify(texts: list[str], tested: list[tuple[int, int]]):
    py = _sets(texts, 1)

    def verify(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        tested.extend(zip(a.tolist(), b.tolist(), strict=True))
        return np.array(
            [len(py[i] & py[j]) / len(py[i] | py[j]) >= 0.8 for i, j in zip(a, b, strict=True)],
            dtype=bool,
        )

    return verify


def test_lsh_search_finds_planted_near_copies() -> None:
    texts, planted = _planted()
    sigs = minhash.signatures(minhash.shingle(texts, 1), 128)
    keys = lsh.band_keys(sigs, *lsh.params(0.8, 128))
    tested: list[tuple[int, int]] = []
    found = lsh.search(keys, np.zeros(len(texts), bool), _jaccard_verify(texts, tested))
    edges = set(zip(*(x.tolist() for x in found.edges()), strict=True))
    assert len(planted & edges) >= 0.95 * len(planted)
    labels = components(len(texts), *found.edges())
    assert len(set(labels[[7, *range(500, 530)]].tolist())) == 1  # copies join their original
    assert found.tested < 3 * (len(planted) + 30)  # copies are linked once, not pairwise


def test_lsh_search_with_dirty_only_tests_pairs_touching_them() -> None:
    texts, _ = _planted()
    sigs = minhash.signatures(minhash.shingle(texts, 1), 128)
    keys = lsh.band_keys(sigs, *lsh.params(0.8, 128))
    dirty = np.zeros(len(texts), dtype=bool)
    dirty[400] = True  # the near copy of text 0
    tested: list[tuple[int, int]] = []
    found = lsh.search(keys, np.zeros(len(texts), bool), _jaccard_verify(texts, tested), dirty)
    assert tested and all(400 in pair for pair in tested)
    assert (0, 400) in set(zip(*(x.tolist() for x in found.edges()), strict=True))


def test_components_match_brute_force() -> None:
    rng = np.random.default_rng(5)
    n = 300
    a, b = rng.integers(0, n, 200), rng.integers(0, n, 200)
    labels = components(n, a, b)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        parent[find(x)] = find(y)
    for x, y in combinations(range(0, n, 7), 2):
        assert (labels[x] == labels[y]) == (find(x) == find(y))
    nodes, node_labels = groups(labels)
    assert all(np.bincount(labels)[node_labels] >= 2)
    assert len(nodes) == int((np.bincount(labels)[labels] >= 2).sum())


def test_keep_policy_parsing() -> None:
    assert keep.parse(None) == keep.PRESETS["default"]
    assert keep.parse("longest,first") == ("longest", "first")
    with pytest.raises(WorkbenchError, match="unknown term biggest"):
        keep.parse("biggest")


def test_pairwise_scores() -> None:
    got = pairwise_scores([["a", "b", "c"], ["d", "e"]], [["a", "b"], ["c", "d", "e"]])
    # predicted ab ac bc de; true ab cd ce de → 2 hits
    assert got["precision"] == 0.5 and got["recall"] == 0.5 and got["f1"] == 0.5
