"""`workbench select`: diverse, deterministic, and never picks what curation ruled out."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from storage.db import open_store
from tests.stats_helpers import add_cluster, add_flag, build, decide, embed_store, pair
from workbench.curate.select import facility_location

# One over-generated subject (astronomy: 4 passages × 12 pairs) and five thin ones (3 pairs each),
# so a random subset spends most of its budget on astronomy.
SUBJECTS = {
    "astronomy": ["Mars", "Jupiter", "Venus", "Saturn"],
    "cooking": ["sourdough bread", "fresh pasta", "mushroom risotto", "chicken curry"],
    "football": ["Arsenal", "Barcelona", "Juventus", "Ajax"],
    "music": ["the violin", "the piano", "the trumpet", "the cello"],
    "medicine": ["insulin", "penicillin", "aspirin", "vaccination"],
    "computing": ["Python", "Linux", "relational databases", "compilers"],
}
TEMPLATES = [
    ("What is {e}?", "{e} is a well known subject of {s}."),
    ("Who first described {e}?", "Early scholars of {s} described {e}."),
    ("When did {e} become widely known?", "{e} became known centuries ago."),
    ("Why does {e} matter in {s}?", "{e} shaped how people think about {s}."),
    ("How is {e} studied today?", "Specialists in {s} study {e} with modern tools."),
    ("Which feature of {e} is most famous?", "Its most famous feature is unique to {e}."),
    ("Where can one learn about {e}?", "Books on {s} cover {e}."),
    ("Is {e} hard to understand?", "{e} takes some effort to understand."),
    ("What do experts say about {e}?", "Experts in {s} praise {e}."),
    ("How did {e} change over time?", "{e} changed a lot over time."),
    ("What surprises people about {e}?", "Many are surprised by {e}."),
    ("Which books explain {e}?", "Several {s} books explain {e}."),
]


def _records() -> list[dict]:
    records = []
    for subject, entities in SUBJECTS.items():
        per_context = 12 if subject == "astronomy" else 3
        for i, entity in enumerate(entities):
            context = f"A passage on {entity}, a topic in {subject}."
            for q, a in TEMPLATES[:per_context]:
                records.append(
                    pair(
                        context,
                        q.format(e=entity, s=subject),
                        a.format(e=entity, s=subject),
                        f"doc-{subject}",
                        i,
                    )
                )
    return records


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, np.ndarray]]:
    """Built and embedded once: 108 pairs over 24 contexts, with curation marks on a few."""
    store = tmp_path_factory.mktemp("select") / "template.duckdb"
    build(store, {"gen": _records()})
    vectors = embed_store(store)
    return store, vectors


@pytest.fixture
def marked(store: Path, template: tuple[Path, dict[str, np.ndarray]]) -> dict[str, object]:
    """A copy of the template with one rejected, one error-flagged, one warned and one duplicate pair."""
    shutil.copy(template[0], store)
    with open_store(store, read_only=True) as con:
        rows = con.execute(
            "SELECT id, context_id, question FROM pairs WHERE question LIKE 'What is %' ORDER BY question"
        ).fetchall()
    ids = [r[0] for r in rows]
    rejected, flagged, warned, duplicate, representative, same_answer = ids[:6]
    decide(store, [rejected], "reject")
    add_flag(store, flagged, "E1", "error")
    add_flag(store, warned, "W1", "warning")
    add_cluster(store, "dup-1", representative, [duplicate])
    add_cluster(store, "ans-1", representative, [same_answer], method="exact_answer")
    return {
        "excluded": {rejected, flagged, duplicate},
        "warned": warned,
        "representative": representative,
        "same_answer": same_answer,
        "vectors": template[1],
    }


def _subset_ids(store: Path, name: str) -> list[str]:
    with open_store(store, read_only=True) as con:
        rows = con.execute(
            "SELECT pair_id FROM subset_members WHERE name = ? AND version = "
            "(SELECT max(version) FROM subsets WHERE name = ?) ORDER BY 1",
            [name, name],
        ).fetchall()
    return [r[0] for r in rows]


def _eligible(store: Path, excluded: set[str]) -> dict[str, str]:
    with open_store(store, read_only=True) as con:
        rows = con.execute("SELECT id, context_id FROM pairs").fetchall()
    return {pid: ctx for pid, ctx in rows if pid not in excluded}


def _spread(chosen: list[str], eligible: list[str], vectors: dict[str, np.ndarray]) -> float:
    """Mean over eligible pairs of the cosine similarity to the nearest chosen pair."""
    points = np.stack([vectors[i] for i in eligible])
    picked = np.stack([vectors[i] for i in chosen])
    return float((points @ picked.T).max(axis=1).mean())


def test_selection_skips_ruled_out_pairs_and_beats_random(cli, store: Path, marked: dict) -> None:
    result = cli("select", "--budget", "24", "--name", "diverse", "--json")
    assert result.code == 0, result.stderr
    report = result.json()
    assert (report["subset"], report["version"], report["pairs"]) == ("diverse", 1, 24)
    assert (report["in_scope"], report["eligible"]) == (108, 105)
    assert (report["rejected"], report["error_flags"], report["duplicates"]) == (1, 1, 1)
    assert report["vectors"] == "embeddings:all-MiniLM-L6-v2"
    chosen = _subset_ids(store, "diverse")
    assert len(chosen) == 24 and not set(chosen) & marked["excluded"]

    eligible = _eligible(store, marked["excluded"])
    assert report["contexts_covered"] == len({eligible[i] for i in chosen}) == 24
    rng = np.random.default_rng(7)
    pool = sorted(eligible)
    random_contexts, random_spread = [], []
    for _ in range(30):
        sample = list(rng.choice(pool, 24, replace=False))
        random_contexts.append(len({eligible[i] for i in sample}))
        random_spread.append(_spread(sample, pool, marked["vectors"]))
    assert report["contexts_covered"] > max(random_contexts)
    assert _spread(chosen, pool, marked["vectors"]) > max(random_spread)


def test_same_seed_same_selection(cli, store: Path, marked: dict) -> None:
    first = cli("select", "--budget", "10", "--name", "a", "--seed", "3", "--json").json()
    again = cli("select", "--budget", "10", "--name", "a", "--seed", "3", "--json").json()
    assert again["created"] is False and again["ids_hash"] == first["ids_hash"]
    text = cli("select", "--budget", "10", "--name", "b", "--seed", "3")
    assert text.code == 0 and "subset b v1: 10 pairs" in text.stdout
    assert _subset_ids(store, "a") == _subset_ids(store, "b")
    assert "note=" not in text.stdout
    with open_store(store, read_only=True) as con:
        note = con.execute("SELECT note FROM subsets WHERE name = 'b'").fetchone()[0]
    assert note.startswith("select budget=10 seed=3 algorithm=facility-location")


def test_budget_above_eligible_selects_all_and_says_so(cli, store: Path, marked: dict) -> None:
    result = cli("select", "--budget", "500", "--name", "everything")
    assert result.code == 0
    assert "all eligible pairs selected" in result.stderr
    chosen = _subset_ids(store, "everything")
    assert len(chosen) == 105 and marked["warned"] in chosen and marked["representative"] in chosen
    assert marked["same_answer"] in chosen  # sharing an answer does not make a pair redundant
    zero = cli("select", "--budget", "0", "--name", "none")
    assert zero.code == 1 and "--budget must be at least 1" in zero.stderr


def test_select_from_a_subset_and_without_embeddings(cli, store: Path) -> None:
    build(store, {"gen": _records()})  # no embeddings: TF-IDF vectors
    cli("subset", "create", "thin", "--where", "doc_id <> 'doc-astronomy'")
    report = cli("select", "--budget", "20", "--name", "pick", "--from", "thin", "--json").json()
    assert report["vectors"] == "tfidf-lsa" and "no embeddings" in report["note"]
    assert report["in_scope"] == 60 and report["contexts_covered"] == 20
    with open_store(store, read_only=True) as con:
        docs = con.execute(
            "SELECT DISTINCT doc_id FROM current_pairs WHERE id IN "
            "(SELECT pair_id FROM subset_members WHERE name = 'pick')"
        ).fetchall()
    assert ("doc-astronomy",) not in docs


def test_facility_location_spreads_over_clusters() -> None:
    rng = np.random.default_rng(0)
    centres = np.eye(4, 16)
    points = np.concatenate(
        [c + 0.05 * rng.standard_normal((25 if i == 0 else 5, 16)) for i, c in enumerate(centres)]
    )
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    groups = np.full(len(points), -1)
    chosen, figures = facility_location(points, groups, 4, seed=1)
    cluster_of = np.argmax(points @ centres.T, axis=1)
    assert sorted(cluster_of[chosen]) == [0, 1, 2, 3]
    assert figures["anchors"] == len(points) and figures["contexts_covered"] == 0
    assert facility_location(points, groups, 4, seed=1)[0] == chosen
