"""Train and Runs modes through Pilot: runs registered in the store with metrics.jsonl written by
the test (no real training), the loss plot and sparkline, the stop key on a fake live run, and
re-attaching to a live run when the app opens."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from storage.db import open_store
from storage.runs import RunData, register_run, update_run
from storage.subsets import freeze
from tests.test_tui_fixtures import make_store, settle
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.loss_plot import Series, ema, plot_lines, sparkline

pytestmark = pytest.mark.anyio
SIZE = (100, 32)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = make_store(tmp_path, analyses=False)
    with open_store(path) as con:
        freeze(con, "all", where="true")
    return path


def add_run(
    store: Path,
    run_dir: Path,
    run_id: str,
    *,
    status: str = "completed",
    pid: int | None = None,
    losses: list[float] | None = None,
    max_steps: int = 10,
) -> Path:
    """Register a run and write its metrics.jsonl and status.json as a training process would."""
    run_dir.mkdir(parents=True, exist_ok=True)
    data = RunData("all", 1, "ab" * 32, "seeded", 18, 2, 0, "cd" * 32)
    config = {"train": {"max_steps": max_steps, "learning_rate": 2e-4}, "lora": {"r": 8}}
    with open_store(store) as con:
        register_run(con, run_id, data, "/models/tiny", config, run_dir)
        update_run(con, run_id, status=status, pid=pid)
    write_metrics(run_dir, losses or [2.0, 1.5, 1.2, 1.0])
    state = {"state": status, "pid": pid, "step": len(losses or [0] * 4), "max_steps": max_steps}
    (run_dir / "status.json").write_text(json.dumps(state))
    return run_dir


def write_metrics(run_dir: Path, losses: list[float], start: int = 1) -> None:
    with (run_dir / "metrics.jsonl").open("a") as f:
        for i, loss in enumerate(losses, start):
            rec: dict[str, Any] = {
                "step": i,
                "loss": loss,
                "learning_rate": 1e-4,
                "tokens_per_second": 1234.0,
                "gpu_memory_gb": 1.5,
                "elapsed_s": float(i),
            }
            if i % 2 == 0:
                rec["eval_loss"] = loss + 0.1
            f.write(json.dumps(rec) + "\n")


# ---------------------------------------------------------------- plot widget


def test_plot_draws_braille_and_labels() -> None:
    lines = plot_lines([Series("loss", [(1, 3.0), (2, 2.0), (3, 1.0)])], 40, 8)
    assert len(lines) == 8
    text = "\n".join(line.plain for line in lines)
    assert any(0x2800 < ord(ch) <= 0x28FF for ch in text)
    assert "3" in lines[0].plain and "1" in lines[6].plain
    assert all(len(line.plain) <= 40 for line in lines)
    log = plot_lines([Series("loss", [(1, 100.0), (2, 1.0)])], 40, 8, log=True)
    assert "100" in log[0].plain


def test_plot_empty_and_helpers() -> None:
    assert "no loss" in plot_lines([], 40, 5)[0].plain
    assert ema([1.0, 1.0, 1.0]) == pytest.approx([1.0, 1.0, 1.0])
    assert sparkline([3, 2, 1]) == "█▄▁"
    assert sparkline([]) == ""


# ---------------------------------------------------------------- Runs mode


async def test_runs_overlay_lists_two_runs(store: Path, tmp_path: Path) -> None:
    add_run(store, tmp_path / "runs" / "all-1", "all-1", losses=[2.0, 1.0])
    add_run(store, tmp_path / "runs" / "all-2", "all-2", losses=[3.0, 2.5, 2.0])
    app = WorkbenchApp(store, start_mode="runs")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert len(screen.rows) == 2
        await pilot.press("space", "j", "space")
        await settle(pilot)
        await pilot.pause(0.2)
        labels = [s.label for s in screen.plot.series]
        assert any("all-1" in label for label in labels)
        assert any("all-2" in label for label in labels)
        await pilot.press("l")
        assert screen.plot.log_scale
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.2)
        assert app.screen.run["run_id"] in ("all-1", "all-2")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


# ---------------------------------------------------------------- Train mode


def fake_run(run_dir: Path) -> subprocess.Popen[bytes]:
    """A process `launch.alive` takes for this run's trainer: it only sleeps."""
    return subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", "training.run", str(run_dir)],
        start_new_session=True,
    )


