"""SVG screenshots of the TUI on the sample store: `python -m workbench.tui.screenshots [OUTDIR [NAME…]]`.

Without names it writes the README's shots (docs/tui-browse.svg, -clusters, -stats, -train);
`all` writes every shot.

The snapshot tests (tests/test_tui_snapshots.py) run these same shots through the same
`take_svg_screenshot`, so the README images and the tested screens cannot drift apart.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_PAIRS = ROOT / "sample_data" / "pairs"
STORE_NAME = "sample.duckdb"
# Fixed moments, so decision history and subset versions render the same on every run.
PINNED_AT = "2025-06-02 09:30:00"


async def settle(pilot: Any, rounds: int = 600) -> None:
    """Wait until the app's workers, writes and messages are all done."""
    from textual.worker import WorkerState

    app = pilot.app
    quiet = 0
    for _ in range(rounds):
        await pilot.pause()
        if app.store.is_open:
            await asyncio.to_thread(app.store.flush)
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)
        quiet = 0 if busy else quiet + 1
        if quiet >= 3:
            return
        await asyncio.sleep(0.005)
    raise TimeoutError("the app did not settle")


@dataclass(frozen=True)
class Shot:
    """One screenshot: the mode to start in, keys to press after loading, terminal size."""

    name: str
    mode: str
    keys: tuple[str, ...] = ()
    size: tuple[int, int] = (120, 36)
    title: str = ""
    readme: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def prepare(self) -> Callable[[Any], Awaitable[None]]:
        async def run(pilot: Any) -> None:
            await settle(pilot)
            for key in self.keys:
                await pilot.press(key)
                await settle(pilot)

        return run


SHOTS: tuple[Shot, ...] = (
    Shot("browse", "browse", ("n", "n", "n"), title="Browse", readme=True),
    Shot("browse_80x24", "browse", ("j",), size=(80, 24), title="Browse at 80×24"),
    Shot("clusters", "clusters", ("n", "tab", "j"), title="Clusters", readme=True),
    Shot("flags", "flags", (), title="Flags"),
    Shot("stats", "stats", (), size=(120, 40), title="Stats", readme=True),
    Shot("subsets", "subsets", (), title="Subsets"),
    Shot("train", "train", (), title="Train", readme=True),
    Shot("help", "help", (), title="Help"),
)


def build_sample_store(folder: Path) -> Path:
    """Import sample_data/pairs, run the quick analyses, add a few decisions and a subset."""
    from storage.db import open_store
    from storage.decisions import record
    from storage.ingest import import_paths
    from storage.subsets import freeze
    from storage.views import pin_times
    from workbench.curate.analyze import AnalyzeOptions, analyze

    store = folder / STORE_NAME
    with open_store(store, create=True) as con:
        import_paths(con, [SAMPLE_PAIRS])  # planted malformed lines are kept as import errors
        analyze(con, ["flags", "exact", "near"], AnalyzeOptions())
        ids = [r[0] for r in con.execute("SELECT id FROM pairs ORDER BY seq LIMIT 12").fetchall()]
        record(con, ids[0:3], "accept", by="alice")
        record(con, ids[3:4], "reject", by="alice")
        record(con, ids[4:5], "edit", {"answer": "1648, in Osnabrück and Münster"}, by="alice")
        record(con, ids[5:7], "tag", {"tag": "needs-source"}, by="bob")
        freeze(con, "accepted", where="status = 'accepted'", note="first pass")
        record(con, ids[7:10], "accept", by="alice")
        freeze(con, "accepted", note="second pass")
        pin_times(con, PINNED_AT)
    return store


def make_app(store: Path, shot: Shot) -> Any:
    from workbench.tui.app import WorkbenchApp

    return WorkbenchApp(store, start_mode=shot.mode, by="alice")


def take(store: Path, shot: Shot) -> str:
    """The SVG of one shot (the store is copied, so shots never see each other's changes)."""
    from textual._doc import take_svg_screenshot

    with tempfile.TemporaryDirectory(prefix="workbench-shot-") as tmp:
        copy = Path(tmp) / STORE_NAME
        shutil.copy(store, copy)
        return take_svg_screenshot(
            app=make_app(copy, shot),
            terminal_size=shot.size,
            run_before=shot.prepare(),
            title=f"workbench — {shot.title or shot.name}",
        )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else ROOT / "docs"
    only = set(args[1:])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="workbench-sample-") as tmp:
        store = build_sample_store(Path(tmp))
        for shot in SHOTS:
            wanted = shot.readme if not only else ("all" in only or shot.name in only)
            if not wanted:
                continue
            path = out / f"tui-{shot.name}.svg"
            path.write_text(take(store, shot), encoding="utf-8")
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
