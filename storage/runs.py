"""Training runs in the store: the exact data a run got, its state and metrics, and its scores
joined back to the pairs.

A run trains on one frozen subset version: its members minus the pairs rejected since, split by
the subset's stored `eval` split when it has one, else by a seeded context-grouped split
(storage.splits). The files are written here; the training process never opens the store.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from storage.db import transaction
from storage.errors import NotFoundError, WorkbenchError
from storage.splits import DEFAULT_SEED, assign_splits
from storage.sql import dicts, one, scalar
from storage.subsets import resolve

TERMINAL = ("completed", "stopped", "failed")
METRIC_COLUMNS = (
    "step",
    "epoch",
    "loss",
    "eval_loss",
    "learning_rate",
    "grad_norm",
    "tokens_per_second",
    "gpu_memory_gb",
    "elapsed_s",
)
RESULT_COLUMNS = ("pair_id", "split", "model", "prediction", "em", "f1", "loss")


@dataclass(frozen=True)
class RunData:
    """What was exported for a run: the subset snapshot and the split sizes."""

    subset: str
    version: int
    ids_hash: str
    split_source: str
    n_train: int
    n_eval: int
    n_rejected: int
    train_hash: str


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _copy(con: duckdb.DuckDBPyConnection, split: str, path: Path, meta: dict[str, str]) -> None:
    kv = ", ".join(f"{k}: {_literal(v)}" for k, v in meta.items())
    con.execute(
        f"""
        COPY (
            SELECT p.id, p.question, p.answer, coalesce(p.context, '') AS context, p.kind,
                   p.answerable
            FROM current_pairs p JOIN wb_run_split s ON s.pair_id = p.id
            WHERE s.split = {_literal(split)}
            ORDER BY p.id
        ) TO {_literal(str(path))} (FORMAT parquet, KV_METADATA {{{kv}}})
        """
    )


def export_run_data(
    con: duckdb.DuckDBPyConnection,
    ref: str,
    train_path: Path,
    eval_path: Path,
    *,
    eval_fraction: float = 0.1,
    seed: int = DEFAULT_SEED,
) -> RunData:
    """Write train/eval Parquet files (id, question, answer, context, kind, answerable)."""
    name, version = resolve(con, ref)
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE wb_run_members AS
        SELECT m.pair_id, m.split, p.status
        FROM subset_members m LEFT JOIN current_pairs p ON p.id = m.pair_id
        WHERE m.name = ? AND m.version = ?
        """,
        [name, version],
    )
    total, rejected, stored_eval = one(
        con,
        "SELECT count(*), count(*) FILTER (WHERE status = 'rejected'), "
        "count(*) FILTER (WHERE split = 'eval' AND status IS DISTINCT FROM 'rejected') "
        "FROM wb_run_members",
    )
    label = f"subset {name} v{version}"
    if total == 0:
        raise WorkbenchError(f"{label} is empty: nothing to train on")
    if rejected == total:
        raise WorkbenchError(
            f"all {total} pairs of {label} are rejected: accept or reset some, then "
            f"`workbench subset freeze {name}`"
        )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE wb_run_keep AS SELECT pair_id, split FROM wb_run_members "
        "WHERE status IS DISTINCT FROM 'rejected'"
    )
    if stored_eval:
        source = "subset"
        con.execute("CREATE OR REPLACE TEMP TABLE wb_run_split AS SELECT * FROM wb_run_keep")
    else:
        source = "seeded"
        assign_splits(con, "wb_run_keep", {"eval": eval_fraction}, seed, table="wb_run_split")
    n_train, n_eval, train_hash = one(
        con,
        "SELECT count(*) FILTER (WHERE split = 'train'), count(*) FILTER (WHERE split = 'eval'), "
        "sha256(coalesce(string_agg(pair_id, chr(10) ORDER BY pair_id) "
        "FILTER (WHERE split = 'train'), '')) FROM wb_run_split",
    )
    if n_train == 0:
        raise WorkbenchError(f"{label} has no pairs in its train split: nothing to train on")
    ids_hash = scalar(
        con, "SELECT ids_hash FROM subsets WHERE name = ? AND version = ?", [name, version]
    )
    meta = {"subset": name, "version": str(version), "ids_hash": ids_hash, "split_source": source}
    _copy(con, "train", train_path, meta)
    _copy(con, "eval", eval_path, meta)
    return RunData(name, version, ids_hash, source, n_train, n_eval, rejected, train_hash)


_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def next_run_id(con: duckdb.DuckDBPyConnection, subset: str) -> str:
    """`SUBSET-N`, one more than the runs of that subset so far."""
    n = scalar(con, "SELECT count(*) FROM runs WHERE subset_name = ?", [subset]) or 0
    while True:
        n += 1
        run_id = f"{subset}-{n}"
        if not scalar(con, "SELECT count(*) FROM runs WHERE run_id = ?", [run_id]):
            return run_id


