"""Widgets grouped by feature: the virtual table, the detail pane, dialogs, bars."""
