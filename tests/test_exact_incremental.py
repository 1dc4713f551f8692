"""Incremental exact runs: what they write when pairs join, outrank, pair up with or leave a
group, and that the store then holds what a full run writes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from storage import clusters
from storage.db import connect
from storage.decisions import record
from tests.test_dedup_stages import _import, _run

Q = "In what year was the Peace of Westphalia signed?"
ALONE = "Which war did the Peace of Westphalia end?"
OTHER = "Where was the Peace of Westphalia signed?"
GROUP = [(Q, "1648"), (Q, "It was 1648"), (Q, "In the year 1648")]
BASE = [*GROUP, (ALONE, "The Thirty Years' War"), (OTHER, "Osnabrück"), (OTHER, "In Münster")]
Rows = dict[str, list[tuple[str, str, bool]]]


def _rows(con: duckdb.DuckDBPyConnection) -> Rows:
    """Every exact cluster row (pair, cluster, representative) per method."""
    return {
        m: con.execute(
            "SELECT pair_id, cluster_id, is_representative FROM clusters WHERE method = ? "
            "ORDER BY ALL",
            [m],
        ).fetchall()
        for m in clusters.EXACT_METHODS
    }


def _exact(con: duckdb.DuckDBPyConnection, policy: str) -> dict:
    return _run(con, "exact", exact={"min_words": 1}, dedup={"keep": policy})["exact"]


def _full(con: duckdb.DuckDBPyConnection, policy: str) -> Rows:
    """The rows a full run writes from the current state (it replaces the incremental ones)."""
    con.execute("DELETE FROM analysis_state WHERE stage = 'exact'")
    con.execute("DELETE FROM clusters WHERE method LIKE 'exact%'")
    _exact(con, policy)
    return _rows(con)


def _ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT id FROM pairs ORDER BY seq").fetchall()]


def _question(con: duckdb.DuckDBPyConnection, pair_id: str) -> tuple[str, bool]:
    """A pair's exact_question row: (cluster id, representative)."""
    return con.execute(
        "SELECT cluster_id, is_representative FROM clusters "
        "WHERE method = 'exact_question' AND pair_id = ?",
        [pair_id],
    ).fetchall()[0]


def _start(cli: Callable, tmp_path: Path, policy: str) -> list[str]:
    _import(cli, tmp_path, BASE, "a")
    with connect(tmp_path / "test.duckdb") as con:
        _exact(con, policy)
        return _ids(con)


def _written(report: dict, clusters_: int, pairs: int) -> None:
    assert report["exact_question"] == {"clusters": clusters_, "pairs_in_clusters": pairs}


def test_a_new_member_joins_without_moving_the_representative(cli, store, tmp_path) -> None:
    ids = _start(cli, tmp_path, "first")
    _import(cli, tmp_path, [(Q, "the year sixteen forty-eight")], "b")
    with connect(store) as con:
        new = _ids(con)[-1]
        _written(_exact(con, "first"), 1, 1)
        assert _question(con, new) == (f"exact_question:{ids[0]}", False)
        incremental = _rows(con)
        assert len(incremental["exact_question"]) == 6
        assert incremental == _full(con, "first")


def test_a_new_member_that_outranks_the_representative_takes_the_group(
    cli, store, tmp_path
) -> None:
    ids = _start(cli, tmp_path, "longest")
    _import(cli, tmp_path, [(Q, "It was signed in the year 1648, in two cities")], "b")
    with connect(store) as con:
        new = _ids(con)[-1]
        _written(_exact(con, "longest"), 1, 4)
        assert _question(con, new) == (f"exact_question:{new}", True)
        assert {_question(con, i) for i in ids[:3]} == {(f"exact_question:{new}", False)}
        assert _rows(con) == _full(con, "longest")


def test_a_new_pair_groups_with_a_pair_that_stood_alone(cli, store, tmp_path) -> None:
    ids = _start(cli, tmp_path, "default")
    _import(cli, tmp_path, [(ALONE, "The war of thirty years")], "b")
    with connect(store) as con:
        new = _ids(con)[-1]
        _written(_exact(con, "default"), 1, 2)
        cluster = f"exact_question:{ids[3]}"
        assert (_question(con, ids[3]), _question(con, new)) == ((cluster, True), (cluster, False))
        assert _rows(con) == _full(con, "default")