def register_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    data: RunData,
    base_model: str,
    config: dict[str, Any],
    run_dir: Path,
) -> None:
    """Record a new run with the snapshot it trains on; status 'created' until launched."""
    if not _RUN_ID.match(run_id):
        raise WorkbenchError(f"run id '{run_id}': use letters, digits, '.', '_' or '-'")
    with transaction(con):
        if scalar(con, "SELECT count(*) FROM runs WHERE run_id = ?", [run_id]):
            raise WorkbenchError(f"run '{run_id}' already exists")
        con.execute(
            "INSERT INTO runs (run_id, subset_name, subset_version, ids_hash, base_model, config, "
            "run_dir, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'created', now()::TIMESTAMP)",
            [
                run_id,
                data.subset,
                data.version,
                data.ids_hash,
                base_model,
                json.dumps(config),
                str(run_dir),
            ],
        )


def update_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    *,
    status: str,
    pid: int | None = None,
    error: str | None = None,
    final_metrics: dict[str, Any] | None = None,
    adapter_path: str | None = None,
) -> None:
    """Set a run's state; a terminal state stamps finished_at once."""
    con.execute(
        """
        UPDATE runs SET status = ?, pid = coalesce(?, pid), error = ?,
               final_metrics = coalesce(?, final_metrics),
               adapter_path = coalesce(?, adapter_path),
               finished_at = CASE WHEN ? THEN coalesce(finished_at, now()::TIMESTAMP) END
        WHERE run_id = ?
        """,
        [
            status,
            pid,
            error,
            json.dumps(final_metrics) if final_metrics is not None else None,
            adapter_path,
            status in TERMINAL,
            run_id,
        ],
    )


def replace_metrics(
    con: duckdb.DuckDBPyConnection, run_id: str, records: Iterable[dict[str, Any]]
) -> int:
    """Replace a run's metric rows with these metrics.jsonl records; returns how many."""
    rows = [[run_id, *(r.get(c) for c in METRIC_COLUMNS)] for r in records]
    with transaction(con):
        con.execute("DELETE FROM run_metrics WHERE run_id = ?", [run_id])
        if rows:
            con.executemany(
                f"INSERT INTO run_metrics VALUES ({', '.join('?' * (len(METRIC_COLUMNS) + 1))})",
                rows,
            )
    return len(rows)


def replace_eval_results(con: duckdb.DuckDBPyConnection, run_id: str, table: pa.Table) -> int:
    """Replace a run's per-pair predictions, scores and losses with predictions.parquet's rows."""
    missing = [c for c in RESULT_COLUMNS if c not in table.column_names]
    if missing:
        raise WorkbenchError(f"predictions lack column(s) {', '.join(missing)}")
    con.register("wb_predictions", table.select(list(RESULT_COLUMNS)))
    try:
        with transaction(con):
            con.execute("DELETE FROM eval_results WHERE run_id = ?", [run_id])
            con.execute(
                "INSERT INTO eval_results (run_id, model, pair_id, split, prediction, em, f1, loss) "
                "SELECT ?, model, pair_id, split, prediction, em, f1, loss FROM wb_predictions",
                [run_id],
            )
    finally:
        con.unregister("wb_predictions")
    return table.num_rows


def resolve_run(con: duckdb.DuckDBPyConnection, ref: str) -> str:
    """A run id from its full id, a unique prefix, or `last` (the newest run)."""
    if ref == "last":
        run_id = scalar(
            con, "SELECT run_id FROM runs ORDER BY created_at DESC, run_id DESC LIMIT 1"
        )
        if run_id is None:
            raise NotFoundError("there are no runs yet: start one with `workbench train`")
        return run_id
    if scalar(con, "SELECT count(*) FROM runs WHERE run_id = ?", [ref]):
        return ref
    matches = [
        r[0]
        for r in con.execute(
            "SELECT run_id FROM runs WHERE starts_with(run_id, ?) ORDER BY run_id", [ref]
        ).fetchall()
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise WorkbenchError(f"run '{ref}' is ambiguous: {', '.join(matches[:5])}")
    raise NotFoundError(f"no run '{ref}': `workbench runs` lists them")


def get_run(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, Any]:
    """One run's row, with config and final metrics parsed."""
    rows = dicts(con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id]))
    if not rows:
        raise NotFoundError(f"no run '{run_id}'")
    run = rows[0]
    for key in ("config", "final_metrics"):
        run[key] = json.loads(run[key]) if run[key] else None
    return run


