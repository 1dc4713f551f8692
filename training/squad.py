"""SQuAD exact match and token F1 with the standard normalisation, plus abstention.

Normalisation (the official SQuAD script): lower case, drop punctuation, drop the articles
a/an/the, collapse whitespace. On an unanswerable pair a prediction scores 1 when it abstains:
it is empty, says one of ABSTAIN_PHRASES, or matches the pair's own reference text.
"""

from __future__ import annotations

import re
import string
from collections import Counter

ABSTAIN_PHRASES = (
    "unanswerable",
    "no answer",
    "cannot be answered",
    "can not be answered",
    "cant be answered",
    "cannot answer",
    "i dont know",
    "i do not know",
    "not mentioned",
    "not stated",
    "not specified",
    "not provided",
    "not given",
    "does not say",
    "does not mention",
    "does not specify",
    "doesnt say",
    "doesnt mention",
    "not in context",
    "no information",
)
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = str.maketrans("", "", string.punctuation)


def normalize(text: str) -> str:
    """Lower, strip punctuation and articles, collapse whitespace."""
    text = (text or "").lower().translate(_PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


def exact_match(prediction: str, reference: str) -> float:
    return float(normalize(prediction) == normalize(reference))


def token_f1(prediction: str, reference: str) -> float:
    """Harmonic mean of token precision and recall over normalised tokens."""
    pred, ref = normalize(prediction).split(), normalize(reference).split()
    if not pred or not ref:
        return float(pred == ref)
    common = sum((Counter(pred) & Counter(ref)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def abstains(prediction: str, reference: str = "") -> bool:
    """Whether a prediction declines to answer."""
    norm = normalize(prediction)
    if not norm or (reference and norm == normalize(reference)):
        return True
    return any(phrase in norm for phrase in ABSTAIN_PHRASES)


def score(prediction: str, reference: str, answerable: bool = True) -> tuple[float, float]:
    """(exact match, F1) for one pair."""
    if not answerable:
        value = float(abstains(prediction, reference))
        return value, value
    return exact_match(prediction, reference), token_f1(prediction, reference)
