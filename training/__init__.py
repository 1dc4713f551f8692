"""Training runs: a run directory in, an adapter, metrics and predictions out (no store, no TUI)."""
