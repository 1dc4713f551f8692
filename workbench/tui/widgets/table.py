"""A virtual table: renders only the rows on screen, from a source that fetches pages on demand.

Textual's DataTable keeps every row as Python objects; at a million pairs that is seconds of
start-up and gigabytes. This widget uses the Line API: `render_line(y)` draws one row from the
source's page cache (a placeholder while its page is on the way) and asks for missing pages.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

Cell = tuple[str, str | None]  # text and an optional component class for its style


class Source(Protocol):
    """What the table reads: a length, rows by index (None = not fetched yet), page requests."""

    generation: int

    def __len__(self) -> int: ...

    def row(self, index: int) -> dict[str, Any] | None: ...

    def wanted(self, first: int, last: int) -> list[int]: ...


@dataclass(frozen=True)
class Column:
    """A column: fixed `width`, or a share (`flex`) of what is left; `drop` columns go first
    when the terminal is narrow (higher drops earlier)."""

    key: str
    title: str
    render: Callable[[dict[str, Any]], Cell]
    width: int = 0
    flex: int = 0
    min_width: int = 6
    align: str = "left"
    drop: int = 0


class VirtualTable(Widget, can_focus=True):
    """Cursor, scrolling and drawing; the owner supplies the source and fetches pages."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "vt--header",
        "vt--cursor",
        "vt--cursor-blur",
        "vt--marked",
        "vt--placeholder",
        "vt--accepted",
        "vt--rejected",
        "vt--pending",
        "vt--error",
        "vt--warning",
        "vt--info",
        "vt--dim",
        "vt--scrollbar",
        "vt--thumb",
    }

    DEFAULT_CSS = """
    VirtualTable { height: 1fr; }
    VirtualTable > .vt--header { text-style: bold; background: $panel; color: $text; }
    VirtualTable > .vt--cursor { background: $accent 60%; color: $text; }
    VirtualTable > .vt--cursor-blur { background: $accent 30%; }
    VirtualTable > .vt--marked { background: $warning 25%; }
    VirtualTable > .vt--placeholder { color: $text-muted; }
    VirtualTable > .vt--accepted { color: $success; }
    VirtualTable > .vt--rejected { color: $error; }
    VirtualTable > .vt--pending { color: $text-muted; }
    VirtualTable > .vt--error { color: $error; text-style: bold; }
    VirtualTable > .vt--warning { color: $warning; }
    VirtualTable > .vt--info { color: $text-muted; }
    VirtualTable > .vt--dim { color: $text-muted; }
    VirtualTable > .vt--scrollbar { color: $panel; }
    VirtualTable > .vt--thumb { color: $accent; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class CursorMoved(Message):
        """The cursor is on a new row."""

        def __init__(self, table: VirtualTable, index: int) -> None:
            super().__init__()
            self.table = table
            self.index = index

        @property
        def control(self) -> VirtualTable:
            return self.table

    class PagesWanted(Message):
        """Rows on screen (or just beyond) are not fetched yet."""

        def __init__(self, table: VirtualTable, pages: list[int]) -> None:
            super().__init__()
            self.table = table
            self.pages = pages

        @property
        def control(self) -> VirtualTable:
            return self.table

    class HeaderClicked(Message):
        """A column title was clicked (sort by it)."""

        def __init__(self, table: VirtualTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> VirtualTable:
            return self.table

    def __init__(
        self,
        source: Source,
        columns: list[Column],
        *,
        is_marked: Callable[[dict[str, Any]], bool] | None = None,
        empty: str = "nothing to show",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.source = source
        self.columns = columns
        self.is_marked = is_marked or (lambda row: False)
        self.empty = empty
        self.top = 0
        self.sort_key: str | None = None
        self.sort_descending = False
        self._strips: OrderedDict[tuple[Any, ...], Strip] = OrderedDict()
        self._layout: list[tuple[Column, int]] = []
        self._layout_width = -1
        self._painted_top = -1  # the `top` of the last frame drawn
        self._base = Style()

    # Geometry -------------------------------------------------------------------------------

    @property
    def body_height(self) -> int:
        return max(1, self.size.height - 1)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return container.height

    def _widths(self, width: int) -> list[tuple[Column, int]]:
        """Fit the columns into `width` (one cell reserved for the scrollbar)."""
        if width == self._layout_width:
            return self._layout
        usable = max(1, width - 1)
        cols = list(self.columns)

        def need(cs: list[Column]) -> int:
            return sum((c.width or c.min_width) + 1 for c in cs)

        while need(cols) > usable and any(c.drop for c in cols):
            victim = max((c for c in cols if c.drop), key=lambda c: c.drop)
            cols.remove(victim)
        fixed = sum(c.width + 1 for c in cols if c.width)
        flex_cols = [c for c in cols if not c.width]
        spare = max(0, usable - fixed - len(flex_cols))
        total_flex = sum(c.flex or 1 for c in flex_cols) or 1
        out: list[tuple[Column, int]] = []
        given = 0
        for c in cols:
            if c.width:
                out.append((c, c.width))
            else:
                w = max(1, spare * (c.flex or 1) // total_flex)
                given += w
                out.append((c, w))
        if flex_cols and given < spare:
            # Rounding leftovers go to the last flexible column.
            i = max(i for i, (c, _) in enumerate(out) if not c.width)
            out[i] = (out[i][0], out[i][1] + spare - given)
        self._layout, self._layout_width = out, width
        return out

    # Cursor and scrolling -------------------------------------------------------------------

    def _clamp(self) -> None:
        n = len(self.source)
        h = self.body_height
        self.top = max(0, min(self.top, max(0, n - h)))

    def move_to(self, index: int) -> None:
        """Put the cursor on a row, scrolling as little as needed."""
        n = len(self.source)
        index = max(0, min(index, n - 1)) if n else 0
        h = self.body_height
        if index < self.top:
            self.top = index
        elif index >= self.top + h:
            self.top = index - h + 1
        self._clamp()
        self.cursor = index

    def watch_cursor(self, old: int, new: int) -> None:
        if self.top == self._painted_top and self._strips:
            # Not scrolled: only the old and the new cursor lines change.
            width = self.size.width
            self.refresh(*(Region(0, i - self.top + 1, width, 1) for i in {old, new}))
        else:
            self.refresh()
        self._ask_pages()
        self.post_message(self.CursorMoved(self, new))

    def scroll_rows(self, delta: int) -> None:
        """Scroll the view (mouse wheel), dragging the cursor along when it leaves the screen."""
        self.top += delta
        self._clamp()
        h = self.body_height
        if self.cursor < self.top:
            self.move_to(self.top)
        elif self.cursor >= self.top + h:
            self.move_to(self.top + h - 1)
        else:
            self.refresh()
            self._ask_pages()

    def reset(self, index: int = 0) -> None:
        """The source changed (new keys): forget drawn rows and go to `index`."""
        self._strips.clear()
        self.top = 0
        self.move_to(index)
        self.refresh()

    def redraw(self) -> None:
        """Rows changed in place (a decision, a fetched page): redraw what is on screen."""
        self._strips.clear()
        self.refresh()
        self._ask_pages()

    def on_resize(self) -> None:
        self._layout_width = -1
        self._strips.clear()
        self.move_to(self.cursor)

    def _ask_pages(self) -> None:
        pages = self.source.wanted(self.top, self.top + self.body_height - 1)
        if pages:
            self.post_message(self.PagesWanted(self, pages))

    # Mouse ----------------------------------------------------------------------------------

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.scroll_rows(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.scroll_rows(-3)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if event.y == 0:
            x = 0
            for col, width in self._widths(self.size.width):
                if x <= event.x < x + width + 1:
                    self.post_message(self.HeaderClicked(self, col.key))
                    return
                x += width + 1
            return
        index = self.top + event.y - 1
        if index < len(self.source):
            self.move_to(index)

    # Drawing --------------------------------------------------------------------------------

    def _style(self, component: str) -> Style:
        return self.get_component_rich_style(component, partial=True)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style walks every ancestor: computed once a frame, not once a line.
        self._base = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if width <= 0:
            return Strip.blank(0)
        base = self._base
        if y == 0:
            return self._header(width)
        n = len(self.source)
        index = self.top + y - 1
        if n == 0 and y == 1:
            text = set_cell_size(f" {self.empty}", width)
            return Strip([Segment(text, base + self._style("vt--placeholder"))], width)
        scrollbar = self._scrollbar_cell(y - 1, n)
        if index >= n:
            return Strip([Segment(" " * (width - 1), base), scrollbar], width)
        self._painted_top = self.top
        row = self.source.row(index)
        is_cursor = index == self.cursor
        marked = row is not None and self.is_marked(row)
        key = (index, self.source.generation, width, is_cursor, marked, self.has_focus, y)
        cached = self._strips.get(key)
        if cached is not None and row is not None:
            return cached
        strip = self._row_strip(row, width, is_cursor, marked, base)
        strip = Strip([*strip, scrollbar], width)
        if row is not None:
            self._strips[key] = strip
            while len(self._strips) > 400:
                self._strips.popitem(last=False)
        return strip

    def _row_strip(
        self, row: dict[str, Any] | None, width: int, is_cursor: bool, marked: bool, base: Style
    ) -> list[Segment]:
        line = base
        if marked:
            line = line + self._style("vt--marked")
        if is_cursor:
            line = line + self._style("vt--cursor" if self.has_focus else "vt--cursor-blur")
        if row is None:
            text = set_cell_size(" …", width - 1)
            return [Segment(text, line + self._style("vt--placeholder"))]
        segments: list[Segment] = []
        for col, w in self._widths(width):
            text, component = col.render(row)
            text = _fit(text, w, col.align)
            style = line + self._style(component) if component else line
            if is_cursor and component:
                style = style + self._style("vt--cursor" if self.has_focus else "vt--cursor-blur")
            segments.append(Segment(text, style))
            segments.append(Segment(" ", line))
        used = sum(cell_len(s.text) for s in segments)
        if used < width - 1:
            segments.append(Segment(" " * (width - 1 - used), line))
        return segments

    def _header(self, width: int) -> Strip:
        style = self.rich_style + self._style("vt--header")
        parts: list[str] = []
        for col, w in self._widths(width):
            title = col.title
            if col.key == self.sort_key:
                title += " ▼" if self.sort_descending else " ▲"
            parts.append(_fit(title, w, col.align))
        text = set_cell_size(" ".join(parts), width)
        return Strip([Segment(text, style)], width)

    def _scrollbar_cell(self, y: int, n: int) -> Segment:
        h = self.body_height
        base = self._base
        if n <= h:
            return Segment(" ", base)
        thumb = max(1, h * h // n)
        start = (h - thumb) * self.top // max(1, n - h)
        if start <= y < start + thumb:
            return Segment("┃", base + self._style("vt--thumb"))
        return Segment("│", base + self._style("vt--scrollbar"))


def _fit(text: str, width: int, align: str = "left") -> str:
    """One line of exactly `width` cells: newlines shown as ⏎, an ellipsis when cut."""
    if width <= 0:
        return ""
    text = text.replace("\r\n", "⏎").replace("\n", "⏎").replace("\t", " ")
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…"
    pad = width - cell_len(text)
    return (" " * pad + text) if align == "right" else (text + " " * pad)
