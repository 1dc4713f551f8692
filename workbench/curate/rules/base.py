"""The rule protocol every flag source follows, so built-ins and user rules run and explain alike.

A rule looks at a polars batch of pairs and returns findings: one row per flagged pair with a
one-line message and a JSON evidence object. The runner adds code, severity and rule version.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, ClassVar, Protocol

import polars as pl

from storage.errors import WorkbenchError

SEVERITIES = ("error", "warning", "info")
FINDINGS = {"pair_id": pl.String, "message": pl.String, "evidence": pl.String}
BATCH_COLUMNS = ("id", "question", "answer", "context", "doc_id", "kind", "answerable", "source")


class Rule(Protocol):
    """What the runner needs from a rule; `stage` groups rules that share an incremental state.

    Optional, read with getattr: `prepare(con)` before a run, `columns` (pair columns it reads),
    `uses_view` (check the `rules.view` of the batch), `sql` + `column` (a predicate the work
    list evaluates), `max_rate` (for `workbench check`).
    """

    code: str
    severity: str
    version: str
    stage: str
    active: bool

    def explain(self) -> str: ...
    def fingerprint(self) -> dict[str, Any]: ...
    def check(self, batch: pl.DataFrame) -> pl.DataFrame: ...


def no_findings() -> pl.DataFrame:
    """An empty findings frame with the right schema."""
    return pl.DataFrame(schema=FINDINGS)


def findings(
    batch: pl.DataFrame, mask: pl.Expr, message: pl.Expr, evidence: dict[str, pl.Expr]
) -> pl.DataFrame:
    """Vectorised findings: rows where `mask` holds, with a message and a JSON evidence object."""
    return batch.filter(mask).select(
        pl.col("id").alias("pair_id"),
        message.cast(pl.String).alias("message"),
        pl.struct(**evidence).struct.json_encode().alias("evidence"),
    )


def rows_to_findings(rows: list[tuple[str, str, dict[str, Any]]]) -> pl.DataFrame:
    """Findings from per-row Python checks: (pair_id, message, evidence dict)."""
    if not rows:
        return no_findings()
    return pl.DataFrame(
        {
            "pair_id": [r[0] for r in rows],
            "message": [r[1] for r in rows],
            "evidence": [json.dumps(r[2], ensure_ascii=False) for r in rows],
        },
        schema=FINDINGS,
    )


def digest(value: Any) -> str:
    """A short stable hash of JSON-able data: config fingerprints and user rule versions."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class BuiltinRule:
    """A built-in rule: class-level code, default severity, version and thresholds.

    `[flags.<code>]` in the config overrides thresholds (same type as the default), `severity`,
    and `enabled = false` turns the rule off.
    """

    code: ClassVar[str]
    default_severity: ClassVar[str] = "warning"
    version: ClassVar[str] = "1"
    summary: ClassVar[str] = ""
    defaults: ClassVar[dict[str, Any]] = {}
    stage: ClassVar[str] = "flags"
    # Built-ins see `rules.view.pair_view` of the batch (inline chat context split, `task`).
    uses_view: ClassVar[bool] = True

    def __init__(self, section: dict[str, Any] | None = None) -> None:
        section = dict(section or {})
        self.severity = str(section.pop("severity", self.default_severity))
        if self.severity not in SEVERITIES:
            raise WorkbenchError(
                f"config [flags.{self.code}]: severity '{self.severity}' is not one of "
                f"{', '.join(SEVERITIES)}"
            )
        self.enabled = bool(section.pop("enabled", True))
        self.active = self.enabled
        self.config = {**self.defaults, **_checked(self.code, self.defaults, section)}

    def explain(self) -> str:
        """What the rule checks and with which thresholds: the help and TUI text."""
        knobs = ", ".join(f"{k}={_show(v)}" for k, v in self.config.items())
        return f"{self.code} ({self.severity}, v{self.version}): {self.summary}" + (
            f" [flags.{self.code}]: {knobs}" if knobs else ""
        )

    def fingerprint(self) -> dict[str, Any]:
        """Everything that changes the rule's output: a change re-runs it on every pair."""
        return {
            "code": self.code,
            "version": self.version,
            "severity": self.severity,
            "config": self.config,
        }

    def check(self, batch: pl.DataFrame) -> pl.DataFrame:
        raise NotImplementedError


def _checked(code: str, defaults: dict[str, Any], section: dict[str, Any]) -> dict[str, Any]:
    """Refuse unknown keys and values of the wrong type, naming the rule and the key."""
    for key, value in section.items():
        if key not in defaults:
            known = ", ".join(["severity", "enabled", *defaults])
            raise WorkbenchError(f"config [flags.{code}]: unknown key '{key}' (known: {known})")
        want = defaults[key]
        ok = (
            isinstance(value, type(want))
            or (isinstance(want, float) and isinstance(value, int))
            or (isinstance(want, list) and isinstance(value, list))
        )
        if not ok or isinstance(value, bool) != isinstance(want, bool):
            raise WorkbenchError(
                f"config [flags.{code}]: '{key}' must be {type(want).__name__}, got {value!r}"
            )
    return {k: float(v) if isinstance(defaults[k], float) else v for k, v in section.items()}


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value[:6])) + (", …]" if len(value) > 6 else "]")
    return str(value)
