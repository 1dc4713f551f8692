"""Train: pick a subset and base model, set the main hyperparameters, launch a detached run, and
follow it live (loss and eval loss, learning rate, tokens/s, GPU memory, ETA, the log's tail).

The run is its own process (training.launch), so quitting the TUI or losing SSH leaves it
running; on open the screen re-attaches to the newest live run. The run directory is read by a
thread at most 4 times a second, and only while this screen is visible.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Checkbox, Footer, Input, Label, Select, Static

from storage.errors import WorkbenchError
from storage.runs import list_runs
from training import launch
from training.config import RunConfig
from training.metrics import MetricsTailer
from training.rundir import LIVE_STATES, RunPaths, read_status
from workbench.tui.actions import bindings
from workbench.tui.modes.base import ModeScreen, StatusBar
from workbench.tui.store import Interrupted, describe
from workbench.tui.widgets.loss_plot import LossPlot, loss_series

POLL_S = 0.25  # at most 4 redraws a second
LOG_LINES = 3
DEFAULTS = RunConfig()
# (field id, label, config key, default shown)
FIELDS: tuple[tuple[str, str, str, Any], ...] = (
    ("max_steps", "max_steps", "train.max_steps", DEFAULTS.train.max_steps),
    ("learning_rate", "lr", "train.learning_rate", DEFAULTS.train.learning_rate),
    ("lora_r", "lora.r", "lora.r", DEFAULTS.lora.r),
    ("batch_size", "batch", "train.batch_size", DEFAULTS.train.batch_size),
    ("max_length", "max_len", "train.max_length", DEFAULTS.train.max_length),
)


def default_base_model() -> str:
    """`smollm2` when its folder is prepared (launch resolves the name to it), else empty: the
    user types a path. The name, not the path, so the form reads the same on every machine."""
    try:
        from training.base_models import prepared_path

        return "smollm2" if prepared_path("smollm2") else ""
    except Exception:
        return ""


def tail_lines(path: Path, n: int = LOG_LINES, block: int = 4096) -> list[str]:
    """The last `n` non-empty lines of a log, reading only its end."""
    try:
        with path.open("rb") as f:
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(0, size - block))
            text = f.read().decode(errors="replace")
    except OSError:
        return []
    return [line for line in text.replace("\r", "\n").splitlines() if line.strip()][-n:]


def eta_text(records: list[dict[str, Any]], max_steps: int | None) -> str:
    """Time left from the step rate so far (elapsed_s of the last record) and max_steps."""
    if not records or not max_steps:
        return "-"
    last = records[-1]
    step, elapsed = last.get("step") or 0, last.get("elapsed_s")
    if not step or not elapsed:
        return "-"
    left = max(0.0, (max_steps - step) * elapsed / step)
    return f"{int(left // 60)}m{int(left % 60):02d}s"


def live_run(runs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The newest run whose process is alive (re-attach), else the newest run."""
    for run in runs:
        if run["status"] in LIVE_STATES and launch.alive(run["pid"], run["run_dir"]):
            return run
    return runs[0] if runs else None


def is_alive(run: dict[str, Any] | None) -> bool:
    return bool(run) and launch.alive(run["pid"], run["run_dir"])  # type: ignore[index]


class FormLoaded(Message):
    def __init__(self, subsets: list[str], runs: list[dict[str, Any]]) -> None:
        super().__init__()
        self.subsets, self.runs = subsets, runs


class Polled(Message):
    def __init__(self, run_id: str, records: list[dict[str, Any]], reset: bool, status: dict, log: list[str]) -> None:  # fmt: skip
        super().__init__()
        self.run_id, self.records, self.reset = run_id, records, reset
        self.status, self.log = status, log


class TrainFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class TrainScreen(ModeScreen):
    """The launch form on the left, the followed run's live panel on the right."""

    mode_name = "train"
    BINDINGS = bindings("train")
    DEFAULT_CSS = """
    TrainScreen #train-body { height: 1fr; }
    TrainScreen #train-form { width: 34; padding: 0 1; border-right: solid $panel; }
    TrainScreen #train-form Horizontal { height: 1; margin-bottom: 1; }
    TrainScreen #train-form Label { width: 10; color: $text-muted; }
    TrainScreen #train-form Input { height: 1; border: none; padding: 0; width: 1fr; }
    TrainScreen #train-form Select { width: 1fr; }
    TrainScreen #train-form Checkbox { height: 1; border: none; padding: 0; }
    TrainScreen #train-live { width: 1fr; padding: 0 1; }
    TrainScreen #train-head { height: 1; }
    TrainScreen #train-stats { height: 3; color: $text-muted; }
    TrainScreen #train-log { height: 3; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[dict[str, Any]] = []
        self.run: dict[str, Any] | None = None
        self.records: list[dict[str, Any]] = []
        self.status_data: dict[str, Any] = {}
        self.tailer: MetricsTailer | None = None
        self.timer: Any = None
        self.pending: str | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with Horizontal(id="train-body"):
            with Vertical(id="train-form"):
                with Horizontal():
                    yield Label("subset")
                    yield Select([], prompt="no subsets", compact=True, id="f-subset")
                with Horizontal():
                    yield Label("base")
                    yield Input(default_base_model(), placeholder="model dir", id="f-base")
                for fid, label, _key, default in FIELDS:
                    with Horizontal():
                        yield Label(label)
                        yield Input(str(default), id=f"f-{fid}")
                yield Checkbox("4-bit (QLoRA)", DEFAULTS.quant.enabled, compact=True, id="f-quant")
            with Vertical(id="train-live"):
                yield Static("", id="train-head")
                yield LossPlot(id="train-plot")
                yield Static("", id="train-stats")
                yield Static("", id="train-log")
        yield StatusBar()
        yield Footer()

    @property
    def plot(self) -> LossPlot:
        return self.query_one("#train-plot", LossPlot)

    def on_mount(self) -> None:
        super().on_mount()
        self.plot.can_focus = True
        self.plot.focus()
        self.timer = self.set_interval(POLL_S, self._tick, pause=True)

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.timer is not None:
            self.timer.resume()

    def on_screen_suspend(self) -> None:
        if self.timer is not None:
            self.timer.pause()

    # Loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="train-form")
    def _load(self) -> None:
        try:
            with self.wb.store.read("train") as con:
                subsets = [
                    f"{n}@{v}"
                    for n, v in con.execute(
                        "SELECT name, max(version) FROM subsets GROUP BY name ORDER BY name"
                    ).fetchall()
                ]
                runs = list_runs(con)
        except Interrupted:
            return
        except (WorkbenchError, duckdb.Error) as exc:
            self.post_message(TrainFailed(describe(exc)))
            return
        for run in runs:  # the run directory is the truth while a run lives
            state = (read_status(RunPaths(Path(run["run_dir"])).status) or {}).get("state")
            if state and run["status"] not in ("completed", "stopped", "failed"):
                run["status"] = state
        self.post_message(FormLoaded(subsets, runs))

    @on(FormLoaded)
    def loaded(self, event: FormLoaded) -> None:
        select = self.query_one("#f-subset", Select)
        current = select.value
        select.set_options([(s, s) for s in event.subsets])
        if current in event.subsets:
            select.value = current
        elif event.subsets:
            select.value = event.subsets[0]
        self.runs = event.runs
        keep = self.pending or (self.run["run_id"] if self.run else None)
        self.pending = None
        chosen = next((r for r in event.runs if r["run_id"] == keep), None)
        self.follow(chosen or live_run(event.runs))

    @on(TrainFailed)
    def failed(self, event: TrainFailed) -> None:
        self.status(event.message, error=True)

    def follow(self, run: dict[str, Any] | None) -> None:
        """Show this run in the live panel (from the start of its metrics)."""
        if run is not None and self.run is not None and run["run_id"] == self.run["run_id"]:
            return
        self.run = run
        self.records = []
        self.status_data = {}
        self.tailer = MetricsTailer(RunPaths(Path(run["run_dir"])).metrics) if run else None
        self.plot.set_series([])
        self.draw([])
        if run is not None:
            self._poll(run, self.tailer)

    # Polling -------------------------------------------------------------------------------

    def _tick(self) -> None:
        if self.run is not None and self.tailer is not None and self.is_current:
            self._poll(self.run, self.tailer)

    @work(thread=True, exclusive=True, exit_on_error=False, group="train-poll")
    def _poll(self, run: dict[str, Any], tailer: MetricsTailer) -> None:
        paths = RunPaths(Path(run["run_dir"]))
        update = tailer.poll()
        status = read_status(paths.status) or {}
        status["alive"] = is_alive(run)
        self.post_message(
            Polled(run["run_id"], update.records, update.reset, status, tail_lines(paths.log))
        )

    @on(Polled)
    def polled(self, event: Polled) -> None:
        if self.run is None or event.run_id != self.run["run_id"]:
            return
        if event.reset:
            self.records = []
        changed = bool(event.records) or event.reset or event.status != self.status_data
        self.records.extend(r for r in event.records if isinstance(r, dict) and "step" in r)
        self.status_data = event.status
        if event.records or event.reset:
            self.plot.set_series(loss_series(self.records))
            self.wb.live_loss = [r["loss"] for r in self.records if r.get("loss") is not None]
        if changed:
            self.draw(event.log)
        else:
            self.query_one("#train-log", Static).update("\n".join(event.log))

    def draw(self, log: list[str]) -> None:
        head = self.query_one("#train-head", Static)
        stats = self.query_one("#train-stats", Static)
        if self.run is None:
            head.update("no runs yet: choose a subset and base model, then L to launch")
            stats.update("")
            self.query_one("#train-log", Static).update("")
            return
        st = self.status_data
        state = st.get("state", self.run["status"])
        if state in LIVE_STATES and not st.get("alive", True):
            state = f"{state}, process gone"
        live = "live" if st.get("alive") else "not running"
        max_steps = st.get("max_steps") or (self.run.get("config") or {}).get("max_steps")
        head.update(f"{self.run['run_id']} · {self.run['subset']} · {state} ({live})")
        last = self.records[-1] if self.records else {}

        def fmt(key: str, spec: str) -> str:
            value = next((r[key] for r in reversed(self.records) if r.get(key) is not None), None)
            return "-" if value is None else format(value, spec)

        step = last.get("step", st.get("step", 0))
        stats.update(
            f"step {step}/{max_steps or '?'}  ETA {eta_text(self.records, max_steps)}\n"
            f"loss {fmt('loss', '.4f')}  eval loss {fmt('eval_loss', '.4f')}\n"
            f"lr {fmt('learning_rate', '.2e')}  tok/s {fmt('tokens_per_second', '.0f')}  "
            f"gpu {fmt('gpu_memory_gb', '.2f')} GB"
        )
        self.query_one("#train-log", Static).update("\n".join(log))
        self.info(f"{len(self.runs)} runs · following {self.run['run_id']}")

    # Actions -------------------------------------------------------------------------------

    def form(self) -> tuple[str, str, list[str], bool]:
        """Subset, base model, --set overrides and quant from the form (raises on bad input)."""
        subset = self.query_one("#f-subset", Select).value
        if not isinstance(subset, str):
            raise WorkbenchError("choose a subset (freeze one in Subsets, 5)")
        base = self.query_one("#f-base", Input).value.strip()
        if not base:
            raise WorkbenchError("type the base model's directory (or prepare smollm2)")
        sets = [
            f"{key}={self.query_one(f'#f-{fid}', Input).value.strip()}"
            for fid, _label, key, _default in FIELDS
        ]
        return subset, base, sets, self.query_one("#f-quant", Checkbox).value

    def action_launch(self) -> None:
        if self.run is not None and is_alive(self.run):
            self.status(f"{self.run['run_id']} is still running: S stops it", error=True)
            return
        try:
            subset, base, sets, quant = self.form()
        except WorkbenchError as exc:
            self.status(str(exc), error=True)
            return
        root = _runs_root(self.wb.store.path)
        self.status(f"exporting {subset} and starting the run…")
        self.wb.write(lambda con: launch_run(con, subset, base, sets, quant, root), self._launched)

    def _launched(self, result: tuple[str, int]) -> str:
        run_id, pid = result
        self.pending = run_id  # followed once the reload (after this write) lists it
        return f"started {run_id} (pid {pid}): it keeps running if you quit"

    def action_stop(self) -> None:
        run = self.run
        if run is None or not is_alive(run):
            self.status("no live run to stop", error=True)
            return
        launch.stop(int(run["pid"]))
        self.status(f"stopping {run['run_id']}: it finishes the step and saves its adapter")

    def action_next_run(self) -> None:
        if not self.runs:
            return
        ids = [r["run_id"] for r in self.runs]
        i = ids.index(self.run["run_id"]) + 1 if self.run and self.run["run_id"] in ids else 0
        self.follow(self.runs[i % len(self.runs)])

    def action_toggle_plot(self, what: str) -> None:
        on_ = self.plot.toggle(what)
        self.status(f"{'log scale' if what == 'log' else 'smoothing'} {'on' if on_ else 'off'}")

    def action_leave_field(self) -> None:
        self.plot.focus()


def _runs_root(store_path: Path) -> Path:
    from workbench.commands.train import runs_root_for

    return runs_root_for(store_path)


def launch_run(
    con: duckdb.DuckDBPyConnection, subset: str, base: str, sets: list[str], quant: bool, root: Path
) -> tuple[str, int]:
    """What `workbench train --detach` does, on the app's writer: export, register, start."""
    from storage.runs import register_run
    from training.base_models import KNOWN, prepared_path
    from training.model import check_model
    from workbench.commands.train import build_config, export_run, finish_config, start_run

    if base in KNOWN and not Path(base).exists():
        base = str(prepared_path(base) or base)
    config = build_config(base, None, sets)
    config.quant.enabled = quant
    try:
        check_model(
            base,
            trust_remote_code=config.model.trust_remote_code,
            local=config.model.local_files_only,
        )
    except Exception as exc:
        raise WorkbenchError(str(exc)) from None
    run_id, paths, data = export_run(con, subset, config, root)
    try:
        finish_config(paths, config, data)
        register_run(con, run_id, data, base, config.to_dict(), paths.root)
    except BaseException:
        shutil.rmtree(paths.root, ignore_errors=True)
        raise
    proc = start_run(con, run_id, paths)  # detached: nothing waits on it
    return run_id, proc.pid
