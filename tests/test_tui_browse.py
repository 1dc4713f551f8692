"""Browse and decisions through the real app under Pilot; every test checks the store afterwards."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from storage.db import open_store
from storage.views import Filter
from tests.test_tui_fixtures import PAIRS, browse, make_store, settle, state
from workbench.tui.app import WorkbenchApp

pytestmark = pytest.mark.anyio
SIZE = (120, 34)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return make_store(tmp_path)


async def test_accept_reject_advance_and_persist(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = browse(app)
        assert len(screen.source) == len(PAIRS)
        await pilot.press("a")  # accept #1, cursor moves to #2
        await settle(pilot)
        assert screen.table.cursor == 1
        await pilot.press("x", "x")  # reject #2 and #3
        await settle(pilot)
        await pilot.press("k", "r")  # back to #3, reset it
        await settle(pilot)
        assert "reset #3" in screen.query_one("StatusBar").message
    s = state(store)
    assert [s[i]["status"] for i in (1, 2, 3, 4)] == ["accepted", "rejected", "pending", "pending"]


async def test_edit_inline_keeps_original(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "e")
        await settle(pilot)
        editor = app.screen
        answer = editor.query_one("#edit-answer")
        answer.text = "the year 1648"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "edited #2" in browse(app).query_one("StatusBar").message
    s = state(store)[2]
    assert s["answer"] == "the year 1648"
    assert s["original_answer"] == "1648"
    assert s["question"] == s["original_question"]


async def test_edit_cancel_and_unchanged_record_nothing(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    with open_store(store, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0


async def test_tag_and_untag(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"needs-review", "enter")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"second", "enter")
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        await pilot.press(*"second", "enter")
        await settle(pilot)
    assert state(store)[1]["tags"] == ["needs-review"]


async def test_undo_redo_unlimited(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", "a", "x")  # accept 1, accept 2, reject 3
        await settle(pilot)
        await pilot.press("u", "u", "u")
        await settle(pilot)
        await pilot.press("u")  # nothing left
        await settle(pilot)
        assert "nothing to undo" in browse(app).query_one("StatusBar").message
        await pilot.press("ctrl+r", "ctrl+r")
        await settle(pilot)
    s = state(store)
    assert [s[i]["status"] for i in (1, 2, 3)] == ["accepted", "accepted", "pending"]


async def test_marks_then_bulk_reject_with_confirmation(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space", "j", "space")  # mark #1 and #3
        await settle(pilot)
        assert len(app.marks) == 2
        await pilot.press("x")
        await settle(pilot)
        assert "2 marked pairs" in str(app.screen.query_one("Label").render())
        await pilot.press("n")  # declined: nothing written
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    s = state(store)
    assert [s[i]["status"] for i in (1, 2, 3)] == ["rejected", "pending", "rejected"]


async def test_bulk_on_whole_filter_states_the_count(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        browse(app).apply_filter(Filter(source="gen-b"))
        await settle(pilot)
        assert len(browse(app).source) == 10
        await pilot.press("B")
        await settle(pilot)
        await pilot.press("down", "enter")  # "Reject all"
        await settle(pilot)
        assert "all 10 pairs" in str(app.screen.query_one("Label").render())
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("u")  # one undo reverts the whole bulk batch…
        await settle(pilot)
        await pilot.press("ctrl+r")  # …and one redo re-applies it
        await settle(pilot)
    s = state(store)
    assert all(s[i]["status"] == "rejected" for i in range(11, 21))
    assert all(s[i]["status"] == "pending" for i in range(1, 11))


async def test_bulk_tag_whole_filter(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        browse(app).apply_filter(Filter(flag="short_answer"))
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")  # "Tag all…"
        await settle(pilot)
        await pilot.press(*"short", "enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    s = state(store)
    assert sorted(i for i, v in s.items() if "short" in v["tags"]) == [2, 9, 20]


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("westphalia", {1, 2, 3, 4}),  # case-insensitive, and the context counts
        ("100%", {8}),
        ("%", {8}),
        ("_", {11}),
        ("by_product", {11}),
        ("by-product", {9, 10, 11, 12}),  # only in the context of those pairs
        ("'", {1, 2, 3, 4, 16}),  # Years' War is in the Westphalia context
        ('"hello"', {17}),
        ("DROP TABLE pairs", {12}),
        ("; drop", {12}),
        ("\\temp", {18}),
        ("\\\\", {18}),
        ("*", {12}),
        ("nothing matches this", set()),
    ],
)
async def test_search_is_literal(store: Path, needle: str, expected: set[int]) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        box = app.screen.query_one("#search")
        box.value = needle
        await pilot.press("enter")
        await settle(pilot)
        screen = browse(app)
        assert set(screen.source.keys.tolist()) == expected
        assert app.filter.search == needle
    with open_store(store, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM pairs").fetchone()[0] == len(PAIRS)


async def test_filter_dialog_and_clear(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        form = app.screen
        form.query_one("#filter-severity").value = "error"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert set(browse(app).source.keys.tolist()) == {8, 12, 16}
        await pilot.press("F")
        await settle(pilot)
        assert len(browse(app).source) == len(PAIRS)


async def test_filters_by_state_tag_cluster_and_subset(store: Path) -> None:
    from storage.subsets import freeze

    with open_store(store) as con:
        freeze(con, "etna", where="question ILIKE '%etna%'")
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", "x")
        await settle(pilot)
        screen = browse(app)
        for flt, expected in [
            (Filter(status="accepted"), {1}),
            (Filter(status="rejected"), {2}),
            (Filter(method="near"), {5, 6, 9, 11}),
            (Filter(cluster="q1"), {1, 2}),
            (Filter(subset="etna"), {5, 6, 7, 8}),
            (Filter(subset="etna", status="pending"), {5, 6, 7, 8}),
            (Filter(flag="*", source="gen-a"), {2, 8, 9}),
            (Filter(kind="instruction"), {17, 18, 19, 20}),
        ]:
            screen.apply_filter(flt)
            await settle(pilot)
            assert set(screen.source.keys.tolist()) == expected, flt


async def test_sort_by_column_and_reverse(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = browse(app)
        screen.sort_by("seq")  # same column again: descending
        await settle(pilot)
        assert screen.source.keys.tolist()[:3] == [20, 19, 18]
        await pilot.press("s")
        await settle(pilot)
        options = app.screen.query_one("OptionList")
        options.highlighted = (
            list(options._id_to_option).index("flags") if hasattr(options, "_id_to_option") else 8
        )
        await pilot.press("enter")
        await settle(pilot)
        assert app.sort.column == "flags"
        assert screen.source.keys.tolist()[-1] in {2, 8, 9, 12, 16, 20}


async def test_next_and_previous_flagged(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = browse(app)
        seen = []
        for _ in range(7):
            await pilot.press("n")
            await settle(pilot)
            seen.append(int(screen.source.keys[screen.table.cursor]))
        assert seen == [2, 8, 9, 12, 16, 20, 20]
        await pilot.press("N")
        await settle(pilot)
        assert int(screen.source.keys[screen.table.cursor]) == 16


async def test_detail_shows_flags_clusters_history_and_span(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "a", "k")
        await settle(pilot)
        screen = browse(app)
        text = str(screen.query_one("#detail-body").render())
        assert "short_answer" in text and "evidence" in text
        assert "exact_question q1" in text
        assert "accept" in text and "History (1)" in text
        await pilot.press("G")
        await settle(pilot)
        assert int(screen.source.keys[screen.table.cursor]) == 20
        await pilot.press("g", *["j"] * 15)
        await settle(pilot)
        text = str(screen.query_one("#detail-body").render())
        assert "answer not found" in text  # #16: "about 764 miles" is not in the context


async def test_copy_uses_osc52_clipboard(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert '"question": "When was the Peace of Westphalia signed?"' in app.clipboard


async def test_open_cluster_from_browse(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert app.current_mode == "clusters"


async def test_store_locked_by_another_process(store: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True);"
            " time.sleep(60)",
            str(store),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        app = WorkbenchApp(store)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
        assert app.return_code == 1
        assert app.open_error is not None
        assert "in use by PID" in app.open_error and str(holder.pid) in app.open_error
    finally:
        holder.kill()
        holder.wait()


async def test_too_small_terminal_says_so(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=(70, 20)) as pilot:
        await settle(pilot)
        notice = app.screen.query_one("TooSmall")
        assert notice.display
        assert "at least 80×24" in str(notice.render())
    app = WorkbenchApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("TooSmall").display
