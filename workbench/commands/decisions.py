"""`workbench undo`, `redo` and `history`: the decision log from the shell, as the TUI's u / U.

Undo and redo write new batches (the log is append-only), so `history` shows them too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from storage.db import open_store
from storage.decisions import Batch, batches, history, redo, undo
from storage.errors import NotFoundError
from storage.views import seq_of
from workbench.cli import app
from workbench.console import fail, friendly, out, print_json, state
from workbench.identity import curator

_JSON = typer.Option(False, "--json", help="Print the result as JSON.")
_STEPS: dict[str, Callable[..., Batch | None]] = {"undo": undo, "redo": redo}
_NOTHING = {
    "undo": "nothing to undo: the decision log has no batch left to reverse",
    "redo": "nothing to redo: no batch has been undone since the last decision",
}


def _step(verb: str, as_json: bool) -> None:
    """Undo or redo one batch and say which; nothing to do is one red line and exit 1."""
    with open_store(state.store_path) as con:
        batch = _STEPS[verb](con, by=curator())
    if batch is None:
        raise fail(_NOTHING[verb])
    if as_json:
        print_json(
            {
                "batch": batch.batch,
                "kind": batch.kind,
                "target": batch.target,
                "action": batch.action,
                "pairs": batch.n_pairs,
            }
        )
        return
    done = "undid" if verb == "undo" else "redid"
    noun = "pair" if batch.n_pairs == 1 else "pairs"
    out.print(
        f"{done} batch {batch.target} ({batch.action} on {batch.n_pairs:,} {noun}) "
        f"as batch {batch.batch}"
    )


@app.command("undo")
@friendly
def undo_cmd(as_json: bool = _JSON) -> None:
    """Reverse the last decision batch (a review action, `dedup --apply`) as a new batch."""
    _step("undo", as_json)


@app.command("redo")
@friendly
def redo_cmd(as_json: bool = _JSON) -> None:
    """Re-apply the batch the last undo reversed."""
    _step("redo", as_json)


@app.command("history")
@friendly
def history_cmd(
    pair: str | None = typer.Option(None, "--pair", help="One pair's decisions instead."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="Show at most N, newest."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """The newest decision batches (with what undo/redo would take next), or one pair's log."""
    with open_store(state.store_path, read_only=True) as con:
        if pair is None:
            rows = batches(con, limit)
        elif seq_of(con, pair) is None:
            raise NotFoundError(f"no pair '{pair}' in the store")
        else:
            rows = history(con, pair)[-limit:]
    if as_json:
        print_json(rows)
    elif not rows:
        out.print("no decisions yet" + (f" on pair {escape(pair)}" if pair else ""))
    else:
        out.print(_pair_table(rows) if pair else _batch_table(rows))


def _table(columns: tuple[str, ...]) -> Table:
    table = Table(box=None, pad_edge=False)
    for column in columns:
        table.add_column(
            column,
            justify="right" if column in ("batch", "pairs") else "left",
            no_wrap=column not in ("description", "payload"),
        )
    return table


def _state(row: dict[str, Any]) -> str:
    if row["next_undo"]:
        return "next undo"
    if row["next_redo"]:
        return "undone, next redo"
    return "undone" if row["undone"] else ""


def _batch_table(rows: list[dict[str, Any]]) -> Table:
    table = _table(("batch", "at", "by", "kind", "action", "pairs", "state", "description"))
    for row in rows:
        table.add_row(
            str(row["batch"]),
            f"{row['at']:%Y-%m-%d %H:%M}",
            escape(row["by"]),
            row["kind"],
            row["action"],
            f"{row['n_pairs']:,}",
            _state(row),
            escape(row["description"] or ""),
        )
    return table


def _pair_table(rows: list[dict[str, Any]]) -> Table:
    table = _table(("batch", "at", "by", "action", "payload"))
    for row in rows:
        table.add_row(
            str(row["batch"]),
            f"{row['at']:%Y-%m-%d %H:%M}",
            escape(row["by"]),
            row["action"],
            escape(row["payload"] or ""),
        )
    return table
