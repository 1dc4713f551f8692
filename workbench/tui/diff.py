"""Word-level inline diff of a member against its cluster's representative."""

from __future__ import annotations

import difflib
import re

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

Piece = tuple[str, str]  # (text, kind): kind is "same", "added" or "removed"


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def word_diff(old: str, new: str) -> list[Piece]:
    """`new` as pieces marked same/added, with the words of `old` it dropped as removed."""
    a, b = tokens(old), tokens(new)
    out: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("".join(b[j1:j2]), "same"))
            continue
        if op in ("delete", "replace"):
            out.append(("".join(a[i1:i2]), "removed"))
        if op in ("insert", "replace"):
            out.append(("".join(b[j1:j2]), "added"))
    return [p for p in out if p[0]]


def similarity(old: str, new: str) -> float:
    """Share of matching tokens (0–1), shown beside each member."""
    a, b = tokens(old), tokens(new)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
