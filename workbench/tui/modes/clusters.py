"""Clusters: duplicate clusters by size and method; members beside the representative with an
inline word diff; keep the representative and reject the rest in one key."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Static

from storage import views
from storage.decisions import record
from storage.errors import WorkbenchError
from storage.views import Filter
from workbench.tui.actions import bindings
from workbench.tui.diff import word_diff
from workbench.tui.modes.base import ModeScreen, StatusBar
from workbench.tui.rowsource import TableSource
from workbench.tui.store import Interrupted, describe
from workbench.tui.widgets.table import Column, VirtualTable

STATUS = {"accepted": ("✓", "vt--accepted"), "rejected": ("✗", "vt--rejected")}


def _state(row: dict[str, Any]) -> tuple[str, str | None]:
    if row["unresolved"]:
        return "open", "vt--warning"
    return "done", "vt--accepted"


CLUSTER_COLUMNS = [
    Column("size", "size", lambda r: (str(r["size"]), None), width=4, align="right"),
    Column("method", "method", lambda r: (r["method"], "vt--dim"), width=14, drop=1),
    Column("state", "state", _state, width=5),
    Column("question", "representative", lambda r: (r["question"] or "", None), flex=1),
]

MEMBER_COLUMNS = [
    Column("rep", "", lambda r: ("★" if r["is_representative"] else "", "vt--warning"), width=1),
    Column("status", "", lambda r: STATUS.get(r["status"], ("·", "vt--pending")), width=1),
    Column("seq", "#", lambda r: (str(r["seq"]), "vt--dim"), width=6, align="right"),
    Column(
        "similarity",
        "sim",
        lambda r: (f"{r['similarity']:.2f}" if r["similarity"] is not None else "", "vt--dim"),
        width=4,
    ),
    Column("question", "question", lambda r: (r["question"], None), flex=3),
    Column("answer", "answer", lambda r: (r["answer"], None), flex=2, drop=1),
]


class ClustersLoaded(Message):
    def __init__(self, table: pa.Table, focus: tuple[str, str] | None) -> None:
        super().__init__()
        self.table, self.focus = table, focus


class MembersLoaded(Message):
    def __init__(self, key: tuple[str, str], members: list[dict[str, Any]]) -> None:
        super().__init__()
        self.key, self.members = key, members


class ClustersFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


def _diff_content(rep: dict[str, Any], member: dict[str, Any], title: str) -> Content:
    """The member's question and answer, words differing from the representative marked."""
    parts: list[Any] = [(f"{title} #{member['seq']} · {member['status']}\n", "bold $accent")]
    for field in ("question", "answer"):
        parts.append((f"\n{field}\n", "bold"))
        if member is rep:
            parts.append(member[field])
            continue
        for text, kind in word_diff(rep[field], member[field]):
            if kind == "same":
                parts.append(text)
            elif kind == "added":
                parts.append((text, "bold $success underline"))
            else:
                parts.append((text, "strike $error"))
    return Content.assemble(*parts)


