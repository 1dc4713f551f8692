"""Vector spaces over pairs and topic clusters in them, shared by `stats` and `select`.

Vectors come from the store's `embeddings` table (the model covering the most pairs, unless one is
named) when it covers every pair needed; otherwise from TF-IDF + LSA fitted on a sample of the
store, so a store without embeddings still gets topics and selections. Topics are spherical k-means
fitted once on a deterministic sample of the whole store and then assigned per scope in batches, so the
same topic number means the same thing in every subset and memory stays bounded at 1M pairs.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from storage.analysis import iter_batches
from storage.errors import WorkbenchError
from storage.stats import (
    embedding_models,
    iter_vectors,
    missing_vectors,
    sample_ids_sql,
    store_ids_sql,
    topic_terms,
)
from workbench.curate.progress import Progress, Silent

FIT_SAMPLE = 10_000
TFIDF_DIMENSIONS = 64
_STOPWORD_TEXT = """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how if in into is it its
    itself just many may me might more most much must my myself no nor not now of off on once only
    or other our ours ourselves out over own same shall she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up upon us
    very was we were what when where which while who whom whose why will with would you your yours
    yourself yourselves one two three first named called according following"""
# Words too common to name a topic; also passed to TF-IDF.
STOPWORDS = tuple(sorted(set(_STOPWORD_TEXT.split())))


@dataclass
class Space:
    """Where pair vectors come from: an embedding model in the store, or a fitted TF-IDF encoder."""

    source: str
    model: str | None = None
    encoder: Any = None
    note: str | None = None

    def describe(self) -> str:
        return f"embeddings:{self.model}" if self.source == "embeddings" else "tfidf-lsa"


def choose_space(
    con: duckdb.DuckDBPyConnection, needed_ids_sql: str, model: str | None = None, seed: int = 0
) -> Space:
    """Embeddings of `model` (default: the most complete) if they cover every needed pair, else TF-IDF."""
    models = [m["model"] for m in embedding_models(con)]
    if model is not None and model not in models:
        known = f"models: {', '.join(models)}" if models else "the store has no embeddings yet"
        raise WorkbenchError(f"--model {model}: no embeddings from it ({known})")
    chosen = model or (models[0] if models else None)
    if chosen is not None:
        missing = missing_vectors(con, needed_ids_sql, chosen)
        if not missing:
            return Space("embeddings", chosen)
        if model is not None:
            raise WorkbenchError(
                f"--model {model}: {missing:,} pairs have no embedding; run `workbench analyze` first"
            )
        note = f"{missing:,} pairs have no {chosen} embedding, so TF-IDF vectors were used"
    else:
        note = "no embeddings in the store, so TF-IDF vectors were used"
    encoder = _fit_tfidf(con, sample_ids_sql(store_ids_sql(), FIT_SAMPLE, seed), seed)
    return Space("tfidf", None, encoder, note + " (`workbench analyze` embeds pairs)")


def _texts(batch: pa.RecordBatch) -> list[str]:
    questions = batch.column("question").to_pylist()
    answers = batch.column("answer").to_pylist()
    return [f"{q}\n{a}" for q, a in zip(questions, answers, strict=True)]


def _fit_tfidf(con: duckdb.DuckDBPyConnection, ids_sql: str, seed: int) -> Any:
    """TF-IDF over the sample's vocabulary (at most 16k terms), then LSA to a few dimensions."""
    try:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import Pipeline
    except ImportError:
        raise WorkbenchError(
            "no usable embeddings, and TF-IDF vectors need scikit-learn: install the ml extra, "
            "run `workbench analyze` to embed pairs, or pass --no-topics"
        ) from None

    columns = ("id", "question", "answer")
    texts = [t for b in iter_batches(con, ids_sql, columns=columns) for t in _texts(b)]
    if len(texts) < 2:
        return None
    tfidf = TfidfVectorizer(max_features=2**14, stop_words=list(STOPWORDS), sublinear_tf=True)
    matrix = tfidf.fit_transform(texts)
    dims = max(1, min(TFIDF_DIMENSIONS, matrix.shape[0] - 1, matrix.shape[1] - 1))
    svd = TruncatedSVD(dims, n_iter=3, random_state=seed).fit(matrix)
    return Pipeline([("tfidf", tfidf), ("lsa", svd)])


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def iter_space(
    con: duckdb.DuckDBPyConnection, space: Space, ids_sql: str, batch_size: int = 16_384
) -> Iterator[tuple[list[str], np.ndarray]]:
    """Unit-length vectors for the ids `ids_sql` selects, in batches (ids without one are skipped)."""
    if space.source == "embeddings":
        for batch in iter_vectors(con, ids_sql, space.model or "", batch_size):
            if batch.num_rows == 0:
                continue
            column = batch.column("vector")
            flat = column.flatten().to_numpy(zero_copy_only=False)
            dims = len(flat) // batch.num_rows
            if dims * batch.num_rows != len(flat):
                raise WorkbenchError(f"embeddings of {space.model} have mixed lengths")
            yield batch.column("id").to_pylist(), _normalise(flat.reshape(-1, dims))
        return
    if space.encoder is None:
        return
    for batch in iter_batches(
        con, ids_sql, columns=("id", "question", "answer"), batch_size=batch_size
    ):
        if batch.num_rows:
            vectors = space.encoder.transform(_texts(batch))
            yield batch.column("id").to_pylist(), _normalise(np.asarray(vectors))


