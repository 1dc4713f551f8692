"""Stats: the diversity statistics as bar charts, for the store or a subset, or two side by side.

The numbers come from `workbench.curate.stats` (SQL aggregates); topics need embeddings, so they
are computed only when asked (t).
"""

from __future__ import annotations

from typing import Any

import duckdb
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Static

from storage import views
from storage.errors import WorkbenchError
from workbench.tui.actions import bindings
from workbench.tui.modes.base import ModeScreen, StatusBar
from workbench.tui.store import Interrupted, describe
from workbench.tui.widgets.bars import BarChart
from workbench.tui.widgets.dialogs import ChoiceScreen

STORE = "(whole store)"
# (key, title); each is drawn from one scope's statistics by `series()`.
PLOTS: tuple[tuple[str, str], ...] = (
    ("question_len", "question length (tokens)"),
    ("answer_len", "answer length (tokens)"),
    ("question_types", "question types (pairs)"),
    ("coverage", "pairs per context"),
    ("clusters", "duplicate cluster sizes"),
    ("flags", "flag rate per code (%)"),
    ("topics", "topic sizes (pairs)"),
)


Series = tuple[list[str], list[float], str]  # labels, values, value format


def series(stats: dict[str, Any], key: str) -> Series | None:
    """Labels and values for one chart (None: nothing to draw)."""
    try:
        found = _series(stats, key)
    except (KeyError, TypeError, ValueError):
        return None
    if found is None or not any(v > 0 for v in found[1]):
        return None
    return found


def _hist(h: dict[str, Any] | None) -> Series | None:
    if not h or not h.get("bins"):
        return None
    labels = []
    for b in h["bins"]:
        if b["hi"] is None:
            labels.append(f"{b['lo']}+")
        elif b["hi"] - b["lo"] == 1:
            labels.append(str(b["lo"]))
        else:
            labels.append(f"{b['lo']}–{b['hi'] - 1}")
    return labels, [float(b["count"]) for b in h["bins"]], "{:,.0f}"


def _series(stats: dict[str, Any], key: str) -> Series | None:
    if key == "question_len":
        return _hist(stats["lengths"].get("question"))
    if key == "answer_len":
        return _hist(stats["lengths"].get("answer"))
    if key == "coverage":
        return _hist(stats["coverage"].get("histogram"))
    if key == "question_types":
        rows = stats["question_types"]
        return [q["type"] for q in rows], [float(q["pairs"]) for q in rows], "{:,.0f}"
    if key == "flags":
        rows = stats["flags"]["by_code"][:12]
        return [r["code"] for r in rows], [100.0 * r["rate"] for r in rows], "{:.1f}%"
    if key == "clusters":
        sizes: dict[int, int] = {}
        for r in stats.get("cluster_sizes") or []:
            sizes[r["size"]] = sizes.get(r["size"], 0) + r["clusters"]
        xs = sorted(sizes)
        return [f"{x} pairs" for x in xs], [float(sizes[x]) for x in xs], "{:,.0f}"
    if key == "topics":
        topics = stats.get("topics") or {}
        rows = topics.get("topics") or topics.get("sizes") or []
        counts = [float(r.get("pairs", r.get("size", 0))) for r in rows][:20]
        labels = [str(r.get("label") or r.get("terms") or i + 1)[:24] for i, r in enumerate(rows)]
        return labels[: len(counts)], counts, "{:,.0f}"
    return None


class StatsLoaded(Message):
    def __init__(self, request: int, left: dict[str, Any], right: dict[str, Any] | None) -> None:
        super().__init__()
        self.request, self.left, self.right = request, left, right


class StatsFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class ChartPanel(Vertical):
    """A bordered bar chart of one statistic."""

    DEFAULT_CSS = """
    ChartPanel { height: auto; border: round $panel; }
    """

    def __init__(self, title: str, data: Series | None) -> None:
        super().__init__()
        self.title_text = title
        self.data = data

    def compose(self) -> ComposeResult:
        labels, values, fmt = self.data if self.data else ([], [], "{:,.0f}")
        yield BarChart(self.title_text, labels, values, fmt)


def summary_line(stats: dict[str, Any]) -> str:
    c = stats["counts"]
    cov = stats["coverage"]
    d2 = stats["distinct"]["question"]["2"]["ratio"]
    scope = stats["scope"]["subset"]
    name = f"{scope}@{stats['scope']['version']}" if scope else "whole store"
    return (
        f"{name}: {c['pairs']:,} pairs ({c['accepted']:,} accepted, {c['rejected']:,} rejected) · "
        f"distinct-2 questions {d2:.2f} · contexts covered {cov['covered']:,}/{cov['contexts']:,} · "
        f"flagged {stats['flags']['rate']:.0%}"
    )


