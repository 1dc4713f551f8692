"""Stats: the diversity statistics as plots, for the store or a subset, or two scopes side by side.

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
from textual.widgets import Footer, Label, Static

from storage import views
from storage.errors import WorkbenchError
from workbench.tui.actions import bindings
from workbench.tui.modes.base import ModeScreen, StatusBar
from workbench.tui.store import Interrupted, describe
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


def series(stats: dict[str, Any], key: str) -> tuple[list[Any], list[float], float | None] | None:
    """(x, heights, bar width) for one plot; x are strings for categories. None: no data."""
    found = _series(stats, key)
    if found is None or not any(h > 0 for h in found[1]):
        return None
    return found


def _series(stats: dict[str, Any], key: str) -> tuple[list[Any], list[float], float | None] | None:

    def hist(h: dict[str, Any] | None) -> tuple[list[Any], list[float], float | None] | None:
        if not h or not h.get("bins"):
            return None
        bins = h["bins"]
        return (
            [(b["lo"] + b["hi"]) / 2 for b in bins],
            [float(b["count"]) for b in bins],
            0.9 * float(bins[0]["hi"] - bins[0]["lo"]),
        )

    if key == "question_len":
        return hist(stats["lengths"].get("question"))
    if key == "answer_len":
        return hist(stats["lengths"].get("answer"))
    if key == "coverage":
        return hist(stats["coverage"].get("histogram"))
    if key == "question_types":
        rows = [q for q in stats["question_types"] if q["pairs"]]
        return (
            ([q["type"] for q in rows], [float(q["pairs"]) for q in rows], None) if rows else None
        )
    if key == "flags":
        rows = stats["flags"]["by_code"][:8]
        if not rows:
            return None
        return [r["code"][:10] for r in rows], [100.0 * r["rate"] for r in rows], None
    if key == "clusters":
        rows = stats.get("cluster_sizes") or []
        if not rows:
            return None
        sizes: dict[int, int] = {}
        for r in rows:
            sizes[r["size"]] = sizes.get(r["size"], 0) + r["clusters"]
        xs = sorted(sizes)
        return [str(x) for x in xs], [float(sizes[x]) for x in xs], None
    if key == "topics":
        topics = stats.get("topics") or {}
        rows = topics.get("topics") or topics.get("sizes") or []
        if not rows:
            return None
        counts = [float(r.get("pairs", r.get("size", 0))) for r in rows][:20]
        return [str(i + 1) for i in range(len(counts))], counts, None
    return None


class StatsLoaded(Message):
    def __init__(self, request: int, left: dict[str, Any], right: dict[str, Any] | None) -> None:
        super().__init__()
        self.request, self.left, self.right = request, left, right


class StatsFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class PlotPanel(Vertical):
    """A titled plot (or a line saying there is nothing to plot)."""

    DEFAULT_CSS = """
    PlotPanel { height: 16; border: round $panel; padding: 0; }
    PlotPanel > Label { width: 1fr; height: 1; color: $text-muted; padding: 0 1; }
    PlotPanel > PlotWidget { height: 1fr; }
    PlotPanel > .no-data { height: 1fr; color: $text-muted; padding: 1 2; }
    """

    def __init__(
        self, title: str, data: tuple[list[Any], list[float], float | None] | None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.data = data

    def compose(self) -> ComposeResult:
        from textual_plot import PlotWidget

        yield Label(self.title_text, markup=False)
        if self.data is None:
            yield Static("no data", classes="no-data")
        else:
            yield PlotWidget(allow_pan_and_zoom=False)

    def on_mount(self) -> None:
        if self.data is None:
            return
        from textual_plot import PlotWidget

        plot = self.query_one(PlotWidget)
        x, y, width = self.data
        top = max(y) if y else 0.0
        if isinstance(x[0], str):
            # Categories keep their slots; an empty one is a label without a bar.
            plot.bar(x, y, width=width, bar_style="cyan")
        else:
            # A zero-height bar would still paint the bottom cell, so empty bins are left out.
            kept = [(a, b) for a, b in zip(x, y, strict=True) if b > 0]
            plot.bar([a for a, _ in kept], [b for _, b in kept], width=width, bar_style="cyan")
            plot.set_xlimits(min(x) - (width or 1), max(x) + (width or 1))
        plot.set_ylimits(0, top * 1.1 if top > 0 else 1)


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
        grid-size: 2; grid-gutter: 0 1; grid-rows: 16; height: auto; padding: 0 1;
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
        panels: list[PlotPanel] = []
        if event.right is None:
            summary = summary_line(event.left)
            for key in keys:
                panels.append(PlotPanel(titles[key], series(event.left, key)))
        else:
            summary = summary_line(event.left) + "\n" + summary_line(event.right)
            for key in keys:
                panels.append(PlotPanel(f"A · {titles[key]}", series(event.left, key)))
                panels.append(PlotPanel(f"B · {titles[key]}", series(event.right, key)))
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
