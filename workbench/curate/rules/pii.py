"""pii: e-mail addresses, phone numbers, IP addresses and payment card numbers in the text.

A loose vectorised pattern picks candidate rows; precise Python checks decide on those few:
octets <= 255, card numbers Luhn-valid with a card-network prefix, phone numbers with a phone's
shape (country code, area code in brackets, a phone word nearby, or 3+ digit groups that are not
thousands separators). ISBNs, DOIs, versions, dates and plain large numbers are not PII.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

import polars as pl

from workbench.curate.rules.base import BuiltinRule, rows_to_findings

_CANDIDATE = (
    r"@|\d[\d ().+-]{6,}\d|(?:\d{1,3}\.){3}\d|[0-9a-fA-F]{1,4}:[0-9a-fA-F]{0,4}:[0-9a-fA-F]{0,4}:"
)
EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![\w-]|\.\w)"
)
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
IPV6 = re.compile(
    r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){1,7}(?::|(?::[0-9a-fA-F]{1,4}){1,7}|[0-9a-fA-F]{1,4})(?![\w:])"
)
CARD = re.compile(r"(?<![\w.-])\d(?:[ -]?\d){12,18}(?![\w]|[.-]\d)")
PHONE = re.compile(
    r"(?<![\w+.-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{1,6}(?:[ .-]\d{1,6}){1,5}(?![\w]|[.-]\d)"
)
_NOT_PII_BEFORE = re.compile(
    r"(?i)\b(?:isbn(?:-1[03])?|issn|doi|arxiv|version|ver|v|release|build|patent|serial|id|"
    r"ref|reference|catalog(?:ue)?|order)\W{0,3}$"
)
_PHONE_WORD = re.compile(
    r"(?i)\b(?:phone|tel|telephone|call|mobile|cell|fax|contact|whatsapp|dial|reach|text)\b[^\n]{0,25}$"
)


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum every payment card number satisfies (and ~10% of random numbers)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def find_pii(
    text: str, card_prefixes: str, min_phone: int, max_phone: int
) -> Iterator[dict[str, Any]]:
    """Every PII match in one text: kind, matched text and character span."""
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= s or m.start() >= e for s, e in taken)

    def hit(kind: str, m: re.Match[str], **extra: Any) -> dict[str, Any]:
        taken.append(m.span())
        return {"kind": kind, "match": m.group(), "span": list(m.span()), **extra}

    for m in EMAIL.finditer(text):
        yield hit("email", m)
    for m in IPV4.finditer(text):
        if free(m) and all(int(o) <= 255 for o in m.group().split(".")) and not _excluded(text, m):
            yield hit("ip_address", m)
    for m in IPV6.finditer(text):
        g = m.group()
        full = g.count(":") >= 7 and re.search(r"[a-fA-F]", g)
        if free(m) and (full or ("::" in g and g.count(":") >= 3)):
            yield hit("ip_address", m)
    for m in CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if free(m) and digits[0] in card_prefixes and luhn_ok(digits) and not _excluded(text, m):
            yield hit("card_number", m, luhn=True)
    for m in PHONE.finditer(text):
        if free(m) and _phone_like(text, m, min_phone, max_phone):
            yield hit("phone", m)


def _excluded(text: str, m: re.Match[str]) -> bool:
    return bool(_NOT_PII_BEFORE.search(text[max(0, m.start() - 20) : m.start()]))


def _phone_like(text: str, m: re.Match[str], min_digits: int, max_digits: int) -> bool:
    """A phone's shape, not a date, a year range, a version or a number with thousands groups."""
    raw = m.group()
    digits = re.sub(r"\D", "", raw)
    if not min_digits <= len(digits) <= max_digits or _excluded(text, m):
        return False
    groups = re.findall(r"\d+", raw)
    if raw.startswith(("+", "(")) or _PHONE_WORD.search(text[max(0, m.start() - 40) : m.start()]):
        return True
    seps = set(re.findall(r"[ .-]", raw))
    thousands = len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    shaped = len(groups) >= 3 and min(map(len, groups)) >= 2 and len(groups[-1]) >= 3
    return shaped and len(seps) == 1 and not thousands


class Pii(BuiltinRule):
    """Personal data that must not be trained on."""

    code = "pii"
    default_severity = "error"
    summary = (
        "an e-mail address, phone number (min_phone_digits..max_phone_digits digits, phone-shaped), "
        "IPv4/IPv6 address, or payment card number (13-19 digits, Luhn-valid, first digit in "
        "card_prefixes) in the listed fields; ISBNs, DOIs, versions, dates and plain numbers are not."
    )
    defaults: ClassVar[dict[str, Any]] = {
        "fields": ["question", "answer"],
        "card_prefixes": "23456",
        "min_phone_digits": 9,
        "max_phone_digits": 15,
    }

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        cfg = self.config
        rows = []
        for field in cfg["fields"]:
            candidates = batch.filter(pl.col(field).fill_null("").str.contains(_CANDIDATE))
            for pair_id, text in candidates.select("id", field).iter_rows():
                found = list(
                    find_pii(
                        text, cfg["card_prefixes"], cfg["min_phone_digits"], cfg["max_phone_digits"]
                    )
                )
                if found:
                    first = found[0]
                    kinds = sorted({f["kind"] for f in found})
                    message = f"PII in {field}: {', '.join(kinds)} ('{first['match']}')"
                    rows.append((pair_id, message, {"field": field, "matches": found[:10]}))
        return rows_to_findings(rows)
