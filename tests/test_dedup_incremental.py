"""Incremental exact and near runs (high-water marks, edits, new imports) against one full run."""

from __future__ import annotations

import duckdb

from storage.analysis import pending_count, pending_pairs, pending_table
from storage.db import connect
from storage.decisions import record
from tests.test_dedup_stages import _import, _random_pairs, _run

METHODS = ("near", "exact_pair", "exact_question", "exact_answer")
EXACT = {"min_words": 1}


def _rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str, float, bool]]]:
    """Every cluster row per method, with the representative written out (cluster ids name it)."""
    return {
        m: con.execute(
            "SELECT pair_id, cluster_id, round(similarity, 6), is_representative FROM clusters "
            "WHERE method = ? ORDER BY ALL",
            [m],
        ).fetchall()
        for m in METHODS
    }


def _pending(con: duckdb.DuckDBPyConnection, stage: str, config: str) -> list[tuple]:
    return sorted(con.execute(f"SELECT * FROM {pending_table(stage)}").fetchall())


def test_incremental_runs_with_edits_write_what_a_full_run_writes(cli, store, tmp_path) -> None:
    pairs = _random_pairs(7, 360)
    third = len(pairs) // 3
    _import(cli, tmp_path, pairs[:third], "a")
    with connect(store) as con:
        _run(con, "exact", "near", exact=EXACT)
        marks = con.execute("SELECT stage, pair_seq FROM analysis_marks ORDER BY 1").fetchall()
        assert [m[0] for m in marks] == ["exact", "near"]
        ids = [r[0] for r in con.execute("SELECT id FROM pairs ORDER BY seq").fetchall()]
        # one pair leaves its text for another's (it joins that one's clusters), one is reworded
        record(con, [ids[0]], "edit", {"question": pairs[5][0], "answer": pairs[5][1]})
        record(con, [ids[1]], "edit", {"question": "an unrelated question about nothing?"})
        report = _run(con, "exact", "near", exact=EXACT)
        assert report["near"]["processed"] == report["exact"]["processed"] == 2
    _import(cli, tmp_path, pairs[third:], "b")
    with connect(store) as con:
        new = [r[0] for r in con.execute("SELECT id FROM pairs ORDER BY seq").fetchall()][third:]
        record(con, [new[0]], "edit", {"answer": pairs[third + 3][1]})  # edited before its run
        report = _run(con, "exact", "near", exact=EXACT)
        assert report["near"]["processed"] == len(new) == report["exact"]["processed"]
        incremental = _rows(con)
        con.execute("DELETE FROM analysis_state")
        con.execute("DELETE FROM clusters")
        report = _run(con, "exact", "near", exact=EXACT)
        assert report["near"]["processed"] == len(pairs)  # the marks no longer match the state
        full = _rows(con)
    assert incremental == full
    assert len(full["near"]) > 40 and len(full["exact_answer"]) > 20 and full["exact_question"]


def test_marked_pending_equals_the_analysis_pending(cli, store, tmp_path) -> None:
    pairs = _random_pairs(3, 40)
    _import(cli, tmp_path, pairs[:30], "a")
    with connect(store) as con:
        _run(con, "exact", exact=EXACT)
        config = con.execute("SELECT config FROM analysis_marks WHERE stage = 'exact'").fetchone()[
            0
        ]
        ids = [r[0] for r in con.execute("SELECT id FROM pairs ORDER BY seq").fetchall()]
        record(con, [ids[2]], "edit", {"answer": "changed"})
        record(con, [ids[3]], "edit", {"answer": "x"})
        record(con, [ids[3]], "edit", {"answer": pairs[3][1]})  # back to the text it was seen with
    _import(cli, tmp_path, pairs[30:], "b")
    with connect(store) as con:
        new = [r[0] for r in con.execute("SELECT id FROM pairs ORDER BY seq").fetchall()][30:]
        record(con, [new[1]], "edit", {"question": "edited before any run?"})
        pending_count(con, "exact", config)
        slow = _pending(con, "exact", config)
        pending_pairs(con, "exact", config)
        assert _pending(con, "exact", config) == slow
        assert {r[0] for r in slow} == {ids[2], *new}


def test_a_stale_mark_is_not_trusted(cli, store, tmp_path) -> None:
    _import(cli, tmp_path, _random_pairs(5, 20), "a")
    with connect(store) as con:
        _run(con, "exact", exact=EXACT)
        con.execute("DELETE FROM analysis_state WHERE pair_id IN (SELECT id FROM pairs LIMIT 3)")
        assert _run(con, "exact", exact=EXACT)["exact"]["processed"] == 3
        assert _run(con, "exact", exact=EXACT)["exact"]["processed"] == 0
        total = con.execute("SELECT count(*) FROM pairs").fetchone()[0]
        assert _run(con, "exact", exact={"min_words": 2})["exact"]["processed"] == total
