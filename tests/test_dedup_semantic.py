"""Embedding and the semantic stage: offline model errors, encoding, kNN, caching and clusters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from storage.db import connect
from storage.errors import WorkbenchError
from tests.conftest import write_jsonl
from workbench.curate import embed
from workbench.curate.analyze import AnalyzeOptions, analyze
from workbench.curate.semantic import knn

CTX = "Kimchi fermentation works best at low temperatures, close to 0 degrees Celsius."
RECORDS = [
    ("At what kind of temperatures does kimchi fermentation work best?", "low temperatures"),
    ("At what kind of temperature does kimchi fermentation work best?", "low temperatures"),
    ("What temperature are kimchi refrigerators kept close to?", "0 degrees Celsius"),
    ("Which city hosts the World Institute of Kimchi?", "Gwangju"),
]


@pytest.fixture(scope="module")
def model() -> object:
    return embed.load_model(None, "cpu")


def test_missing_model_names_the_offline_options(tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError) as info:
        embed.load_model(str(tmp_path / "no-such-model"))
    message = str(info.value)
    assert "--embed-model" in message and "[semantic]" in message and "offline" in message
    assert "\n" not in message


def test_missing_model_is_one_red_line_in_the_cli(cli: Callable, tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "a.jsonl", [{"context": CTX, "question": q, "answer": a} for q, a in RECORDS]
    )
    assert cli("import", src).code == 0
    result = cli("dedup", "--method", "semantic", "--embed-model", str(tmp_path / "missing"))
    assert result.code == 1
    assert "--embed-model" in result.stderr and "Traceback" not in result.stderr
    hub = cli("dedup", "--method", "semantic", "--embed-model", "nobody/not-a-cached-model")
    assert hub.code == 1 and "offline" in hub.stderr


def test_embed_texts_matches_plain_encode(model: object) -> None:
    texts = [f"{q}\n{a}" for q, a in RECORDS] + [RECORDS[0][0] + "\n" + RECORDS[0][1], "x"]
    ours = embed.embed_texts(model, texts, token_budget=64)
    plain = model.encode(texts, normalize_embeddings=True)  # type: ignore[attr-defined]
    assert ours.shape == plain.shape and ours.dtype == np.float32
    assert np.allclose((ours * plain).sum(axis=1), 1.0, atol=1e-4)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_knn_matches_brute_force() -> None:
    rng = np.random.default_rng(0)
    base = rng.normal(size=(50, 16)).astype(np.float32)
    vectors = np.concatenate(
        [base, base[:20] + 0.05 * rng.normal(size=(20, 16)).astype(np.float32)]
    )
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    queries = np.arange(len(vectors))
    a, b, s = knn(vectors, queries, 3, 0.9)
    scores = vectors @ vectors.T
    np.fill_diagonal(scores, -1)
    for q in queries:
        want = [j for j in np.argsort(-scores[q])[:3] if scores[q, j] >= 0.9]
        assert sorted(b[a == q].tolist()) == sorted(want)
    assert np.allclose(s, scores[a, b], atol=1e-5)
    a2, _, _ = knn(vectors, np.array([3, 60]), 3, 0.9)
    assert set(a2.tolist()) <= {3, 60}


def test_semantic_stage_caches_vectors_and_clusters(
    cli: Callable, store: Path, tmp_path: Path, model: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write_jsonl(
        tmp_path / "a.jsonl", [{"context": CTX, "question": q, "answer": a} for q, a in RECORDS]
    )
    assert cli("import", src).code == 0
    monkeypatch.setattr(embed, "load_model", lambda *args, **kwargs: model)
    with connect(store) as con:
        first = analyze(con, ["semantic"], AnalyzeOptions())["semantic"]
        assert first["embedded"] == 4 and first["processed"] == 4
        clusters = con.execute(
            "SELECT count(DISTINCT cluster_id), count(*) FROM clusters WHERE method = 'semantic'"
        ).fetchone()
        assert clusters == (1, 2)
        rows = con.execute("SELECT count(*), count(DISTINCT pair_id) FROM embeddings").fetchone()
        assert rows == (4, 4)
        again = analyze(con, ["semantic"], AnalyzeOptions())["semantic"]
        assert again["embedded"] == 0 and again["processed"] == 0
