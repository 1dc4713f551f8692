"""SVG snapshots of every mode on the sample store, taken by the same code as the README's
screenshots (workbench/tui/screenshots.py). Update with `pytest --snapshot-update`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbench.tui import screenshots
from workbench.tui.screenshots import SHOTS, Shot


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return screenshots.build_sample_store(tmp_path_factory.mktemp("sample"))


@pytest.mark.parametrize("shot", SHOTS, ids=[s.name for s in SHOTS])
def test_mode_snapshot(
    snap_compare, sample_store: Path, tmp_path: Path, shot: Shot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Train's form shows smollm2 only where it is prepared: pin it so the shot is the same anywhere.
    monkeypatch.setattr("workbench.tui.modes.train.default_base_model", lambda: "smollm2")
    store = tmp_path / screenshots.STORE_NAME
    shutil.copy(sample_store, store)
    assert snap_compare(
        screenshots.make_app(store, shot),
        terminal_size=shot.size,
        run_before=shot.prepare(),
    )
