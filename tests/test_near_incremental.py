"""Incremental near runs join stored clusters whole: a cluster that keeps its representative is
neither re-verified nor rewritten, and the result is still what a full run writes."""

from __future__ import annotations

import json
import random

import duckdb
import numpy as np
import pyarrow as pa
from typer.testing import CliRunner

from storage.db import connect
from tests.test_dedup_stages import _import, _run
from workbench.cli import app
from workbench.curate import dedup, lsh_incremental, minhash
from workbench.curate.dedup import LexicalConfig
from workbench.curate.shingleset import ShingleSets
from workbench.curate.unionfind import components

FAMILY = 30


def _words(rng: random.Random, n: int) -> list[str]:
    return [f"w{rng.randrange(10**6)}" for _ in range(n)]


def _variant(rng: random.Random, base: list[str]) -> list[str]:
    """One word replaced by a fresh one: Jaccard 0.9 to the base, >= 0.8 to another variant."""
    out = list(base)
    out[rng.randrange(len(out))] = f"v{rng.randrange(10**6)}"
    return out


def _family(rng: random.Random, base: list[str], answer: str) -> list[tuple[str, str]]:
    return [(" ".join(base) + "?", answer)] + [
        (" ".join(_variant(rng, base)) + "?", answer) for _ in range(FAMILY - 1)
    ]


def _near_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "SELECT pair_id, cluster_id, round(similarity, 6), is_representative FROM clusters "
        "WHERE method = 'near' ORDER BY ALL"
    ).fetchall()


def _cluster_of(con: duckdb.DuckDBPyConnection, question: str) -> tuple[str, int]:
    """(cluster id, size) of the near cluster of the pair with this question."""
    return con.execute(
        "SELECT c.cluster_id, (SELECT count(*) FROM clusters x WHERE x.cluster_id = c.cluster_id) "
        "FROM clusters c JOIN pairs p ON p.id = c.pair_id "
        "WHERE c.method = 'near' AND p.question = ?",
        [question],
    ).fetchone()


def _changed(base: list[str], positions: dict[int, str]) -> list[str]:
    out = list(base)
    for k, word in positions.items():
        out[k] = word
    return out


def test_new_pairs_join_keep_outrank_merge_and_pair_up_as_a_full_run_would(
    cli, store, tmp_path
) -> None:
    rng = random.Random(3)
    base_a, base_b, loose = _words(rng, 19), _words(rng, 19), _words(rng, 19)
    # C is B with 3 words changed: B and C stay apart (Jaccard 0.74); a bridge reaches both.
    base_c = _changed(base_b, {2: "c2", 9: "c9", 15: "c15"})
    small = [base_b, _changed(base_b, {5: "b5"}), base_c, _changed(base_c, {12: "c12"})]
    stored = (
        _family(rng, base_a, "ab")
        + [(" ".join(q) + "?", "cd") for q in small]
        + [(" ".join(loose) + "?", "gh")]
    )
    _import(cli, tmp_path, stored, "a")
    with connect(store) as con:
        _run(con, "near")
        a_id, a_size = _cluster_of(con, stored[0][0])
        b_id, b_size = _cluster_of(con, stored[FAMILY][0])
        c_id, c_size = _cluster_of(con, stored[FAMILY + 2][0])
        assert (a_size, b_size, c_size) == (FAMILY, 2, 2) and len({a_id, b_id, c_id}) == 3
        before = con.execute(
            "SELECT pair_id, similarity FROM clusters WHERE cluster_id = ? ORDER BY 1", [a_id]
        ).fetchall()
    bridge = " ".join(_changed(base_b, {2: "c2"})) + "?"
    new = [
        (" ".join(_variant(rng, base_a)) + "?", "ab"),  # joins A; A's representative stays
        (bridge, "cd cd cd cd"),  # same words, longer answer: outranks B's and C's
        (" ".join(_variant(rng, loose)) + "?", "gh"),  # pairs up with the pair that stood alone
        (" ".join(_words(rng, 19)) + "?", "zz"),  # near nothing
    ]
    _import(cli, tmp_path, new, "b")
    with connect(store) as con:
        report = _run(con, "near")["near"]
        incremental = _near_rows(con)
        a_after = con.execute(
            "SELECT pair_id, similarity FROM clusters WHERE cluster_id = ? ORDER BY 1", [a_id]
        ).fetchall()
        merged, merged_size = _cluster_of(con, bridge)
        con.execute("DELETE FROM analysis_state")
        con.execute("DELETE FROM analysis_marks")
        con.execute("DELETE FROM clusters")
        _run(con, "near")
        full = _near_rows(con)
    assert incremental == full
    # A kept its representative: its stored rows are as they were, plus the new member.
    assert set(before) < set(a_after) and len(a_after) == FAMILY + 1
    # The bridge outranks both stored representatives: B and C are one cluster named after it.
    assert merged_size == 5 and merged not in (b_id, c_id)
    # Written: the new member of A, the bridge with B and C, and the new pair of two.
    assert report["pairs_written"] == 1 + 5 + 2
    # A new pair meets a stored cluster through a few of its members, not all of them.
    assert report["candidates"] < FAMILY


