"""The review TUI. Importing this package costs nothing: Textual loads only when `run` is called."""

from __future__ import annotations

from pathlib import Path


def run(store: Path, *, mouse: bool = True, mode: str = "browse") -> tuple[int, str | None]:
    """Run the app on a store until the curator quits; returns (exit code, error message)."""
    from storage.errors import WorkbenchError
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.keymap import load_keymap
    from workbench.tui.modes import BY_NAME

    if mode not in BY_NAME:
        raise WorkbenchError(f"unknown mode '{mode}'; one of {', '.join(BY_NAME)}")
    app = WorkbenchApp(store, keymap=load_keymap(), start_mode=mode)
    app.run(mouse=mouse)
    return app.return_code or 0, app.open_error
