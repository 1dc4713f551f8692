"""What every mode screen shares: the mode bar on top, a status line, the footer, and a reload
when the store changed while the screen was hidden."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from workbench.tui.actions import bindings

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp

MIN_WIDTH, MIN_HEIGHT = 80, 24


class ModeBar(Static):
    """`1 Browse  2 Clusters …` with the current mode highlighted, the store on the right."""

    DEFAULT_CSS = """
    ModeBar { height: 1; background: $panel; color: $text-muted; }
    """

    def __init__(self, current: str) -> None:
        super().__init__("", markup=False)
        self.current = current

    def on_mount(self) -> None:
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def draw(self) -> None:
        from workbench.tui.modes import MODES

        parts: list[tuple[str, str] | str] = []
        for m in MODES:
            if m.name == self.current:
                parts.append((f" {m.key} {m.title} ", "bold reverse $accent"))
            else:
                parts.append((" " + m.key, "bold $text"))
                parts.append((f" {m.title} ", "$text-muted"))
        used = sum(len(p[0]) if isinstance(p, tuple) else len(p) for p in parts)
        store = getattr(self.app, "store_label", "")
        room = self.size.width - used - 1
        if store and room > 8:
            label = store if len(store) <= room else "…" + store[-(room - 1) :]
            parts.append(" " * (room - len(label)))
            parts.append((label, "$text-muted"))
        self.update(Content.assemble(*parts))


class StatusBar(Widget):
    """One line: what the screen shows on the left, the last message on the right.

    Drawn with `render` and refreshed without a layout pass: it changes on every cursor key.
    """

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $boost; color: $text; padding: 0 1; }
    StatusBar.-error { color: $error; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.info = ""
        self.message = ""

    def set_info(self, info: str) -> None:
        if info != self.info:
            self.info = info
            self.refresh()

    def set_message(self, message: str, error: bool = False) -> None:
        self.message = message
        self.set_class(error, "-error")
        self.refresh()

    def render(self) -> Content:
        width = max(0, self.size.width)
        left, right = self.info, self.message
        if getattr(self.app, "current_mode", "") != "train":  # Train shows the whole panel
            from workbench.tui.widgets.sparkline import spark_text

            spark = spark_text(getattr(self.app, "live_loss", []))
            right = f"{right}  {spark}" if right and spark else right or spark
        if len(left) + len(right) + 2 > width:
            right = right[: max(0, width - len(left) - 2)]
        gap = max(1, width - len(left) - len(right))
        return Content.assemble(left, " " * gap, (right, "bold"))


class TooSmall(Static):
    """Covers the screen when the terminal is below 80×24, saying so."""

    DEFAULT_CSS = """
    TooSmall {
        layer: overlay; display: none; width: 100%; height: 100%;
        background: $background; color: $warning; content-align: center middle;
        text-align: center;
    }
    """


class ModeScreen(Screen):
    """Base for mode screens; subclasses compose `compose_top()` first and the footer last."""

    DEFAULT_CSS = """
    ModeScreen { layers: base overlay; }
    ModeScreen .placeholder { padding: 2 4; color: $text-muted; height: 1fr; }
    """
    mode_name = ""

    def __init__(self) -> None:
        super().__init__()
        self.loaded_version = -1
        self._bar: StatusBar | None = None

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def compose_top(self) -> ComposeResult:
        yield ModeBar(self.mode_name)
        yield TooSmall("")

    def on_mount(self) -> None:
        self.check_size()

    def on_resize(self) -> None:
        self.check_size()

    def check_size(self) -> None:
        w, h = self.app.size
        small = w < MIN_WIDTH or h < MIN_HEIGHT
        notice = self.query(TooSmall)
        if notice:
            box = notice.first()
            box.display = small
            if small:
                box.update(
                    f"The terminal is {w}×{h}.\nworkbench needs at least "
                    f"{MIN_WIDTH}×{MIN_HEIGHT}: please enlarge the window."
                )

    def on_screen_resume(self) -> None:
        self.check_size()
        if not self.wb.store.is_open:
            return  # the app calls reload() once the store is open
        if self.loaded_version != self.wb.data_version:
            self.loaded_version = self.wb.data_version
            self.reload()

    def reload(self) -> None:
        """Fetch what the screen shows (called on first show and after the store changed)."""

    def store_changed(self, info: Any = None) -> None:
        """A write finished while this screen is visible."""
        self.loaded_version = self.wb.data_version
        self.reload()

    def status(self, message: str, error: bool = False) -> None:
        bars = self.query(StatusBar)
        if bars:
            bars.first().set_message(message, error)

    def info(self, text: str) -> None:
        # Called on every cursor key: the bar is looked up once, not queried from the DOM.
        bar = self._bar
        if bar is None or not bar.is_attached:
            bars = self.query(StatusBar)
            bar = self._bar = bars.first() if bars else None
        if bar is not None:
            bar.set_info(text)


def scope_bindings(scope: str) -> list[Any]:
    """Registry bindings for a screen's scope (kept here so screens stay one-liners)."""
    return bindings(scope)
