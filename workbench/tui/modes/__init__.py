"""The mode registry: one line per mode (name, key, title, screen). Modes import lazily.

A mode with no target shows a placeholder (kept for modes announced before their screen lands).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen


@dataclass(frozen=True)
class Mode:
    """A top-level screen reached by one key."""

    name: str
    key: str
    title: str
    target: str | None  # "module:Class", or None for a placeholder
    note: str = ""


MODES: tuple[Mode, ...] = (
    Mode("browse", "1", "Browse", "workbench.tui.modes.browse:BrowseScreen"),
    Mode("clusters", "2", "Clusters", "workbench.tui.modes.clusters:ClustersScreen"),
    Mode("flags", "3", "Flags", "workbench.tui.modes.flags:FlagsScreen"),
    Mode("stats", "4", "Stats", "workbench.tui.modes.stats:StatsScreen"),
    Mode("subsets", "5", "Subsets", "workbench.tui.modes.subsets:SubsetsScreen"),
    Mode("train", "6", "Train", "workbench.tui.modes.train:TrainScreen"),
    Mode("runs", "7", "Runs", "workbench.tui.modes.runs:RunsScreen"),
    Mode("help", "?", "Help", "workbench.tui.modes.help:HelpScreen"),
)

BY_NAME = {m.name: m for m in MODES}


def factory(mode: Mode) -> Callable[[], Screen]:
    """A zero-argument callable Textual calls the first time the mode is entered."""

    def make() -> Screen:
        if mode.target is None:
            from workbench.tui.modes.placeholder import PlaceholderScreen

            return PlaceholderScreen(mode)
        module, _, cls = mode.target.partition(":")
        return getattr(importlib.import_module(module), cls)()

    return make
