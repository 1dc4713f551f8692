"""Start-up stays light: our own modules import in ≤ 0.3 s, and the TUI never pulls in torch,
sentence-transformers or transformers (nor the rest of the ML stack) when it starts."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from tests.test_tui_fixtures import make_store


def _bench_tui() -> ModuleType:
    """bench/tui.py, whose start path and wall-clock import measure this test shares."""
    path = Path(__file__).resolve().parent.parent / "bench" / "tui.py"
    spec = importlib.util.spec_from_file_location("bench_tui", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench_tui()
OWN, START = BENCH.OWN, BENCH.START
HEAVY = ("torch", "sentence_transformers", "transformers", "sklearn", "peft", "trl", "datasets")


# Our modules' self time on the start path, in CPU seconds of the importing thread: a wall clock
# (`-X importtime`) also counts the time other processes hold the CPU, which on a shared CI box
# can triple it. Each import is timed on entry and exit; children's time is taken off the parent.
IMPORT_TIMER = """
import builtins, importlib, json, sys, time
own, stack, total = tuple(sys.argv[1].split(",")), [0.0], {"own": 0.0}

def timed(load):
    def run(name, *args, **kwargs):
        if name in sys.modules or (args[3:4] and args[3]):  # cached, or a relative import
            return load(name, *args, **kwargs)
        stack.append(0.0)
        started = time.thread_time()
        try:
            return load(name, *args, **kwargs)
        finally:
            elapsed = time.thread_time() - started
            children = stack.pop()
            stack[-1] += elapsed
            if name.split(".")[0] in own:
                total["own"] += elapsed - children
    return run

builtins.__import__ = timed(builtins.__import__)
importlib.import_module = timed(importlib.import_module)
exec(sys.argv[2])
print(json.dumps(total))
"""


def own_import_seconds() -> float:
    """CPU seconds our packages' module bodies take on the TUI's start path."""
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_TIMER, ",".join(OWN), START],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])["own"]


def test_own_import_time_at_start() -> None:
    best = min(own_import_seconds() for _ in range(3))
    assert best <= 0.3, f"our modules take {best:.3f} CPU s to import"
    assert BENCH.own_import_seconds() > 0  # the wall-clock view the bench reports works too


SCRIPT = """
import asyncio, json, sys
from pathlib import Path
from workbench.tui.app import WorkbenchApp
from workbench.tui.screenshots import settle

async def main():
    app = WorkbenchApp(Path(sys.argv[1]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        rows = len(app.screen.source)
    heavy = sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[2].split(","))
    print(json.dumps({"rows": rows, "heavy": heavy}))

asyncio.run(main())
"""


def test_tui_start_imports_no_ml_stack(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(store), ",".join(HEAVY)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["rows"] == 20
    assert result["heavy"] == []
