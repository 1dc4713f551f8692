"""TUI benchmark on a large store, driven through Pilot (and tmux for a real-terminal launch).

    .venv/bin/python bench/tui.py --store bench/out/tui/big.duckdb [--build 1000000]

--build N makes the store first with the sample generator and `workbench import`. Measures:
launch to first rows painted (a fresh process), our own import time at start, a cursor key to
the repaint (p50/p95), a filter or search change to the first rows painted (p50/p95), and the
app's peak RSS. Prints a JSON report and a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OWN = ("workbench", "storage", "training")
START = "import workbench.cli, workbench.tui.app, workbench.tui.modes.browse"


def build(store: Path, n: int) -> None:
    """Sample generator → JSONL → `workbench import` (exit 1 is expected: planted bad lines)."""
    out = store.parent / "gen"
    if not out.exists():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "sample_data/generate.py"),
                "--scale",
                str(n),
                "--out",
                str(out),
            ],
            check=True,
        )
    started = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv/bin/workbench"), "--store", str(store), "import", str(out)],
        check=False,
        stdout=subprocess.DEVNULL,
    )
    print(f"built {store} in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def own_import_seconds() -> float:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", START],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    total = 0
    for line in out.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if m and m[2].split(".")[0] in OWN:
            total += int(m[1])
    return total / 1e6


LAUNCH = """
import asyncio, sys, time
from pathlib import Path
from workbench.tui.app import WorkbenchApp

async def main():
    app = WorkbenchApp(Path(sys.argv[1]))
    async with app.run_test(size=(160, 45)) as pilot:
        while True:
            screen = app.screen
            source = getattr(screen, "source", None)
            if source is not None and len(source) and source.row(0) is not None:
                await pilot.pause()
                break
            await asyncio.sleep(0.002)
        print(time.time(), len(source), flush=True)

