"""The decision log: every action is a new row, undo/redo restore exact prior states."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import decisions
from storage.db import open_store
from storage.errors import NotFoundError, WorkbenchError
from tests.conftest import write_jsonl


@pytest.fixture
def con(cli, store: Path, tmp_path: Path):
    src = write_jsonl(
        tmp_path / "p.jsonl",
        [
            {
                "context": f"Passage {i} says the value is {i}.",
                "question": f"What value in {i}?",
                "answer": str(i),
            }
            for i in range(5)
        ],
    )
    assert cli("import", src).code == 0
    with open_store(store) as connection:
        yield connection


def _ids(con) -> list[str]:
    return [r[0] for r in con.execute("SELECT id FROM pairs ORDER BY seq").fetchall()]


def _state(con) -> list[tuple]:
    return con.execute(
        "SELECT status, question, answer, tags FROM current_pairs ORDER BY seq"
    ).fetchall()


def test_verdicts_edits_tags_and_full_undo_redo(con) -> None:
    ids = _ids(con)
    before = _state(con)
    decisions.record(con, ids, "reject")
    decisions.record(con, ids[:2], "accept")
    decisions.record(con, ids[:1], "edit", {"answer": "zero"})
    decisions.record(con, ids[1:3], "tag", {"tag": "check"})
    after = _state(con)
    assert [s[0] for s in after] == ["accepted", "accepted", "rejected", "rejected", "rejected"]
    assert after[0][2] == "zero" and after[1][3] == ["check"] and after[2][3] == ["check"]
    original = con.execute(
        "SELECT original_answer, edited FROM current_pairs WHERE id = ?", [ids[0]]
    ).fetchall()
    assert original == [("0", True)]

    states = [after]
    for _ in range(4):
        assert decisions.undo(con) is not None
        states.append(_state(con))
    assert states[-1] == before
    assert decisions.undo(con) is None
    for expected in reversed(states[:-1]):
        assert decisions.redo(con) is not None
        assert _state(con) == expected
    assert decisions.redo(con) is None
    # Undo after redo reverses the redo, then a new action clears the redo stack.
    decisions.undo(con)
    assert _state(con) == states[1]
    decisions.record(con, ids[4:], "accept")
    assert decisions.redo(con) is None


def test_log_is_append_only(con) -> None:
    ids = _ids(con)
    decisions.record(con, ids[:1], "accept")
    decisions.undo(con)
    decisions.redo(con)
    rows = con.execute("SELECT action FROM decisions ORDER BY seq").fetchall()
    assert rows == [("accept",), ("reset",), ("accept",)]
    kinds = con.execute("SELECT kind FROM decision_batches ORDER BY batch").fetchall()
    assert kinds == [("do",), ("undo",), ("redo",)]


def test_bulk_by_select_and_bad_input(con) -> None:
    batch = decisions.record(
        con, "SELECT id FROM current_pairs WHERE answer IN ('1', '2')", "reject"
    )
    assert batch.n_pairs == 2
    with pytest.raises(NotFoundError):
        decisions.record(con, ["nope"], "accept")
    with pytest.raises(WorkbenchError):
        decisions.record(con, _ids(con), "tag", {"tag": " "})
    with pytest.raises(WorkbenchError):
        decisions.record(con, _ids(con), "explode")
    assert con.execute("SELECT count(*) FROM decisions").fetchall() == [(2,)]
