"""The decision log: accept, reject, edit, tag. Append-only; undo and redo are new batches.

Every call writes one batch (one action over one or many pairs) in one transaction, so a crash
loses nothing that was acknowledged and never leaves half a bulk action.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import orjson
import pyarrow as pa

from storage.db import transaction
from storage.errors import NotFoundError, WorkbenchError
from storage.migrations import PAIR_STATE_SQL
from storage.sql import dicts, one

ACTIONS = ("accept", "reject", "reset", "edit", "tag", "untag")
VERDICTS = ("accept", "reject", "reset")


@dataclass(frozen=True)
class Batch:
    """What one call wrote: the batch number, its action and how many pairs it touched."""

    batch: int
    action: str
    n_pairs: int
    kind: str = "do"
    target: int | None = None


def _ids_table(
    con: duckdb.DuckDBPyConnection, ids: Sequence[str] | str, params: Sequence[Any]
) -> None:
    """Materialise the target ids as temp table `_wb_ids`: a list, or a SELECT yielding ids."""
    if isinstance(ids, str):
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _wb_ids AS SELECT DISTINCT id FROM ({ids})", list(params)
        )
    else:
        con.register("_wb_id_list", pa.table({"id": pa.array(list(ids), pa.string())}))
        try:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _wb_ids AS SELECT DISTINCT id FROM _wb_id_list"
            )
        finally:
            con.unregister("_wb_id_list")
    # The targets' seqs, found by the same scan that checks they exist: `pair_state` needs them.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _wb_id_seqs AS "
        "SELECT p.id, p.seq FROM pairs p SEMI JOIN _wb_ids i ON i.id = p.id"
    )
    missing = one(
        con, "SELECT count(*), min(i.id) FROM _wb_ids i ANTI JOIN _wb_id_seqs p ON p.id = i.id"
    )
    if missing[0]:
        raise NotFoundError(f"{missing[0]} pair id(s) not in the store, e.g. {missing[1]}")


def _validate(action: str, payload: dict[str, Any] | None) -> None:
    if action not in ACTIONS:
        raise WorkbenchError(f"unknown action '{action}'; one of {', '.join(ACTIONS)}")
    if action in ("tag", "untag") and not (payload and str(payload.get("tag", "")).strip()):
        raise WorkbenchError(f"{action} needs a non-empty tag")
    if action == "edit" and not (payload and {"question", "answer"} & payload.keys()):
        raise WorkbenchError("edit needs a new question or answer")


def record(
    con: duckdb.DuckDBPyConnection,
    ids: Sequence[str] | str,
    action: str,
    payload: dict[str, Any] | None = None,
    *,
    by: str = "curator",
    params: Sequence[Any] = (),
    description: str | None = None,
) -> Batch:
    """Apply one action to pairs (a list of ids, or a SELECT of ids); returns the batch written."""
    _validate(action, payload)
    with transaction(con):
        _ids_table(con, ids, params)
        batch = _new_batch(con)
        if action == "edit":
            # An edit stores the full new text of both fields, so the view needs one lookup.
            con.execute(
                """
                INSERT INTO decisions
                SELECT nextval('decision_seq'), c.id, 'edit',
                       json_object('question', coalesce(?, c.question), 'answer', coalesce(?, c.answer)),
                       now()::TIMESTAMP, ?, ?
                FROM current_pairs c SEMI JOIN _wb_ids i ON i.id = c.id
                """,
                [payload.get("question"), payload.get("answer"), by, batch],
            )
        else:
            con.execute(
                "INSERT INTO decisions SELECT nextval('decision_seq'), id, ?, ?, now()::TIMESTAMP, ?, ? "
                "FROM _wb_ids",
                [action, _json(payload), by, batch],
            )
        n = _finish_batch(con, batch, "do", None, action, by, description)
        _refresh_state(con, batch, "_wb_id_seqs")
    return Batch(batch, action, n)


def _json(payload: dict[str, Any] | None) -> str | None:
    return orjson.dumps(payload).decode() if payload is not None else None


def _new_batch(con: duckdb.DuckDBPyConnection) -> int:
    return int(one(con, "SELECT nextval('batch_seq')")[0])


def _finish_batch(
    con: duckdb.DuckDBPyConnection,
    batch: int,
    kind: str,
    target: int | None,
    action: str,
    by: str,
    description: str | None,
) -> int:
    n = int(one(con, "SELECT count(*) FROM decisions WHERE batch = ?", [batch])[0])
    con.execute(
        "INSERT INTO decision_batches VALUES (?, ?, ?, ?, ?, ?, now()::TIMESTAMP, ?)",
        [batch, kind, target, action, n, by, description],
    )
    return n


def _refresh_state(con: duckdb.DuckDBPyConnection, batch: int, seqs: str | None = None) -> None:
    """Recompute `pair_state` for the batch's pairs from their whole log (same transaction).
    `seqs` is a table with (id, seq) of at least those pairs; by default they are read from the
    pairs' current state rows (undo and redo touch decided pairs), else from `pairs`."""
    touched = "WHERE pair_id IN (SELECT pair_id FROM decisions WHERE batch = ?)"
    if seqs is None:
        seqs = "_wb_id_seqs"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {seqs} AS "
            f"SELECT DISTINCT pair_id AS id, seq FROM pair_state {touched}",
            [batch],
        )
        missing = one(
            con,
            "SELECT count(*) FROM (SELECT DISTINCT pair_id FROM decisions WHERE batch = ?) d "
            f"ANTI JOIN {seqs} s ON s.id = d.pair_id",
            [batch],
        )[0]
        if missing:  # a pair without a state row yet: look its seq up (a scan of `pairs`)
            con.execute(
                f"INSERT INTO {seqs} SELECT id, seq FROM pairs {touched.replace('pair_id', 'id', 1)} "
                f"AND id NOT IN (SELECT id FROM {seqs})",
                [batch],
            )
    con.execute(f"DELETE FROM pair_state {touched}", [batch])
    con.execute(PAIR_STATE_SQL.format(where=touched, pairs=seqs), [batch])


