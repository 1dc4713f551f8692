"""Flags: counts per code and severity, a drill-down into Browse, and a review queue that samples
a rule's flags so a curator can judge it; each rule's estimated precision comes from those
judgements (kept as `rule-ok:CODE` / `rule-wrong:CODE` tags in the decision log, so undoable)."""

from __future__ import annotations

import math
from typing import Any

import duckdb
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from storage import views
from storage.decisions import record
from storage.errors import WorkbenchError
from storage.views import RULE_OK, RULE_WRONG, Filter
from workbench.tui.actions import bindings
from workbench.tui.modes.base import ModeBar, ModeScreen, StatusBar
from workbench.tui.rowsource import TableSource
from workbench.tui.store import Interrupted, describe
from workbench.tui.widgets.detail import render_detail
from workbench.tui.widgets.table import Column, VirtualTable

SAMPLE = 20
SEV = {"error": "vt--error", "warning": "vt--warning", "info": "vt--info"}


def wilson(ok: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """95% Wilson interval of a proportion (None without judgements)."""
    if n == 0:
        return None
    p = ok / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def precision_text(row: dict[str, Any]) -> str:
    ok, bad = row["judged_ok"], row["judged_wrong"]
    n = ok + bad
    if n == 0:
        return "not judged"
    lo, hi = wilson(ok, n) or (0.0, 0.0)
    return f"{ok / n:.0%} ({lo:.0%}–{hi:.0%}, n={n})"


COLUMNS = [
    Column("severity", "severity", lambda r: (r["severity"], SEV.get(r["severity"])), width=8),
    Column("code", "code", lambda r: (r["code"], None), flex=2, min_width=14),
    Column("pairs", "pairs", lambda r: (f"{r['pairs']:,}", None), width=9, align="right"),
    Column(
        "judged",
        "✓/✗",
        lambda r: (f"{r['judged_ok']}/{r['judged_wrong']}", "vt--dim"),
        width=7,
        align="right",
    ),
    Column(
        "precision", "est. precision", lambda r: (precision_text(r), None), flex=2, min_width=12
    ),
]


class SummaryLoaded(Message):
    def __init__(self, rows: list[dict[str, Any]], explain: dict[str, str]) -> None:
        super().__init__()
        self.rows, self.explain = rows, explain


class SampleLoaded(Message):
    def __init__(self, code: str, pairs: list[dict[str, Any]]) -> None:
        super().__init__()
        self.code, self.pairs = code, pairs


class FlagsFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


def _explanations() -> dict[str, str]:
    """What each built-in rule checks (imported lazily: the rules pull in their libraries)."""
    try:
        from workbench.curate.rules.registry import builtin_rules

        return {r.code: r.explain() for r in builtin_rules({})}
    except Exception:
        return {}


class FlagsScreen(ModeScreen):
    """The rule table; enter browses a rule's pairs, v opens its review queue."""

    mode_name = "flags"
    BINDINGS = bindings("flags")
    DEFAULT_CSS = """
    FlagsScreen #flag-table { height: 1fr; }
    FlagsScreen #flag-explain { height: auto; max-height: 8; padding: 0 1; border-top: solid $panel; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows = TableSource()
        self.explain: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield VirtualTable(
            self.rows,
            COLUMNS,
            empty="no flags: run `workbench analyze --only flags`",
            id="flag-table",
        )
        yield Static("", id="flag-explain")
        yield StatusBar()
        yield Footer()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#flag-table", VirtualTable)

    def on_mount(self) -> None:
        super().on_mount()
        self.table.focus()

    def reload(self) -> None:
        self._load(not self.explain)

    @work(thread=True, exclusive=True, exit_on_error=False, group="flags")
    def _load(self, with_explain: bool) -> None:
        try:
            with self.wb.store.read("flags") as con:
                rows = views.flag_summary(con)
        except Interrupted:
            return
        except (WorkbenchError, duckdb.Error) as exc:
            self.post_message(FlagsFailed(describe(exc)))
            return
        self.post_message(SummaryLoaded(rows, _explanations() if with_explain else self.explain))

    @on(FlagsFailed)
    def failed(self, event: FlagsFailed) -> None:
        self.status(event.message, error=True)

    @on(SummaryLoaded)
    def loaded(self, event: SummaryLoaded) -> None:
        keep = self.table.cursor
        self.explain = event.explain
        self.rows.set(event.rows)
        self.table.reset(min(keep, max(0, len(event.rows) - 1)))
        total = sum(r["pairs"] for r in event.rows)
        self.info(f"{len(event.rows)} rules · {total:,} flagged pairs (a pair may count twice)")

    @on(VirtualTable.CursorMoved, "#flag-table")
    def moved(self, event: VirtualTable.CursorMoved) -> None:
        row = self.rows.row(event.index)
        text = ""
        if row is not None:
            text = self.explain.get(row["code"], f"{row['code']}: a user rule")
        self.query_one("#flag-explain", Static).update(text)

    def _row(self) -> dict[str, Any] | None:
        return self.rows.row(self.table.cursor)

    def action_cursor(self, delta: int) -> None:
        self.table.move_to(self.table.cursor + delta)

    def action_drill(self) -> None:
        row = self._row()
        if row is not None:
            self.wb.browse(Filter(flag=row["code"], severity=row["severity"]))

    def action_reload(self) -> None:
        self._load(False)

    def action_review(self) -> None:
        row = self._row()
        if row is None:
            return
        self.status(f"sampling {SAMPLE} unjudged pairs flagged {row['code']}…")
        self._sample(row["code"])

    @work(thread=True, exclusive=True, exit_on_error=False, group="flag-sample")
    def _sample(self, code: str) -> None:
        try:
            with self.wb.store.read() as con:
                pairs = views.flag_sample(con, code, SAMPLE, seed=self.wb.data_version)
        except (WorkbenchError, duckdb.Error) as exc:
            self.post_message(FlagsFailed(describe(exc)))
            return
        self.post_message(SampleLoaded(code, pairs))

    @on(SampleLoaded)
    def sampled(self, event: SampleLoaded) -> None:
        if not event.pairs:
            self.status(f"every pair flagged {event.code} is judged already")
            return
        self.status("")
        self.app.push_screen(ReviewScreen(event.code, event.pairs))


class ReviewScreen(Screen):
    """One sampled pair at a time: y the rule is right, n it is wrong, s skip."""

    BINDINGS = bindings("review")
    DEFAULT_CSS = """
    ReviewScreen #review-head { height: auto; padding: 0 1; background: $boost; }
    ReviewScreen #review-body { height: 1fr; padding: 0 1; }
    """
    mode_name = "review"

    def __init__(self, code: str, pairs: list[dict[str, Any]]) -> None:
        super().__init__()
        self.code = code
        self.pairs = pairs
        self.index = 0
        self.ok = 0
        self.wrong = 0

    def compose(self) -> ComposeResult:
        yield ModeBar("flags")
        yield Static("", id="review-head")
        with VerticalScroll(id="review-body"):
            yield Static("", id="review-pair")
        yield StatusBar()
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        head = self.query_one("#review-head", Static)
        body = self.query_one("#review-pair", Static)
        n = len(self.pairs)
        judged = self.ok + self.wrong
        rate = f"{self.ok / judged:.0%} right so far" if judged else "nothing judged yet"
        if self.index >= n:
            head.update(
                Content.assemble(
                    (f"Review of {self.code} done: ", "bold"),
                    f"{self.ok} right, {self.wrong} wrong of {judged} judged ({rate}). ",
                    ("escape: back to the rules", "$text-muted"),
                )
            )
            body.update("")
            return
        pair = self.pairs[self.index]
        flag = next((f for f in pair["flags"] if f["code"] == self.code), None)
        message = f" — {flag['message']}" if flag else ""
        head.update(
            Content.assemble(
                (f"Is {self.code} right about this pair?", "bold $accent"),
                f"  {self.index + 1}/{n} · {rate}\n",
                (message.strip(" —"), "$warning"),
                (
                    "\ny: the rule is right   n: the rule is wrong   s: skip   escape: stop",
                    "$text-muted",
                ),
            )
        )
        body.update(render_detail(pair))
        self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)

    def action_judge(self, right: bool) -> None:
        if self.index >= len(self.pairs):
            return
        pair = self.pairs[self.index]
        tag = (RULE_OK if right else RULE_WRONG) + self.code
        by = self.app.store.by  # type: ignore[attr-defined]
        if right:
            self.ok += 1
        else:
            self.wrong += 1

        def then(_: Any) -> str:
            return f"judged #{pair['seq']}: {'right' if right else 'wrong'}"

        self.app.write(lambda con: record(con, [pair["id"]], "tag", {"tag": tag}, by=by), then)  # type: ignore[attr-defined]
        self.index += 1
        self.show()

    def action_skip(self) -> None:
        self.index += 1
        self.show()

    def action_close(self) -> None:
        self.app.pop_screen()

    def status(self, message: str, error: bool = False) -> None:
        self.query_one(StatusBar).set_message(message, error)