def load_matrix(
    con: duckdb.DuckDBPyConnection,
    space: Space,
    ids_sql: str,
    progress: Progress | None = None,
    total: int = 0,
) -> tuple[list[str], np.ndarray]:
    """All vectors for `ids_sql` as one matrix, rows sorted by id; float16 when it would be large."""
    progress = progress or Silent()
    progress.start("vectors", total)
    ids: list[str] = []
    parts: list[np.ndarray] = []
    for batch_ids, vectors in iter_space(con, space, ids_sql):
        ids.extend(batch_ids)
        # Half precision halves memory at 1M × 384; similarities are computed in float32 blocks.
        parts.append(
            vectors.astype(np.float16) if total * vectors.shape[1] > 50_000_000 else vectors
        )
        progress.advance(len(batch_ids))
    if not parts:
        return [], np.zeros((0, 1), np.float32)
    matrix = np.concatenate(parts)
    order = np.argsort(np.asarray(ids, dtype=object), kind="stable")
    return [ids[i] for i in order], matrix[order]


def default_topic_count(pairs: int) -> int:
    """About sqrt(n)/2 topics, between 2 and 40: enough to see the mix, few enough to read."""
    return max(2, min(40, round(math.sqrt(pairs) / 2)))


def spherical_kmeans(
    vectors: np.ndarray, k: int, seed: int = 0, restarts: int = 3, iterations: int = 50
) -> tuple[np.ndarray, np.ndarray]:
    """k-means on the unit sphere (cosine similarity); the best of a few k-means++ starts.

    Cosine is what embeddings are compared by; plain numpy, because it is a few matrix products
    and runs in a fraction of scikit-learn's time on small CPUs. Returns (centroids, labels).
    """
    x = vectors.astype(np.float32)
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    for rng in np.random.default_rng(seed).spawn(restarts):
        centroids, labels = _lloyd(x, _kmeans_pp(x, k, rng), iterations)
        score = float((x @ centroids.T).max(axis=1).sum())
        if best is None or score > best[0]:
            best = (score, centroids, labels)
    assert best is not None
    return best[1], best[2]


