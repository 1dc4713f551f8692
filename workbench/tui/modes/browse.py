"""Browse: the virtual table of pairs beside the detail pane, and every review decision.

Reads are thread workers that post messages (the newest request wins); decisions go through
the app's single writer and are committed before the status line says so.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import duckdb
import numpy as np
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Input

from storage import views
from storage.decisions import record
from storage.errors import WorkbenchError
from storage.views import Filter, Sort
from workbench.tui.actions import bindings
from workbench.tui.modes.base import ModeScreen, StatusBar
from workbench.tui.rowsource import PAGE, PairSource
from workbench.tui.store import Interrupted, describe
from workbench.tui.widgets.detail import PairDetail, render_detail
from workbench.tui.widgets.dialogs import (
    ChoiceScreen,
    ConfirmScreen,
    EditScreen,
    PromptScreen,
    still,
)
from workbench.tui.widgets.table import Column, VirtualTable

STATUS_GLYPH = {"accepted": ("✓", "vt--accepted"), "rejected": ("✗", "vt--rejected")}
SEVERITY_CLASS = {"error": "vt--error", "warning": "vt--warning", "info": "vt--info"}
VERB = {"accept": "accepted", "reject": "rejected", "reset": "reset", "tag": "tagged"}
VERB |= {"untag": "untagged", "edit": "edited"}
NEW_STATUS = {"accept": "accepted", "reject": "rejected", "reset": "pending"}
WIDE = 110  # from this width the detail pane sits beside the table, below it under
DETAIL_DELAY = 0.04  # seconds the cursor rests before the detail pane is fetched
PAINT_WAIT = 0.3  # at most this long the rest of a view waits for its first rows to be painted


def _status(row: dict[str, Any]) -> tuple[str, str | None]:
    return STATUS_GLYPH.get(row["status"], ("·", "vt--pending"))


def _flags(row: dict[str, Any]) -> tuple[str, str | None]:
    n = row["n_flags"]
    if not n:
        return "", None
    return f"{'✗' if row['worst'] == 'error' else '!'}{n}", SEVERITY_CLASS.get(row["worst"])


def _question(row: dict[str, Any]) -> tuple[str, str | None]:
    return (("✎ " if row["edited"] else "") + row["question"]), None


COLUMNS = [
    Column("seq", "#", lambda r: (str(r["seq"]), "vt--dim"), width=7, align="right"),
    Column("status", "", _status, width=1),
    Column("flags", "flag", _flags, width=4),
    Column("question", "question", _question, flex=3, min_width=16),
    Column("answer", "answer", lambda r: (r["answer"], None), flex=2, min_width=10),
    Column("source", "source", lambda r: (r["source"], "vt--dim"), width=10, drop=2),
    Column("tags", "tags", lambda r: (",".join(r["tags"]), "vt--dim"), width=10, drop=1),
]


class KeysLoaded(Message):
    def __init__(
        self,
        request: int,
        keys: np.ndarray,
        seconds: float,
        keep: int | None,
        final: bool = True,
        first: tuple[int, list[dict[str, Any]]] | None = None,
        painted: threading.Event | None = None,
    ) -> None:
        super().__init__()
        self.request, self.keys, self.seconds, self.keep = request, keys, seconds, keep
        self.final, self.first, self.painted = final, first, painted


class LoadFailed(Message):
    def __init__(self, request: int, message: str) -> None:
        super().__init__()
        self.request, self.message = request, message


class PagesLoaded(Message):
    def __init__(self, generation: int, epoch: int, pages: dict[int, list[dict[str, Any]]]) -> None:
        super().__init__()
        self.generation, self.epoch, self.pages = generation, epoch, pages


class PagesFailed(Message):
    def __init__(self, generation: int, pages: list[int]) -> None:
        super().__init__()
        self.generation, self.pages = generation, pages


class DetailLoaded(Message):
    def __init__(self, seq: int, detail: dict[str, Any] | None, content: Content | str) -> None:
        super().__init__()
        self.seq, self.detail, self.content = seq, detail, content


class FlaggedLoaded(Message):
    def __init__(self, generation: int, positions: np.ndarray, step: int) -> None:
        super().__init__()
        self.generation, self.positions, self.step = generation, positions, step


def _first_page(
    con: duckdb.DuckDBPyConnection, keys: np.ndarray, keep: int | None
) -> tuple[int, list[dict[str, Any]]] | None:
    """The page the view will open on (the kept pair's, else the first), fetched with the keys."""
    if keys.size == 0:
        return None
    index = 0
    if keep is not None:
        hits = np.flatnonzero(keys == keep)
        index = int(hits[0]) if hits.size else 0
    page = index // PAGE
    chunk = keys[page * PAGE : (page + 1) * PAGE]
    by_seq = {r["seq"]: r for r in views.rows(con, chunk)}
    return page, [by_seq[int(s)] for s in chunk if int(s) in by_seq]


class BrowseScreen(ModeScreen):
    """Table + detail; a, x, e, t, u… act on the pair under the cursor or the marked pairs."""

    mode_name = "browse"
    BINDINGS = bindings("browse")
    DEFAULT_CSS = """
    BrowseScreen #browse-body { layout: vertical; height: 1fr; }
    BrowseScreen #browse-body.-wide { layout: horizontal; }
    BrowseScreen #pairs { height: 1fr; min-height: 6; }
    BrowseScreen #detail { height: 1fr; border-top: solid $panel; }
    BrowseScreen #browse-body.-wide #pairs { width: 3fr; height: 1fr; }
    BrowseScreen #browse-body.-wide #detail {
        width: 2fr; height: 1fr; border-top: none; border-left: solid $panel;
    }
    BrowseScreen #search { dock: bottom; display: none; height: 1; border: none; padding: 0 1; }
    BrowseScreen #search.-open { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.source = PairSource()
        self.request = 0
        self.shown: tuple[Filter, Sort] | None = None
        self.detail_seq: int | None = None
        self.detail: dict[str, Any] | None = None
        self.flagged: tuple[int, np.ndarray] | None = None
        self.loading_since: float | None = None
        self.searching = False
        self.last_keys_seconds = 0.0
        self._detail_timer: Timer | None = None
        self._moved_at = 0.0

    # Layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with Container(id="browse-body"):
            yield VirtualTable(
                self.source,
                COLUMNS,
                is_marked=lambda row: row["id"] in self.wb.marks,
                empty="no pairs match this filter (F clears it)",
                id="pairs",
            )
            yield PairDetail(id="detail")
        yield still(
            Input(placeholder="search question, answer and context (literal text)", id="search")
        )
        yield StatusBar()
        yield Footer()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#pairs", VirtualTable)

    def on_mount(self) -> None:
        super().on_mount()
        self.table.focus()
        self._layout()

    def on_resize(self) -> None:
        super().on_resize()
        self._layout()

    def _layout(self) -> None:
        body = self.query_one("#browse-body")
        body.set_class(self.app.size.width >= WIDE, "-wide")

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        wanted = (self.wb.filter, self.wb.sort)
        if wanted != self.shown:
            self.load_keys()
        else:
            self.refresh_rows()

    def load_keys(self, keep_seq: int | None = None) -> None:
        """Re-run the filter and sort (in a worker); the view updates when the keys arrive."""
        self.request += 1
        self.flagged = None
        self.searching = False
        if self._detail_timer is not None:
            # The old view's detail would only compete with the new query for the two cores;
            # the new view fetches its own once its cursor rests.
            self._detail_timer.stop()
            self._detail_timer = None
        self.loading_since = time.perf_counter()
        self.shown = (self.wb.filter, self.wb.sort)
        self.table.sort_key = self.wb.sort.column if self.wb.sort.column != "seq" else None
        self.table.sort_descending = self.wb.sort.descending
        self._info()
        self._keys_worker(self.request, self.wb.filter, self.wb.sort, keep_seq)

    @work(thread=True, exclusive=True, exit_on_error=False, group="browse-keys")
    def _keys_worker(self, request: int, flt: Filter, sort: Sort, keep: int | None) -> None:
        started = time.perf_counter()

        def partial(quick: np.ndarray, first: tuple[int, list[dict[str, Any]]] | None) -> None:
            elapsed = time.perf_counter() - started
            painted = threading.Event()
            self.post_message(
                KeysLoaded(request, quick, elapsed, keep, final=False, first=first, painted=painted)
            )
            # The rest of the view waits for those rows to be on screen: on two busy cores the
            # full query would otherwise slow the very frame the curator is waiting for.
            painted.wait(PAINT_WAIT)
            if request != self.request:
                raise Interrupted("browse-keys")  # a newer filter took over meanwhile

        try:
            with self.wb.store.read("browse-keys") as con:
                keys, first = self._load_keys(con, flt, sort, keep, partial)
        except Interrupted:
            return
        except (WorkbenchError, duckdb.Error) as exc:
            self.post_message(LoadFailed(request, describe(exc)))
            return
        elapsed = time.perf_counter() - started
        self.post_message(KeysLoaded(request, keys, elapsed, keep, first=first))

    @staticmethod
    def _load_keys(
        con: duckdb.DuckDBPyConnection,
        flt: Filter,
        sort: Sort,
        keep: int | None,
        partial: Callable[[np.ndarray, tuple[int, list[dict[str, Any]]] | None], None],
    ) -> tuple[np.ndarray, tuple[int, list[dict[str, Any]]] | None]:
        """The view's keys and the page to open on; `partial` gets an early view to paint."""
        if flt.search:
            # Progressive search: the pairs' own text first (fast), then the contexts,
            # which can be far larger; the view grows when they are done.
            quick = views.keys(con, flt, sort, contexts=False)
            partial(quick, _first_page(con, quick, None))
            return views.keys(con, flt, sort), None
        if keep is not None:
            keys = views.keys(con, flt, sort)
            return keys, _first_page(con, keys, keep)
        # The first page alone (a top-N: no full sort, no million-key transfer) is painted
        # while the whole key set is counted.
        quick = views.keys(con, flt, sort, limit=PAGE)
        first = _first_page(con, quick, None)
        if quick.size < PAGE:
            return quick, first  # that was all of it
        partial(quick, first)
        keys = views.keys(con, flt, sort)
        if not np.array_equal(keys[:PAGE], quick):
            first = _first_page(con, keys, None)  # the store changed in between
        return keys, first

    @on(KeysLoaded)
    def keys_loaded(self, event: KeysLoaded) -> None:
        if event.request != self.request:
            if event.painted is not None:
                event.painted.set()
            return
        keep = event.keep
        if self.searching:
            keep = self._cursor_seq()  # the first pass is on screen: stay on the same pair
        self.loading_since = None
        self.searching = not event.final
        self.last_keys_seconds = event.seconds
        self.source.set_keys(event.keys)
        if event.first is not None:
            # The worker fetched the page to show with the keys: no round trip, no placeholders.
            page, rows = event.first
            self.source.put_page(self.source.generation, self.source.epoch, page, rows)
        index = 0
        if keep is not None:
            index = self.source.position(keep) or 0
        self.table.reset(index)
        self._info()
        if event.painted is not None:
            self.call_after_refresh(event.painted.set)

    @on(LoadFailed)
    def load_failed(self, event: LoadFailed) -> None:
        if event.request == self.request:
            self.loading_since = None
            self.searching = False
            self.status(event.message, error=True)
            self._info()

    @on(VirtualTable.PagesWanted)
    def pages_wanted(self, event: VirtualTable.PagesWanted) -> None:
        wanted = {p: self.source.page_keys(p) for p in event.pages}
        self._pages_worker(self.source.generation, self.source.epoch, wanted)

    @work(thread=True, exit_on_error=False, group="browse-pages")
    def _pages_worker(self, generation: int, epoch: int, wanted: dict[int, np.ndarray]) -> None:
        try:
            with self.wb.store.read() as con:
                flat = np.concatenate(list(wanted.values())) if wanted else np.empty(0)
                fetched = {r["seq"]: r for r in views.rows(con, flat)}
        except (Interrupted, WorkbenchError, duckdb.Error):
            self.post_message(PagesFailed(generation, list(wanted)))
            return
        pages = {p: [fetched[int(s)] for s in ks if int(s) in fetched] for p, ks in wanted.items()}
        self.post_message(PagesLoaded(generation, epoch, pages))

    @on(PagesLoaded)
    def pages_loaded(self, event: PagesLoaded) -> None:
        stored = False
        for page, rows in event.pages.items():
            stored = self.source.put_page(event.generation, event.epoch, page, rows) or stored
        if stored:
            self.table.redraw()
            if self.detail_seq is None:
                self._load_detail()

    @on(PagesFailed)
    def pages_failed(self, event: PagesFailed) -> None:
        self.source.drop_pending(event.generation, event.pages)

    def refresh_rows(self) -> None:
        """The store changed under the same keys: refetch the rows on screen and the detail,
        showing the cached ones meanwhile."""
        self.source.invalidate()
        self.table.redraw()
        self._load_detail(force=True)
        self._info()

    def store_changed(self, info: Any = None) -> None:
        self.loaded_version = self.wb.data_version
        self.refresh_rows()

    # Detail -----------------------------------------------------------------------------------

    @on(VirtualTable.CursorMoved)
    def cursor_moved(self, event: VirtualTable.CursorMoved) -> None:
        self._info()
        # While keys repeat, the detail waits for the cursor to rest: one query, not thirty,
        # and one timer per rest, not one per key.
        self._moved_at = time.monotonic()
        if self._detail_timer is None:
            self._detail_timer = self.set_timer(DETAIL_DELAY, self._cursor_rested)

    def _cursor_rested(self) -> None:
        left = self._moved_at + DETAIL_DELAY - time.monotonic()
        if left > 0.002:
            self._detail_timer = self.set_timer(left, self._cursor_rested)
            return
        self._detail_timer = None
        self._load_detail()

    def _cursor_seq(self) -> int | None:
        n = len(self.source)
        if n == 0:
            return None
        return int(self.source.keys[min(self.table.cursor, n - 1)])

    def _load_detail(self, force: bool = False) -> None:
        seq = self._cursor_seq()
        if seq is None:
            self.detail_seq, self.detail = None, None
            self.query_one(PairDetail).show("")
            return
        if seq == self.detail_seq and self.detail is not None and not force:
            return
        self._detail_worker(seq)

    @work(thread=True, exclusive=True, exit_on_error=False, group="browse-detail")
    def _detail_worker(self, seq: int) -> None:
        try:
            with self.wb.store.read("browse-detail") as con:
                pair_id = views.id_of(con, seq)
                detail = views.detail(con, pair_id) if pair_id else None
        except Interrupted:
            return
        except (WorkbenchError, duckdb.Error) as exc:
            self.post_message(DetailLoaded(seq, None, f"cannot load the pair: {describe(exc)}"))
            return
        content = render_detail(detail) if detail else "(pair not found)"
        self.post_message(DetailLoaded(seq, detail, content))

    @on(DetailLoaded)
    def detail_loaded(self, event: DetailLoaded) -> None:
        if event.seq != self._cursor_seq():
            return
        same = event.seq == self.detail_seq
        self.detail_seq, self.detail = event.seq, event.detail
        self.query_one(PairDetail).show(event.content, keep_scroll=same)

    # Status line ------------------------------------------------------------------------------

    def _info(self) -> None:
        n = len(self.source)
        flt = self.wb.filter.describe()
        if self.loading_since is not None:
            where = "loading…"
        elif self.searching:
            more = "searching contexts…" if self.wb.filter.search else "counting…"
            where = f"{self.table.cursor + 1:,}/{n:,}+ ({more})"
        elif not self.source.loaded:
            where = ""
        elif n == 0:
            where = "0 pairs"
        else:
            where = f"{self.table.cursor + 1:,}/{n:,}"
        marks = f" · {len(self.wb.marks):,} marked" if self.wb.marks else ""
        sort = self.wb.sort
        order = (
            ""
            if sort.column == "seq" and not sort.descending
            else (f" · by {sort.column}{' ▼' if sort.descending else ''}")
        )
        self.info(f"{where} · {flt}{order}{marks}")

    # Targets and decisions ------------------------------------------------------------------

    def _cursor_row(self) -> dict[str, Any] | None:
        if not len(self.source):
            return None
        return self.source.row(self.table.cursor)

    def _targets(self) -> tuple[list[str], str] | None:
        """Marked ids (if any) or the pair under the cursor, with a phrase naming them."""
        if self.wb.marks:
            n = len(self.wb.marks)
            return sorted(self.wb.marks), f"{n:,} marked pair{'s' if n != 1 else ''}"
        row = self._cursor_row()
        if row is None:
            self.status("no pair under the cursor yet", error=True)
            return None
        return [row["id"]], f"#{row['seq']}"

    def _record(
        self,
        ids: list[str],
        action: str,
        payload: dict[str, Any] | None,
        label: str,
        advance: bool = False,
    ) -> None:
        by = self.wb.store.by
        if action in NEW_STATUS:
            new = NEW_STATUS[action]
            self.source.patch(set(ids), lambda row: row.__setitem__("status", new))
            self.table.redraw()
        if advance and len(ids) == 1 and self.table.cursor < len(self.source) - 1:
            self.table.move_to(self.table.cursor + 1)

        def then(batch: Any) -> str:
            extra = f" {payload['tag']!r}" if payload and "tag" in payload else ""
            return f"{VERB[action]}{extra} {label} (batch {batch.batch}; u undoes)"

        self.wb.write(lambda con: record(con, ids, action, payload, by=by), then)

    def action_decide(self, action: str) -> None:
        targets = self._targets()
        if targets is None:
            return
        ids, label = targets
        if self.wb.marks:
            question = f"{action.capitalize()} {label}?"
            self.app.push_screen(
                ConfirmScreen(question),
                lambda ok: ok and self._record(ids, action, None, label),
            )
        else:
            self._record(ids, action, None, label, advance=True)

    def action_mark(self) -> None:
        row = self._cursor_row()
        if row is None:
            return
        if row["id"] in self.wb.marks:
            self.wb.marks.discard(row["id"])
        else:
            self.wb.marks.add(row["id"])
        self.table.redraw()
        if self.table.cursor < len(self.source) - 1:
            self.table.move_to(self.table.cursor + 1)
        self._info()

    def action_unmark_all(self) -> None:
        n = len(self.wb.marks)
        self.wb.marks.clear()
        self.table.redraw()
        self._info()
        self.status(f"unmarked {n:,} pairs")

    def action_tag(self, remove: bool = False) -> None:
        targets = self._targets()
        if targets is None:
            return
        ids, label = targets
        self._tag_prompt(ids, label, remove)

    def action_untag(self) -> None:
        self.action_tag(remove=True)

    @work(thread=True, exit_on_error=False, group="browse-facets")
    def _tag_prompt(self, ids: list[str], label: str, remove: bool) -> None:
        try:
            with self.wb.store.read() as con:
                known = views.facets(con)["tag"]
        except duckdb.Error:
            known = []
        if remove and self.detail and len(ids) == 1:
            known = list(self.detail.get("tags") or []) or known
        self.app.call_from_thread(self._ask_tag, ids, label, remove, known)

    def _ask_tag(self, ids: list[str], label: str, remove: bool, known: list[str]) -> None:
        action = "untag" if remove else "tag"

        def chosen(tag: str | None) -> None:
            tag = (tag or "").strip()
            if tag:
                self._record(ids, action, {"tag": tag}, label)

        title = f"{'Remove a tag from' if remove else 'Tag'} {label}"
        self.app.push_screen(PromptScreen(title, suggestions=known), chosen)

    def action_edit(self) -> None:
        d = self.detail
        if d is None or self._cursor_seq() != self.detail_seq:
            self.status("the pair is still loading", error=True)
            return

        def done(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            self._save_edit(d, *result)

        self.app.push_screen(EditScreen(d["question"], d["answer"], f"Edit #{d['seq']}"), done)

    def _save_edit(self, d: dict[str, Any], question: str, answer: str) -> None:
        if question == d["question"] and answer == d["answer"]:
            self.status("unchanged: nothing recorded")
            return
        if not question.strip() or not answer.strip():
            self.status("a question and an answer cannot be empty", error=True)
            return
        self._record([d["id"]], "edit", {"question": question, "answer": answer}, f"#{d['seq']}")

    def action_edit_external(self) -> None:
        from workbench.tui.editing import run_editor

        d = self.detail
        if d is None or self._cursor_seq() != self.detail_seq:
            self.status("the pair is still loading", error=True)
            return
        try:
            with self.app.suspend():
                question, answer = run_editor(d["question"], d["answer"])
        except WorkbenchError as exc:
            self.status(str(exc), error=True)
            return
        except Exception as exc:  # SuspendNotSupported, a missing editor…
            self.status(f"cannot run the editor: {describe(exc)}; try e", error=True)
            return
        self.app.refresh()
        self._save_edit(d, question, answer)

    def action_bulk(self) -> None:
        n = len(self.source)
        if self.loading_since is not None or self.searching:
            self.status("the filter is still running: bulk actions wait for its full count")
            return
        if n == 0:
            self.status("the filter holds no pairs", error=True)
            return
        options = [
            ("accept", "Accept all"),
            ("reject", "Reject all"),
            ("reset", "Reset all to pending"),
            ("tag", "Tag all…"),
            ("untag", "Remove a tag from all…"),
        ]
        title = f"All {n:,} pairs of: {self.wb.filter.describe()}"
        self.app.push_screen(ChoiceScreen(title, options), self._bulk_chosen)

    def _bulk_chosen(self, action: str | None) -> None:
        if action is None:
            return
        keys = self.source.keys
        n = keys.size
        if action in ("tag", "untag"):

            def tagged(tag: str | None) -> None:
                tag = (tag or "").strip()
                if tag:
                    self._confirm_bulk(keys, action, {"tag": tag}, f"{action} {tag!r}")

            self.app.push_screen(PromptScreen(f"{action.capitalize()} all {n:,} pairs"), tagged)
        else:
            self._confirm_bulk(keys, action, None, action)

    def _confirm_bulk(
        self, keys: np.ndarray, action: str, payload: dict[str, Any] | None, verb: str
    ) -> None:
        n = keys.size
        question = f"{verb.capitalize()} all {n:,} pairs of '{self.wb.filter.describe()}'?"
        by = self.wb.store.by

        def go(ok: bool | None) -> None:
            if not ok:
                return

            def then(batch: Any) -> str:
                return f"{VERB[action]} {batch.n_pairs:,} pairs (batch {batch.batch}; u undoes)"

            self.status(f"{verb} {n:,} pairs…")
            self.wb.write(
                lambda con: views.record_seqs(
                    con, keys, action, payload, by=by, description=f"bulk {verb}"
                ),
                then,
            )

        self.app.push_screen(ConfirmScreen(question), go)

    # Navigation -------------------------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        self.table.move_to(self.table.cursor + delta)

    def action_page(self, direction: int) -> None:
        step = max(1, self.table.body_height - 1)
        self.table.top += direction * step
        self.table.move_to(self.table.cursor + direction * step)

    def action_jump(self, where: str) -> None:
        self.table.move_to(0 if where == "top" else len(self.source) - 1)

    def action_toggle_detail(self) -> None:
        detail = self.query_one(PairDetail)
        if detail.has_focus:
            self.table.focus()
        else:
            detail.focus()

    def action_flagged(self, step: int) -> None:
        gen = self.source.generation
        if self.flagged is not None and self.flagged[0] == self.source.keys.size:
            self._go_flagged(self.flagged[1], step)
            return
        self.status("finding flagged pairs…")
        self._flagged_worker(gen, self.source.keys, step)

    @work(thread=True, exclusive=True, exit_on_error=False, group="browse-flagged")
    def _flagged_worker(self, generation: int, keys: np.ndarray, step: int) -> None:
        try:
            with self.wb.store.read() as con:
                flagged = views.flagged_seqs(con)
        except duckdb.Error as exc:
            self.post_message(LoadFailed(self.request, describe(exc)))
            return
        positions = np.flatnonzero(np.isin(keys, flagged, assume_unique=True))
        self.post_message(FlaggedLoaded(generation, positions, step))

    @on(FlaggedLoaded)
    def flagged_loaded(self, event: FlaggedLoaded) -> None:
        self.flagged = (self.source.keys.size, event.positions)
        self._go_flagged(event.positions, event.step)

    def _go_flagged(self, positions: np.ndarray, step: int) -> None:
        target = self.source.next_in(positions, self.table.cursor, step)
        if target is None:
            self.status(f"no flagged pair {'below' if step > 0 else 'above'} this one")
            return
        self.table.move_to(target)
        self.status(
            f"flagged pair {int(np.searchsorted(positions, target)) + 1:,}/{positions.size:,}"
        )

    def action_open_cluster(self) -> None:
        d = self.detail
        if d is None or self._cursor_seq() != self.detail_seq:
            self.status("the pair is still loading", error=True)
            return
        clusters = d.get("clusters") or []
        if not clusters:
            self.status("this pair is in no duplicate cluster")
            return
        first = clusters[0]
        self.wb.show_cluster(first["method"], first["cluster_id"])

    def action_copy(self) -> None:
        d = self.detail
        if d is None:
            self.status("the pair is still loading", error=True)
            return
        keys = ("id", "question", "answer", "context", "status", "tags", "source", "kind")
        text = json.dumps({k: d.get(k) for k in keys}, ensure_ascii=False, indent=2)
        self.app.copy_to_clipboard(text)
        self.status(f"copied #{d['seq']} to the clipboard (OSC 52)")

    # Search, filter, sort ---------------------------------------------------------------------

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.value = self.wb.filter.search or ""
        box.add_class("-open")
        box.focus()

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        box = self.query_one("#search", Input)
        box.remove_class("-open")
        self.table.focus()
        text = event.value if event.value.strip() else None
        self.apply_filter(self.wb.filter.with_(search=text))

    def on_key(self, event: Any) -> None:
        box = self.query_one("#search", Input)
        if event.key == "escape" and box.has_class("-open"):
            event.stop()
            box.remove_class("-open")
            self.table.focus()

    def apply_filter(self, flt: Filter) -> None:
        self.wb.filter = flt
        self.load_keys()

    def action_filter(self) -> None:
        self._filter_facets()

    @work(thread=True, exit_on_error=False, group="browse-facets")
    def _filter_facets(self) -> None:
        try:
            with self.wb.store.read() as con:
                facets = views.facets(con)
        except duckdb.Error as exc:
            self.post_message(LoadFailed(self.request, describe(exc)))
            return
        self.app.call_from_thread(self._open_filter, facets)

    def _open_filter(self, facets: dict[str, list[Any]]) -> None:
        from workbench.tui.widgets.filter_form import FilterScreen

        def done(flt: Filter | None) -> None:
            if flt is not None:
                self.apply_filter(flt)

        self.app.push_screen(FilterScreen(self.wb.filter, facets), done)

    def action_clear_filter(self) -> None:
        self.apply_filter(Filter())

    def action_sort(self) -> None:
        options = [(k, k) for k in views.SORTS]

        def chosen(column: str | None) -> None:
            if column:
                self.sort_by(column)

        self.app.push_screen(
            ChoiceScreen("Sort by (again: reverse)", options, selected=self.wb.sort.column),
            chosen,
        )

    @on(VirtualTable.HeaderClicked)
    def header_clicked(self, event: VirtualTable.HeaderClicked) -> None:
        if event.key in views.SORTS:
            self.sort_by(event.key)

    def sort_by(self, column: str) -> None:
        current = self.wb.sort
        descending = not current.descending if current.column == column else False
        self.wb.sort = Sort(column, descending)
        self.load_keys(keep_seq=self._cursor_seq())

    def action_reload(self) -> None:
        self.load_keys(keep_seq=self._cursor_seq())
