"""The bucket prefilter of incremental LSH search finds exactly the keys a plain set lookup finds."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from workbench.curate.lsh import _in_buckets


@pytest.mark.parametrize("dtype", [np.uint32, np.uint64])
def test_same_positions_as_a_set_lookup(dtype: type) -> None:
    rng = np.random.default_rng(7)
    col = rng.integers(0, np.iinfo(dtype).max, 200_000, dtype=dtype)
    col[:1000] = col[1000:2000]  # shared buckets
    col[5000:5100] = dtype(1 << 20) + col[5000:5100] % dtype(1 << 20)  # same low bits, other keys
    live = rng.random(len(col)) > 0.1
    absent = rng.integers(0, np.iinfo(dtype).max, 300, dtype=dtype)
    wanted = np.unique(
        np.r_[col[rng.integers(0, len(col), 3000)], absent, col[5000:5100] % (1 << 20)]
    )
    plain = pc.is_in(pa.array(col), value_set=pa.array(wanted)).to_numpy(zero_copy_only=False)
    expected = np.flatnonzero(live & plain)
    assert len(expected) > 2000
    assert np.array_equal(_in_buckets(col, live, wanted), expected)


def test_nothing_wanted_in_the_column() -> None:
    col = np.arange(1000, dtype=np.uint32)
    wanted = np.array([5000, 6000], dtype=np.uint32)
    assert len(_in_buckets(col, np.ones(1000, bool), wanted)) == 0
