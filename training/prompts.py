"""How a pair becomes tokens: the prompt, the answer, and which tokens the loss sees.

With a chat template (the base model's own), the pair is one user turn and one assistant turn.
Without one, the plain template is:

    Context: {context}            (left out when the pair has no context)

    Question: {question}
    Answer: {answer}<eos>

Only the answer tokens and the EOS that follows them are trained (labels -100 elsewhere), so
the model learns to answer and then stop. Prompt and answer are tokenized apart and joined, so
the prompt seen in training is exactly the prompt given at generation time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from training.errors import ConfigError, ModelError

IGNORE = -100
PLAIN_CONTEXT = "Context: {context}\n\n"
PLAIN_PROMPT = "Question: {question}\nAnswer:"
USER_CONTEXT = "Context:\n{context}\n\n"
USER_PROMPT = "Question: {question}"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Encoded:
    """One tokenized example: labels are -100 on the prompt."""

    input_ids: list[int]
    labels: list[int]
    prompt_len: int


def _context(example: dict[str, Any]) -> str:
    return (example.get("context") or "").strip()


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class Formatter:
    """Turns pair records into prompts and trained sequences for one tokenizer."""

    def __init__(self, tokenizer: Any, template: str = "auto") -> None:
        has_chat = bool(getattr(tokenizer, "chat_template", None))
        if template == "chat" and not has_chat:
            raise ConfigError(
                "model.prompt_template = 'chat' but the model has no chat template: "
                "use 'auto' or 'plain'"
            )
        if tokenizer.eos_token_id is None:
            raise ModelError("the tokenizer has no EOS token, so a trained model could not stop")
        self.tokenizer = tokenizer
        self.use_chat = template == "chat" or (template == "auto" and has_chat)
        self.eos_id: int = tokenizer.eos_token_id
        self._warned = False

    @property
    def template(self) -> str:
        return "chat" if self.use_chat else "plain"

    def _messages(self, example: dict[str, Any]) -> list[dict[str, str]]:
        context = _context(example)
        text = (USER_CONTEXT.format(context=context) if context else "") + USER_PROMPT.format(
            question=example["question"].strip()
        )
        return [{"role": "user", "content": text}]

    def _ids(self, text: str, special: bool) -> list[int]:
        return list(self.tokenizer(text, add_special_tokens=special)["input_ids"])

    def prompt_text(self, example: dict[str, Any]) -> str:
        """The prompt as text; with a chat template it already holds any BOS."""
        if self.use_chat:
            return self.tokenizer.apply_chat_template(
                self._messages(example), add_generation_prompt=True, tokenize=False
            )
        context = _context(example)
        return (PLAIN_CONTEXT.format(context=context) if context else "") + PLAIN_PROMPT.format(
            question=example["question"].strip()
        )

    def prompt_ids(self, example: dict[str, Any]) -> list[int]:
        """Token ids a generation starts from."""
        return self._ids(self.prompt_text(example), special=not self.use_chat)

    def _completion_text(self, example: dict[str, Any], prompt: str) -> str:
        answer = (example.get("answer") or "").strip()
        if not self.use_chat:
            return f" {answer}" if answer else ""
        messages = [*self._messages(example), {"role": "assistant", "content": answer}]
        full = self.tokenizer.apply_chat_template(messages, tokenize=False)
        start = _common_prefix(prompt, full)
        if start < len(prompt) and not self._warned:
            self._warned = True
            log.warning(
                "the chat template renders the prompt differently on its own (%r vs %r): "
                "training uses the prompt as rendered for generation",
                prompt[start:],
                full[start:],
            )
        return full[start:]

    def encode(self, example: dict[str, Any]) -> Encoded:
        """Prompt + answer (+ EOS when the template does not already end the turn with it)."""
        prompt = self.prompt_text(example)
        prompt_ids = self._ids(prompt, special=not self.use_chat)
        completion = self._ids(self._completion_text(example, prompt), special=False)
        if self.eos_id not in completion:
            completion.append(self.eos_id)
        return Encoded(
            input_ids=prompt_ids + completion,
            labels=[IGNORE] * len(prompt_ids) + completion,
            prompt_len=len(prompt_ids),
        )


def trained_segments(tokenizer: Any, encoded: Encoded) -> list[tuple[str, bool]]:
    """The sequence as text pieces, each flagged True where its tokens are trained."""
    pieces: list[tuple[str, bool]] = []
    run: list[int] = []
    trained = False
    for token, label in zip(encoded.input_ids, encoded.labels, strict=True):
        flag = label != IGNORE
        if run and flag != trained:
            pieces.append((tokenizer.decode(run, skip_special_tokens=False), trained))
            run = []
        trained = flag
        run.append(token)
    if run:
        pieces.append((tokenizer.decode(run, skip_special_tokens=False), trained))
    return pieces
