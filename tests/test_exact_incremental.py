"""Incremental exact runs: what they write when pairs join, outrank, pair up with or leave a
group, and that the store then holds what a full run writes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from storage import clusters
from storage.db import connect
from storage.decisions import record
from tests.test_dedup_stages import _import, _run
from workbench.curate import dedup

Q = "In what year was the Peace of Westphalia signed?"
ALONE = "Which war did the Peace of Westphalia end?"
OTHER = "Where was the Peace of Westphalia signed?"
GROUP = [(Q, "1648"), (Q, "It was 1648"), (Q, "In the year 1648")]
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


def _exact(con: duckdb.DuckDBPyConnection, keep: str) -> dict:
    return _run(con, "exact", exact={"min_words": 1}, dedup={"keep": keep})["exact"]


def _full(con: duckdb.DuckDBPyConnection, keep: str) -> Rows:
    """The rows a full run writes from the current state (it replaces the incremental ones)."""
    con.execute("DELETE FROM analysis_state WHERE stage = 'exact'")
    con.execute("DELETE FROM clusters WHERE method LIKE 'exact%'")
    _exact(con, keep)
    return _rows(con)


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[pa.Array | None, pa.Table]]:
    """What the exact stage hands to update_clusters, per method (last run)."""
    seen: dict[str, tuple[pa.Array | None, pa.Table]] = {}
    real = dedup.update_clusters

    def spy(con: duckdb.DuckDBPyConnection, method: str, drop, rows: pa.Table) -> None:
        seen[method] = (drop, rows)
        real(con, method, drop, rows)

    monkeypatch.setattr(dedup, "update_clusters", spy)
    return seen


def _ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT id FROM pairs ORDER BY seq").fetchall()]


def _written(writes: dict, method: str) -> list[tuple[str, str, bool]]:
    drop, rows = writes[method]
    assert drop is not None, "an incremental run fell back to a full one"
    return sorted(
        zip(
            rows.column("pair_id").to_pylist(),
            rows.column("cluster_id").to_pylist(),
            rows.column("is_representative").to_pylist(),
            strict=True,
        )
    )


def _start(cli: Callable, tmp_path: Path, keep: str) -> list[str]:
    _import(cli, tmp_path, [*GROUP, (ALONE, "The Thirty Years' War"), (OTHER, "Osnabrück")], "a")
    with connect(tmp_path / "test.duckdb") as con:
        _exact(con, keep)
        return _ids(con)


def test_a_new_member_joins_without_moving_the_representative(cli, store, tmp_path, writes):
    ids = _start(cli, tmp_path, "first")
    _import(cli, tmp_path, [(Q, "the year sixteen forty-eight")], "b")
    with connect(store) as con:
        new = _ids(con)[-1]
        _exact(con, "first")
        assert _written(writes, "exact_question") == [(new, f"exact_question:{ids[0]}", False)]
        incremental = _rows(con)
        assert len(incremental["exact_question"]) == 4
        assert incremental == _full(con, "first")


def test_a_new_member_that_outranks_the_representative_takes_the_group(
    cli, store, tmp_path, writes
):
    ids = _start(cli, tmp_path, "longest")
    _import(cli, tmp_path, [(Q, "It was signed in the year 1648, in two cities")], "b")
    with connect(store) as con:
        new = _ids(con)[-1]
        _exact(con, "longest")
        written = _written(writes, "exact_question")
        assert {r[1] for r in written} == {f"exact_question:{new}"}
        assert {r[0] for r in written} == {*ids[:3], new}
        assert _rows(con) == _full(con, "longest")


def test_a_new_pair_groups_with_a_pair_that_stood_alone(cli, store, tmp_path, writes):
    ids = _start(cli, tmp_path, "default")
    _import(cli, tmp_path, [(ALONE, "The war of thirty years")], "b")
    with connect(store) as con:
        new = _ids(con)[-1]
        _exact(con, "default")
        cluster = f"exact_question:{ids[3]}"
        assert _written(writes, "exact_question") == sorted(
            [(ids[3], cluster, True), (new, cluster, False)]
        )
        assert _rows(con) == _full(con, "default")


@pytest.mark.parametrize("leaver", [1, 0], ids=["member", "representative"])
def test_an_edited_member_leaves_its_group(cli, store, tmp_path, writes, leaver):
    ids = _start(cli, tmp_path, "first")
    with connect(store) as con:
        record(con, [ids[leaver]], "edit", {"question": "Who signed the Peace of Westphalia?"})
        _exact(con, "first")
        stay = [i for i in ids[:3] if i != ids[leaver]]
        written = _written(writes, "exact_question")
        assert {r[0] for r in written} == set(stay)
        assert {r[1] for r in written} == {f"exact_question:{stay[0]}"}
        assert _rows(con) == _full(con, "first")


def test_a_group_an_edit_empties_dissolves_and_its_pair_joins_another(cli, store, tmp_path):
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


def test_a_group_whose_representative_row_is_gone_is_ranked_whole(cli, store, tmp_path, writes):
    ids = _start(cli, tmp_path, "first")
    with connect(store) as con:
        con.execute("DELETE FROM clusters WHERE pair_id = ?", [ids[0]])
    _import(cli, tmp_path, [(Q, "the year sixteen forty-eight")], "b")
    with connect(store) as con:
        _exact(con, "first")
        new = _ids(con)[-1]
        cluster = f"exact_question:{ids[0]}"
        members = [(ids[0], cluster, True)] + [(i, cluster, False) for i in (ids[1], ids[2], new)]
        assert _written(writes, "exact_question") == sorted(members)
        assert _rows(con) == _full(con, "first")


def test_two_stored_clusters_of_one_key_make_a_full_run(cli, store, tmp_path, writes):
    ids = _start(cli, tmp_path, "first")
    with connect(store) as con:
        con.execute(
            "UPDATE clusters SET cluster_id = 'exact_question:' || pair_id, is_representative "
            "= true WHERE pair_id = ? AND method = 'exact_question'",
            [ids[2]],
        )
    _import(cli, tmp_path, [(Q, "the year sixteen forty-eight")], "b")
    with connect(store) as con:
        _exact(con, "first")
        assert writes["exact_question"][0] is None
        assert _rows(con) == _full(con, "first")
