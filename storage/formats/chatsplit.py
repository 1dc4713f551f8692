"""Chat turns that carry their passage inline, split into context and question at import.

Reading-comprehension generators often write the user turn as "Context: … Question: …" (or put
the passage in the system message). Stored whole, the passage hides in the question: grounding
flags cannot see it and two questions on one passage look like near-duplicates. Only an
unambiguous layout is split (one context label, then one question label, each at a line start);
anything else stays whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Labels are matched only where a line starts (a scan of every position costs 5x the rest of
# reading a chat record).
_CONTEXT_LABEL = re.compile(r"[ \t]*(?:context|passage|document)[ \t]*:[ \t]*", re.I)
_QUESTION_LABEL = re.compile(r"[ \t]*(?:question|q)[ \t]*:[ \t]*", re.I)
# A last line "Answer:" is the prompt's cue, not part of the question.
_ANSWER_CUE = re.compile(r"[ \t]*answer[ \t]*:\s*", re.I)


def _labels(text: str, label: re.Pattern[str]) -> list[re.Match[str]]:
    """Every match of `label` at the start of a line of `text`."""
    found = []
    start = 0
    for line in text.split("\n"):
        if (match := label.match(text, start)) is not None:
            found.append(match)
        start += len(line) + 1
    return found


def _question(text: str) -> str:
    head, _, last = text.rstrip().rpartition("\n")
    return (head if head and _ANSWER_CUE.fullmatch(last) else text).strip()


def split_user_turn(text: str) -> tuple[str, str] | None:
    """(context, question) of a turn with exactly one context label followed by exactly one
    question label; None for any other layout."""
    contexts = _labels(text, _CONTEXT_LABEL)
    questions = _labels(text, _QUESTION_LABEL)
    if len(contexts) != 1 or len(questions) != 1 or questions[0].start() < contexts[0].end():
        return None
    context = text[contexts[0].end() : questions[0].start()].strip()
    question = _question(text[questions[0].end() :])
    return (context, question) if context and question else None


def _system_context(system: Sequence[str]) -> str | None:
    """The passage after the one context label the system messages hold (none: no context)."""
    found = [(text, m) for text in system for m in _labels(text, _CONTEXT_LABEL)]
    if len(found) != 1:
        return None
    text, label = found[0]
    if any(q.start() >= label.end() for q in _labels(text, _QUESTION_LABEL)):
        return None
    return text[label.end() :].strip() or None


def split_chat(user: str, system: Sequence[str] = ()) -> tuple[str | None, str]:
    """(context, question) for a chat pair: the user turn split, else the system message's
    context with the user turn (less a leading question label) as the question, else the
    whole turn with no context."""
    split = split_user_turn(user)
    if split is not None:
        return split
    if _labels(user, _CONTEXT_LABEL):
        return None, user
    context = _system_context(system)
    if context is None:
        return None, user
    labels = _labels(user, _QUESTION_LABEL)
    if len(labels) == 1 and not user[: labels[0].start()].strip():
        question = _question(user[labels[0].end() :])
        return context, question or user
    return context, user
