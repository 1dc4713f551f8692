"""A filter change paints its first page before the whole key set is counted, then the full
view replaces it under the cursor without moving it (a real store of 300 pairs, Pilot)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from storage import views
from storage.db import open_store
from storage.decisions import record
from storage.ingest import import_paths
from storage.views import Filter, Sort
from tests.test_tui_fixtures import browse, ids_by_seq, settle, write_pairs
from workbench.tui.app import WorkbenchApp
from workbench.tui.rowsource import PAGE

pytestmark = pytest.mark.anyio
N = 300


@pytest.fixture
def store(tmp_path: Path) -> Path:
    pairs = [{"c": None, "q": f"Question number {i}?", "a": f"answer {i}"} for i in range(N)]
    store = tmp_path / "first.duckdb"
    with open_store(store, create=True) as con:
        import_paths(con, [write_pairs(tmp_path / "p.jsonl", pairs)], source="gen")
        ids = ids_by_seq(con)
        seqs = sorted(ids)
        record(con, [ids[s] for s in seqs[::3]], "accept")  # every third pair is decided
    return store


async def test_first_page_then_the_count(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    real = views.keys

    def gated(con, flt, sort=Sort(), *, contexts=True, limit=None):  # type: ignore[no-untyped-def]
        if limit is None and flt.status == "pending":
            gate.wait(10)  # hold the full count until the test has seen the first page
        return real(con, flt, sort, contexts=contexts, limit=limit)

    monkeypatch.setattr(views, "keys", gated)
    with open_store(store, read_only=True) as con:
        expected = real(con, Filter(status="pending")).tolist()
    assert len(expected) == N - N // 3

    app = WorkbenchApp(store)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        screen = browse(app)
        screen.apply_filter(Filter(status="pending"))
        for _ in range(500):
            await pilot.pause(0.01)
            if screen.searching and screen.source.row(0) is not None:
                break
        assert screen.searching and screen.source.keys.tolist() == expected[:PAGE]
        assert screen.source.row(PAGE - 1)["seq"] == expected[PAGE - 1]
        await pilot.press("j", "j")
        assert "3/64+ (counting…)" in screen.query_one("StatusBar").info
        await pilot.press("B")  # bulk actions wait for the whole view
        assert "full count" in screen.query_one("StatusBar").message
        gate.set()
        for _ in range(500):
            await pilot.pause(0.01)
            if not screen.searching:
                break
        await settle(pilot)
        assert screen.source.keys.tolist() == expected
        assert screen.table.cursor == 2
        assert f"3/{len(expected)} " in screen.query_one("StatusBar").info
