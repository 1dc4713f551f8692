"""The Textual app: modes, the store client, shared review state, and the one write path.

Every write goes through `WorkbenchApp.write`: it runs on the writer thread, commits, and comes
back as a `WriteDone` message, after which the visible screen refreshes from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

import duckdb
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from storage.errors import WorkbenchError
from storage.views import Filter, Sort
from workbench.tui.actions import ACTIONS, SCOPES, Action, bindings
from workbench.tui.modes import MODES, factory
from workbench.tui.store import StoreClient, describe


class WriteDone(Message):
    """A write finished on the writer thread (result or error)."""

    def __init__(
        self,
        result: Any,
        error: BaseException | None,
        then: Callable[[Any], str | None] | None,
    ) -> None:
        super().__init__()
        self.result = result
        self.error = error
        self.then = then


class OpeningScreen(Screen):
    """Shown for the instant the store takes to open."""

    def compose(self) -> ComposeResult:
        yield Static(f"opening {self.app.store_label} …", id="opening")  # type: ignore[attr-defined]


class ActionCommands(Provider):
    """The command palette: every action of this screen and of the app, by name."""

    def _actions(self) -> Iterable[Action]:
        scope = getattr(self.screen, "mode_name", "")
        scopes = {"app", scope, "review" if scope == "flags" else scope}
        return [a for a in ACTIONS if a.scope in scopes]

    async def _run(self, action: Action) -> None:
        await self.screen.run_action(action.action)

    def _label(self, action: Action) -> str:
        return f"{SCOPES.get(action.scope, action.scope)}: {action.description}"

    async def discover(self) -> Hits:
        for action in self._actions():
            yield DiscoveryHit(
                self._label(action), partial(self._run, action), help=f"{action.help} [{action.id}]"
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action in self._actions():
            text = f"{self._label(action)} {action.id}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(self._run, action),
                    help=action.help,
                )


class WorkbenchApp(App[int]):
    """Review LLM-generated pairs at the keyboard, over SSH, for hours."""

    TITLE = "workbench"
    BINDINGS = bindings("app")
    COMMANDS: ClassVar = {ActionCommands}
    MODES: ClassVar = {m.name: factory(m) for m in MODES}
    CSS = """
    Screen { background: $background; }
    #opening { padding: 1 2; color: $text-muted; }
    """

    def __init__(
        self,
        store: Path,
        *,
        keymap: dict[str, str] | None = None,
        start_mode: str = "browse",
        by: str | None = None,
    ) -> None:
        super().__init__()
        self.store = StoreClient(Path(store))
        if by:
            self.store.by = by
        self.store_label = Path(store).name
        self.keymap_overrides = keymap or {}
        self.start_mode = start_mode
        self.animation_level = "none"
        self.data_version = 0
        self.filter = Filter()
        self.sort = Sort()
        self.marks: set[str] = set()
        self.previous_mode = "browse"
        self.pending_cluster: tuple[str, str] | None = None
        self.opened = False
        self.open_error: str | None = None
        self.live_loss: list[float] = []  # the followed run's train loss, for the status bar

    # Start and stop -------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return OpeningScreen()

    def on_mount(self) -> None:
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)
        self.open_store()
        # The first screen is built while the store opens; it loads once `_opened` says so.
        self.opened = True
        self.switch_mode(self.start_mode)
        self.set_interval(2.0, self._spark_tick)

    # The status bar's loss sparkline of the newest live run (Train shows the full panel).

    def _spark_tick(self) -> None:
        if self.store.is_open and self.current_mode != "train":
            self._spark_poll()

    @work(thread=True, exclusive=True, exit_on_error=False, group="spark")
    def _spark_poll(self) -> None:
        from workbench.tui.widgets.sparkline import LiveLoss

        if not hasattr(self, "_live"):
            self._live = LiveLoss()
        try:
            losses = self._live.poll(self.store)
        except (duckdb.Error, OSError, RuntimeError):
            return
        if losses != self.live_loss:
            self.call_from_thread(self._spark_show, losses)

    def _spark_show(self, losses: list[float]) -> None:
        self.live_loss = losses
        for bar in self.screen.query("StatusBar"):
            bar.refresh()

    @work(thread=True, exit_on_error=False, group="open")
    def open_store(self) -> None:
        try:
            self.store.open()
        except WorkbenchError as exc:
            self.call_from_thread(self._failed, str(exc))
            return
        except duckdb.Error as exc:
            self.call_from_thread(self._failed, f"cannot open store: {describe(exc)}")
            return
        self.call_from_thread(self._opened)

    def _failed(self, message: str) -> None:
        """The store cannot be opened (locked, missing): leave, and let the shell say why."""
        self.open_error = message
        self.exit(1, 1)

    def _opened(self) -> None:
        screen = self.screen
        # The screen may have seen the open store already (resumed after the worker opened it).
        if getattr(screen, "loaded_version", self.data_version) != self.data_version:
            screen.loaded_version = self.data_version  # type: ignore[attr-defined]
            screen.reload()  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        self.store.close()

    def switch_mode(self, mode: str):  # type: ignore[override]
        """Remember where we came from, so Help (and escape) can go back."""
        if not self.opened:
            return None
        current = self.current_mode
        if current != mode and current != "help" and not current.startswith("_"):
            self.previous_mode = current
        return super().switch_mode(mode)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Theme", "Change the colour theme", self.action_change_theme)

    # Writes -----------------------------------------------------------------------------------

    def write(
        self,
        fn: Callable[[duckdb.DuckDBPyConnection], Any],
        then: Callable[[Any], str | None] | None = None,
    ) -> None:
        """Run `fn(con)` on the writer; `then(result)` runs on the UI thread and may return a
        status message. Every screen sees the change (`data_version` goes up)."""
        future = self.store.write(fn)

        def finished(f: Any) -> None:
            error = f.exception()
            self.post_message(WriteDone(None if error else f.result(), error, then))

        future.add_done_callback(finished)

    @on(WriteDone)
    def write_done(self, event: WriteDone) -> None:
        screen = self.screen
        if event.error is not None:
            message = describe(event.error)
            if hasattr(screen, "status"):
                screen.status(f"not saved: {message}", error=True)  # type: ignore[attr-defined]
            else:
                self.notify(message, severity="error")
            return
        self.data_version += 1
        message = event.then(event.result) if event.then else None
        if hasattr(screen, "store_changed"):
            screen.store_changed(event.result)  # type: ignore[attr-defined]
        if message and hasattr(screen, "status"):
            screen.status(message)  # type: ignore[attr-defined]

    def action_undo(self) -> None:
        from storage.decisions import undo

        self.write(lambda con: undo(con, by=self.store.by), partial(_batch_message, "undo"))

    def action_redo(self) -> None:
        from storage.decisions import redo

        self.write(lambda con: redo(con, by=self.store.by), partial(_batch_message, "redo"))

    # Cross-mode navigation ------------------------------------------------------------------

    def browse(self, flt: Filter) -> None:
        """Show Browse with this filter (Flags drill-down, Clusters, Subsets)."""
        self.filter = flt
        self.data_version += 1  # the Browse screen re-runs its filter when it resumes
        self.switch_mode("browse")

    def show_cluster(self, method: str, cluster_id: str) -> None:
        """Open Clusters on one cluster (Browse `c`)."""
        self.pending_cluster = (method, cluster_id)
        self.data_version += 1
        self.switch_mode("clusters")

    def back(self) -> None:
        self.switch_mode(self.previous_mode)


def _batch_message(verb: str, batch: Any) -> str:
    if batch is None:
        return f"nothing to {verb}"
    noun = "pair" if batch.n_pairs == 1 else "pairs"
    done = {"undo": "undid", "redo": "redid"}[verb]
    return f"{done} {batch.action} on {batch.n_pairs:,} {noun} (batch {batch.target})"