asyncio.run(main())
"""


def launch_seconds(store: Path) -> float:
    """A fresh interpreter: import, open the store, run the filter, fetch and paint page one."""
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", LAUNCH, str(store)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    painted = float(out.stdout.split()[0])
    return painted - started


def tmux_launch_seconds(store: Path) -> float | None:
    """The ANCHORS method: a real terminal, polling capture-pane for the first row."""
    if shutil.which("tmux") is None:
        return None
    sock = f"wb-bench-{os.getpid()}-{time.monotonic_ns()}"
    cmd = f"cd {ROOT} && {sys.executable} -m workbench --store {store}"
    started = time.perf_counter()
    subprocess.run(
        ["tmux", "-L", sock, "new-session", "-d", "-s", "b", "-x", "160", "-y", "45", cmd],
        check=True,
    )
    try:
        while time.perf_counter() - started < 60:
            pane = subprocess.run(
                ["tmux", "-L", sock, "capture-pane", "-p", "-t", "b"],
                capture_output=True,
                text=True,
            ).stdout
            if re.search(r"^\s+1 [·✓✗] ", pane, re.M):
                return time.perf_counter() - started
            time.sleep(0.005)
        return None
    finally:
        subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)


async def interactive(store: Path, keys: int) -> dict[str, object]:
    """Cursor keys, page keys, filters and searches in one app; times to the repaint."""
    from textual import events

    from storage.views import Filter, Sort
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screenshots import settle

    report: dict[str, object] = {}
    app = WorkbenchApp(store)
    frames: list[float] = []
    display = app._display

    def timed_display(screen: object, renderable: object) -> None:
        # Every frame the compositor hands to the (headless) driver: the repaint instant.
        if renderable is not None:
            frames.append(time.perf_counter())
        display(screen, renderable)  # type: ignore[arg-type]

    app._display = timed_display  # type: ignore[method-assign]
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = app.screen
        n = len(screen.source)
        report["pairs"] = n

        async def next_frame(after: float, since: float | None = None) -> float:
            """The first frame after `after`; if none comes within 1 s (nothing left to paint),
            the last frame after `since`: it was painted between the change and our poll."""
            deadline = time.perf_counter() + 1.0
            while not frames or frames[-1] <= after:
                if since is not None and time.perf_counter() > deadline:
                    later = [f for f in frames if f > since]
                    if later:
                        return later[-1]
                    deadline += 1.0
                await asyncio.sleep(0.0005)
            return frames[-1]

        async def painted_rows(after: float) -> float:
            """The first frame showing the cursor row's data, after `after`."""
            while True:
                row = screen.source.row(screen.table.cursor) if len(screen.source) else True
                if screen.loading_since is None and row is not None:
                    return await next_frame(max(after, time.perf_counter()), since=after)
                await asyncio.sleep(0.0005)

        cursor: list[float] = []
        data: list[float] = []
        plan = ["j"] * keys + ["pagedown"] * 20 + ["k"] * 20 + ["G", "g"] * 3 + ["pagedown"] * 20
        for key in plan:
            before = screen.table.cursor
            t0 = time.perf_counter()
            app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
            while screen.table.cursor == before and len(screen.source) > 1:
                if time.perf_counter() - t0 > 2:
                    break  # the key could not move the cursor (already at that end)
                await asyncio.sleep(0.0005)
            moved = time.perf_counter()
            cursor.append(await next_frame(moved) - t0)
            data.append(await painted_rows(t0) - t0)
            await asyncio.sleep(0.03)  # a curator's key repeat is slower than this
        report["cursor_ms"] = summary(cursor)
        by_key: dict[str, list[float]] = {}
        for key, t in zip(plan, cursor, strict=True):
            by_key.setdefault(key, []).append(t)
        report["cursor_by_key_ms"] = {k: summary(v) for k, v in by_key.items()}
        report["rows_ready_ms"] = summary(data)

        changes: list[tuple[str, Filter, Sort]] = [
            ("status=pending", Filter(status="pending"), Sort()),
            ("flag", Filter(flag="answer_not_in_context"), Sort()),
            ("source", Filter(source="generated"), Sort()),
            ("tag", Filter(tag="bench"), Sort()),
            ("search 'treaty'", Filter(search="treaty"), Sort()),
            ("search 'Marie Curie'", Filter(search="Marie Curie"), Sort()),
            ("search 'zzzz-no-match'", Filter(search="zzzz-no-match"), Sort()),
            ("search '100%' pending", Filter(search="100%", status="pending"), Sort()),
            ("all pairs", Filter(), Sort()),
        ]
        per: dict[str, list[float]] = {}
        for _ in range(5):
            for label, flt, sort in changes:
                app.sort = sort
                t0 = time.perf_counter()
                screen.apply_filter(flt)
                per.setdefault(label, []).append(await painted_rows(t0) - t0)
                while screen.searching:
                    await asyncio.sleep(0.001)
                per.setdefault(f"{label} (complete)", []).append(time.perf_counter() - t0)
                per.setdefault(f"{label} (count)", []).append(float(len(screen.source)))
        times = [t for k, v in per.items() if not k.endswith(")") for t in v]
        report["filter_ms"] = summary(times)
        report["filter_detail"] = {
            k: (summary(v) if not k.endswith("(count)") else int(v[0])) for k, v in per.items()
        }
        sort_times = []
        for column in ("question", "status", "seq"):
            t0 = time.perf_counter()
            screen.sort_by(column)
            sort_times.append(await painted_rows(t0) - t0)
        report["sort_ms"] = summary(sort_times)
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return report


def summary(values: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values]
    return {
        "n": len(ms),
        "median": round(statistics.median(ms), 1),
        "p95": round(pct(ms, 0.95), 1),
        "max": round(max(ms), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=ROOT / "bench/out/tui/big.duckdb")
    parser.add_argument("--build", type=int, default=0, help="build the store with N pairs first")
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(interactive(args.store, args.keys))))
        return
    if args.build and not args.store.exists():
        args.store.parent.mkdir(parents=True, exist_ok=True)
        build(args.store, args.build)
    report: dict[str, object] = {"store": str(args.store), "cpus": os.cpu_count()}
    report["load_before"] = [round(x, 2) for x in os.getloadavg()]
    report["own_import_s"] = round(min(own_import_seconds() for _ in range(3)), 3)
    launches = [launch_seconds(args.store) for _ in range(5)]
    report["launch_s"] = {
        "median": round(statistics.median(launches), 3),
        "max": round(max(launches), 3),
    }
    tm = [t for t in (tmux_launch_seconds(args.store) for _ in range(3)) if t is not None]
    report["tmux_launch_s"] = round(statistics.median(tm), 3) if tm else None
    # The interactive run gets its own process, so its peak RSS is the app's alone.
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--store", str(args.store), "--keys", str(args.keys)],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"the interactive run failed:\n{out.stderr[-4000:]}")
    report.update(json.loads(out.stdout.strip().splitlines()[-1]))
    report["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2))
    out_dir = ROOT / "bench/out/tui"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
