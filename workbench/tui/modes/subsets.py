"""Subsets mode (under construction)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Static

from workbench.tui.modes.base import ModeScreen, StatusBar


class SubsetsScreen(ModeScreen):
    mode_name = "subsets"

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static("Subsets", classes="placeholder")
        yield StatusBar()
        yield Footer()