def _stacks(con: duckdb.DuckDBPyConnection) -> tuple[list[int], list[int]]:
    """Replay the batch log into (undo stack, redo stack) of batch numbers."""
    undo: list[int] = []
    redo: list[int] = []
    for batch, kind in con.execute(
        "SELECT batch, kind FROM decision_batches ORDER BY batch"
    ).fetchall():
        if kind == "do":
            undo.append(batch)
            redo.clear()
        elif kind == "undo" and undo:
            redo.append(undo.pop())
        elif kind == "redo" and redo:
            redo.pop()
            undo.append(batch)  # the redo batch holds the rows an undo must reverse
    return undo, redo


def undo(con: duckdb.DuckDBPyConnection, *, by: str = "curator") -> Batch | None:
    """Restore every pair the last undoable batch touched to its state before it; None if nothing."""
    undo_stack, _ = _stacks(con)
    if not undo_stack:
        return None
    target = undo_stack[-1]
    with transaction(con):
        action = _batch_action(con, target)
        batch = _new_batch(con)
        con.execute(_INVERSE_SQL[_family(action)], [batch, by, target])
        n = _finish_batch(con, batch, "undo", target, action, by, f"undo batch {target}")
        _refresh_state(con, batch)
    return Batch(batch, action, n, "undo", target)


def redo(con: duckdb.DuckDBPyConnection, *, by: str = "curator") -> Batch | None:
    """Re-apply the most recently undone batch; None if nothing to redo."""
    _, redo_stack = _stacks(con)
    if not redo_stack:
        return None
    target = redo_stack[-1]
    with transaction(con):
        action = _batch_action(con, target)
        batch = _new_batch(con)
        con.execute(
            "INSERT INTO decisions SELECT nextval('decision_seq'), pair_id, action, payload, "
            "now()::TIMESTAMP, ?, ? FROM decisions WHERE batch = ? ORDER BY seq",
            [by, batch, target],
        )
        n = _finish_batch(con, batch, "redo", target, action, by, f"redo batch {target}")
        _refresh_state(con, batch)
    return Batch(batch, action, n, "redo", target)


