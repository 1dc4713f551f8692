"""The filter dialog: one field per filter dimension, choices from the store's actual values."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from storage.views import Filter
from workbench.tui.actions import bindings
from workbench.tui.widgets.dialogs import DIALOG_CSS, still

# (field, label); the order of the form.
FIELDS: tuple[tuple[str, str], ...] = (
    ("status", "Decision"),
    ("flag", "Flag code"),
    ("severity", "Severity"),
    ("tag", "Tag"),
    ("source", "Source"),
    ("kind", "Kind"),
    ("method", "Cluster method"),
    ("subset", "Subset"),
)


class FilterScreen(ModalScreen[Filter | None]):
    """Edit every filter field at once; ctrl+s applies, escape cancels."""

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    FilterScreen > Vertical { width: 76; }
    FilterScreen Grid { grid-size: 2; grid-columns: 16 1fr; grid-rows: auto; height: auto; }
    FilterScreen Grid Label { padding: 1 0 0 0; }
    FilterScreen Select { width: 1fr; }
    """
    )
    BINDINGS = bindings("dialog", only=("dialog.save", "dialog.close"))

    def __init__(self, current: Filter, facets: dict[str, list[Any]]) -> None:
        super().__init__()
        self.current = current
        self.facets = facets

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Filter pairs", classes="title")
            with Grid():
                for field, label in FIELDS:
                    values = [str(v) for v in self.facets.get(field, [])]
                    if field == "flag":
                        values = ["*", *values]
                    current = getattr(self.current, field)
                    if current and current not in values:
                        values.append(current)
                    yield Label(label)
                    yield Select(
                        [(("any flag" if v == "*" else v), v) for v in values],
                        prompt="(any)",
                        value=current if current else Select.NULL,
                        id=f"filter-{field}",
                    )
                yield Label("Cluster id")
                yield still(
                    Input(self.current.cluster or "", id="filter-cluster", placeholder="(any)")
                )
                yield Label("Edited")
                yield Select(
                    [("edited", "yes"), ("not edited", "no")],
                    prompt="(any)",
                    value={True: "yes", False: "no"}.get(self.current.edited, Select.NULL),  # type: ignore[arg-type]
                    id="filter-edited",
                )
                yield Label("Text")
                yield still(
                    Input(self.current.search or "", id="filter-search", placeholder="literal text")
                )
            yield Label("ctrl+s: apply    escape: cancel    (empty = any)", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#filter-status", Select).focus()

    def action_save(self) -> None:
        values: dict[str, Any] = {}
        for field, _ in FIELDS:
            value = self.query_one(f"#filter-{field}", Select).value
            values[field] = None if value is Select.NULL or value == "" else str(value)
        cluster = self.query_one("#filter-cluster", Input).value.strip()
        values["cluster"] = cluster or None
        edited = self.query_one("#filter-edited", Select).value
        values["edited"] = {"yes": True, "no": False}.get(edited)  # type: ignore[arg-type]
        search = self.query_one("#filter-search", Input).value
        values["search"] = search if search.strip() else None
        self.dismiss(Filter(**values))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)