def list_runs(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every run, newest first, with its final train loss and eval scores."""
    return dicts(
        con.execute(
            """
            WITH scores AS (
                SELECT run_id,
                       avg(em) FILTER (WHERE model = 'adapter') AS em,
                       avg(f1) FILTER (WHERE model = 'adapter') AS f1,
                       avg(f1) FILTER (WHERE model = 'base') AS base_f1
                FROM eval_results WHERE split = 'eval' GROUP BY run_id
            )
            SELECT r.run_id, r.subset_name || '@' || r.subset_version AS subset, r.status,
                   r.base_model, strftime(r.created_at, '%Y-%m-%d %H:%M') AS created,
                   (r.final_metrics->>'global_step')::INTEGER AS steps,
                   round((r.final_metrics->>'train_loss')::DOUBLE, 4) AS train_loss,
                   round(s.em, 4) AS em, round(s.f1, 4) AS f1, round(s.base_f1, 4) AS base_f1,
                   r.run_dir, r.pid
            FROM runs r LEFT JOIN scores s USING (run_id)
            ORDER BY r.created_at DESC, r.run_id DESC
            """
        )
    )


def eval_summary(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict[str, Any]]:
    """Mean EM, F1 and loss per model and split."""
    return dicts(
        con.execute(
            """
            SELECT model, split, count(*) AS pairs, round(avg(em), 4) AS em,
                   round(avg(f1), 4) AS f1, round(avg(loss), 4) AS loss
            FROM eval_results WHERE run_id = ? GROUP BY ALL ORDER BY split, model
            """,
            [run_id],
        )
    )


def show_run(con: duckdb.DuckDBPyConnection, ref: str, limit: int = 5) -> dict[str, Any]:
    """A run with its metrics, scores, worst-answered eval pairs and highest-loss train pairs."""
    run = get_run(con, resolve_run(con, ref))
    run_id = run["run_id"]
    run["metrics"] = {
        "points": scalar(con, "SELECT count(*) FROM run_metrics WHERE run_id = ?", [run_id]),
        "last": (
            dicts(
                con.execute(
                    "SELECT * EXCLUDE (run_id) FROM run_metrics WHERE run_id = ? "
                    "ORDER BY step DESC LIMIT 1",
                    [run_id],
                )
            )
            or [None]
        )[0],
    }
    run["scores"] = eval_summary(con, run_id)
    run["worst_eval"] = dicts(
        con.execute(
            """
            SELECT e.pair_id, p.question, p.answer, e.prediction, e.em, e.f1
            FROM eval_results e JOIN current_pairs p ON p.id = e.pair_id
            WHERE e.run_id = ? AND e.split = 'eval' AND e.model = 'adapter'
            ORDER BY e.f1, e.pair_id LIMIT ?
            """,
            [run_id, limit],
        )
    )
    run["highest_train_loss"] = dicts(
        con.execute(
            """
            SELECT e.pair_id, p.question, p.answer, round(e.loss, 4) AS loss
            FROM eval_results e JOIN current_pairs p ON p.id = e.pair_id
            WHERE e.run_id = ? AND e.split = 'train' AND e.loss IS NOT NULL
            ORDER BY e.loss DESC, e.pair_id LIMIT ?
            """,
            [run_id, limit],
        )
    )
    return run


def _flatten(data: dict[str, Any] | None, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in (data or {}).items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def compare_runs(
    con: duckdb.DuckDBPyConnection, ref_a: str, ref_b: str, limit: int = 5
) -> dict[str, Any]:
    """Two runs side by side: config differences, scores, and the eval pairs they disagree on."""
    a, b = get_run(con, resolve_run(con, ref_a)), get_run(con, resolve_run(con, ref_b))
    ca, cb = _flatten(a["config"]), _flatten(b["config"])
    config_diff = [
        {"key": k, "a": ca.get(k), "b": cb.get(k)}
        for k in sorted(ca.keys() | cb.keys())
        if ca.get(k) != cb.get(k) and not k.startswith("data.n_")
    ]
    params = [a["run_id"], b["run_id"]]
    joined = """
        FROM eval_results x JOIN eval_results y
          ON x.pair_id = y.pair_id AND x.split = y.split AND x.model = y.model
        WHERE x.run_id = ? AND y.run_id = ? AND x.split = 'eval' AND x.model = 'adapter'
    """
    agreement = dicts(
        con.execute(
            f"""
            SELECT count(*) AS pairs,
                   count(*) FILTER (WHERE x.em = 1 AND y.em = 1) AS both_right,
                   count(*) FILTER (WHERE x.em = 1 AND y.em < 1) AS only_a,
                   count(*) FILTER (WHERE x.em < 1 AND y.em = 1) AS only_b,
                   count(*) FILTER (WHERE x.em < 1 AND y.em < 1) AS both_wrong
            {joined}
            """,
            params,
        )
    )[0]
    differences = dicts(
        con.execute(
            f"""
            SELECT x.pair_id, p.question, p.answer, x.prediction AS prediction_a,
                   y.prediction AS prediction_b, x.f1 AS f1_a, y.f1 AS f1_b
            {joined.replace("WHERE", "JOIN current_pairs p ON p.id = x.pair_id WHERE")}
              AND x.f1 IS DISTINCT FROM y.f1
            ORDER BY abs(x.f1 - y.f1) DESC, x.pair_id LIMIT ?
            """,
            [*params, limit],
        )
    )
    keep = ("run_id", "subset_name", "subset_version", "ids_hash", "base_model", "status")
    return {
        "a": {k: a[k] for k in keep}
        | {"final": a["final_metrics"], "scores": eval_summary(con, a["run_id"])},
        "b": {k: b[k] for k in keep}
        | {"final": b["final_metrics"], "scores": eval_summary(con, b["run_id"])},
        "same_data": a["ids_hash"] == b["ids_hash"],
        "config_diff": config_diff,
        "agreement": agreement,
        "differences": differences,
    }
