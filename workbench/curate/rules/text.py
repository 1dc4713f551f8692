"""Text normalisation shared by the rules, as polars expressions and their Python twins.

Matching "up to case, accents, punctuation and whitespace" must mean the same thing in the
vectorised pass and in the few per-row checks, so both live here side by side.
"""

from __future__ import annotations

import re
import unicodedata

import polars as pl

# Thousands separators inside numbers go away ("1,648" ~ "1648"), other punctuation becomes a space.
_NUM_SEP = r"(\d)[,.'’](\d{3})\b"
_NON_WORD = r"[^\p{L}\p{N}]+"
_PY_NUM_SEP = re.compile(r"(\d)[,.'’](\d{3})\b")
_PY_NON_WORD = re.compile(r"[\W_]+")
_PY_WORD = re.compile(r"[^\W_]+")
_FUNCTION_WORDS = """a an the of in on at to for from by with and or but is are was were be been being it its
    this that these those as into than then there their his her he she they them we you i
    do does did has have had not no yes so such which who whom whose what when where why how
    about over under after before during between also only"""
STOPWORDS = frozenset(_FUNCTION_WORDS.split())


def norm(col: str | pl.Expr) -> pl.Expr:
    """Lower case, accents stripped, punctuation to single spaces, trimmed."""
    expr = pl.col(col) if isinstance(col, str) else col
    return (
        expr.fill_null("")
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.replace_all(_NUM_SEP, "${1}${2}")
        .str.replace_all(_NON_WORD, " ")
        .str.strip_chars()
    )


def norm_text(text: str | None) -> str:
    """Python twin of `norm`."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = _strip_marks(decomposed).lower()
    plain = _PY_NUM_SEP.sub(r"\1\2", plain)
    return _PY_NON_WORD.sub(" ", plain).strip()


def _strip_marks(text: str) -> str:
    """Drop combining marks; only the text's distinct non-ASCII characters are looked up (a
    per-character loop over a long context costs more than all the regexes)."""
    if text.isascii():
        return text
    marks = {ord(ch): None for ch in set(text) if not ch.isascii() and unicodedata.combining(ch)}
    return text.translate(marks) if marks else text


def content_words_of(plain: str) -> list[str]:
    """`content_words` of a text already passed through `norm_text`."""
    return [w for w in _PY_WORD.findall(plain) if w not in STOPWORDS]


def words(col: str | pl.Expr) -> pl.Expr:
    """The normalised text as a list of words."""
    return norm(col).str.split(" ").list.eval(pl.element().filter(pl.element() != ""))


def word_count(col: str) -> pl.Expr:
    """Number of whitespace-separated words in the raw text."""
    return pl.col(col).fill_null("").str.count_matches(r"\S+")


def word_list(text: str | None) -> list[str]:
    """Python twin of `words`."""
    return _PY_WORD.findall(norm_text(text))


def content_words(text: str | None) -> list[str]:
    """Normalised words minus function words: what an answer actually claims."""
    return content_words_of(norm_text(text))


def snippet(text: str, limit: int = 80) -> str:
    """A one-line excerpt for messages."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def char_offset(text: str, byte_offset: int) -> int:
    """Polars reports byte offsets; evidence uses character offsets into the text."""
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def find_chars(text: pl.Expr, needle: pl.Expr) -> pl.Expr:
    """Character offset of the first occurrence of `needle` in `text` (null when absent)."""
    present = needle.is_not_null() & text.str.contains(needle, literal=True)
    return pl.when(present).then(text.str.split(needle).list.first().str.len_chars())


def regex_offset(text: pl.Expr, pattern: str) -> pl.Expr:
    """Character offset of the first match of `pattern` (null when none)."""
    return text.str.extract(f"(?s)^(.*?)(?:{pattern})", 1).str.len_chars()
