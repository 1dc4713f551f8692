"""Clusters, Flags, Stats, Subsets, Help, the palette and keymaps, driven through Pilot; each test
checks what the store holds afterwards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage.db import open_store
from storage.views import Filter
from tests.test_tui_fixtures import browse, make_store, settle, state
from workbench.tui.actions import ACTIONS
from workbench.tui.app import WorkbenchApp

pytestmark = pytest.mark.anyio
SIZE = (120, 34)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return make_store(tmp_path)


def _reps(store: Path) -> dict[str, int]:
    with open_store(store, read_only=True) as con:
        rows = con.execute(
            "SELECT k.cluster_id, p.seq FROM clusters k JOIN pairs p ON p.id = k.pair_id "
            "WHERE k.is_representative"
        ).fetchall()
    return dict(rows)


async def test_cluster_resolve_keeps_representative_and_rejects_rest(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert screen.current == ("exact_question", "q1")
        await pilot.press("K")  # q1: keep #1, reject #2; then on to the next open cluster
        await settle(pilot)
        assert screen.current == ("near", "n1")
        await pilot.press("K")  # n1: keep #5, reject #6
        await settle(pilot)
        await pilot.press("u")  # undo the second resolve only
        await settle(pilot)
    s = state(store)
    assert (s[1]["status"], s[2]["status"]) == ("pending", "rejected")
    assert (s[5]["status"], s[6]["status"]) == ("pending", "pending")


async def test_cluster_promote_member_then_resolve(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("n")  # q1 is open too, so n goes to the next one: n1
        await settle(pilot)
        assert app.screen.current == ("near", "n1")
        await pilot.press("tab", "j", "p")  # member #6 becomes the representative
        await settle(pilot)
        await pilot.press("K")
        await settle(pilot)
    assert _reps(store)["n1"] == 6
    s = state(store)
    assert (s[5]["status"], s[6]["status"]) == ("rejected", "pending")


async def test_cluster_next_unresolved_and_browse(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("K")  # resolves q1, moves to n1
        await settle(pilot)
        await pilot.press("K")  # resolves n1, moves to n2
        await settle(pilot)
        assert app.screen.current == ("near", "n2")
        await pilot.press("K")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert "every cluster is resolved" in app.screen.query_one("StatusBar").message
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "browse"
        assert set(browse(app).source.keys.tolist()) == {9, 11}
    s = state(store)
    assert [s[i]["status"] for i in (2, 6, 11)] == ["rejected"] * 3


async def test_cluster_method_filter_and_member_decisions(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("m")  # exact_question only
        await settle(pilot)
        assert len(app.screen.clusters) == 1
        await pilot.press("m")  # near only
        await settle(pilot)
        assert len(app.screen.clusters) == 2
        await pilot.press("tab", "a", "j", "x")
        await settle(pilot)
    s = state(store)
    assert (s[5]["status"], s[6]["status"]) == ("accepted", "rejected")


async def test_flags_counts_drill_down_and_review_precision(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        rows = [screen.rows.row(i) for i in range(len(screen.rows))]
        assert [(r["code"], r["severity"], r["pairs"]) for r in rows] == [
            ("answer_not_in_context", "error", 2),
            ("not_a_question", "error", 1),
            ("short_answer", "warning", 3),
        ]
        await pilot.press("v")  # review queue for answer_not_in_context
        await settle(pilot)
        await pilot.press("y", "n")
        await settle(pilot)
        assert "1 right, 1 wrong" in str(app.screen.query_one("#review-head").render())
        await pilot.press("escape")
        await settle(pilot)
        row = app.screen.rows.row(0)
        assert (row["judged_ok"], row["judged_wrong"]) == (1, 1)
        await pilot.press("j", "j", "enter")  # drill into short_answer
        await settle(pilot)
        assert app.current_mode == "browse"
        assert app.filter == Filter(flag="short_answer", severity="warning")
        assert set(browse(app).source.keys.tolist()) == {2, 9, 20}
    tags = [t for v in state(store).values() for t in v["tags"]]
    assert sorted(tags) == ["rule-ok:answer_not_in_context", "rule-wrong:answer_not_in_context"]


async def test_subset_from_filter_freeze_shows_change(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        browse(app).apply_filter(Filter(status="pending", search="rhine"))
        await settle(pilot)
        await pilot.press("5", "c")
        await settle(pilot)
        await pilot.press(*"rhine", "enter")
        await settle(pilot)
        await pilot.press("1", "a")  # accept a Rhine pair: it leaves the saved filter
        await settle(pilot)
        await pilot.press("5", "z")
        await settle(pilot)
        detail = str(app.screen.query_one("#sub-detail").render())
        assert "v2" in detail and "−1" in detail
    with open_store(store, read_only=True) as con:
        rows = con.execute(
            "SELECT version, n_pairs, filter FROM subsets WHERE name = 'rhine' ORDER BY version"
        ).fetchall()
    assert [(v, n) for v, n, _ in rows] == [(1, 4), (2, 3)]
    assert "contains(lower(question), lower('rhine'))" in rows[0][2]


async def test_subset_from_marks_combine_split_export(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "both.jsonl"
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space", "space", "space")  # mark #1..#3
        await settle(pilot)
        await pilot.press("5", "m")
        await settle(pilot)
        await pilot.press(*"marked", "enter")
        await settle(pilot)
        await pilot.press("1")
        browse(app).apply_filter(Filter(source="gen-b"))
        await settle(pilot)
        await pilot.press("5", "c")
        await settle(pilot)
        await pilot.press(*"genb", "enter")
        await settle(pilot)
        await pilot.press("o")  # combine: union
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("Input").value = "marked"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"genb", "enter")
        await settle(pilot)
        await pilot.press(*"both", "enter")
        await settle(pilot)
        assert app.screen.current == "both"
        await pilot.press("S")
        await settle(pilot)
        app.screen.query_one("Input").value = "eval=0.3"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        app.screen.query_one("Input").value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        assert "exported 13 pairs" in app.screen.query_one("StatusBar").message
    with open_store(store, read_only=True) as con:
        sizes = dict(
            con.execute("SELECT name || '@' || version, n_pairs FROM subsets ORDER BY 1").fetchall()
        )
        splits = dict(
            con.execute(
                "SELECT split, count(*) FROM subset_members WHERE name = 'both' AND version = 2 "
                "GROUP BY 1"
            ).fetchall()
        )
    assert sizes == {"both@1": 13, "both@2": 13, "genb@1": 10, "marked@1": 3}
    assert set(splits) == {"train", "eval"} and sum(splits.values()) == 13
    written = [json.loads(line) for p in out.parent.glob("*.jsonl") for line in p.open()]
    assert len(written) == 13


async def test_stats_single_and_compare(store: Path) -> None:
    from storage.subsets import freeze

    with open_store(store) as con:
        freeze(con, "qa", where="kind = 'qa'")
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        summary = str(app.screen.query_one("#stats-summary").render())
        assert "whole store: 20 pairs" in summary
        assert len(app.screen.query("ChartPanel")) == 6
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("down", "enter")  # compare with qa@1
        await settle(pilot)
        summary = str(app.screen.query_one("#stats-summary").render())
        assert "qa@1: 16 pairs" in summary
        assert len(app.screen.query("ChartPanel")) == 12
        await pilot.press("escape")
        await settle(pilot)
        assert len(app.screen.query("ChartPanel")) == 6


async def test_help_lists_every_action_and_goes_back(store: Path) -> None:
    app = WorkbenchApp(store, keymap={"browse.accept": "A"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "question_mark")
        await settle(pilot)
        assert app.current_mode == "help"
        text = str(app.screen.query_one("#help-text").render())
        for action in ACTIONS:
            assert action.id in text
        assert "A             Accept" in text
        await pilot.press("escape")
        await settle(pilot)
        assert app.current_mode == "flags"


async def test_keymap_remaps_by_action_id(store: Path) -> None:
    app = WorkbenchApp(store, keymap={"browse.accept": "A", "browse.reject": "X"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")  # no longer bound
        await settle(pilot)
        await pilot.press("A", "X")
        await settle(pilot)
    s = state(store)
    assert (s[1]["status"], s[2]["status"]) == ("accepted", "rejected")


async def test_command_palette_runs_an_action_by_name(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"browse: reject")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
    assert state(store)[1]["status"] == "rejected"


async def test_training_modes_open(store: Path) -> None:
    app = WorkbenchApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert app.current_mode == "train"
        assert "no runs yet" in str(app.screen.query_one("#train-head").render())
        await pilot.press("7")
        await settle(pilot)
        assert app.current_mode == "runs"


def test_keymap_file_errors(tmp_path: Path) -> None:
    from storage.errors import WorkbenchError
    from workbench.tui.keymap import load_keymap

    good = tmp_path / "good.toml"
    good.write_text('[keys]\n"browse.accept" = "A"\n', encoding="utf-8")
    assert load_keymap(good) == {"browse.accept": "A"}
    assert load_keymap(tmp_path / "missing.toml") == {}
    bad = tmp_path / "bad.toml"
    bad.write_text('[keys]\n"browse.acept" = "A"\n', encoding="utf-8")
    with pytest.raises(WorkbenchError, match=r"unknown action id\(s\) browse.acept"):
        load_keymap(bad)


def test_external_editor_file_round_trip() -> None:
    from storage.errors import WorkbenchError
    from workbench.tui.editing import from_file_text, to_file_text

    text = to_file_text("What is # here?\nline two", "an answer\n\nwith a blank line")
    assert from_file_text(text) == ("What is # here?\nline two", "an answer\n\nwith a blank line")
    with pytest.raises(WorkbenchError, match="nothing was changed"):
        from_file_text("no markers at all")


def test_answer_span_exact_and_fuzzy() -> None:
    from workbench.tui.highlight import answer_span

    ctx = "The Rhine rises in the Swiss Alps and flows 1,230 kilometres to the North Sea."
    exact = answer_span(ctx, "the swiss alps")
    assert exact is not None and exact.exact and ctx[exact.start : exact.end] == "the Swiss Alps"
    fuzzy = answer_span(ctx, "1,230 km to the North Sea")
    assert fuzzy is not None and not fuzzy.exact and "North Sea" in ctx[fuzzy.start : fuzzy.end]
    assert answer_span(ctx, "zebra crossing quantum") is None
