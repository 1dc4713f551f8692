"""How long a line written to metrics.jsonl takes to show on the live loss panel (target ≤ 1 s).

The app runs headless through Pilot in Train mode, attached to a registered run; the script
appends one metrics line at a time, then times until the panel's stats line shows that step.

    python bench/panel.py --lines 20
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.db import open_store  # noqa: E402
from storage.subsets import freeze  # noqa: E402
from tests.test_tui_fixtures import make_store, settle  # noqa: E402
from tests.test_tui_train import add_run, write_metrics  # noqa: E402
from workbench.tui.app import WorkbenchApp  # noqa: E402


async def measure(lines: int) -> list[float]:
    """Seconds from each append to the first frame whose stats line names the new step."""
    tmp = Path(tempfile.mkdtemp(prefix="wb-panel-"))
    store = make_store(tmp, analyses=False)
    with open_store(store) as con:
        freeze(con, "all", where="true")
    run_dir = add_run(store, tmp / "runs" / "all-1", "all-1", losses=[2.0], max_steps=lines + 1)
    app = WorkbenchApp(store, start_mode="train")
    latencies: list[float] = []
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.pause(0.5)
        for step in range(2, lines + 2):
            write_metrics(run_dir, [2.0 / step], start=step)
            started = time.perf_counter()
            while f"step {step}/" not in str(app.screen.query_one("#train-stats").render()):
                await pilot.pause(0.01)
                if time.perf_counter() - started > 5:
                    raise SystemExit(f"step {step} never appeared")
            latencies.append(time.perf_counter() - started)
            await pilot.pause(0.3)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=20)
    args = parser.parse_args()
    got = asyncio.run(measure(args.lines))
    ordered = sorted(got)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(
        f"metrics line → panel: median {statistics.median(got) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {max(got) * 1000:.0f} ms over {len(got)} lines (target ≤ 1000 ms)"
    )


if __name__ == "__main__":
    main()