class StatsScreen(ModeScreen):
    """Plots of one scope (two columns of metrics) or of two scopes (one column each)."""

    mode_name = "stats"
    BINDINGS = bindings("stats")
    DEFAULT_CSS = """
    StatsScreen #stats-summary { height: auto; padding: 0 1; color: $text; }
    StatsScreen #stats-body { height: 1fr; }
    StatsScreen #stats-grid {
        grid-size: 2; grid-gutter: 0 1; grid-rows: auto; height: auto; padding: 0 1;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.left: str | None = None
        self.right: str | None = None
        self.topics = False
        self.request = 0
        self.result: tuple[dict[str, Any], dict[str, Any] | None] | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static("computing statistics…", id="stats-summary", markup=False)
        with VerticalScroll(id="stats-body"):
            yield Grid(id="stats-grid")
        yield StatusBar()
        yield Footer()

    def reload(self) -> None:
        self.request += 1
        scopes = self.left if self.right is None else f"{self.left or STORE} vs {self.right}"
        self.info(f"scope: {scopes or STORE}{' · with topics' if self.topics else ''}")
        self._compute(self.request, self.left, self.right, self.topics)

    @work(thread=True, exclusive=True, exit_on_error=False, group="stats")
    def _compute(self, request: int, left: str | None, right: str | None, topics: bool) -> None:
        from workbench.curate.stats import StatsOptions, compare, compute_stats

        options = StatsOptions(topics=topics)
        try:
            with self.wb.store.read("stats") as con:
                sizes = views.cluster_size_histogram(con)
                if right is None:
                    a, b = compute_stats(con, left, options), None
                else:
                    both = compare(con, left, right, options)
                    a, b = both["left"], both["right"]
        except Interrupted:
            return
        except (WorkbenchError, duckdb.Error) as exc:
            self.post_message(StatsFailed(describe(exc)))
            return
        except Exception as exc:  # topics need optional libraries
            self.post_message(StatsFailed(f"statistics failed: {describe(exc)}"))
            return
        for s in (a, b):
            if s is not None:
                s["cluster_sizes"] = sizes
        self.post_message(StatsLoaded(request, a, b))

    @on(StatsFailed)
    def failed(self, event: StatsFailed) -> None:
        self.query_one("#stats-summary", Static).update(event.message)
        self.status(event.message, error=True)

    @on(StatsLoaded)
    async def loaded(self, event: StatsLoaded) -> None:
        if event.request != self.request:
            return
        self.result = (event.left, event.right)
        grid = self.query_one("#stats-grid", Grid)
        await grid.remove_children()
        keys = [k for k, _ in PLOTS if k != "topics" or self.topics]
        titles = dict(PLOTS)
        panels: list[ChartPanel] = []
        if event.right is None:
            summary = summary_line(event.left)
            for key in keys:
                panels.append(ChartPanel(titles[key], series(event.left, key)))
        else:
            summary = summary_line(event.left) + "\n" + summary_line(event.right)
            for key in keys:
                panels.append(ChartPanel(f"A · {titles[key]}", series(event.left, key)))
                panels.append(ChartPanel(f"B · {titles[key]}", series(event.right, key)))
        self.query_one("#stats-summary", Static).update(summary)
        await grid.mount_all(panels)

    def _scopes(self, title: str, selected: str | None, then: Any) -> None:
        self._list_subsets(title, selected, then)

    @work(thread=True, exit_on_error=False, group="stats-scopes")
    def _list_subsets(self, title: str, selected: str | None, then: Any) -> None:
        try:
            with self.wb.store.read() as con:
                subsets = views.facets(con)["subset"]
        except duckdb.Error:
            subsets = []
        options = [(STORE, STORE)] + [(s, s) for s in subsets]
        self.app.call_from_thread(
            self.app.push_screen, ChoiceScreen(title, options, selected=selected or STORE), then
        )

    def action_choose_scope(self, side: str) -> None:
        def chosen(value: str | None) -> None:
            if value is None:
                return
            scope = None if value == STORE else value
            if side == "left":
                self.left = scope
            else:
                self.right = scope if scope is not None else None
            self.reload()

        current = self.left if side == "left" else self.right
        title = "Statistics of" if side == "left" else "Compare with (B)"
        self._scopes(title, current, chosen)

    def action_single(self) -> None:
        if self.right is not None:
            self.right = None
            self.reload()

    def action_topics(self) -> None:
        self.topics = not self.topics
        self.status("computing topics (embeddings: this can take a while)…" if self.topics else "")
        self.reload()

    def action_reload(self) -> None:
        self.reload()
