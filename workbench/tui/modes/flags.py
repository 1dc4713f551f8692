"""Flags mode (under construction)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Static

from workbench.tui.modes.base import ModeScreen, StatusBar


class FlagsScreen(ModeScreen):
    mode_name = "flags"

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static("Flags", classes="placeholder")
        yield StatusBar()
        yield Footer()