def _kmeans_pp(x: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++ seeding with cosine distance."""
    n = len(x)
    chosen = [int(rng.integers(n))]
    distance = np.maximum(1.0 - x @ x[chosen[0]], 0.0)
    for _ in range(1, k):
        total = float(distance.sum())
        nxt = int(rng.choice(n, p=distance / total)) if total > 0 else int(rng.integers(n))
        chosen.append(nxt)
        distance = np.minimum(distance, np.maximum(1.0 - x @ x[nxt], 0.0))
    return x[chosen].copy()


def _lloyd(x: np.ndarray, centroids: np.ndarray, iterations: int) -> tuple[np.ndarray, np.ndarray]:
    """Assign to the most similar centroid, re-centre on the normalised mean, until stable."""
    k = len(centroids)
    labels = np.full(len(x), -1)
    for _ in range(iterations):
        new = np.argmax(x @ centroids.T, axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        sums = _cluster_sums(x, labels, k)
        filled = np.bincount(labels, minlength=k) > 0
        centroids[filled] = _normalise(sums[filled])
    return centroids, labels


def _cluster_sums(x: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Sum of each cluster's vectors in one sorted pass (np.add.at is far slower)."""
    counts = np.bincount(labels, minlength=k)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    sums = np.zeros((k, x.shape[1]), dtype=np.float32)
    filled = counts > 0
    sums[filled] = np.add.reduceat(x[np.argsort(labels, kind="stable")], starts[filled], axis=0)
    return sums


@dataclass
class TopicModel:
    """Topic centroids in a space, and each topic's top terms."""

    space: Space
    centroids: np.ndarray
    k: int
    terms: dict[int, list[str]] = field(default_factory=dict)

    def predict(self, vectors: np.ndarray) -> np.ndarray:
        return np.argmax(vectors.astype(np.float32) @ self.centroids.T, axis=1)


def fit_topics(
    con: duckdb.DuckDBPyConnection,
    space: Space,
    k: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> TopicModel | None:
    """Spherical k-means on a deterministic sample of the store (None if under 4 pairs have vectors)."""
    base = store_ids_sql(space.model if space.source == "embeddings" else None)
    ids, vectors = load_matrix(con, space, sample_ids_sql(base, FIT_SAMPLE, seed), progress)
    if len(ids) < 4:
        return None
    k = max(1, min(k or default_topic_count(len(ids)), len(ids)))
    centroids, labels = spherical_kmeans(vectors, k, seed)
    assigned = pa.table({"id": ids, "topic": pa.array(labels, pa.int32())})
    return TopicModel(space, centroids, k, topic_terms(con, assigned, STOPWORDS))


def topic_distribution(
    con: duckdb.DuckDBPyConnection,
    model: TopicModel,
    ids_sql: str,
    scope_pairs: int,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Sizes of each topic within a scope, plus entropy and the effective number of topics.

    Entropy is Shannon's in nats over topic shares; the effective number of topics is exp(entropy)
    (as many equally sized topics would give the same entropy); normalised entropy divides by ln k.
    """
    progress = progress or Silent()
    progress.start("topics", scope_pairs)
    sizes = np.zeros(model.k, dtype=np.int64)
    for batch_ids, vectors in iter_space(con, model.space, ids_sql):
        sizes += np.bincount(model.predict(vectors), minlength=model.k)
        progress.advance(len(batch_ids))
    assigned = int(sizes.sum())
    shares = sizes / assigned if assigned else sizes.astype(float)
    nonzero = shares[shares > 0]
    entropy = float(-(nonzero * np.log(nonzero)).sum()) if assigned else 0.0
    clusters = [
        {
            "topic": int(t),
            "size": int(sizes[t]),
            "share": round(float(shares[t]), 4),
            "terms": model.terms.get(int(t), []),
        }
        for t in sorted(range(model.k), key=lambda t: (-sizes[t], t))
    ]
    return {
        "k": model.k,
        "vectors": model.space.describe(),
        "note": model.space.note,
        "assigned": assigned,
        "unassigned": scope_pairs - assigned,
        "entropy": round(entropy, 4),
        "effective_topics": round(math.exp(entropy), 2) if assigned else 0.0,
        "normalized_entropy": round(entropy / math.log(model.k), 4) if model.k > 1 else None,
        "clusters": clusters,
    }