def _texts(rng: random.Random) -> tuple[list[str], np.ndarray, dict[str, list[int]]]:
    """Stored texts (one family of 3,000 near-copies, 400 single texts) then new ones: copies of
    the family, copies of single texts, unique texts. Returns texts, the new mask, and kinds."""
    family = _words(rng, 19)
    stored = [" ".join(_variant(rng, family)) for _ in range(3000)]
    singles = [_words(rng, 19) for _ in range(400)]
    stored += [" ".join(s) for s in singles]
    new = [" ".join(_variant(rng, family)) for _ in range(60)]
    new += [" ".join(_variant(rng, singles[k])) for k in range(0, 400, 10)]
    new += [" ".join(_words(rng, 19)) for _ in range(30)]
    kinds = {
        "family": list(range(len(stored), len(stored) + 60)),
        "single": list(range(len(stored) + 60, len(stored) + 100)),
        "unique": list(range(len(stored) + 100, len(stored) + 130)),
    }
    dirty = np.zeros(len(stored) + len(new), dtype=bool)
    dirty[len(stored) :] = True
    return stored + new, dirty, kinds


def test_incremental_search_finds_stored_neighbours_through_a_few_tests() -> None:
    cfg = LexicalConfig()
    texts, dirty, kinds = _texts(random.Random(11))
    shingles = minhash.shingle(texts, cfg.shingle)
    keys = dedup._packed(minhash.signatures(shingles, cfg.num_perm, cfg.seed), *cfg.banding)
    sets = ShingleSets(pa.array([str(i) for i in range(len(texts))]), None, cfg.shingle)
    sets.add(np.arange(len(texts)), shingles)

    def verify(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return sets.jaccard(a, b) >= cfg.threshold

    found = lsh_incremental.search(keys, np.zeros(len(texts), bool), verify, dirty)
    a, b = found.edges()
    labels = components(len(texts), a, b)
    reached = np.zeros(len(texts), dtype=bool)
    reached[labels[~dirty]] = True  # components holding a stored text
    assert reached[labels[kinds["family"]]].all() and reached[labels[kinds["single"]]].all()
    assert not np.isin(kinds["unique"], np.concatenate([a, b])).any()
    # A new copy of a 3,000-member family meets it through a few tests, not thousands.
    assert found.tested < 10 * dirty.sum()


def test_analyze_full_redoes_every_pair_as_a_fresh_store_does(cli, store, tmp_path) -> None:
    rng = random.Random(5)
    base = _words(rng, 19)
    stored = _family(rng, base, "ab") + [(" ".join(_words(rng, 19)) + "?", "x") for _ in range(5)]
    _import(cli, tmp_path, stored, "a")
    assert cli("analyze", "--only", "flags,exact,near").code == 0
    _import(cli, tmp_path, [(" ".join(_variant(rng, base)) + "?", "ab")], "b")
    assert cli("analyze", "--only", "near").code == 0
    result = cli("analyze", "--only", "near,exact", "--full", "--json")
    assert result.code == 0, result.stderr
    stages = json.loads(result.stdout)["stages"]
    assert stages["near"]["processed"] == stages["exact"]["processed"] == len(stored) + 1
    with connect(store) as con:
        redone = _near_rows(con)
    fresh = tmp_path / "fresh.duckdb"
    for args in (
        ["import", tmp_path / "a.jsonl"],
        ["import", tmp_path / "b.jsonl"],
        ["analyze", "--only", "flags,exact,near"],
    ):
        result = CliRunner().invoke(app, ["--store", str(fresh), *map(str, args)])
        assert result.exit_code == 0, result.output
    with connect(fresh) as con:
        assert _near_rows(con) == redone
    assert cli("analyze", "--only", "near", "--json").stdout.count('"processed": 0') == 1
