"""A registered mode whose screen has not landed yet."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Static

from workbench.tui.modes.base import ModeScreen


class PlaceholderScreen(ModeScreen):
    """Says what will live here, so the number key never does nothing."""

    def __init__(self, mode) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.mode = mode
        self.mode_name = mode.name

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static(f"{self.mode.title}\n\n{self.mode.note}", classes="placeholder")
        yield Footer()
