"""Runs: every training run with its lineage (subset version, snapshot, base model), the loss
curves of the selected runs overlaid on one plot, and a run's evaluation on enter.

The store says what a run trained on; a live run's progress is in its run directory
(status.json, metrics.jsonl), read here in the same worker so the table never lags the files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from storage.errors import WorkbenchError
from storage.runs import TERMINAL, list_runs, show_run
from training import launch
from training.metrics import read_metrics
from training.rundir import LIVE_STATES, RunPaths, read_status
from workbench.tui.actions import bindings
from workbench.tui.modes.base import ModeBar, ModeScreen, StatusBar
from workbench.tui.rowsource import TableSource
from workbench.tui.store import Interrupted, describe
from workbench.tui.widgets.loss_plot import LossPlot, Series, loss_series
from workbench.tui.widgets.table import Column, VirtualTable

STATE_STYLE = {"failed": "vt--error", "stopped": "vt--warning", "running": "vt--info"}


def _num(value: Any, fmt: str = "{:.3f}") -> str:
    return "-" if value is None else fmt.format(value)


COLUMNS = [
    Column("sel", " ", lambda r: ("●" if r.get("selected") else " ", "vt--info"), width=1),
    Column("run_id", "run", lambda r: (r["run_id"], None), flex=2, min_width=10),
    Column("subset", "subset@v", lambda r: (r["subset"], None), flex=2, min_width=10),
    Column("hash", "snapshot", lambda r: ((r.get("ids_hash") or "")[:8], "vt--dim"), width=8),
    Column("base", "base model", lambda r: (r["base_short"], "vt--dim"), flex=1, min_width=8),
    Column("status", "status", lambda r: (r["status"], STATE_STYLE.get(r["status"])), width=9),
    Column("steps", "step", lambda r: (_num(r["steps"], "{}"), None), width=6, align="right"),
    Column("em", "EM", lambda r: (_num(r["em"]), None), width=5, align="right"),
    Column("f1", "F1", lambda r: (_num(r["f1"]), None), width=5, align="right"),
]


def read_runs(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The run table, with a live run's state and step from its status.json."""
    rows = list_runs(con)
    hashes = dict(con.execute("SELECT run_id, ids_hash FROM runs").fetchall())
    for row in rows:
        row["ids_hash"] = hashes.get(row["run_id"])
        row["base_short"] = Path(row["base_model"] or "").name or "-"
        row["stale"] = False
        status = read_status(RunPaths(Path(row["run_dir"])).status) or {}
        if row["status"] not in TERMINAL and status.get("state"):
            row["status"] = status["state"]
            gone = row["status"] in LIVE_STATES and not launch.alive(
                status.get("pid") or row["pid"], row["run_dir"]
            )
            row["stale"] = row["status"] in TERMINAL or gone  # the store has to catch up
        if row["status"] in LIVE_STATES or row["steps"] is None:
            row["steps"] = status.get("step", row["steps"])
    return rows


def sync_runs(con: duckdb.DuckDBPyConnection, run_ids: list[str]) -> int:
    """Copy ended runs' state, metrics and scores into the store (as `workbench runs` does)."""
    from workbench.commands.train import sync_run

    for run_id in run_ids:
        sync_run(con, run_id)
    return len(run_ids)


class RunsLoaded(Message):
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        super().__init__()
        self.rows = rows


class CurvesLoaded(Message):
    def __init__(self, series: list[Series]) -> None:
        super().__init__()
        self.series = series


class RunShown(Message):
    def __init__(self, run: dict[str, Any]) -> None:
        super().__init__()
        self.run = run


class RunsFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class RunsScreen(ModeScreen):
    """Run table on top, overlaid loss curves below; space selects, enter opens the evaluation."""

    mode_name = "runs"
    BINDINGS = bindings("runs")
    DEFAULT_CSS = """
    RunsScreen #run-table { height: 2fr; min-height: 5; }
    RunsScreen #run-plot { height: 3fr; border-top: solid $panel; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows = TableSource()
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield VirtualTable(
            self.rows,
            COLUMNS,
            empty="no runs yet: start one in Train (6) or with `workbench train`",
            id="run-table",
        )
        yield LossPlot(id="run-plot")
        yield StatusBar()
        yield Footer()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#run-table", VirtualTable)

    @property
    def plot(self) -> LossPlot:
        return self.query_one("#run-plot", LossPlot)

    def on_mount(self) -> None:
        super().on_mount()
        self.table.focus()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="runs")
    def _load(self) -> None:
        try:
            with self.wb.store.read("runs") as con:
                rows = read_runs(con)
        except Interrupted:
            return
        except (WorkbenchError, duckdb.Error) as exc:
            self.post_message(RunsFailed(describe(exc)))
            return
        self.post_message(RunsLoaded(rows))

    @on(RunsFailed)
    def failed(self, event: RunsFailed) -> None:
        self.status(event.message, error=True)

    @on(RunsLoaded)
    def loaded(self, event: RunsLoaded) -> None:
        keep = self.table.cursor
        ids = {r["run_id"] for r in event.rows}
        self.selected = [s for s in self.selected if s in ids]
        for row in event.rows:
            row["selected"] = row["run_id"] in self.selected
        self.rows.set(event.rows)
        self.table.reset(min(keep, max(0, len(event.rows) - 1)))
        live = sum(r["status"] in LIVE_STATES for r in event.rows)
        self.info(f"{len(event.rows)} runs · {live} live · space: overlay · enter: evaluation")
        self._curves()
        stale = [r["run_id"] for r in event.rows if r["stale"]]
        if stale:
            self.wb.write(lambda con: sync_runs(con, stale), lambda n: f"synced {n} ended run(s)")

    @on(VirtualTable.CursorMoved, "#run-table")
    def moved(self, event: VirtualTable.CursorMoved) -> None:
        if not self.selected:
            self._curves()

    def _row(self) -> dict[str, Any] | None:
        return self.rows.row(self.table.cursor)

    def plotted(self) -> list[dict[str, Any]]:
        """The selected runs, or the run under the cursor when none is selected."""
        rows = [self.rows.row(i) for i in range(len(self.rows))]
        chosen = [r for r in rows if r and r["run_id"] in self.selected]
        if chosen:
            return chosen
        row = self._row()
        return [row] if row else []

    def _curves(self) -> None:
        runs = [(r["run_id"], r["run_dir"]) for r in self.plotted()]
        self._read_curves(runs, len(runs) > 1)

    @work(thread=True, exclusive=True, exit_on_error=False, group="run-curves")
    def _read_curves(self, runs: list[tuple[str, str]], overlay: bool) -> None:
        series: list[Series] = []
        for i, (run_id, run_dir) in enumerate(runs):
            records = read_metrics(RunPaths(Path(run_dir)).metrics)
            found = loss_series(records, f"{run_id} " if overlay else "", 2 * i)
            series.extend(found[:1] if overlay else found)
        self.post_message(CurvesLoaded(series))

    @on(CurvesLoaded)
    def curves(self, event: CurvesLoaded) -> None:
        self.plot.set_series(event.series)

    def action_cursor(self, delta: int) -> None:
        self.table.move_to(self.table.cursor + delta)

    def action_select(self) -> None:
        row = self._row()
        if row is None:
            return
        run_id = row["run_id"]
        if run_id in self.selected:
            self.selected.remove(run_id)
        else:
            self.selected.append(run_id)
        row["selected"] = run_id in self.selected
        self.table.redraw()
        self.status(f"{len(self.selected)} runs overlaid" if self.selected else "")
        self._curves()

    def action_toggle_plot(self, what: str) -> None:
        on_ = self.plot.toggle(what)
        self.status(f"{'log scale' if what == 'log' else 'smoothing'} {'on' if on_ else 'off'}")

    def action_reload(self) -> None:
        self._load()

    def action_open(self) -> None:
        row = self._row()
        if row is not None:
            self._show(row["run_id"])

    @work(thread=True, exclusive=True, exit_on_error=False, group="run-show")
    def _show(self, run_id: str) -> None:
        try:
            with self.wb.store.read() as con:
                run = show_run(con, run_id, limit=8)
        except (WorkbenchError, duckdb.Error) as exc:
            self.post_message(RunsFailed(describe(exc)))
            return
        self.post_message(RunShown(run))

    @on(RunShown)
    def shown(self, event: RunShown) -> None:
        self.app.push_screen(EvalScreen(event.run))


def render_eval(run: dict[str, Any]) -> Content:
    """A run's lineage, scores, and the eval pairs it answered worst (prediction vs gold)."""
    config = run.get("config") or {}
    train = config.get("train", {})
    parts: list[tuple[str, str] | str] = [
        (f"{run['run_id']}", "bold $accent"),
        f"  {run['status']}\n",
        ("data  ", "bold"),
        f"{run['subset_name']} v{run['subset_version']} (snapshot {run['ids_hash'][:12]})\n",
        ("model ", "bold"),
        f"{run['base_model']}\n",
        ("config ", "bold"),
        f"lr {train.get('learning_rate')}  max_steps {train.get('max_steps')}  "
        f"batch {train.get('batch_size')}  lora.r {config.get('lora', {}).get('r')}\n",
    ]
    if run.get("error"):
        parts.append((f"{run['error']}\n", "$error"))
    parts.append(("\nscores\n", "bold"))
    if not run["scores"]:
        parts.append(("  no evaluation yet\n", "$text-muted"))
    for s in run["scores"]:
        parts.append(
            f"  {s['model']:<8} {s['split']:<6} {s['pairs']:>5} pairs  EM {_num(s['em'])}  "
            f"F1 {_num(s['f1'])}  loss {_num(s['loss'])}\n"
        )
    if run["worst_eval"]:
        parts.append(("\nworst eval pairs\n", "bold"))
    for p in run["worst_eval"]:
        parts.append((f"  F1 {_num(p['f1'])}  ", "$warning"))
        parts.append(f"{p['question']}\n")
        parts.append(("    gold ", "$text-muted"))
        parts.append(f"{p['answer']}\n")
        parts.append(("    pred ", "$text-muted"))
        parts.append(f"{p['prediction']}\n")
    return Content.assemble(*parts)


class EvalScreen(Screen):
    """One run's evaluation; escape goes back to the run table."""

    BINDINGS = bindings("runeval")
    mode_name = "runeval"
    DEFAULT_CSS = """
    EvalScreen #eval-body { height: 1fr; padding: 0 1; }
    """

    def __init__(self, run: dict[str, Any]) -> None:
        super().__init__()
        self.run = run

    def compose(self) -> ComposeResult:
        yield ModeBar("runs")
        with VerticalScroll(id="eval-body"):
            yield Static(render_eval(self.run), id="eval-text")
        yield StatusBar()
        yield Footer()

    def action_close(self) -> None:
        self.app.pop_screen()
