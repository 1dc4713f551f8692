"""The exact and near stages on hand-made stores: clusters, representatives, incremental runs."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from storage.clusters import cluster_sets
from storage.db import connect
from storage.decisions import record
from tests.conftest import write_jsonl
from workbench.curate import clustering
from workbench.curate.analyze import AnalyzeOptions, analyze

CTX = "The Peace of Westphalia was signed in 1648 in Osnabrück and Münster, ending the Thirty Years' War."
BASE = [
    ("In what year was the Peace of Westphalia signed?", "1648"),
    ("in what year was the peace of westphalia signed", "1648."),
    ("In what year was  the Peace of Westphalia signed ?", "1648"),
    ("Tell me, in what year was the Peace of Westphalia signed?", "1648"),
    ("Which war did the Peace of Westphalia end?", "the Thirty Years' War"),
    ("Where was the Peace of Westphalia signed?", "Osnabrück and Münster"),
]


def _import(cli: Callable, tmp_path: Path, pairs: list[tuple[str, str]], name: str = "a") -> None:
    records = [{"context": CTX, "question": q, "answer": a} for q, a in pairs]
    result = cli("import", write_jsonl(tmp_path / f"{name}.jsonl", records))
    assert result.code == 0, result.stderr


def _clusters(
    con: duckdb.DuckDBPyConnection, method: str
) -> dict[str, list[tuple[str, float, bool]]]:
    out: dict[str, list[tuple[str, float, bool]]] = {}
    for cid, q, sim, rep in con.execute(
        "SELECT c.cluster_id, p.question, c.similarity, c.is_representative FROM clusters c "
        "JOIN current_pairs p ON p.id = c.pair_id WHERE c.method = ? ORDER BY p.seq",
        [method],
    ).fetchall():
        out.setdefault(cid, []).append((q, sim, rep))
    return out


def _run(con: duckdb.DuckDBPyConnection, *stages: str, **config: dict) -> dict:
    return analyze(con, list(stages), AnalyzeOptions(config=config))


def test_exact_clusters_ignore_case_punctuation_and_spacing(cli, store, tmp_path) -> None:
    _import(cli, tmp_path, BASE)
    with connect(store) as con:
        report = _run(con, "exact")["exact"]
        assert report["processed"] == 6
        pair = _clusters(con, "exact_pair")
        assert len(pair) == 1
        (members,) = pair.values()
        assert [m[0] for m in members] == [q for q, _ in BASE[:3]]
        assert sum(m[2] for m in members) == 1 and all(m[1] == 1.0 for m in members)
        # exact_answer: "1648" is one word, below min_words = 3, so it groups nothing
        assert _clusters(con, "exact_answer") == {}
        assert len(_clusters(con, "exact_question")) == 1
        _run(con, "exact", exact={"min_words": 1})
        (answer_members,) = _clusters(con, "exact_answer").values()
        assert len(answer_members) == 4


def test_near_clusters_store_jaccard_to_the_representative(cli, store, tmp_path) -> None:
    _import(cli, tmp_path, BASE)
    with connect(store) as con:
        report = _run(con, "near")["near"]
        assert report["processed"] == 6 and report["clusters_written"] == 1
        (members,) = _clusters(con, "near").values()
        questions = [m[0] for m in members]
        assert questions == [q for q, _ in BASE[:4]]
        rep = next(m for m in members if m[2])
        assert rep[1] == 1.0
        tell_me = next(m for m in members if m[0].startswith("Tell me"))
        assert tell_me[1] == pytest.approx(10 / 12, abs=1e-6)  # 10 shared words of 12


def test_keep_policy_fewest_flags_then_supported_then_longest(cli, store, tmp_path) -> None:
    pairs = [
        ("When was the Peace of Westphalia signed?", "1648"),
        ("when was the peace of westphalia signed", "in 1648, in two cities"),
        ("When was the Peace of Westphalia signed!", "It was 1648"),
    ]
    _import(cli, tmp_path, pairs)
    with connect(store) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM pairs ORDER BY seq").fetchall()]
        _run(con, "exact")
        rep = con.execute(
            "SELECT pair_id FROM clusters WHERE method = 'exact_question' AND is_representative"
        ).fetchone()[0]
        # no flags: the supported answers ("1648" is in the context, "It was 1648" is not)
        # come first, then the longer, so pair 0 ("in 1648, in two cities" is not in it either)
        assert rep == ids[0]
        con.execute(
            "INSERT INTO flags VALUES (?, 'verbose_answer', 'warning', 'm', NULL, 'v1')", [ids[0]]
        )
        _run(con, "exact", dedup={"keep": "flags,longest,first"})
        rep = con.execute(
            "SELECT pair_id FROM clusters WHERE method = 'exact_question' AND is_representative"
        ).fetchone()[0]
        assert rep == ids[1]  # unflagged, longest answer
        _run(con, "exact", dedup={"keep": "first"})
        rep = con.execute(
            "SELECT pair_id FROM clusters WHERE method = 'exact_question' AND is_representative"
        ).fetchone()[0]
        assert rep == ids[0]


def test_second_run_processes_nothing_and_new_pairs_join(cli, store, tmp_path) -> None:
    _import(cli, tmp_path, BASE)
    with connect(store) as con:
        _run(con, "exact", "near")
        again = _run(con, "exact", "near")
        assert again["exact"]["processed"] == 0 and again["near"]["processed"] == 0
    _import(
        cli, tmp_path, [("In what year was the Peace of Westphalia signed exactly?", "1648")], "b"
    )
    with connect(store) as con:
        report = _run(con, "near")["near"]
        assert report["processed"] == 1 and report["hashed"] == 1
        (members,) = _clusters(con, "near").values()
        assert len(members) == 5


def test_edited_pair_leaves_its_cluster(cli, store, tmp_path) -> None:
    _import(cli, tmp_path, BASE)
    with connect(store) as con:
        _run(con, "exact", "near")
        target = con.execute("SELECT id FROM pairs WHERE question LIKE 'Tell me%'").fetchone()[0]
        record(con, [target], "edit", {"question": "Who negotiated for Sweden at Osnabrück?"})
        report = _run(con, "exact", "near")
        assert report["near"]["processed"] == 1
        (members,) = _clusters(con, "near").values()
        assert len(members) == 3 and all("Tell me" not in m[0] for m in members)


def _random_pairs(seed: int, n: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    vocab = [f"word{i}" for i in range(3000)]
    out = []
    for _ in range(n):
        q = rng.sample(vocab, rng.randint(8, 16))
        out.append((" ".join(q) + "?", rng.choice(vocab)))
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            edit = list(q)
            edit[rng.randrange(len(edit))] = rng.choice(vocab)
            out.append((" ".join(edit) + "?", out[-1][1]))
    rng.shuffle(out)
    return out


def test_incremental_runs_equal_one_full_run(cli, store, tmp_path) -> None:
    pairs = _random_pairs(1, 300)
    half = len(pairs) // 2
    methods = ("near", "exact_pair", "exact_question", "exact_answer")
    exact = {"min_words": 1}
    _import(cli, tmp_path, pairs[:half], "a")
    with connect(store) as con:
        _run(con, "near", "exact", exact=exact)
        before = con.execute("SELECT count(*) FROM pairs").fetchone()[0]
    _import(cli, tmp_path, pairs[half:], "b")
    with connect(store) as con:
        report = _run(con, "near", "exact", exact=exact)
        added = con.execute("SELECT count(*) FROM pairs").fetchone()[0] - before
        assert report["near"]["processed"] == added == report["exact"]["processed"]
        incremental = {m: sorted(cluster_sets(con, m)) for m in methods}
        con.execute("DELETE FROM analysis_state")
        con.execute("DELETE FROM clusters")
        _run(con, "near", "exact", exact=exact)
        full = {m: sorted(cluster_sets(con, m)) for m in methods}
    assert incremental == full
    assert len(full["near"]) > 20 and len(full["exact_answer"]) > 20


def test_interrupted_run_leaves_the_store_consistent_and_resumes(
    cli, store, tmp_path, monkeypatch
) -> None:
    _import(cli, tmp_path, BASE)

    def boom(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with connect(store) as con:
        monkeypatch.setattr(clustering, "write", boom)
        with pytest.raises(KeyboardInterrupt):
            _run(con, "near")
        assert (
            con.execute("SELECT count(*) FROM analysis_state WHERE stage = 'near'").fetchone()[0]
            == 0
        )
        assert con.execute("SELECT count(*) FROM clusters").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM minhashes").fetchone()[0] == 12  # sigs + bands
        monkeypatch.undo()
        report = _run(con, "near")["near"]
        assert report["processed"] == 6 and report["hashed"] == 0  # signatures were kept
        assert report["clusters_written"] == 1


def test_new_threshold_rebands_stored_signatures(cli, store, tmp_path) -> None:
    _import(cli, tmp_path, BASE)
    with connect(store) as con:
        _run(con, "near")
        sigs = con.execute("SELECT field, signature FROM minhashes ORDER BY ALL").fetchall()
        report = _run(con, "near", near={"threshold": 0.9})["near"]
        assert report["processed"] == 6 and report["hashed"] == 6
        fields = {r[0] for r in con.execute("SELECT DISTINCT field FROM minhashes").fetchall()}
        assert len(fields) == 3  # one signature field, band keys for two bandings
        again = con.execute(
            "SELECT field, signature FROM minhashes WHERE field IN (SELECT field FROM minhashes "
            "GROUP BY field HAVING min(len(signature)) = 128) ORDER BY ALL"
        ).fetchall()
        assert again == [r for r in sigs if len(r[1]) == 128]
        (members,) = _clusters(con, "near").values()
        assert len(members) == 3  # "Tell me, ..." (Jaccard 0.83) is out at 0.9


def test_fast_pending_equals_the_analysis_pending(cli, store, tmp_path) -> None:
    from storage.analysis import mark_done, pending_count, pending_pairs, pending_table

    _import(cli, tmp_path, BASE)
    with connect(store) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM pairs ORDER BY seq").fetchall()]
        mark_done(con, "t", "c1", ids[:4])
        mark_done(con, "t", "c0", ids[4:5])
        record(con, [ids[1]], "edit", {"answer": "1648 AD"})  # edited after it was seen
        record(con, [ids[2]], "edit", {"answer": "in 1648"})
        mark_done(con, "t", "c1", ids[2:3])  # edited, then seen
        record(con, [ids[3]], "edit", {"answer": "x"})
        record(con, [ids[3]], "edit", {"answer": BASE[3][1]})  # edited back to the seen text

        def table() -> list[tuple[str, str]]:
            return sorted(con.execute(f"SELECT * FROM {pending_table('t')}").fetchall())

        pending_count(con, "t", "c1")
        slow = table()
        pending_pairs(con, "t", "c1")
        assert table() == slow
        assert {r[0] for r in slow} == {ids[1], ids[4], ids[5]}