async def test_panel_shows_metrics_as_they_are_written(store: Path, tmp_path: Path) -> None:
    run_dir = add_run(store, tmp_path / "runs" / "all-1", "all-1", losses=[2.0, 1.8])
    (run_dir / "train.log").write_text("loading model\nstep 2 loss 1.8\n")
    app = WorkbenchApp(store, start_mode="train")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.4)
        screen = app.screen
        assert screen.run["run_id"] == "all-1"
        assert [r["step"] for r in screen.records] == [1, 2]
        write_metrics(run_dir, [1.5, 1.2], start=3)
        await pilot.pause(0.6)
        assert [r["step"] for r in screen.records] == [1, 2, 3, 4]
        stats = str(screen.query_one("#train-stats").render())
        assert "step 4/10" in stats and "loss 1.2000" in stats and "1234" in stats
        assert "1.50 GB" in stats and "ETA 0m06s" in stats
        assert "step 2 loss 1.8" in str(screen.query_one("#train-log").render())
        labels = [s.label for s in screen.plot.series]
        assert labels == ["loss", "eval"]
        assert app.live_loss == [2.0, 1.8, 1.5, 1.2]


async def test_reattach_and_stop_key_stops_the_live_run(store: Path, tmp_path: Path) -> None:
    add_run(store, tmp_path / "runs" / "all-1", "all-1")
    run_dir = tmp_path / "runs" / "all-2"
    run_dir.mkdir(parents=True)
    proc = fake_run(run_dir)
    try:
        add_run(store, run_dir, "all-2", status="running", pid=proc.pid)
        add_run(store, tmp_path / "runs" / "all-3", "all-3")  # newer, but finished
        app = WorkbenchApp(store, start_mode="train")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.pause(0.4)
            assert app.screen.run["run_id"] == "all-2"  # re-attached to the live one
            assert "(live)" in str(app.screen.query_one("#train-head").render())
            await pilot.press("S")
            assert proc.wait(timeout=10) != 0
            await pilot.pause(0.6)
            assert "process gone" in str(app.screen.query_one("#train-head").render())
    finally:
        proc.kill()
        proc.wait()


async def test_status_bar_sparkline_of_the_live_run_on_other_modes(
    store: Path, tmp_path: Path
) -> None:
    run_dir = tmp_path / "runs" / "all-1"
    run_dir.mkdir(parents=True)
    proc = fake_run(run_dir)
    try:
        add_run(store, run_dir, "all-1", status="running", pid=proc.pid, losses=[3.0, 2.0, 1.0])
        app = WorkbenchApp(store, start_mode="flags")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.pause(2.6)  # the status bar polls every 2 s
            assert app.live_loss == [3.0, 2.0, 1.0]
            bar = str(app.screen.query_one("StatusBar").render())
            assert "loss █▄▁ 1.000" in bar
    finally:
        proc.kill()
        proc.wait()


async def test_launch_a_real_tiny_run_and_follow_it_live(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """L trains a tiny random Llama (CPU, no download) in a detached process; the panel follows."""
    import time

    from training.tiny import build_tiny_llama

    model = build_tiny_llama(tmp_path / "tiny")
    monkeypatch.setenv("WORKBENCH_RUNS", str(tmp_path / "runs"))
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # tiny matrices: see test_training_run
    app = WorkbenchApp(store, start_mode="train")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        values = {"base": str(model), "max_steps": "20", "learning_rate": "0.01", "lora_r": "8"}
        for fid, value in values.items():
            screen.query_one(f"#f-{fid}").value = value
        screen.query_one("#f-quant").value = False
        await pilot.press("L")
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            await pilot.pause(0.5)
            st = screen.status_data
            if st.get("state") in ("completed", "failed", "stopped") and not st.get("alive"):
                break
        assert screen.run is not None and screen.run["run_id"] == "all-1"
        assert screen.status_data.get("state") == "completed", screen.status_data
        await pilot.pause(0.5)
        steps = [r["step"] for r in screen.records if r.get("loss") is not None]
        assert steps == [10, 20]  # logging_steps = 10
        assert "step 20/20" in str(screen.query_one("#train-stats").render())
        await pilot.press("7")  # Runs copies the ended run's state into the store
        await settle(pilot)
        await pilot.pause(1.0)
        await settle(pilot)
        await pilot.pause(1.0)
        row = app.screen.rows.row(0)
        assert row["run_id"] == "all-1" and row["status"] == "completed"
        assert not row["stale"] and row["train_loss"] is not None  # synced from the run dir
        assert app.screen.query_one("StatusBar").message == "synced 1 ended run(s)"


async def test_launch_with_a_missing_model_says_why_and_registers_nothing(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_RUNS", str(tmp_path / "runs"))
    app = WorkbenchApp(store, start_mode="train")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#f-base").value = str(tmp_path / "no-such-model")
        await pilot.press("L")
        await pilot.pause(0.5)
        await settle(pilot)
        bar = app.screen.query_one("StatusBar")
        assert "no-such-model" in bar.message, bar.message
    with open_store(store, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 0
