"""What a run will train on, shown before launch: one formatted example and the token lengths."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from training.config import RunConfig
from training.prompts import Formatter, trained_segments
from training.rundir import RunPaths, read_split

OPEN, CLOSE = "⟦", "⟧"


@dataclass(frozen=True)
class LengthStats:
    """Token lengths of the formatted train split."""

    n: int
    min: int
    p50: int
    p90: int
    p99: int
    max: int
    mean: float


@dataclass(frozen=True)
class Preview:
    """One example with its trained tokens marked, plus the length distribution and truncation."""

    template: str
    example_id: str
    segments: list[tuple[str, bool]]
    lengths: LengthStats
    histogram: list[tuple[int, int, int]]
    max_length: int
    n_truncated: int
    n_dropped: int

    def marked(self) -> str:
        """The example as plain text, trained tokens between ⟦ and ⟧."""
        return "".join(f"{OPEN}{text}{CLOSE}" if on else text for text, on in self.segments)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["marked"] = self.marked()
        return data


def _percentile(ordered: list[int], q: float) -> int:
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def _histogram(ordered: list[int]) -> list[tuple[int, int, int]]:
    """Counts in power-of-two buckets [lo, hi), from the shortest to the longest example."""
    buckets: list[tuple[int, int, int]] = []
    lo = 1 << max(0, ordered[0].bit_length() - 1)
    i = 0
    while i < len(ordered):
        hi = lo * 2
        n = 0
        while i < len(ordered) and ordered[i] < hi:
            n += 1
            i += 1
        buckets.append((lo, hi, n))
        lo = hi
    return buckets


def build_preview(
    formatter: Formatter, examples: list[dict[str, Any]], max_length: int, index: int = 0
) -> Preview:
    """Format every example to count lengths; show `examples[index]` with its trained span."""
    if not examples:
        raise ValueError("no examples to preview")
    encoded = [formatter.encode(e) for e in examples]
    lengths = sorted(len(e.input_ids) for e in encoded)
    shown = encoded[index]
    return Preview(
        template=formatter.template,
        example_id=str(examples[index].get("id", index)),
        segments=trained_segments(formatter.tokenizer, shown),
        lengths=LengthStats(
            n=len(lengths),
            min=lengths[0],
            p50=_percentile(lengths, 0.5),
            p90=_percentile(lengths, 0.9),
            p99=_percentile(lengths, 0.99),
            max=lengths[-1],
            mean=round(sum(lengths) / len(lengths), 1),
        ),
        histogram=_histogram(lengths),
        max_length=max_length,
        n_truncated=sum(len(e.input_ids) > max_length for e in encoded),
        n_dropped=sum(e.prompt_len >= max_length for e in encoded),
    )


def preview_run(paths: RunPaths, config: RunConfig, index: int = 0) -> Preview:
    """The preview of a prepared run directory, with the base model's tokenizer."""
    from training.model import load_tokenizer

    formatter = Formatter(load_tokenizer(config.model), config.model.prompt_template)
    return build_preview(formatter, read_split(paths.train), config.train.max_length, index)
