"""User rules from a TOML file: regex rules over one field and SQL-predicate rules over a pair.

    [[rule]]
    code = "mentions_wikipedia"       # letters, digits, '_'; not a built-in code
    severity = "warning"              # error | warning | info (default warning)
    message = "answer cites Wikipedia"
    field = "answer"                  # question | answer | context | kind | source | doc_id
    regex = "(?i)wikipedia"           # Rust regex syntax (polars)
    # or: sql = "length(answer) > 500" # a condition over current_pairs columns
    max_rate = 0.01                   # optional: `workbench check` fails above this share

Every mistake is one line naming the file and the rule. A rule's version is a hash of its
definition, so editing a rule re-checks every pair with it.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from storage.errors import WorkbenchError
from storage.flags import predicate_error
from workbench.curate.rules.base import SEVERITIES, digest, findings
from workbench.curate.rules.text import regex_offset

STAGE = "flags_user"
VERSION_PREFIX = "user:"
FIELDS = ("question", "answer", "context", "kind", "source", "doc_id")
KEYS = ("code", "severity", "message", "field", "regex", "sql", "description", "max_rate")
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass
class UserRule:
    """One rule of the file; regex rules run in polars, SQL rules as a work-list column."""

    code: str
    severity: str
    message: str
    description: str
    regex: str | None = None
    field: str | None = None
    sql: str | None = None
    max_rate: float | None = None
    column: str = ""
    stage: str = STAGE
    active: bool = True
    version: str = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.version = VERSION_PREFIX + digest(self._definition())

    def _definition(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "regex": self.regex,
            "field": self.field,
            "sql": self.sql,
        }

    def explain(self) -> str:
        test = f"{self.field} matches /{self.regex}/" if self.regex else f"SQL: {self.sql}"
        about = f" {self.description}" if self.description else ""
        return f"{self.code} ({self.severity}, user rule): {self.message} ({test}).{about}"

    def fingerprint(self) -> dict[str, Any]:
        return self._definition()

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        if self.sql is not None:
            return findings(
                batch, pl.col(self.column), pl.lit(self.message), {"sql": pl.lit(self.sql)}
            )
        text = pl.col(self.field).fill_null("")
        matched = text.str.extract(self.regex, 0)
        return findings(
            batch,
            matched.is_not_null(),
            pl.format("{}: '{}'", pl.lit(self.message), matched.str.slice(0, 60)),
            {
                "field": pl.lit(self.field),
                "regex": pl.lit(self.regex),
                "matched": matched,
                "offset": regex_offset(text, self.regex),
            },
        )


def load_rules(
    path: Path, con: duckdb.DuckDBPyConnection, builtin_codes: tuple[str, ...]
) -> list[UserRule]:
    """Read and validate a rules file; SQL predicates are tried against the store with EXPLAIN."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise WorkbenchError(f"rules {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise WorkbenchError(f"rules {path}: {exc}") from None
    extra = sorted(set(data) - {"rule"})
    if extra:
        raise WorkbenchError(
            f"rules {path}: unknown table '{extra[0]}' (rules are [[rule]] tables)"
        )
    entries = data.get("rule", [])
    if not isinstance(entries, list):
        raise WorkbenchError(f"rules {path}: 'rule' must be an array of tables: [[rule]]")
    rules: list[UserRule] = []
    for number, entry in enumerate(entries, start=1):
        rule = _parse(path, number, entry, con, builtin_codes)
        if any(r.code == rule.code for r in rules):
            raise WorkbenchError(f"rules {path}: rule '{rule.code}': the code is used twice")
        rule.column = f"_wb_rule_{len(rules)}"
        rules.append(rule)
    return rules


def _parse(
    path: Path,
    number: int,
    entry: Any,
    con: duckdb.DuckDBPyConnection,
    builtin_codes: tuple[str, ...],
) -> UserRule:
    if not isinstance(entry, dict):
        raise WorkbenchError(f"rules {path}: rule #{number} must be a table")
    code = entry.get("code")
    if not isinstance(code, str) or not _CODE.match(code):
        raise WorkbenchError(
            f"rules {path}: rule #{number}: 'code' must be lower-case letters, digits and '_', "
            f"got {code!r}"
        )

    def bad(problem: str) -> WorkbenchError:
        return WorkbenchError(f"rules {path}: rule '{code}': {problem}")

    if code in builtin_codes:
        raise bad("this code belongs to a built-in rule; pick another")
    unknown = sorted(set(entry) - set(KEYS))
    if unknown:
        raise bad(f"unknown key '{unknown[0]}' (known: {', '.join(KEYS)})")
    severity = entry.get("severity", "warning")
    if severity not in SEVERITIES:
        raise bad(f"unknown severity '{severity}' (one of {', '.join(SEVERITIES)})")
    message = entry.get("message") or code.replace("_", " ")
    if not isinstance(message, str):
        raise bad("'message' must be text")
    max_rate = entry.get("max_rate")
    if max_rate is not None and (
        isinstance(max_rate, bool)
        or not isinstance(max_rate, int | float)
        or not 0 <= max_rate <= 1
    ):
        raise bad(f"'max_rate' must be a number between 0 and 1, got {max_rate!r}")
    regex, sql = entry.get("regex"), entry.get("sql")
    if (regex is None) == (sql is None):
        raise bad("give exactly one of 'regex' or 'sql'")
    common = {
        "code": code,
        "severity": severity,
        "message": message,
        "description": str(entry.get("description", "")),
        "max_rate": None if max_rate is None else float(max_rate),
    }
    if sql is not None:
        if "field" in entry:
            raise bad("'field' is for regex rules; an SQL rule names columns in its condition")
        if not isinstance(sql, str) or not sql.strip():
            raise bad("'sql' must be a non-empty SQL condition")
        problem = predicate_error(con, sql)
        if problem is not None:
            raise bad(f"bad SQL predicate {sql!r}: {problem}")
        return UserRule(sql=sql, **common)
    target = entry.get("field")
    if target not in FIELDS:
        raise bad(f"unknown field {target!r} (one of {', '.join(FIELDS)})")
    if not isinstance(regex, str) or not regex:
        raise bad("'regex' must be a non-empty pattern")
    try:
        pl.select(pl.lit("").str.contains(regex))
    except pl.exceptions.ComputeError as exc:
        reason = " ".join(line.strip() for line in str(exc).splitlines()[1:4] if line.strip())
        raise bad(f"invalid regex {regex!r}: {reason or exc}") from None
    return UserRule(regex=regex, field=target, **common)