@pytest.mark.parametrize("leaver", [1, 0], ids=["member", "representative"])
def test_an_edited_member_leaves_its_group(cli, store, tmp_path, leaver) -> None:
    ids = _start(cli, tmp_path, "first")
    with connect(store) as con:
        record(con, [ids[leaver]], "edit", {"question": "Who signed the Peace of Westphalia?"})
        _written(_exact(con, "first"), 1, 2)
        stay = [i for i in ids[:3] if i != ids[leaver]]
        assert [_question(con, i) for i in stay] == [
            (f"exact_question:{stay[0]}", True),
            (f"exact_question:{stay[0]}", False),
        ]
        assert _rows(con) == _full(con, "first")


def test_a_group_an_edit_empties_dissolves_and_its_pair_joins_another(cli, store, tmp_path) -> None:
    _import(cli, tmp_path, [(ALONE, "The Thirty Years' War"), (ALONE, "the thirty years war!")])
    _import(cli, tmp_path, [(OTHER, "Osnabrück"), (Q, "1648")], "b")
    with connect(store) as con:
        ids = _ids(con)
        _exact(con, "first")
        assert len(_rows(con)["exact_question"]) == 2
        record(con, [ids[1]], "edit", {"question": Q})
        record(con, [ids[2]], "edit", {"answer": "Osnabrück and Münster"})
        _exact(con, "first")
        incremental = _rows(con)
        assert {r[1] for r in incremental["exact_question"]} == {f"exact_question:{ids[1]}"}
        assert incremental == _full(con, "first")


def test_a_group_whose_representative_row_is_gone_is_ranked_whole(cli, store, tmp_path) -> None:
    ids = _start(cli, tmp_path, "first")
    with connect(store) as con:
        con.execute("DELETE FROM clusters WHERE pair_id = ?", [ids[0]])
    _import(cli, tmp_path, [(Q, "the year sixteen forty-eight")], "b")
    with connect(store) as con:
        _written(_exact(con, "first"), 1, 4)  # the untouched group's two rows are not written
        assert _question(con, ids[0]) == (f"exact_question:{ids[0]}", True)
        assert _rows(con) == _full(con, "first")


def test_two_stored_clusters_of_one_key_make_a_full_run(cli, store, tmp_path) -> None:
    ids = _start(cli, tmp_path, "first")
    with connect(store) as con:
        con.execute(
            "UPDATE clusters SET cluster_id = 'exact_question:' || pair_id, is_representative "
            "= true WHERE pair_id = ? AND method = 'exact_question'",
            [ids[2]],
        )
    _import(cli, tmp_path, [(Q, "the year sixteen forty-eight")], "b")
    with connect(store) as con:
        _written(_exact(con, "first"), 2, 6)
        assert _rows(con) == _full(con, "first")


def test_pairs_pending_again_without_an_edit_keep_their_groups(cli, store, tmp_path) -> None:
    ids = _start(cli, tmp_path, "first")
    with connect(store) as con:
        # A forgotten state makes the representative of one group and a member of another
        # pending again, with the keys they had.
        con.execute("DELETE FROM analysis_state WHERE pair_id IN (?, ?)", [ids[0], ids[5]])
    _import(cli, tmp_path, [(Q, "the year sixteen forty-eight")], "b")
    with connect(store) as con:
        assert _exact(con, "first")["processed"] == 3
        assert _question(con, ids[0]) == (f"exact_question:{ids[0]}", True)
        assert _question(con, ids[5]) == (f"exact_question:{ids[4]}", False)
        assert _rows(con) == _full(con, "first")


def test_copies_of_a_whole_pair_group_then_join(cli, store, tmp_path) -> None:
    ids = _start(cli, tmp_path, "first")
    _import(cli, tmp_path, [(Q.upper(), "1648!")], "b")
    with connect(store) as con:
        report = _exact(con, "first")
        assert report["exact_pair"] == {"clusters": 1, "pairs_in_clusters": 2}
    _import(cli, tmp_path, [(Q.lower(), "1648")], "c")
    with connect(store) as con:
        report = _exact(con, "first")
        assert report["exact_pair"] == {"clusters": 1, "pairs_in_clusters": 1}
        pair = _rows(con)["exact_pair"]
        assert {r[1] for r in pair} == {f"exact_pair:{ids[0]}"} and len(pair) == 3
        assert _rows(con) == _full(con, "first")
