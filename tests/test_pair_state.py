"""`pair_state` (migration 6) stays exactly what the decision log says: after decisions, bulk
actions, edits, undo and redo, and when an older store is migrated with decisions in it."""

from __future__ import annotations

from pathlib import Path

import duckdb

from storage import views
from storage.db import open_store
from storage.decisions import record, redo, undo
from storage.views import Filter
from tests.test_tui_fixtures import ids_by_seq, make_store
from tests.test_tui_views import view_seqs


def _from_log(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str, list[str]]]:
    """Status and tags of every pair, derived from the log by the `current_pairs` view."""
    return {
        pid: (seq, status, list(tags))
        for pid, seq, status, tags in con.execute(
            "SELECT id, seq, status, tags FROM current_pairs"
        ).fetchall()
    }


def _assert_state_matches_log(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT pair_id, seq, status, tags FROM pair_state").fetchall()
    state = {pid: (seq, status, list(tags)) for pid, seq, status, tags in rows}
    assert len(state) == len(rows), "one row per pair"
    logged = set(r[0] for r in con.execute("SELECT DISTINCT pair_id FROM decisions").fetchall())
    assert set(state) == logged
    for pid, expected in _from_log(con).items():
        assert state.get(pid, (expected[0], "pending", [])) == expected, pid


def test_every_kind_of_write_keeps_the_state(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    with open_store(store) as con:
        ids = ids_by_seq(con)
        _assert_state_matches_log(con)
        steps = [
            lambda: record(con, [ids[1], ids[2], ids[3]], "accept"),
            lambda: record(con, [ids[3]], "reject"),
            lambda: record(con, [ids[2]], "reset"),
            lambda: record(con, [ids[4], ids[5]], "tag", {"tag": "hard"}),
            lambda: record(con, [ids[5]], "tag", {"tag": "easy"}),
            lambda: record(con, [ids[4]], "untag", {"tag": "hard"}),
            lambda: record(con, [ids[6]], "edit", {"answer": "changed"}),
            lambda: views.record_seqs(con, list(range(8, 21)), "reject"),
            lambda: views.record_seqs(con, list(range(10, 15)), "tag", {"tag": "bulk"}),
            lambda: undo(con),  # the bulk tag
            lambda: undo(con),  # the bulk reject
            lambda: redo(con),  # the bulk reject again
            lambda: undo(con),
            lambda: undo(con),  # the edit
            lambda: undo(con),  # the untag
            lambda: redo(con),
            lambda: record(con, "SELECT id FROM pairs WHERE seq > 15", "accept"),
        ]
        for step in steps:
            step()
            _assert_state_matches_log(con)
        # The TUI's filters read the state; they agree with the log-derived view.
        for flt in [Filter(status=s) for s in views.STATUSES] + [Filter(tag="bulk")]:
            assert views.keys(con, flt).tolist() == view_seqs(con, flt)


def test_a_store_from_before_the_state_is_backfilled(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    with open_store(store) as con:
        ids = ids_by_seq(con)
        record(con, [ids[1], ids[2]], "accept")
        record(con, [ids[2]], "tag", {"tag": "x"})
        record(con, [ids[3]], "reject")
        undo(con)
        # Back to schema 5: no state table.
        con.execute("DROP TABLE pair_state")
        con.execute("DELETE FROM schema_version WHERE version >= 6")
    with open_store(store) as con:  # a writer migrates on open
        assert con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0] >= 6
        _assert_state_matches_log(con)
        assert views.keys(con, Filter(status="accepted")).tolist() == [1, 2]
        assert views.keys(con, Filter(tag="x")).tolist() == [2]


def test_undo_finds_seqs_of_pairs_without_a_state_row(tmp_path: Path) -> None:
    """Undo reads the seqs from the state rows; a pair that has none still gets its state."""
    store = make_store(tmp_path)
    with open_store(store) as con:
        ids = ids_by_seq(con)
        record(con, [ids[1], ids[2]], "accept")
        record(con, [ids[2], ids[3]], "reject")
        con.execute("DELETE FROM pair_state WHERE pair_id = ?", [ids[3]])
        undo(con)
        _assert_state_matches_log(con)