def _batch_action(con: duckdb.DuckDBPyConnection, batch: int) -> str:
    row = one(con, "SELECT action FROM decision_batches WHERE batch = ?", [batch])
    if row is None:
        raise NotFoundError(f"no decision batch {batch}")
    return row[0]


def _family(action: str) -> str:
    return "verdict" if action in VERDICTS else action.replace("untag", "tag")


# Each inverse writes, for every pair of the target batch, the state that held just before it.
_INVERSE_SQL = {
    "verdict": """
        INSERT INTO decisions
        SELECT nextval('decision_seq'), t.pair_id,
               coalesce((SELECT arg_max(d.action, d.seq) FROM decisions d
                         WHERE d.pair_id = t.pair_id AND d.seq < t.seq
                           AND d.action IN ('accept', 'reject', 'reset')), 'reset'),
               NULL, now()::TIMESTAMP, ?2, ?1
        FROM decisions t WHERE t.batch = ?3 ORDER BY t.seq
    """,
    "edit": """
        INSERT INTO decisions
        SELECT nextval('decision_seq'), t.pair_id, 'edit',
               coalesce((SELECT arg_max(d.payload, d.seq) FROM decisions d
                         WHERE d.pair_id = t.pair_id AND d.seq < t.seq AND d.action = 'edit'),
                        json_object('question', p.question, 'answer', p.answer)),
               now()::TIMESTAMP, ?2, ?1
        FROM decisions t JOIN pairs p ON p.id = t.pair_id WHERE t.batch = ?3 ORDER BY t.seq
    """,
    "tag": """
        INSERT INTO decisions
        SELECT nextval('decision_seq'), t.pair_id,
               coalesce((SELECT arg_max(d.action, d.seq) FROM decisions d
                         WHERE d.pair_id = t.pair_id AND d.seq < t.seq
                           AND d.action IN ('tag', 'untag') AND d.payload->>'tag' = t.payload->>'tag'),
                        'untag'),
               t.payload, now()::TIMESTAMP, ?2, ?1
        FROM decisions t WHERE t.batch = ?3 ORDER BY t.seq
    """,
}


def history(con: duckdb.DuckDBPyConnection, pair_id: str) -> list[dict[str, Any]]:
    """A pair's decisions, oldest first, for the detail pane and --with-analysis."""
    return dicts(
        con.execute(
            'SELECT seq, action, payload, "at", "by", batch FROM decisions WHERE pair_id = ? ORDER BY seq',
            [pair_id],
        )
    )


def batches(con: duckdb.DuckDBPyConnection, limit: int = 20) -> list[dict[str, Any]]:
    """The newest batches of the log, newest first, each marked undone (reversed by an undo and
    not redone) and whether the next undo or redo would take it."""
    undo_stack, redo_stack = _stacks(con)
    rows = dicts(
        con.execute(
            """
            SELECT b.batch, b.kind, b.target, b.action, b.n_pairs, b."by", b."at", b.description,
                   EXISTS (SELECT 1 FROM decision_batches u
                           WHERE u.kind = 'undo' AND u.target = b.batch)
                   AND NOT EXISTS (SELECT 1 FROM decision_batches r
                                   WHERE r.kind = 'redo' AND r.target = b.batch) AS undone
            FROM decision_batches b ORDER BY b.batch DESC LIMIT ?
            """,
            [limit],
        )
    )
    for row in rows:
        row["next_undo"] = bool(undo_stack) and row["batch"] == undo_stack[-1]
        row["next_redo"] = bool(redo_stack) and row["batch"] == redo_stack[-1]
    return rows
