"""Horizontal bar charts drawn with eighth-block characters.

One row per bin or category reads well at 80 columns, in 256 colours and over SSH, and needs no
pixel canvas: a histogram of lengths is "16–31 ███████▍ 1,212".
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, top: float, width: int) -> str:
    """A bar of `width` cells at most, in eighths of a cell."""
    if top <= 0 or width <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[rest] if rest else "")


def chart_lines(
    labels: list[str], values: list[float], width: int, fmt: str = "{:,.0f}"
) -> list[tuple[str, str, str]]:
    """(label, bar, value text) per row, bars scaled so the longest fits `width`."""
    label_w = max((len(s) for s in labels), default=0)
    texts = [fmt.format(v) for v in values]
    value_w = max((len(t) for t in texts), default=0)
    room = max(4, width - label_w - value_w - 3)
    top = max(values, default=0.0)
    return [
        (label.rjust(label_w), bar(v, top, room), text)
        for label, v, text in zip(labels, values, texts, strict=True)
    ]


class BarChart(Widget):
    """A titled horizontal bar chart that redraws to its width."""

    DEFAULT_CSS = """
    BarChart { height: auto; padding: 0 1; }
    """

    def __init__(
        self, title: str, labels: list[str], values: list[float], fmt: str = "{:,.0f}"
    ) -> None:
        super().__init__()
        self.title_text = title
        self.labels = labels
        self.values = values
        self.fmt = fmt

    def render(self) -> Content:
        width = max(10, self.size.width)
        parts: list[tuple[str, str] | str] = [(self.title_text + "\n", "bold $text-muted")]
        if not self.values or max(self.values) <= 0:
            parts.append(("no data", "$text-muted"))
            return Content.assemble(*parts)
        for label, drawn, text in chart_lines(self.labels, self.values, width, self.fmt):
            parts.append((label + " ", "$text-muted"))
            parts.append((drawn, "$accent"))
            parts.append(f" {text}\n")
        return Content.assemble(*parts)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return 1 + max(1, len(self.values))