class ClustersScreen(ModeScreen):
    """Cluster list (left), members (right), representative vs member (below)."""

    mode_name = "clusters"
    BINDINGS = bindings("clusters")
    DEFAULT_CSS = """
    ClustersScreen #cl-top { height: 1fr; }
    ClustersScreen #cl-list { width: 2fr; }
    ClustersScreen #cl-members { width: 3fr; border-left: solid $panel; }
    ClustersScreen #cl-compare { height: 1fr; border-top: solid $panel; }
    ClustersScreen #cl-compare VerticalScroll { width: 1fr; padding: 0 1; }
    ClustersScreen #cl-member-pane { border-left: solid $panel; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.clusters = TableSource()
        self.members = TableSource()
        self.method: str | None = None
        self.methods: list[str] = []
        self.current: tuple[str, str] | None = None
        self.member_rows: list[dict[str, Any]] = []
        self.advance_after_load = False

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with Container(id="cl-body"):
            with Horizontal(id="cl-top"):
                yield VirtualTable(
                    self.clusters,
                    CLUSTER_COLUMNS,
                    empty="no duplicate clusters: run `workbench analyze` (or dedup)",
                    id="cl-list",
                )
                yield VirtualTable(self.members, MEMBER_COLUMNS, empty="", id="cl-members")
            with Horizontal(id="cl-compare"):
                with VerticalScroll(id="cl-rep-pane"):
                    yield Static("", id="cl-rep")
                with VerticalScroll(id="cl-member-pane"):
                    yield Static("", id="cl-member")
        yield StatusBar()
        yield Footer()

    @property
    def list_table(self) -> VirtualTable:
        return self.query_one("#cl-list", VirtualTable)

    @property
    def member_table(self) -> VirtualTable:
        return self.query_one("#cl-members", VirtualTable)

    def on_mount(self) -> None:
        super().on_mount()
        self.list_table.focus()

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        focus = self.wb.pending_cluster or self.current
        self.wb.pending_cluster = None
        self._load(self.method, focus)

    def store_changed(self, info: Any = None) -> None:
        self.loaded_version = self.wb.data_version
        self._load(self.method, self.current)

    @work(thread=True, exclusive=True, exit_on_error=False, group="clusters")
    def _load(self, method: str | None, focus: tuple[str, str] | None) -> None:
        try:
            with self.wb.store.read("clusters") as con:
                table = views.cluster_table(con, method)
                if not self.methods:
                    self.methods = views.facets(con)["method"]
        except Interrupted:
            return
        except (WorkbenchError, duckdb.Error) as exc:
            self.post_message(ClustersFailed(describe(exc)))
            return
        self.post_message(ClustersLoaded(table, focus))

    @on(ClustersFailed)
    def failed(self, event: ClustersFailed) -> None:
        self.status(event.message, error=True)

    @on(ClustersLoaded)
    def loaded(self, event: ClustersLoaded) -> None:
        self.clusters.set(event.table)
        index = 0
        if event.focus is not None:
            keys = list(
                zip(self.clusters.column("method"), self.clusters.column("cluster_id"), strict=True)
            )
            if event.focus in keys:
                index = keys.index(event.focus)
        self.list_table.reset(index)
        self._info()
        if self.advance_after_load:
            self.advance_after_load = False
            self.action_next_unresolved()

    def _info(self) -> None:
        n = len(self.clusters)
        unresolved = sum(1 for u in self.clusters.column("unresolved") if u) if n else 0
        method = self.method or "all methods"
        at = f"{self.list_table.cursor + 1:,}/{n:,}" if n else "0 clusters"
        self.info(f"{at} · {unresolved:,} unresolved · {method}")

    @on(VirtualTable.CursorMoved, "#cl-list")
    def cluster_moved(self, event: VirtualTable.CursorMoved) -> None:
        row = self.clusters.row(event.index)
        self._info()
        if row is None:
            self.current = None
            self.members.set([])
            self.member_table.reset()
            self._compare()
            return
        self.current = (row["method"], row["cluster_id"])
        self._load_members(self.current)

    @work(thread=True, exclusive=True, exit_on_error=False, group="cluster-members")
    def _load_members(self, key: tuple[str, str]) -> None:
        try:
            with self.wb.store.read("cluster-members") as con:
                members = views.cluster_members(con, *key)
        except Interrupted:
            return
        except (WorkbenchError, duckdb.Error) as exc:
            self.post_message(ClustersFailed(describe(exc)))
            return
        self.post_message(MembersLoaded(key, members))

    @on(MembersLoaded)
    def members_loaded(self, event: MembersLoaded) -> None:
        if event.key != self.current:
            return
        previous = self.member_table.cursor if self.member_rows else 0
        self.member_rows = event.members
        self.members.set(event.members)
        self.member_table.reset(min(previous, max(0, len(event.members) - 1)))
        self._compare()

    @on(VirtualTable.CursorMoved, "#cl-members")
    def member_moved(self, event: VirtualTable.CursorMoved) -> None:
        self._compare()

    def _compare(self) -> None:
        rep_box = self.query_one("#cl-rep", Static)
        member_box = self.query_one("#cl-member", Static)
        if not self.member_rows:
            rep_box.update("")
            member_box.update("")
            return
        rep = next((m for m in self.member_rows if m["is_representative"]), self.member_rows[0])
        member = self.members.row(self.member_table.cursor) or rep
        if member is rep and len(self.member_rows) > 1:
            member = next(m for m in self.member_rows if m is not rep)
        rep_box.update(_diff_content(rep, rep, "★ representative"))
        member_box.update(_diff_content(rep, member, "member"))

    # Actions --------------------------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        table = self.member_table if self.member_table.has_focus else self.list_table
        table.move_to(table.cursor + delta)

    def action_switch_pane(self) -> None:
        if self.member_table.has_focus:
            self.list_table.focus()
        else:
            self.member_table.focus()

    def action_resolve(self) -> None:
        if self.current is None:
            self.status("no cluster under the cursor", error=True)
            return
        method, cluster_id = self.current
        by = self.wb.store.by

        def then(batch: Any) -> str:
            if batch is None:
                return f"{cluster_id}: already resolved, nothing to reject"
            self.advance_after_load = True
            return (
                f"kept the representative, rejected {batch.n_pairs} (batch {batch.batch}; u undoes)"
            )

        self.wb.write(lambda con: views.resolve_cluster(con, method, cluster_id, by=by), then)

    def action_promote(self) -> None:
        member = self.members.row(self.member_table.cursor) if self.member_rows else None
        if self.current is None or member is None:
            self.status("choose a member first (tab, then j/k)", error=True)
            return
        if member["is_representative"]:
            self.status("that member is already the representative")
            return
        method, cluster_id = self.current
        pair_id = member["pair_id"]

        def then(_: Any) -> str:
            return f"#{member['seq']} is now the representative of {cluster_id}"

        self.wb.write(lambda con: views.set_representative(con, method, cluster_id, pair_id), then)

    def action_next_unresolved(self) -> None:
        n = len(self.clusters)
        if not n:
            return
        flags = self.clusters.column("unresolved")
        start = self.list_table.cursor
        for step in range(1, n + 1):
            index = (start + step) % n
            if flags[index]:
                self.list_table.focus()
                self.list_table.move_to(index)
                return
        self.status("every cluster is resolved")

    def action_cycle_method(self) -> None:
        choices: list[str | None] = [None, *self.methods]
        at = choices.index(self.method) if self.method in choices else 0
        self.method = choices[(at + 1) % len(choices)]
        self.current = None
        self._load(self.method, None)

    def action_decide(self, action: str) -> None:
        member = self.members.row(self.member_table.cursor) if self.member_rows else None
        if member is None:
            self.status("no member under the cursor", error=True)
            return
        by = self.wb.store.by
        pair_id = member["pair_id"]

        def then(batch: Any) -> str:
            return f"{action} #{member['seq']} saved (u undoes)"

        self.wb.write(lambda con: record(con, [pair_id], action, by=by), then)

    def action_browse_cluster(self) -> None:
        if self.current is None:
            return
        method, cluster_id = self.current
        self.wb.browse(Filter(method=method, cluster=cluster_id))
