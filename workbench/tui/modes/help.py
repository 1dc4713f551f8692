"""Help: every binding, generated from the action registry (with the user's keymap applied)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from workbench.tui.actions import ACTIONS, SCOPES, bindings, key_display
from workbench.tui.modes import MODES
from workbench.tui.modes.base import ModeScreen, StatusBar


def help_content(keymap: dict[str, str]) -> Content:
    """All scopes, their actions and keys, plus where the keymap lives."""
    parts: list[tuple[str, str] | str] = [
        ("workbench — keys\n", "bold $accent"),
        (
            "Every decision is saved the moment it is made. ctrl+p runs any action by name.\n",
            "$text-muted",
        ),
        (
            "Remap any action by id in $WORKBENCH_CONFIG or ~/.config/workbench/config.toml: "
            '[keys] "browse.accept" = "A"\n',
            "$text-muted",
        ),
        ("\nModes  ", "bold"),
    ]
    parts.append("  ".join(f"{m.key} {m.title}" for m in MODES) + "\n")
    for scope, title in SCOPES.items():
        actions = [a for a in ACTIONS if a.scope == scope]
        if not actions:
            continue
        parts.append((f"\n{title}\n", "bold $accent"))
        for a in actions:
            keys = key_display(keymap.get(a.id, a.keys))
            parts.append((f"  {keys:<14}", "bold"))
            parts.append(f"{a.description:<14} {a.help}")
            parts.append((f"  {a.id}\n", "$text-muted"))
    return Content.assemble(*parts)


class HelpScreen(ModeScreen):
    """Scrollable key reference; escape goes back to where you were."""

    mode_name = "help"
    BINDINGS = bindings("help")
    DEFAULT_CSS = """
    HelpScreen #help-body { height: 1fr; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with VerticalScroll(id="help-body"):
            yield Static(help_content(self.wb.keymap_overrides), id="help-text")
        yield StatusBar()
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#help-body").focus()

    def action_back(self) -> None:
        self.wb.back()
