"""A braille line plot of loss against step, and a one-line sparkline.

Our own small renderer: it draws in any terminal at 80×24 (two by four dots a cell), needs no
plotting package, and is pure functions under a thin widget so it is tested without a terminal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.text import Text
from textual.widget import Widget

# Dot bits of a braille cell, by (column, row) inside the 2×4 cell.
_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
COLOURS = ("cyan", "yellow", "magenta", "green", "red", "blue", "white")
SPARKS = "▁▂▃▄▅▆▇█"


@dataclass
class Series:
    """One curve: a label, points (step, value) and a colour."""

    label: str
    points: list[tuple[float, float]] = field(default_factory=list)
    colour: str = "cyan"


def ema(values: Sequence[float], weight: float = 0.6) -> list[float]:
    """Exponential moving average with TensorBoard's debiasing, so the first points are not low."""
    out: list[float] = []
    last = 0.0
    for n, v in enumerate(values, 1):
        last = last * weight + (1 - weight) * v
        out.append(last / (1 - weight**n))
    return out


def sparkline(values: Sequence[float], width: int = 16) -> str:
    """The last `width` values as ▁…█ (empty without values)."""
    tail = [v for v in values if v is not None and math.isfinite(v)][-width:]
    if not tail:
        return ""
    lo, hi = min(tail), max(tail)
    span = hi - lo or 1.0
    return "".join(SPARKS[min(7, int((v - lo) / span * 7.999))] for v in tail)


def _prepare(series: Sequence[Series], log: bool, smooth: bool) -> list[Series]:
    out = []
    for s in series:
        pts = [(x, y) for x, y in s.points if y is not None and math.isfinite(y)]
        if log:
            pts = [(x, math.log10(y)) for x, y in pts if y > 0]
        if smooth and pts:
            pts = list(zip([p[0] for p in pts], ema([p[1] for p in pts]), strict=True))
        out.append(Series(s.label, pts, s.colour))
    return out


def plot_lines(
    series: Sequence[Series], width: int, height: int, *, log: bool = False, smooth: bool = False
) -> list[Text]:
    """`height` lines of `width` cells: a y-axis label column, then the braille canvas."""
    data = _prepare(series, log, smooth)
    ys = [y for s in data for _, y in s.points]
    xs = [x for s in data for x, _ in s.points]
    if not ys or width < 12 or height < 2:
        return [Text("no loss points yet", style="dim")] + [Text("")] * max(0, height - 1)
    lo, hi = min(ys), max(ys)
    if hi == lo:
        lo, hi = lo - 0.5, hi + 0.5
    x0, x1 = min(xs), max(xs)
    x1 = x1 if x1 > x0 else x0 + 1
    label_w = 8
    cols, rows = width - label_w, height - 1
    dots_w, dots_h = cols * 2, rows * 4
    cells: dict[tuple[int, int], int] = {}
    owner: dict[tuple[int, int], str] = {}

    def dot(px: int, py: int, colour: str) -> None:
        key = (py // 4, px // 2)
        cells[key] = cells.get(key, 0) | _BITS[px % 2][py % 4]
        owner[key] = colour

    for s in data:
        prev: tuple[int, int] | None = None
        for x, y in s.points:
            px = round((x - x0) / (x1 - x0) * (dots_w - 1))
            py = round((hi - y) / (hi - lo) * (dots_h - 1))
            if prev is None:
                dot(px, py, s.colour)
            else:  # join consecutive points so sparse logs still read as a line
                steps = max(abs(px - prev[0]), abs(py - prev[1]), 1)
                for i in range(1, steps + 1):
                    dot(
                        prev[0] + round((px - prev[0]) * i / steps),
                        prev[1] + round((py - prev[1]) * i / steps),
                        s.colour,
                    )
            prev = (px, py)

    def label(v: float) -> str:
        return f"{10**v if log else v:>7.3g} "

    lines: list[Text] = []
    for r in range(rows):
        line = Text(label(hi) if r == 0 else label(lo) if r == rows - 1 else " " * label_w)
        line.stylize("dim")
        for c in range(cols):
            bits = cells.get((r, c))
            if bits:
                line.append(chr(0x2800 + bits), style=owner[(r, c)])
            else:
                line.append(" ")
        lines.append(line)
    end = f"{x1:g}"
    axis = Text(" " * label_w + f"step {x0:g}", style="dim")
    legend = Text("  ")
    for s in data:
        legend.append("━ ", style=s.colour)
        legend.append(s.label + "  ", style="dim")
    if len(axis) + len(legend) + len(end) < width:
        axis += legend
    axis.append(" " * max(1, width - len(axis) - len(end)) + end, style="dim")
    lines.append(axis)
    return lines


class LossPlot(Widget):
    """Draws `series` to fit its size; `log_scale` and `smooth` are toggled by the owning screen."""

    DEFAULT_CSS = """
    LossPlot { height: 1fr; min-height: 6; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.series: list[Series] = []
        self.log_scale = False
        self.smooth = False

    def set_series(self, series: list[Series]) -> None:
        self.series = series
        self.refresh()

    def toggle(self, what: str) -> bool:
        """Flip `log` (the y scale) or `smooth`; returns the new value."""
        name = "log_scale" if what == "log" else "smooth"
        setattr(self, name, not getattr(self, name))
        self.refresh()
        return bool(getattr(self, name))

    def render(self) -> Text:
        lines = plot_lines(
            self.series, self.size.width, self.size.height, log=self.log_scale, smooth=self.smooth
        )
        return Text("\n").join(lines)


def loss_series(records: Sequence[dict], prefix: str = "", colour: int = 0) -> list[Series]:
    """Train and eval loss curves of one run's metrics records."""
    train = [(r["step"], r["loss"]) for r in records if r.get("loss") is not None]
    evals = [(r["step"], r["eval_loss"]) for r in records if r.get("eval_loss") is not None]
    out = [Series(f"{prefix}loss", train, COLOURS[colour % len(COLOURS)])]
    if evals:
        out.append(Series(f"{prefix}eval", evals, COLOURS[(colour + 1) % len(COLOURS)]))
    return out
