"""Duplicate clusters on the sample data, scored against its ground truth (pairwise P/R/F1).

Ground-truth lines are matched to store rows by question+answer text, compared the way pair ids
are (spacing collapsed), so copies that differ only in spacing are one stored pair.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from storage.clusters import cluster_sets, ids_by_text
from storage.db import connect
from tests.conftest import SAMPLE
from workbench.cli import app
from workbench.curate.analyze import AnalyzeOptions, analyze
from workbench.curate.clustering import pairwise_scores

TRUTH = SAMPLE / "ground_truth.jsonl"
LEXICAL = {"exact_duplicate", "near_duplicate"}
ALL_DUPLICATES = LEXICAL | {"paraphrase"}


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample imported once (exit 1 is expected: it plants malformed lines)."""
    assert TRUTH.exists(), f"{TRUTH} is missing: run sample_data/generate.py"
    store = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    result = CliRunner().invoke(app, ["--store", str(store), "import", str(SAMPLE / "pairs")])
    assert result.exit_code in (0, 1), result.output
    with connect(store) as con:
        analyze(con, ["exact", "near"], AnalyzeOptions())
    yield store


def truth_groups(con: duckdb.DuckDBPyConnection, defects: set[str]) -> list[list[str]]:
    """Ground-truth duplicate groups as store pair ids (unmatched lines are left out)."""
    rows = [json.loads(line) for line in TRUTH.read_text(encoding="utf-8").splitlines() if line]
    rows = [r for r in rows if r["defect"] in defects and r.get("group")]
    ids = ids_by_text(con, [r["question"] for r in rows], [r["answer"] for r in rows])
    groups: dict[str, set[str]] = defaultdict(set)
    for row, pair_id in zip(rows, ids, strict=True):
        if pair_id is not None:
            groups[row["group"]].add(pair_id)
    return [sorted(g) for g in groups.values()]


def test_ground_truth_matches_the_store(sample_store: Path) -> None:
    with duckdb.connect(str(sample_store), read_only=True) as con:
        groups = truth_groups(con, ALL_DUPLICATES)
    assert len(groups) >= 100
    assert sum(len(g) >= 2 for g in groups) >= 0.9 * len(groups)


def test_near_duplicate_clusters_reach_f1_090(sample_store: Path) -> None:
    with duckdb.connect(str(sample_store), read_only=True) as con:
        scores = pairwise_scores(cluster_sets(con, "near"), truth_groups(con, LEXICAL))
    print("near vs exact+near ground truth:", scores)
    assert scores["true_pairs"] >= 150
    # 0.88 while chat turns kept their passage in the question (two questions on one passage
    # then shared ~90% of their words); 0.99 since import splits "Context: … Question: …"
    assert scores["precision"] >= 0.95, scores
    assert scores["f1"] >= 0.90, scores
    assert scores["recall"] >= 0.95, scores


def test_exact_pair_clusters_are_the_exact_duplicates(sample_store: Path) -> None:
    with duckdb.connect(str(sample_store), read_only=True) as con:
        scores = pairwise_scores(
            cluster_sets(con, "exact_pair"), truth_groups(con, {"exact_duplicate"})
        )
        # an exact cluster may also hold a near-duplicate group's copies that only differ by case
        lexical = pairwise_scores(cluster_sets(con, "exact_pair"), truth_groups(con, LEXICAL))
    print("exact_pair vs exact ground truth:", scores)
    assert scores["recall"] >= 0.95, scores
    assert lexical["precision"] >= 0.95, lexical


@pytest.mark.slow
def test_semantic_clusters_scored_honestly(sample_store: Path) -> None:
    """all-MiniLM-L6-v2 at cosine 0.9 finds lexical duplicates; reworded paraphrases sit far
    below (median cosine ~0.67), so paraphrase recall at the default is near zero. The answer gate
    lets a lower threshold reach them. These floors hold the measured numbers, not wishes."""
    with connect(sample_store) as con:
        analyze(con, ["semantic"], AnalyzeOptions())
        default = pairwise_scores(cluster_sets(con, "semantic"), truth_groups(con, ALL_DUPLICATES))
        analyze(
            con,
            ["semantic"],
            AnalyzeOptions(config={"semantic": {"threshold": 0.7, "answer_gate": 0.8}}),
        )
        gated = pairwise_scores(cluster_sets(con, "semantic"), truth_groups(con, ALL_DUPLICATES))
        paraphrases = pairwise_scores(
            cluster_sets(con, "semantic"), truth_groups(con, {"paraphrase"})
        )
    print("semantic default (0.9) vs all duplicates:", default)
    print(
        "semantic 0.7 + answer gate 0.8 vs all duplicates:",
        gated,
        "paraphrase recall",
        paraphrases["recall"],
    )
    assert default["precision"] >= 0.8 and default["recall"] >= 0.6, default
    assert gated["f1"] >= 0.85 and gated["f1"] > default["f1"], gated
    assert paraphrases["recall"] >= 0.2, paraphrases
