"""Subsets: create from Browse's filter or the marked pairs, freeze new versions, combine, split
train/eval, export, and see what each version changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Static

from storage import subsets, views
from storage.errors import WorkbenchError
from storage.views import Filter
from workbench.tui.actions import bindings
from workbench.tui.modes.base import ModeScreen, StatusBar
from workbench.tui.rowsource import TableSource
from workbench.tui.store import Interrupted, describe
from workbench.tui.widgets.dialogs import ChoiceScreen, PromptScreen
from workbench.tui.widgets.table import Column, VirtualTable

COLUMNS = [
    Column("name", "subset", lambda r: (r["name"], None), flex=2, min_width=10),
    Column("version", "ver", lambda r: (f"v{r['version']}", "vt--dim"), width=4, align="right"),
    Column("pairs", "pairs", lambda r: (f"{r['pairs']:,}", None), width=9, align="right"),
    Column("versions", "vers", lambda r: (str(r["versions"]), "vt--dim"), width=4, drop=1),
    Column("updated", "updated", lambda r: (r["updated"], "vt--dim"), width=16, drop=2),
]


class SubsetsLoaded(Message):
    def __init__(self, rows: list[dict[str, Any]], focus: str | None) -> None:
        super().__init__()
        self.rows, self.focus = rows, focus


class VersionsLoaded(Message):
    def __init__(self, name: str, versions: list[dict[str, Any]], shown: int, changes: Any) -> None:
        super().__init__()
        self.name, self.versions, self.shown, self.changes = name, versions, shown, changes


class SubsetsFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


def versions_content(
    name: str, versions: list[dict[str, Any]], shown: int, changes: dict[str, Any]
) -> Content:
    """Every version with +added/−removed and its splits, then a sample of one version's change."""
    parts: list[Any] = [(f"{name}\n", "bold $accent")]
    for v in versions:
        mark = "▸ " if v["version"] == shown else "  "
        splits = ", ".join(f"{s['split']} {s['pairs']:,}" for s in v["splits"])
        parts.append((f"{mark}v{v['version']}", "bold"))
        parts.append(f"  {v['pairs']:>8,} pairs  ")
        parts.append((f"+{v['added']:,}", "$success"))
        parts.append(" ")
        parts.append((f"−{v['removed']:,}", "$error"))
        parts.append((f"  {v['created_at']}  {v['ids_hash'][:10]}", "$text-muted"))
        if splits:
            parts.append(f"\n      splits: {splits}")
        if v["note"]:
            parts.append((f"\n      {v['note']}", "$text-muted italic"))
        parts.append("\n")
    last = next((v for v in versions if v["version"] == shown), None)
    if last is not None:
        parts.append(("\nfilter: ", "bold"))
        parts.append(last["filter"] or "(a list of ids)")
        parts.append((f"\n\nv{shown} changed from v{shown - 1}:\n", "bold") if shown > 1 else "\n")
        for key, style, sign in (("added", "$success", "+"), ("removed", "$error", "−")):
            for row in changes.get(key, []):
                parts.append((f" {sign} ", style))
                parts.append((f"#{row['seq']} ", "$text-muted"))
                parts.append(f"{row['question']}\n")
    return Content.assemble(*parts)


