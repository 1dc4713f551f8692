"""THE registry of TUI actions: one line each (id, default keys, scope, Textual action, help).

Bindings, the footer, the help screen, the command palette and user keymaps are all generated
from this table, so a behaviour without an entry here cannot be bound or shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Action:
    """One user-visible behaviour. `keys` is Textual's comma-separated key list."""

    id: str
    keys: str
    description: str
    action: str
    help: str
    show: bool = True
    priority: bool = False

    @property
    def scope(self) -> str:
        return self.id.split(".", 1)[0]


def _a(
    id: str,
    keys: str,
    description: str,
    action: str,
    help: str,
    show: bool = True,
    priority: bool = False,
) -> Action:
    return Action(id, keys, description, action, help, show, priority)


# Scope titles, in the order the help screen lists them.
SCOPES: dict[str, str] = {
    "app": "Everywhere",
    "browse": "Browse",
    "clusters": "Clusters",
    "flags": "Flags",
    "review": "Flag review queue",
    "stats": "Stats",
    "subsets": "Subsets",
    "train": "Train",
    "runs": "Runs",
    "runeval": "Run evaluation",
    "help": "Help",
    "dialog": "Dialogs",
}

ACTIONS: tuple[Action, ...] = (
    # Everywhere
    _a(
        "app.mode_browse",
        "1",
        "Browse",
        "app.switch_mode('browse')",
        "Browse and review pairs",
        False,
    ),
    _a(
        "app.mode_clusters",
        "2",
        "Clusters",
        "app.switch_mode('clusters')",
        "Duplicate clusters",
        False,
    ),
    _a(
        "app.mode_flags",
        "3",
        "Flags",
        "app.switch_mode('flags')",
        "Validation flags and rule precision",
        False,
    ),
    _a(
        "app.mode_stats",
        "4",
        "Stats",
        "app.switch_mode('stats')",
        "Diversity statistics as plots",
        False,
    ),
    _a(
        "app.mode_subsets",
        "5",
        "Subsets",
        "app.switch_mode('subsets')",
        "Named, versioned subsets",
        False,
    ),
    _a(
        "app.mode_train",
        "6",
        "Train",
        "app.switch_mode('train')",
        "Train a model on a subset, live loss",
        False,
    ),
    _a(
        "app.mode_runs",
        "7",
        "Runs",
        "app.switch_mode('runs')",
        "Run history and loss overlays",
        False,
    ),
    _a(
        "app.help",
        "question_mark,f1",
        "Help",
        "app.switch_mode('help')",
        "Every key, from this registry",
    ),
    _a(
        "app.palette",
        "ctrl+p",
        "Commands",
        "app.command_palette",
        "Run any action by name",
        False,
        True,
    ),
    _a(
        "app.undo",
        "u",
        "Undo",
        "app.undo",
        "Undo the last decision batch (unlimited, from the log)",
    ),
    _a("app.redo", "ctrl+r", "Redo", "app.redo", "Redo the last undone batch", False),
    _a("app.quit", "q", "Quit", "app.quit", "Quit (every decision is already saved)"),
    # Browse
    _a("browse.down", "j,down", "Down", "cursor(1)", "Next pair", False),
    _a("browse.up", "k,up", "Up", "cursor(-1)", "Previous pair", False),
    _a("browse.top", "g,home", "Top", "jump('top')", "First pair", False),
    _a("browse.bottom", "G,end", "Bottom", "jump('bottom')", "Last pair", False),
    _a("browse.page_down", "pagedown,ctrl+f", "Page down", "page(1)", "One screen down", False),
    _a("browse.page_up", "pageup,ctrl+b", "Page up", "page(-1)", "One screen up", False),
    _a(
        "browse.open",
        "enter",
        "Detail",
        "toggle_detail",
        "Focus the detail pane / back to the table",
        False,
    ),
    _a("browse.accept", "a", "Accept", "decide('accept')", "Accept the pair (or the marked pairs)"),
    _a("browse.reject", "x", "Reject", "decide('reject')", "Reject the pair (or the marked pairs)"),
    _a("browse.reset", "r", "Reset", "decide('reset')", "Back to pending", False),
    _a("browse.mark", "space", "Mark", "mark", "Mark or unmark the pair for a bulk action"),
    _a("browse.unmark_all", "U", "Unmark all", "unmark_all", "Clear every mark", False),
    _a("browse.edit", "e", "Edit", "edit", "Edit question/answer inline (the original is kept)"),
    _a("browse.edit_external", "E", "$EDITOR", "edit_external", "Edit in $EDITOR", False),
    _a("browse.tag", "t", "Tag", "tag", "Add a tag (to the marked pairs, if any)"),
    _a("browse.untag", "T", "Untag", "untag", "Remove a tag", False),
    _a(
        "browse.bulk",
        "B",
        "Bulk",
        "bulk",
        "Apply an action to every pair of the current filter",
        False,
    ),
    _a("browse.next_flagged", "n", "Next flag", "flagged(1)", "Next flagged pair"),
    _a("browse.prev_flagged", "N", "Prev flag", "flagged(-1)", "Previous flagged pair", False),
    _a(
        "browse.cluster", "c", "Cluster", "open_cluster", "Open the pair's duplicate cluster", False
    ),
    _a(
        "browse.search",
        "slash",
        "Search",
        "search",
        "Search question, answer and context (literal)",
    ),
    _a(
        "browse.filter",
        "f",
        "Filter",
        "filter",
        "Filter by state, flag, severity, tag, source, cluster, subset",
    ),
    _a("browse.clear_filter", "F", "Clear filter", "clear_filter", "Show every pair", False),
    _a("browse.sort", "s", "Sort", "sort", "Sort by a column (again: reverse)", False),
    _a("browse.copy", "y", "Copy", "copy", "Copy the pair as JSON (OSC 52, works over SSH)", False),
    _a("browse.reload", "ctrl+l", "Reload", "reload", "Re-run the filter", False),
    # Clusters
    _a("clusters.down", "j,down", "Down", "cursor(1)", "Next cluster or member", False),
    _a("clusters.up", "k,up", "Up", "cursor(-1)", "Previous cluster or member", False),
    _a(
        "clusters.switch",
        "tab",
        "Members",
        "switch_pane",
        "Between cluster list and members",
        False,
    ),
    _a("clusters.resolve", "K", "Keep rep", "resolve", "Keep the representative, reject the rest"),
    _a(
        "clusters.promote",
        "p",
        "Make rep",
        "promote",
        "Make the member under the cursor the representative",
    ),
    _a("clusters.next", "n", "Next open", "next_unresolved", "Next unresolved cluster"),
    _a("clusters.method", "m", "Method", "cycle_method", "Show one dedup method, or all"),
    _a(
        "clusters.accept",
        "a",
        "Accept",
        "decide('accept')",
        "Accept the member under the cursor",
        False,
    ),
    _a(
        "clusters.reject",
        "x",
        "Reject",
        "decide('reject')",
        "Reject the member under the cursor",
        False,
    ),
    _a("clusters.browse", "enter", "Browse", "browse_cluster", "Browse the cluster's pairs", False),
    # Flags
    _a("flags.down", "j,down", "Down", "cursor(1)", "Next rule", False),
    _a("flags.up", "k,up", "Up", "cursor(-1)", "Previous rule", False),
    _a("flags.drill", "enter", "Browse", "drill", "Browse the pairs with this flag"),
    _a("flags.review", "v", "Review", "review", "Judge a sample of this rule's flags"),
    _a("flags.reload", "ctrl+l", "Reload", "reload", "Recount", False),
    # Review queue
    _a("review.right", "y", "Rule right", "judge(True)", "The flag is right about this pair"),
    _a("review.wrong", "n", "Rule wrong", "judge(False)", "The flag is wrong about this pair"),
    _a("review.skip", "s", "Skip", "skip", "Next pair without judging"),
    _a("review.close", "escape", "Close", "close", "Back to the rule list"),
    # Stats
    _a("stats.scope", "o", "Scope", "choose_scope('left')", "Whole store or a subset"),
    _a("stats.compare", "b", "Compare", "choose_scope('right')", "A second subset side by side"),
    _a("stats.single", "escape", "Single", "single", "Back to one scope", False),
    _a("stats.topics", "t", "Topics", "topics", "Compute topic sizes (slower: embeddings)", False),
    _a("stats.reload", "ctrl+l", "Reload", "reload", "Recompute", False),
    # Subsets
    _a("subsets.down", "j,down", "Down", "cursor(1)", "Next subset", False),
    _a("subsets.up", "k,up", "Up", "cursor(-1)", "Previous subset", False),
    _a(
        "subsets.from_filter",
        "c",
        "From filter",
        "create('filter')",
        "New subset from Browse's filter",
    ),
    _a(
        "subsets.from_marks",
        "m",
        "From marks",
        "create('marks')",
        "New subset from the marked pairs",
    ),
    _a("subsets.freeze", "z", "Freeze", "freeze", "Re-run the saved filter as a new version"),
    _a("subsets.combine", "o", "Combine", "combine", "Union / intersect / minus of two subsets"),
    _a("subsets.split", "S", "Split", "split", "Seeded train/eval split as a new version"),
    _a("subsets.export", "X", "Export", "export", "Export a version to a file"),
    _a("subsets.browse", "enter", "Browse", "browse_subset", "Browse the subset's pairs"),
    _a(
        "subsets.version",
        "v",
        "Version",
        "next_version",
        "Show what another version changed",
        False,
    ),
    # Train
    _a("train.launch", "L", "Launch", "launch", "Launch a detached run with these settings"),
    _a("train.stop", "S", "Stop", "stop", "Stop the live run (it saves its adapter)"),
    _a("train.next_run", "n", "Next run", "next_run", "Follow the next live or recent run", False),
    _a("train.log", "l", "Log scale", "toggle_plot('log')", "Loss plot: log scale on/off", False),
    _a("train.smooth", "m", "Smooth", "toggle_plot('smooth')", "Loss plot: EMA smoothing", False),
    _a(
        "train.leave",
        "escape",
        "Leave field",
        "leave_field",
        "Out of a form field, so keys act",
        False,
    ),
    # Runs
    _a("runs.down", "j,down", "Down", "cursor(1)", "Next run", False),
    _a("runs.up", "k,up", "Up", "cursor(-1)", "Previous run", False),
    _a("runs.select", "space", "Overlay", "select", "Add/remove the run on the loss overlay"),
    _a("runs.open", "enter", "Evaluation", "open", "The run's scores and worst eval pairs"),
    _a("runs.log", "l", "Log scale", "toggle_plot('log')", "Loss plot: log scale on/off"),
    _a("runs.smooth", "m", "Smooth", "toggle_plot('smooth')", "Loss plot: EMA smoothing"),
    _a("runs.reload", "ctrl+l", "Reload", "reload", "Re-read the runs", False),
    _a("runeval.close", "escape", "Back", "close", "Back to the run table"),
    # Help
    _a("help.back", "escape", "Back", "back", "Back to the previous mode"),
    # Dialogs
    _a("dialog.confirm", "y,enter", "Yes", "confirm", "Confirm", True),
    _a("dialog.cancel", "n,escape", "No", "cancel", "Cancel", True),
    _a("dialog.save", "ctrl+s", "Save", "save", "Save the edit", True),
    _a("dialog.close", "escape", "Cancel", "cancel", "Close without changes", True),
)

BY_ID: dict[str, Action] = {a.id: a for a in ACTIONS}


_KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "space": "space",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "escape": "esc",
    "enter": "enter",
    "tab": "tab",
    "down": "↓",
    "up": "↑",
    "home": "Home",
    "end": "End",
}


def key_display(keys: str) -> str:
    """`j,down` → `j ↓`; `question_mark` → `?`; `ctrl+r` → `ctrl+r`."""
    return " ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def in_scope(scope: str) -> list[Action]:
    """The actions of one scope, in registry order."""
    return [a for a in ACTIONS if a.scope == scope]


def bindings(scope: str, only: Iterable[str] | None = None) -> list[Binding]:
    """Textual bindings for a scope (optionally only some ids), each carrying its registry id."""
    wanted = set(only) if only is not None else None
    return [
        Binding(
            a.keys,
            a.action,
            a.description,
            show=a.show,
            priority=a.priority,
            tooltip=a.help,
            id=a.id,
        )
        for a in in_scope(scope)
        if wanted is None or a.id in wanted
    ]
