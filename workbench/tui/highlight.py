"""Where the answer sits in its context: an exact (case-insensitive) span, else the nearest match.

Curators judge extractive pairs by eye; showing the span (or admitting it is only a fuzzy match,
with its score) makes "the answer is not in the context" visible at a glance.
"""

from __future__ import annotations

from dataclasses import dataclass

FUZZY_MIN_SCORE = 60.0


@dataclass(frozen=True)
class Span:
    """Character offsets into the context; `exact` False means a fuzzy match with `score`."""

    start: int
    end: int
    exact: bool
    score: float = 100.0


def answer_span(context: str | None, answer: str | None) -> Span | None:
    """The answer's span in the context: exact first, then rapidfuzz's best partial alignment."""
    if not context or not answer or not answer.strip():
        return None
    needle = answer.strip()
    at = context.find(needle)
    lowered = context.lower()
    if at < 0 and len(lowered) == len(context):
        at = lowered.find(needle.lower())
    if at >= 0:
        return Span(at, at + len(needle), True)
    from rapidfuzz import fuzz

    found = fuzz.partial_ratio_alignment(needle, context, processor=str.lower)
    if found is None or found.score < FUZZY_MIN_SCORE:
        return None
    return Span(found.dest_start, found.dest_end, False, round(found.score, 1))