class SubsetsScreen(ModeScreen):
    """Subset list (left) and the versions of the one under the cursor (right)."""

    mode_name = "subsets"
    BINDINGS = bindings("subsets")
    DEFAULT_CSS = """
    SubsetsScreen #sub-body { height: 1fr; }
    SubsetsScreen #sub-list { width: 2fr; }
    SubsetsScreen #sub-versions { width: 3fr; border-left: solid $panel; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows = TableSource()
        self.current: str | None = None
        self.shown_version: int | None = None
        self.versions: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with Horizontal(id="sub-body"):
            yield VirtualTable(
                self.rows,
                COLUMNS,
                empty="no subsets yet: c makes one from Browse's filter, m from marked pairs",
                id="sub-list",
            )
            with VerticalScroll(id="sub-versions"):
                yield Static("", id="sub-detail")
        yield StatusBar()
        yield Footer()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#sub-list", VirtualTable)

    def on_mount(self) -> None:
        super().on_mount()
        self.table.focus()

    # Loading ----------------------------------------------------------------------------------

    def reload(self, focus: str | None = None) -> None:
        self.info(f"Browse filter: {self.wb.filter.describe()} · {len(self.wb.marks):,} marked")
        self._load(focus or self.current)

    def store_changed(self, info: Any = None) -> None:
        self.loaded_version = self.wb.data_version
        name = getattr(info, "name", None)
        self.shown_version = None
        self.reload(name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="subsets")
    def _load(self, focus: str | None) -> None:
        try:
            with self.wb.store.read("subsets") as con:
                rows = subsets.list_subsets(con)
        except Interrupted:
            return
        except (WorkbenchError, duckdb.Error) as exc:
            self.post_message(SubsetsFailed(describe(exc)))
            return
        self.post_message(SubsetsLoaded(rows, focus))

    @on(SubsetsFailed)
    def failed(self, event: SubsetsFailed) -> None:
        self.status(event.message, error=True)

    @on(SubsetsLoaded)
    def loaded(self, event: SubsetsLoaded) -> None:
        self.rows.set(event.rows)
        names = [r["name"] for r in event.rows]
        index = names.index(event.focus) if event.focus in names else 0
        self.table.reset(index)
        if not event.rows:
            self.query_one("#sub-detail", Static).update("")

    @on(VirtualTable.CursorMoved, "#sub-list")
    def moved(self, event: VirtualTable.CursorMoved) -> None:
        row = self.rows.row(event.index)
        if row is None:
            return
        if row["name"] != self.current:
            self.shown_version = None
        self.current = row["name"]
        self._versions(row["name"], self.shown_version or row["version"])

    @work(thread=True, exclusive=True, exit_on_error=False, group="subset-versions")
    def _versions(self, name: str, version: int) -> None:
        try:
            with self.wb.store.read("subset-versions") as con:
                versions = views.subset_versions(con, name)
                changes = views.subset_changes(con, name, version) if version > 1 else {}
        except Interrupted:
            return
        except (WorkbenchError, duckdb.Error) as exc:
            self.post_message(SubsetsFailed(describe(exc)))
            return
        self.post_message(VersionsLoaded(name, versions, version, changes))

    @on(VersionsLoaded)
    def versions_loaded(self, event: VersionsLoaded) -> None:
        if event.name != self.current:
            return
        self.versions = event.versions
        self.shown_version = event.shown
        self.query_one("#sub-detail", Static).update(
            versions_content(event.name, event.versions, event.shown, event.changes)
        )

    # Actions --------------------------------------------------------------------------------

    def _row(self) -> dict[str, Any] | None:
        return self.rows.row(self.table.cursor)

    def action_cursor(self, delta: int) -> None:
        self.table.move_to(self.table.cursor + delta)

    def action_next_version(self) -> None:
        if not self.current or not self.versions:
            return
        numbers = [v["version"] for v in self.versions]
        at = numbers.index(self.shown_version) if self.shown_version in numbers else 0
        self.shown_version = numbers[(at - 1) % len(numbers)]
        self._versions(self.current, self.shown_version)

    def _write_subset(self, fn: Any, what: str) -> None:
        def then(result: Any) -> str:
            if not getattr(result, "created", True):
                return f"{result.name} unchanged: v{result.version} already holds these pairs"
            return f"{what}: {result.name} v{result.version}, {result.n_pairs:,} pairs"

        self.wb.write(fn, then)

    def action_create(self, source: str) -> None:
        flt, marks = self.wb.filter, sorted(self.wb.marks)
        if source == "marks" and not marks:
            self.status("no marked pairs: mark some in Browse with space", error=True)
            return
        what = f"{len(marks):,} marked pairs" if source == "marks" else f"filter {flt.describe()}"

        def named(name: str | None) -> None:
            name = (name or "").strip()
            if not name:
                return
            if source == "marks":
                fn = lambda con: subsets.freeze(con, name, ids=marks, note="marked in the TUI")  # noqa: E731
            else:
                fn = lambda con: _freeze_filter(con, name, flt)  # noqa: E731
            self._write_subset(fn, "created")

        self.app.push_screen(PromptScreen(f"New subset from {what}: name"), named)

    def action_freeze(self) -> None:
        row = self._row()
        if row is None:
            return
        name = row["name"]
        self._write_subset(
            lambda con: subsets.freeze(con, name, note="re-frozen in the TUI"), "froze"
        )

    def action_combine(self) -> None:
        names = self.rows.column("name") if len(self.rows) else []
        if not names:
            self.status("no subsets to combine yet", error=True)
            return
        ops = [(op, op) for op in subsets.OPERATIONS]
        current = self._row()["name"] if self._row() else ""

        def got_op(op: str | None) -> None:
            if op:
                self.app.push_screen(
                    PromptScreen(f"{op}: left subset", value=current, suggestions=names),
                    lambda left: left and got_left(op, left.strip()),
                )

        def got_left(op: str, left: str) -> None:
            self.app.push_screen(
                PromptScreen(f"{left} {op} …: right subset", suggestions=names),
                lambda right: right and got_right(op, left, right.strip()),
            )

        def got_right(op: str, left: str, right: str) -> None:
            self.app.push_screen(
                PromptScreen(f"{left} {op} {right}: name of the result"),
                lambda name: (
                    name
                    and self._write_subset(
                        lambda con: subsets.combine(con, name.strip(), left, op, right), op
                    )
                ),
            )

        self.app.push_screen(ChoiceScreen("Combine two subsets", ops), got_op)

    def action_split(self) -> None:
        row = self._row()
        if row is None:
            return
        name, version = row["name"], row["version"]

        def got(spec: str | None) -> None:
            spec = (spec or "").strip()
            if not spec:
                return
            self._write_subset(lambda con: _split(con, name, version, spec), f"split {spec}")

        self.app.push_screen(
            PromptScreen(
                f"Split {name} v{version} (held out, grouped by context): e.g. eval=0.1",
                value="eval=0.1",
            ),
            got,
        )

    def action_export(self) -> None:
        row = self._row()
        if row is None:
            return
        ref = f"{row['name']}@{row['version']}"
        default = f"exports/{row['name']}-v{row['version']}.jsonl"

        def got(path: str | None) -> None:
            path = (path or "").strip()
            if path:
                self.status(f"exporting {ref} to {path}…")
                self._export(ref, Path(path).expanduser())

        self.app.push_screen(
            PromptScreen(
                f"Export {ref} to (the ending picks the format: .jsonl .json .parquet .csv)",
                value=default,
            ),
            got,
        )

    @work(thread=True, exit_on_error=False, group="subset-export")
    def _export(self, ref: str, out: Path) -> None:
        from storage.export import export_pairs

        try:
            with self.wb.store.read() as con:
                result = export_pairs(con, out, subset=ref)
        except (WorkbenchError, duckdb.Error, OSError) as exc:
            self.app.call_from_thread(self.status, f"export failed: {describe(exc)}", True)
            return
        files = ", ".join(str(f) for f in result.files)
        self.app.call_from_thread(self.status, f"exported {result.pairs:,} pairs to {files}")

    def action_browse_subset(self) -> None:
        row = self._row()
        if row is not None:
            self.wb.browse(Filter(subset=f"{row['name']}@{row['version']}"))


def _freeze_filter(con: duckdb.DuckDBPyConnection, name: str, flt: Filter) -> Any:
    """Save Browse's filter as SQL over current_pairs, so `freeze` can re-run it later."""
    where = views.literal_predicate(con, flt)
    return subsets.freeze(con, name, where=where, note=f"TUI filter: {flt.describe()}")


def _split(con: duckdb.DuckDBPyConnection, name: str, version: int, spec: str) -> Any:
    """A new version of the subset with a seeded, context-grouped held-out split."""
    from storage.splits import DEFAULT_SEED, parse_split

    fractions = parse_split(spec)
    assigned = views.subset_split_ids(con, name, version, fractions, DEFAULT_SEED)
    return subsets.freeze(con, name, ids=list(assigned), splits=assigned, note=f"split {spec}")
