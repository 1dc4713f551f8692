"""User keymaps: `[keys]` in the config file remaps any action by its registry id.

```toml
# ~/.config/workbench/config.toml  (or $WORKBENCH_CONFIG)
[keys]
"browse.accept" = "A"
"browse.reject" = "X,delete"
```
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from storage.errors import WorkbenchError
from workbench.tui.actions import BY_ID


def config_path() -> Path:
    """$WORKBENCH_CONFIG, else the platform's config folder."""
    env = os.environ.get("WORKBENCH_CONFIG")
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir("workbench")) / "config.toml"


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """Action id → keys from the config file; a missing file is an empty keymap."""
    path = path or config_path()
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WorkbenchError(f"config {path}: {exc}") from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise WorkbenchError(f'config {path}: [keys] must be a table of action id = "keys"')
    unknown = sorted(k for k in keys if k not in BY_ID)
    if unknown:
        raise WorkbenchError(
            f"config {path}: unknown action id(s) {', '.join(unknown)}; "
            "the help screen (?) lists every id"
        )
    bad = sorted(k for k, v in keys.items() if not isinstance(v, str) or not v.strip())
    if bad:
        raise WorkbenchError(f"config {path}: keys for {', '.join(bad)} must be a non-empty string")
    return {k: v.strip() for k, v in keys.items()}
