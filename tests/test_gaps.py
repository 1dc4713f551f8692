"""`workbench gaps`: under-covered contexts written as the generator's next requests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.stats_helpers import build, decide, ids_by_question, pair


@pytest.fixture
def uneven(store: Path) -> Path:
    """b has no live pair (its only one is rejected), a and c one each, d three, e four."""
    passages = {"a": 1, "b": 1, "c": 1, "d": 3, "e": 4}
    build(
        store,
        {
            "gen": [
                pair(f"Passage {p}.", f"{p} question {i}?", "x", f"doc-{p}", chunk=i % 1)
                for p, n in passages.items()
                for i in range(n)
            ]
        },
    )
    decide(store, [ids_by_question(store)["b question 0?"]], "reject")
    return store


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_gaps_writes_requests_fewest_pairs_first(cli, uneven: Path, tmp_path: Path) -> None:
    out = tmp_path / "gaps.jsonl"
    result = cli("gaps", "--out", out)
    assert result.code == 0, result.stderr
    assert "wrote 3 under-covered contexts" in result.stdout
    rows = _read(out)
    # Covered counts [1, 1, 3, 4]: median 2 → target max(1 + 1, 2) = 2 pairs per context.
    assert [(r["doc_id"], r["pairs"]) for r in rows] == [("doc-b", 0), ("doc-a", 1), ("doc-c", 1)]
    first = rows[0]
    assert set(first) == {
        "context_id",
        "doc_id",
        "chunk",
        "pairs",
        "context",
        "request",
        "requested",
    }
    assert first["context"] == "Passage b." and first["chunk"] == "0"
    assert first["request"] == "Write 2 more diverse question/answer pairs about this passage"
    assert rows[1]["request"].startswith("Write 1 more")


def test_gaps_threshold_target_and_subset(cli, uneven: Path, tmp_path: Path) -> None:
    out = tmp_path / "gaps.jsonl"
    summary = cli("gaps", "--out", out, "--max-pairs", "3", "--target", "5", "--json").json()
    assert summary == {
        "out": str(out),
        "contexts": 4,
        "by": "context",
        "max_pairs": 3,
        "target": 5,
        "by_pairs": {"0": 1, "1": 2, "3": 1},
    }
    assert [r["requested"] for r in _read(out)] == [5, 4, 4, 2]

    assert cli("gaps", "--out", out, "--max-pairs", "0", "--json").json()["contexts"] == 1
    cli("subset", "create", "only-e", "--where", "doc_id = 'doc-e'")
    in_subset = cli("gaps", "--out", out, "--subset", "only-e", "--max-pairs", "0", "--json")
    assert in_subset.json()["contexts"] == 4  # every passage but e has no pair in the subset


def test_gaps_unwritable_file_is_one_line(cli, uneven: Path, tmp_path: Path) -> None:
    result = cli("gaps", "--out", tmp_path / "missing" / "gaps.jsonl")
    assert result.code == 1 and "--out" in result.stderr and "Traceback" not in result.stderr


def test_gaps_with_sources_and_by_document(cli, uneven: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources.jsonl"
    passages = [
        {"doc_id": "doc-a", "chunks": [{"chunk_id": "0", "text": "Passage  a."}]},
        {"doc_id": "doc-new", "chunks": [{"chunk_id": "0", "text": "Never asked about."},
                                          {"chunk_id": "1", "text": "Nor this."}]},
    ]  # fmt: skip
    sources.write_text("\n".join(json.dumps(p) for p in passages) + "\n", encoding="utf-8")
    out = tmp_path / "gaps.jsonl"
    cli("gaps", "--out", out, "--sources", sources)
    rows = _read(out)
    assert [(r["doc_id"], r["chunk"], r["pairs"]) for r in rows[:3]] == [
        ("doc-b", "0", 0),
        ("doc-new", "0", 0),
        ("doc-new", "1", 0),
    ]
    assert "doc-a" in {r["doc_id"] for r in rows}  # "Passage  a." is the stored "Passage a."
    assert len(rows) == 5

    cli("gaps", "--out", out, "--sources", sources, "--by", "document", "--max-pairs", "0")
    docs = _read(out)
    assert [(d["doc_id"], d["pairs"]) for d in docs] == [("doc-b", 0), ("doc-new", 0)]
    assert docs[1]["context"] == "Never asked about.\n\nNor this."
    bad = cli("gaps", "--out", out, "--by", "paragraph")
    assert bad.code == 1 and "--by paragraph" in bad.stderr
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"doc_id": "x"}\n', encoding="utf-8")
    wrong = cli("gaps", "--out", out, "--sources", broken)
    assert wrong.code == 1 and "line 1" in wrong.stderr
