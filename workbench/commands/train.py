"""`workbench train`, `workbench runs ...` and `workbench eval`: train on a subset, follow, compare.

The store holds what a run trained on and how it did; the run directory is the truth while a run
is alive, and every `runs` command copies its status, metrics and predictions into the store.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from storage.db import connect, open_store
from storage.errors import StoreLockedError, WorkbenchError
from storage.runs import (
    TERMINAL,
    RunData,
    compare_runs,
    export_run_data,
    get_run,
    list_runs,
    next_run_id,
    register_run,
    replace_eval_results,
    replace_metrics,
    resolve_run,
    show_run,
    update_run,
)
from storage.subsets import resolve
from training import config as run_config
from training import launch
from training.errors import RunError
from training.metrics import MetricsTailer, read_metrics
from training.rundir import LIVE_STATES, RunPaths, read_status
from workbench.cli import app
from workbench.console import err, friendly, out, print_json, state

runs_app = typer.Typer(
    help="Training runs: list (the default), show, compare, stop, resume.",
    invoke_without_command=True,
)
app.add_typer(runs_app, name="runs")


@contextmanager
def _user_errors() -> Iterator[None]:
    """Training's own errors become the shells' one red line."""
    try:
        yield
    except RunError as exc:
        raise WorkbenchError(str(exc)) from None


def _runs_root(runs_dir: Path | None) -> Path:
    """--runs-dir, else $WORKBENCH_RUNS, else runs/ next to the store."""
    return runs_dir if runs_dir is not None else runs_root_for(state.store_path)


def runs_root_for(store_path: Path) -> Path:
    """$WORKBENCH_RUNS, else runs/ next to the store (the TUI's default too)."""
    env = os.environ.get("WORKBENCH_RUNS")
    return Path(env) if env else Path(store_path).resolve().parent / "runs"


def known_model_path(base_model: str) -> str:
    """A known offline model's name (e.g. smollm2) means its prepared folder, prepared on first use."""
    from training.base_models import KNOWN, ModelPrepError, prepare

    if base_model not in KNOWN or Path(base_model).exists():
        return base_model
    try:
        return str(prepare(base_model, say=lambda line: err.print(escape(line))))
    except ModelPrepError as exc:
        raise WorkbenchError(str(exc)) from None


def build_config(
    base_model: str, config_file: Path | None, sets: list[str]
) -> run_config.RunConfig:
    """Defaults, then the TOML file, then --set overrides, then --base-model; validated."""
    with _user_errors():
        config = run_config.load(config_file) if config_file else run_config.RunConfig()
        run_config.apply_overrides(config, sets)
        config.model.base_model = base_model
        return run_config.validate(config)


def export_run(
    con: Any, subset: str, config: run_config.RunConfig, root: Path
) -> tuple[str, RunPaths, RunData]:
    """A new run directory under `root` holding the subset's train/eval snapshot (shared with the
    TUI, so both launch runs the same way)."""
    name, version = resolve(con, subset)
    run_id = next_run_id(con, name)
    paths = RunPaths((root / run_id).resolve())
    paths.root.mkdir(parents=True, exist_ok=False)
    try:
        data = export_run_data(
            con,
            f"{name}@{version}",
            paths.train,
            paths.eval,
            eval_fraction=config.data.eval_fraction,
            seed=config.data.split_seed,
        )
    except BaseException:
        shutil.rmtree(paths.root, ignore_errors=True)
        raise
    return run_id, paths, data


def finish_config(paths: RunPaths, config: run_config.RunConfig, data: RunData) -> Any:
    """Record the snapshot in the config, check the prompts fit, save config.toml; the preview."""
    from training.preview import preview_run

    for key, value in asdict(data).items():
        setattr(config.data, key, value)
    with _user_errors():
        preview = preview_run(paths, config)
    if preview.n_dropped == preview.lengths.n:
        raise WorkbenchError(
            f"every prompt is longer than train.max_length = {config.train.max_length}: "
            f"raise it (the longest example has {preview.lengths.max} tokens)"
        )
    run_config.save(config, paths.config)
    return preview


def start_run(con: Any, run_id: str, paths: RunPaths) -> Any:
    """Launch the registered run detached and record its pid; the process handle."""
    proc = launch.start(paths.root)
    update_run(con, run_id, status="starting", pid=proc.pid)
    return proc


# ---------------------------------------------------------------- syncing run files into the store


def _file_state(run: dict[str, Any]) -> dict[str, Any]:
    """status.json, with a live state whose process is gone turned into 'failed'."""
    paths = RunPaths(Path(run["run_dir"]))
    status = read_status(paths.status) or {"state": run["status"], "pid": run["pid"]}
    pid = status.get("pid") or run["pid"]
    if status.get("state") in LIVE_STATES and not launch.alive(pid, paths.root):
        status = {
            **status,
            "state": "failed",
            "error": f"the run process {pid} ended without a final state (killed?): see "
            f"{paths.log}; `workbench runs resume {run['run_id']}` continues from the last checkpoint",
        }
    return status


def sync_run(con: Any, run_id: str) -> dict[str, Any]:
    """Copy a run directory's status, metrics and predictions into the store."""
    import pyarrow.parquet as pq

    run = get_run(con, run_id)
    paths = RunPaths(Path(run["run_dir"]))
    if run["status"] == "created" and not paths.status.exists():
        return run
    status = _file_state(run)
    adapter = paths.adapter if (paths.adapter / "adapter_config.json").is_file() else None
    update_run(
        con,
        run_id,
        status=status.get("state", run["status"]),
        pid=status.get("pid"),
        error=status.get("error"),
        final_metrics=status.get("final"),
        adapter_path=str(adapter) if adapter else None,
    )
    replace_metrics(con, run_id, read_metrics(paths.metrics))
    if paths.predictions.exists():
        replace_eval_results(con, run_id, pq.read_table(paths.predictions))
    return get_run(con, run_id)


def _sync_open(con: Any, refs: list[str] | None = None) -> list[str]:
    """Sync the named runs (or every run not yet finished in the store); returns their ids."""
    ids = [resolve_run(con, r) for r in refs] if refs else []
    if not refs:
        placeholders = ", ".join("?" * len(TERMINAL))
        ids = [
            r[0]
            for r in con.execute(
                f"SELECT run_id FROM runs WHERE status NOT IN ({placeholders})", list(TERMINAL)
            ).fetchall()
        ]
    for run_id in ids:
        sync_run(con, run_id)
    return ids


@contextmanager
def _store_synced(refs: list[str] | None = None) -> Iterator[Any]:
    """The store with runs synced; when another process holds it, read-only and unsynced."""
    try:
        con = connect(state.store_path)
    except StoreLockedError as exc:
        err.print(f"[yellow]note:[/] {escape(str(exc))}; showing the store as last synced")
        con = connect(state.store_path, read_only=True)
    else:
        try:
            _sync_open(con, refs)
        except BaseException:
            con.close()
            raise
    try:
        yield con
    finally:
        con.close()


# ---------------------------------------------------------------- rendering


def _render_preview(preview: Any) -> None:
    out.print(
        f"[bold]example[/] {escape(preview.example_id)} ({preview.template} template; "
        "trained tokens between ⟦ ⟧):"
    )
    for text, trained in preview.segments:
        shown = f"⟦{text}⟧" if trained else text
        out.print(f"[bold green]{escape(shown)}[/]" if trained else escape(shown), end="")
    out.print()
    s = preview.lengths
    out.print(
        f"[bold]tokens[/] over {s.n:,} train pairs: min {s.min}, median {s.p50}, p90 {s.p90}, "
        f"p99 {s.p99}, max {s.max}, mean {s.mean}"
    )
    peak = max(n for _, _, n in preview.histogram) or 1
    for lo, hi, n in preview.histogram:
        out.print(
            f"  {lo:>6}–{hi - 1:<6} {'█' * max(1 if n else 0, round(24 * n / peak)):<24} {n:,}"
        )
    out.print(
        f"max_length {preview.max_length}: {preview.n_truncated:,} pairs truncated "
        f"(their answer end is cut), {preview.n_dropped:,} dropped (prompt alone too long)"
    )


def _metric_line(r: dict[str, Any]) -> str:
    parts = [f"step {r['step']:>5}"]
    for key, label, fmt in (
        ("epoch", "epoch", "{:.2f}"),
        ("loss", "loss", "{:.4f}"),
        ("eval_loss", "eval_loss", "{:.4f}"),
        ("learning_rate", "lr", "{:.2e}"),
        ("tokens_per_second", "tok/s", "{:.0f}"),
    ):
        if r.get(key) is not None:
            parts.append(f"{label} {fmt.format(r[key])}")
    return "  ".join(parts)


def _scores_table(scores: list[dict[str, Any]]) -> Table:
    table = Table(box=None, pad_edge=False, title="scores", title_justify="left")
    for column in ("model", "split", "pairs", "em", "f1", "loss"):
        table.add_column(column, justify="left" if column in ("model", "split") else "right")
    for row in scores:
        table.add_row(*(escape("-" if row[c] is None else str(row[c])) for c in row))
    return table


def _short(text: str | None, width: int = 60) -> str:
    text = " ".join((text or "").split())
    return escape(text if len(text) <= width else text[: width - 1] + "…")


# ---------------------------------------------------------------- train


def _follow(proc: Any, paths: RunPaths, quiet: bool) -> None:
    """Print each metrics line as it lands; Ctrl-C asks the run to stop and waits for its save."""
    tailer = MetricsTailer(paths.metrics)

    def drain() -> None:
        for record in tailer.poll().records:
            if not quiet:
                out.print(_metric_line(record))

    stopping = False
    while proc.poll() is None:
        try:
            drain()
            time.sleep(0.5)
        except KeyboardInterrupt:
            if not stopping:
                err.print(
                    "stopping: the current step finishes and the adapter is saved (Ctrl-C again: at once)"
                )
                stopping = True
            launch.stop(proc.pid)
    drain()


@app.command("train")
@friendly
def train_cmd(
    subset: str = typer.Option(..., "--subset", help="Subset to train on: NAME or NAME@VERSION."),
    base_model: str = typer.Option(
        ...,
        "--base-model",
        help="Base causal LM: a local directory, a cached hub id, or smollm2 (prepared offline on first use).",
    ),
    config_file: Path | None = typer.Option(
        None, "--config", help="TOML file of settings (see training/config.py for all of them)."
    ),
    sets: list[str] = typer.Option(
        [], "--set", help="Override one setting, e.g. --set lora.r=16 (repeatable)."
    ),
    detach: bool = typer.Option(
        False, "--detach", help="Start the run in the background and return at once."
    ),
    no_quant: bool = typer.Option(False, "--no-quant", help="Plain LoRA, no 4-bit base model."),
    runs_dir: Path | None = typer.Option(
        None,
        "--runs-dir",
        envvar="WORKBENCH_RUNS",
        help="Where run directories go (default: runs/ next to the store).",
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Check everything and show the preview; start nothing."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Train a LoRA adapter (QLoRA by default) on a subset; shows a preview first."""
    from training.model import check_model

    base_model = known_model_path(base_model)
    config = build_config(base_model, config_file, sets)
    if no_quant:
        config.quant.enabled = False  # recorded in config.toml, so a resume trains the same way
    with _user_errors():
        check_model(
            base_model,
            trust_remote_code=config.model.trust_remote_code,
            local=config.model.local_files_only,
        )
    root = _runs_root(runs_dir)
    with open_store(state.store_path) as con:
        run_id, paths, data = export_run(con, subset, config, root)
    name, version = data.subset, data.version
    try:
        preview = finish_config(paths, config, data)
        if not dry_run:
            with open_store(state.store_path) as con:
                register_run(con, run_id, data, base_model, config.to_dict(), paths.root)
    except BaseException:
        shutil.rmtree(paths.root, ignore_errors=True)
        raise
    if dry_run:
        shutil.rmtree(paths.root, ignore_errors=True)
    info = {
        "run_id": None if dry_run else run_id,
        "run_dir": None if dry_run else str(paths.root),
        "data": asdict(data),
        "preview": preview.to_dict(),
    }
    if not as_json:
        out.print(
            f"[bold]{'dry run' if dry_run else escape(run_id)}[/]: {escape(name)} v{version} "
            f"(snapshot {data.ids_hash[:12]}), {data.n_train:,} train / {data.n_eval:,} eval "
            f"pairs ({data.split_source} split), {data.n_rejected:,} rejected left out"
        )
        _render_preview(preview)
    if dry_run:
        if as_json:
            print_json(info)
        return
    with open_store(state.store_path) as con:
        proc = start_run(con, run_id, paths)
    info["pid"] = proc.pid
    if detach:
        if as_json:
            print_json(info)
        else:
            out.print(
                f"started {escape(run_id)} (pid {proc.pid}) in {escape(str(paths.root))}\n"
                f"follow: `workbench runs show {run_id}` or tail {escape(str(paths.log))}; "
                f"stop: `workbench runs stop {run_id}`"
            )
        return
    _follow(proc, paths, quiet=as_json)
    with open_store(state.store_path) as con:
        run = sync_run(con, run_id)
    if as_json:
        print_json(
            info | {"status": run["status"], "error": run["error"], "final": run["final_metrics"]}
        )
        return
    _render_outcome(run)


def _render_outcome(run: dict[str, Any]) -> None:
    colour = {"completed": "green", "stopped": "yellow", "failed": "red"}.get(
        run["status"], "white"
    )
    out.print(f"[bold]{escape(run['run_id'])}[/]: [{colour}]{run['status']}[/]")
    if run["error"]:
        out.print(f"[red]{escape(run['error'])}[/]")
    final = run["final_metrics"] or {}
    for which, s in (final.get("scores") or {}).items():
        out.print(f"  {which}: EM {s.get('em')}  F1 {s.get('f1')}  eval loss {s.get('eval_loss')}")
    if run["adapter_path"]:
        out.print(f"adapter: {escape(run['adapter_path'])}")


# ---------------------------------------------------------------- runs


@runs_app.callback()
@friendly
def runs_cmd(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """List runs, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    with _store_synced() as con:
        rows = list_runs(con)
    for row in rows:
        if row["status"] in LIVE_STATES:  # progress of a live run is in its status.json
            row["steps"] = (read_status(RunPaths(Path(row["run_dir"])).status) or {}).get("step")
    if as_json:
        print_json(rows)
        return
    if not rows:
        out.print("no runs yet: `workbench train --subset NAME --base-model PATH`")
        return
    table = Table(box=None, pad_edge=False)
    columns = (
        "run_id",
        "subset",
        "status",
        "steps",
        "train_loss",
        "em",
        "f1",
        "base_f1",
        "created",
    )
    for column in columns:
        table.add_column(
            column,
            justify="right" if column in ("steps", "train_loss", "em", "f1", "base_f1") else "left",
        )
    for row in rows:
        table.add_row(*(escape("-" if row[c] is None else str(row[c])) for c in columns))
    out.print(table)


@runs_app.command("show")
@friendly
def show_cmd(
    ref: str = typer.Argument(..., help="Run id, a unique prefix, or 'last'."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """One run: data snapshot, settings, state, metrics, scores, and the pairs it did worst on."""
    with _store_synced([ref]) as con:
        run = show_run(con, ref)
    status = read_status(RunPaths(Path(run["run_dir"])).status) or {}
    run["effective"] = status.get("effective")
    if as_json:
        print_json(run)
        return
    _render_outcome(run)
    config = run["config"] or {}
    data = config.get("data", {})
    out.print(
        f"data: {escape(run['subset_name'])} v{run['subset_version']} (snapshot "
        f"{run['ids_hash'][:12]}), {data.get('n_train', '?')} train / {data.get('n_eval', '?')} "
        f"eval ({data.get('split_source', '?')} split)"
    )
    out.print(f"base model: {escape(run['base_model'])}   dir: {escape(run['run_dir'])}")
    defaults = _flat(run_config.RunConfig().to_dict())
    changed = [
        f"{k}={v}"
        for k, v in _flat(config).items()
        if not k.startswith("data.") and defaults.get(k) != v and k != "model.base_model"
    ]
    out.print(f"settings changed from defaults: {escape(', '.join(changed) or 'none')}")
    if run["effective"]:
        e = run["effective"]
        out.print(
            f"ran on {e['device']}: {'4-bit' if e['quantized'] else 'unquantised'}, "
            f"{e['precision']}, {e['optim']}"
        )
        for note in e.get("notes", []):
            out.print(f"  note: {escape(note)}")
    last = run["metrics"]["last"]
    if last:
        out.print(f"metrics: {run['metrics']['points']} points, last {_metric_line(last)}")
    if run["scores"]:
        out.print(_scores_table(run["scores"]))
    if run["worst_eval"]:
        out.print("[bold]worst-answered eval pairs[/] (adapter):")
        for r in run["worst_eval"]:
            out.print(
                f"  {r['pair_id']}  F1 {r['f1']:.2f}  Q: {_short(r['question'], 50)}  "
                f"gold: {_short(r['answer'], 30)}  got: {_short(r['prediction'], 30)}"
            )
    if run["highest_train_loss"]:
        out.print("[bold]highest-loss train pairs[/] (worth a second look):")
        for r in run["highest_train_loss"]:
            out.print(
                f"  {r['pair_id']}  loss {r['loss']:.3f}  Q: {_short(r['question'], 50)}  A: {_short(r['answer'], 30)}"
            )


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


@runs_app.command("compare")
@friendly
def compare_cmd(
    a: str = typer.Argument(..., help="First run."),
    b: str = typer.Argument(..., help="Second run."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Two runs side by side: settings that differ, scores, and the eval pairs they disagree on."""
    with _store_synced([a, b]) as con:
        result = compare_runs(con, a, b)
    if as_json:
        print_json(result)
        return
    ra, rb = result["a"], result["b"]
    out.print(
        f"[bold]A[/] {escape(ra['run_id'])} ({ra['status']})   [bold]B[/] {escape(rb['run_id'])} "
        f"({rb['status']})   {'same data snapshot' if result['same_data'] else 'different data snapshots'}"
    )
    table = Table(box=None, pad_edge=False, title="differences", title_justify="left")
    for column in ("setting", "A", "B"):
        table.add_column(column)
    for row in result["config_diff"]:
        table.add_row(escape(row["key"]), escape(str(row["a"])), escape(str(row["b"])))
    for key in ("train_loss", "eval_loss", "global_step"):
        va, vb = (ra["final"] or {}).get(key), (rb["final"] or {}).get(key)
        table.add_row(key, escape(_fmt(va)), escape(_fmt(vb)))
    for which in ("adapter", "base"):
        for metric in ("em", "f1"):
            va = next(
                (s[metric] for s in ra["scores"] if s["model"] == which and s["split"] == "eval"),
                None,
            )
            vb = next(
                (s[metric] for s in rb["scores"] if s["model"] == which and s["split"] == "eval"),
                None,
            )
            if va is not None or vb is not None:
                table.add_row(f"{which} {metric}", _fmt(va), _fmt(vb))
    out.print(table)
    g = result["agreement"]
    if g["pairs"]:
        out.print(
            f"on {g['pairs']} shared eval pairs (exact match): both right {g['both_right']}, "
            f"only A {g['only_a']}, only B {g['only_b']}, both wrong {g['both_wrong']}"
        )
    for r in result["differences"]:
        out.print(
            f"  {r['pair_id']}  F1 {_fmt(r['f1_a'])} vs {_fmt(r['f1_b'])}  Q: {_short(r['question'], 40)}  "
            f"A: {_short(r['prediction_a'], 25)}  B: {_short(r['prediction_b'], 25)}"
        )


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.4g}" if isinstance(value, float) else str(value)


@runs_app.command("stop")
@friendly
def stop_cmd(
    ref: str = typer.Argument(..., help="Run id, a unique prefix, or 'last'."),
    wait: bool = typer.Option(False, "--wait", help="Wait until the run has saved and ended."),
) -> None:
    """Stop a run gracefully: it finishes the current step, saves the adapter and ends 'stopped'."""
    with open_store(state.store_path, read_only=True) as con:
        run = get_run(con, resolve_run(con, ref))
    paths = RunPaths(Path(run["run_dir"]))
    status = read_status(paths.status) or {}
    pid = status.get("pid") or run["pid"]
    if not launch.alive(pid, paths.root):
        raise WorkbenchError(
            f"run {run['run_id']} is not running (state {status.get('state', run['status'])})"
        )
    launch.stop(pid)
    out.print(f"stop requested: {escape(run['run_id'])} saves its adapter and ends")
    if wait:
        while launch.alive(pid, paths.root):
            time.sleep(0.5)
        with _store_synced([run["run_id"]]) as con:
            _render_outcome(get_run(con, run["run_id"]))


@runs_app.command("resume")
@friendly
def resume_cmd(
    ref: str = typer.Argument(..., help="Run id, a unique prefix, or 'last'."),
) -> None:
    """Continue a stopped or failed run from its last checkpoint, in the background."""
    with open_store(state.store_path) as con:
        run = sync_run(con, resolve_run(con, ref))
        if run["status"] in LIVE_STATES:
            raise WorkbenchError(f"run {run['run_id']} is still {run['status']}")
        if run["status"] == "completed":
            raise WorkbenchError(
                f"run {run['run_id']} has completed: start a new one with `workbench train`"
            )
        proc = launch.start(run["run_dir"])
        update_run(con, run["run_id"], status="starting", pid=proc.pid)
    out.print(f"resumed {escape(run['run_id'])} (pid {proc.pid})")


# ---------------------------------------------------------------- eval


def _quiet_libraries() -> None:
    """Keep library progress bars and deprecation chatter off the terminal of an in-process eval."""
    import logging
    import warnings

    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    logging.getLogger("bitsandbytes").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module="torch")


@app.command("eval")
@friendly
def eval_cmd(
    ref: str = typer.Argument(..., metavar="RUN", help="Run id, a unique prefix, or 'last'."),
    base: bool = typer.Option(False, "--base", help="Also score the base model, for comparison."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Generate answers for the run's eval split and score them (SQuAD EM and F1), joined to the pairs."""
    from training.evaluate import evaluate_run

    with open_store(state.store_path) as con:
        run = sync_run(con, resolve_run(con, ref))
    if run["status"] in LIVE_STATES:
        raise WorkbenchError(
            f"run {run['run_id']} is still {run['status']}: wait, or `workbench runs stop`"
        )
    _quiet_libraries()
    with _user_errors():
        summary = evaluate_run(Path(run["run_dir"]), base=base)
    with open_store(state.store_path) as con:
        sync_run(con, run["run_id"])
        scores = show_run(con, run["run_id"])["scores"]
    if as_json:
        print_json({"run_id": run["run_id"], "summary": summary, "scores": scores})
        return
    out.print(f"[bold]{escape(run['run_id'])}[/]")
    out.print(_scores_table(scores))
