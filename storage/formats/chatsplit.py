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

_CONTEXT_LABEL = re.compile(r"^[ \t]*(?:context|passage|document)[ \t]*:[ \t]*", re.I | re.M)
_QUESTION_LABEL = re.compile(r"^[ \t]*(?:question|q)[ \t]*:[ \t]*", re.I | re.M)
# A trailing "Answer:" cue is the prompt's end, not part of the question.
_ANSWER_CUE = re.compile(r"\n[ \t]*answer[ \t]*:[ \t]*\Z", re.I)


def _question(text: str) -> str:
    return _ANSWER_CUE.sub("", text).strip()


def split_user_turn(text: str) -> tuple[str, str] | None:
    """(context, question) of a turn with exactly one context label followed by exactly one
    question label; None for any other layout."""
    contexts = list(_CONTEXT_LABEL.finditer(text))
    questions = list(_QUESTION_LABEL.finditer(text))
    if len(contexts) != 1 or len(questions) != 1 or questions[0].start() < contexts[0].end():
        return None
    context = text[contexts[0].end() : questions[0].start()].strip()
    question = _question(text[questions[0].end() :])
    return (context, question) if context and question else None


def _system_context(system: Sequence[str]) -> str | None:
    """The passage after the one context label the system messages hold (none: no context)."""
    found = [(text, m) for text in system for m in _CONTEXT_LABEL.finditer(text)]
    if len(found) != 1:
        return None
    text, label = found[0]
    if _QUESTION_LABEL.search(text, label.end()):
        return None
    return text[label.end() :].strip() or None


def split_chat(user: str, system: Sequence[str] = ()) -> tuple[str | None, str]:
    """(context, question) for a chat pair: the user turn split, else the system message's
    context with the user turn (less a leading question label) as the question, else the
    whole turn with no context."""
    split = split_user_turn(user)
    if split is not None:
        return split
    if _CONTEXT_LABEL.search(user):
        return None, user
    context = _system_context(system)
    if context is None:
        return None, user
    labels = list(_QUESTION_LABEL.finditer(user))
    if len(labels) == 1 and not user[: labels[0].start()].strip():
        question = _question(user[labels[0].end() :])
        return context, question or user
    return context, user
