"""`workbench undo`, `redo` and `history` on a real store, after a `dedup --apply`."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.conftest import write_jsonl
from tests.test_dedup_cli import RECORDS, _statuses


def _applied(cli, store: Path, tmp_path: Path) -> None:
    """Five pairs, three of them near-duplicates: --apply rejects two in batch 1."""
    assert cli("import", write_jsonl(tmp_path / "a.jsonl", RECORDS)).code == 0
    done = cli("dedup", "--method", "near", "--apply", "default", "--json")
    assert done.code == 0, done.stderr
    assert sorted(_statuses(store).values()).count("rejected") == 2


def test_undo_then_redo_after_dedup_apply(cli, store: Path, tmp_path: Path) -> None:
    _applied(cli, store, tmp_path)
    undone = cli("undo")
    assert undone.code == 0, undone.stderr
    assert undone.stdout.strip() == "undid batch 1 (reject on 2 pairs) as batch 2"
    assert set(_statuses(store).values()) == {"pending"}
    redone = cli("redo", "--json")
    assert redone.code == 0, redone.stderr
    assert redone.json() == {
        "batch": 3,
        "kind": "redo",
        "target": 1,
        "action": "reject",
        "pairs": 2,
    }
    assert sorted(_statuses(store).values()).count("rejected") == 2
    nothing = cli("redo")
    assert nothing.code == 1 and nothing.stdout == ""
    assert nothing.stderr.strip() == (
        "error: nothing to redo: no batch has been undone since the last decision"
    )


def test_nothing_to_undo_is_one_line_and_a_failure(cli, store: Path, tmp_path: Path) -> None:
    assert cli("import", write_jsonl(tmp_path / "a.jsonl", RECORDS)).code == 0
    result = cli("undo")
    assert result.code == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: nothing to undo: the decision log has no batch left to reverse"
    ]


def test_history_lists_batches_newest_first(cli, store: Path, tmp_path: Path) -> None:
    _applied(cli, store, tmp_path)
    assert cli("undo").code == 0
    rows = cli("history", "--json").json()
    assert [(r["batch"], r["kind"], r["target"], r["n_pairs"]) for r in rows] == [
        (2, "undo", 1, 2),
        (1, "do", None, 2),
    ]
    assert rows[1]["by"] == "dedup" and rows[1]["description"].startswith("dedup --apply")
    assert (rows[1]["undone"], rows[1]["next_redo"], rows[1]["next_undo"]) == (True, True, False)
    assert [r["batch"] for r in cli("history", "--limit", "1", "--json").json()] == [2]
    text = cli("history")
    assert text.code == 0 and "undone, next redo" in text.stdout
    assert cli("redo").code == 0
    latest = cli("history", "--json").json()
    assert latest[0]["next_undo"] and not any(r["undone"] for r in latest)


def test_history_of_one_pair(cli, store: Path, tmp_path: Path) -> None:
    _applied(cli, store, tmp_path)
    assert cli("undo").code == 0
    with duckdb.connect(str(store), read_only=True) as con:
        (pair_id,) = con.execute("SELECT pair_id FROM decisions LIMIT 1").fetchone()
    rows = cli("history", "--pair", pair_id, "--json").json()
    assert [(r["batch"], r["action"]) for r in rows] == [(1, "reject"), (2, "reset")]
    assert [r["batch"] for r in cli("history", "--pair", pair_id, "-n", "1", "--json").json()] == [
        2
    ]
    missing = cli("history", "--pair", "no-such-id")
    assert missing.code == 1 and "no pair 'no-such-id' in the store" in missing.stderr
