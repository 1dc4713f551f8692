"""Small modal dialogs: confirm (with the count stated), prompt, choose one, edit a pair."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from workbench.tui.actions import bindings

W = TypeVar("W", Input, TextArea)


def still(widget: W) -> W:
    """No blinking cursor: over SSH every blink is a redraw sent down the wire."""
    widget.cursor_blink = False
    return widget


DIALOG_CSS = """
ModalScreen { align: center middle; background: $background 60%; }
ModalScreen > Vertical {
    width: 72; max-width: 95%; height: auto; max-height: 90%;
    border: round $accent; background: $surface; padding: 0 1;
}
ModalScreen Label.title { text-style: bold; color: $accent; width: 1fr; }
ModalScreen Label.hint { color: $text-muted; width: 1fr; }
ModalScreen OptionList { height: auto; max-height: 16; }
"""


class ConfirmScreen(ModalScreen[bool]):
    """Yes/no, with the question stating exactly what will happen (and to how many pairs)."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = bindings("dialog", only=("dialog.confirm", "dialog.cancel"))

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, classes="title", markup=False)
            yield Label("y / enter: yes    n / escape: no", classes="hint")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class PromptScreen(ModalScreen[str | None]):
    """One line of text, with completion from known values (tags, names)."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = bindings("dialog", only=("dialog.close",))

    def __init__(
        self, title: str, *, value: str = "", suggestions: Sequence[str] = (), hint: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.suggestions = list(suggestions)
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title", markup=False)
            suggester = (
                SuggestFromList(self.suggestions, case_sensitive=False)
                if self.suggestions
                else None
            )
            yield still(Input(self.value, suggester=suggester, id="prompt-input"))
            hint = self.hint or "enter: ok    escape: cancel"
            if self.suggestions:
                shown = ", ".join(self.suggestions[:8]) + (
                    " …" if len(self.suggestions) > 8 else ""
                )
                hint += f"\nknown: {shown}"
            yield Label(hint, classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few options (sort column, bulk action, split operation…)."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = bindings("dialog", only=("dialog.close",))

    def __init__(
        self, title: str, options: Sequence[tuple[str, str]], *, selected: str | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.selected = selected

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title", markup=False)
            yield OptionList(*[Option(label, id=key) for key, label in self.options])
            yield Label("enter: choose    escape: cancel", classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        keys = [k for k, _ in self.options]
        if self.selected in keys:
            options.highlighted = keys.index(self.selected)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class EditScreen(ModalScreen[tuple[str, str] | None]):
    """Inline editor for a pair's question and answer; the original text stays in the store."""

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    EditScreen > Vertical { width: 100; height: 90%; }
    EditScreen TextArea { height: 1fr; }
    EditScreen TextArea#edit-question { max-height: 40%; }
    """
    )
    BINDINGS = bindings("dialog", only=("dialog.save", "dialog.close"))

    def __init__(self, question: str, answer: str, title: str = "Edit pair") -> None:
        super().__init__()
        self.question = question
        self.answer = answer
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title", markup=False)
            yield Label("Question", classes="hint")
            yield still(
                TextArea(self.question, id="edit-question", soft_wrap=True, show_line_numbers=False)
            )
            yield Label("Answer", classes="hint")
            yield still(
                TextArea(self.answer, id="edit-answer", soft_wrap=True, show_line_numbers=False)
            )
            yield Label("ctrl+s: save    escape: cancel    tab: next field", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#edit-answer", TextArea).focus()

    def action_save(self) -> None:
        q = self.query_one("#edit-question", TextArea).text
        a = self.query_one("#edit-answer", TextArea).text
        self.dismiss((q, a))

    def action_cancel(self) -> None:
        self.dismiss(None)
