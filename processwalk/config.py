"""The project configuration: ``.processwalk.yaml``, and each process's ``budgets``.

Discovery: starting from the folder of the first path given (or the path itself
when it is a folder), each folder up to the file system root is searched for
``.processwalk.yaml`` (or ``.yml``); the first one found is the configuration.
``--config FILE`` names one explicitly.  Without one, every rule runs with its
defaults.

Shape (every key optional)::

    today: 2026-11-24            # the date used for policy reviews and answers (default: today)
    rules:
      handoff-chain: {max: 4, severity: error}
      system-sprawl: {enabled: false}
    display:                     # how figures are shown
      unit: d                    # one unit for elapsed times on every page (m, h, d or w; default: chosen per page)
      currency: EUR              # written beside every cost (the currency of the teams' hourly_cost)
    diff:                        # budgets for `processwalk diff`
      lead-time-increase: 0.10   # fail when lead time grows by more than 10 %
      new-approval: true         # fail on any new approval step
      new-refusal-loop: true     # fail on any new refusal branch that loops back
    remedies:                    # how the suggested remedies (`whatif --suggest`) are sized
      backlog-horizon: 90d       # a backlog's remedy reaches its promise within this time
      make-it-right-share: 0.5   # the share made right at the first contact (an assumption)
      sampled-share: 0.1         # the share an approval still checks when it samples
    spark:                       # where `--engine spark` runs the event-log queries
      master: spark://head:7077  # default: local[*]; PROCESSWALK_SPARK_MASTER overrides it
      options:                   # any spark.* settings (PROCESSWALK_SPARK_OPTIONS adds k=v,k=v)
        spark.executor.memory: 4g

A process's ``budgets`` has the shape of ``rules`` and overrides it for that process.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from processwalk import overrides
from processwalk.errors import Location, ProcessWalkError
from processwalk.eventlog.engine import SparkSettings
from processwalk.formatting import DISPLAY_UNITS
from processwalk.load import Node, load
from processwalk.model import RuleOverride
from processwalk.read import Reader, suggest
from processwalk.rule_defaults import RULES

NAMES = (".processwalk.yaml", ".processwalk.yml")
CONFIG_KEYS = ("today", "rules", "display", "diff", "remedies", "spark")
SPARK_KEYS = ("master", "options")
DISPLAY_KEYS = ("unit", "currency")
DIFF_DEFAULTS: Mapping[str, float | bool] = {
    "lead-time-increase": 0.10, "new-approval": True, "new-refusal-loop": True,
}


@dataclass(frozen=True)
class RuleSettings:
    """How one rule runs: on or off, its severity, and its thresholds."""

    enabled: bool
    severity: str
    thresholds: Mapping[str, float]
    #: the date the rule judges by (policy reviews, answers)
    today: dt.date = dt.date(1970, 1, 1)
    #: the configured unit of elapsed times in its messages (``display: {unit: d}``), None: chosen per figure
    unit: str | None = None

    def __getitem__(self, name: str) -> float:
        return self.thresholds[name]


@dataclass(frozen=True)
class Display:
    """How figures are shown: ``display:`` in the configuration."""

    #: the unit of elapsed times (lead times, waits, ages, promises) on every page; None: chosen per page
    unit: str | None = None
    #: written beside every cost
    currency: str | None = None


@dataclass(frozen=True)
class Remedies:
    """How the suggested remedies are sized: ``remedies:`` in the configuration."""

    #: days within which a backlog's remedy reaches its promise
    backlog_horizon_d: float = 90.0
    #: the share of cases made right at the first contact: an assumption, labelled as one
    make_it_right_share: float = 0.5
    #: the share of cases an approval that samples still checks
    sampled_share: float = 0.1


REMEDY_KEYS = ("backlog-horizon", "make-it-right-share", "sampled-share")


@dataclass(frozen=True)
class Config:
    path: str | None
    today: dt.date
    rules: Mapping[str, RuleSettings]
    diff: Mapping[str, float | bool] = field(default_factory=lambda: dict(DIFF_DEFAULTS))
    display: Display = Display()
    spark: SparkSettings = SparkSettings()
    remedies: Remedies = Remedies()

    def for_process(self, budgets: Mapping[str, RuleOverride]) -> Mapping[str, RuleSettings]:
        """This configuration with a process's ``budgets`` laid over it."""
        return applied(self.rules, budgets) if budgets else self.rules


def defaults(today: dt.date | None = None, unit: str | None = None) -> dict[str, RuleSettings]:
    day = today or dt.date.today()
    return {rid: RuleSettings(True, rule.severity, dict(rule.thresholds), day, unit) for rid, rule in RULES.items()}


def discover(paths: Sequence[str]) -> str | None:
    if not paths:
        return None
    folder = os.path.abspath(paths[0] if os.path.isdir(paths[0]) else os.path.dirname(paths[0]) or ".")
    while True:
        for name in NAMES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                return os.path.relpath(candidate)
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def load_config(path: str | None, today: dt.date | None = None) -> Config:
    """Read the configuration at ``path`` (None: defaults); raise with every problem found."""
    root = load(path).root if path is not None else None
    if root is None:
        day = today or dt.date.today()
        return Config(path, day, defaults(day))
    reader = Reader(path or "")
    body = reader.mapping(root, "the configuration")
    day = today or dt.date.today()
    config = Config(path, day, defaults(day))
    if body is not None:
        reader.keys(body, CONFIG_KEYS, "the configuration")
        day = today or reader.date(body.entries.get("today"), "today") or day
        display = _display(reader, body.entries.get("display"))
        rules = defaults(day, display.unit)
        config = Config(
            path, day,
            read_rules(reader, body.entries["rules"], rules) if "rules" in body.entries else rules,
            _diff(reader, body.entries.get("diff")),
            display,
            _spark(reader, body.entries.get("spark")),
            _remedies(reader, body.entries.get("remedies")),
        )
    if reader.problems:
        raise ProcessWalkError(reader.problems)
    return config


def read_rules(reader: Reader, node: Node, base: Mapping[str, RuleSettings]) -> dict[str, RuleSettings]:
    """Rule settings from a ``rules:`` mapping, on top of ``base``."""
    return applied(base, overrides.read(reader, node))


def applied(base: Mapping[str, RuleSettings], found: Mapping[str, RuleOverride]) -> dict[str, RuleSettings]:
    """``base`` with each rule's override laid over it: what the override writes replaces what is below."""
    settings = dict(base)
    for rule, override in found.items():
        current = base[rule]
        settings[rule] = replace(
            current, enabled=current.enabled if override.enabled is None else override.enabled,
            severity=override.severity or current.severity, thresholds={**current.thresholds, **override.thresholds})
    return settings


def _display(reader: Reader, node: object) -> Display:
    body = reader.mapping(node, "'display'") if node is not None else None  # type: ignore[arg-type]
    if body is None:
        return Display()
    reader.keys(body, DISPLAY_KEYS, "'display'")
    get = body.entries.get
    unit = reader.string(get("unit"), "unit")
    if unit is not None and unit not in DISPLAY_UNITS:
        reader.problem(get("unit"),  # type: ignore[arg-type]
                       f"unknown display unit '{unit}'{suggest(unit, DISPLAY_UNITS, 'display unit')}")
        unit = None
    currency = reader.string(get("currency"), "currency")
    return Display(unit, currency.strip() or None if currency is not None else None)


def _spark(reader: Reader, node: object) -> SparkSettings:
    body = reader.mapping(node, "'spark'") if node is not None else None  # type: ignore[arg-type]
    if body is None:
        return SparkSettings()
    reader.keys(body, SPARK_KEYS, "'spark'")
    master = reader.string(body.entries.get("master"), "master")
    options: dict[str, str] = {}
    given = body.entries.get("options")
    listed = reader.mapping(given, "'options'") if given is not None else None
    for key, value in listed.entries.items() if listed is not None else ():
        text = reader.string(value, f"option '{key}'")
        if text is not None:
            options[key] = text
    return SparkSettings(master.strip() or "local[*]" if master is not None else "local[*]", options)


def _remedies(reader: Reader, node: object) -> Remedies:
    body = reader.mapping(node, "'remedies'") if node is not None else None  # type: ignore[arg-type]
    if body is None:
        return Remedies()
    reader.keys(body, REMEDY_KEYS, "'remedies'")
    get = body.entries.get
    horizon = reader.hours(get("backlog-horizon"), "backlog-horizon")
    if horizon is not None and horizon <= 0:
        reader.problem(get("backlog-horizon"), "backlog-horizon is a time to reach the promise in, like 90d, "  # type: ignore[arg-type]
                                               "not 0")
        horizon = None
    shares = [_share(reader, get(key), key) for key in REMEDY_KEYS[1:]]
    default = Remedies()
    return Remedies(horizon / 24 if horizon is not None else default.backlog_horizon_d,
                    shares[0] if shares[0] is not None else default.make_it_right_share,
                    shares[1] if shares[1] is not None else default.sampled_share)


def _share(reader: Reader, node: Node | None, what: str) -> float | None:
    value = reader.number(node, what) if node is not None else None
    if value is not None and not 0 < value < 1:
        reader.problem(node, f"{what} is a share between 0 and 1, like 0.5, not {value:g}")  # type: ignore[arg-type]
        return None
    return value


def _diff(reader: Reader, node: object) -> dict[str, float | bool]:
    budgets = dict(DIFF_DEFAULTS)
    if node is None:
        return budgets
    body = reader.mapping(node, "'diff'")  # type: ignore[arg-type]
    if body is None:
        return budgets
    reader.keys(body, tuple(DIFF_DEFAULTS), "'diff'")
    for name, value in body.entries.items():
        if name == "lead-time-increase":
            number = reader.number(value, name)
            budgets[name] = budgets[name] if number is None else number
        elif name in DIFF_DEFAULTS:
            flag = reader.boolean(value, name)
            budgets[name] = budgets[name] if flag is None else flag
    return budgets


def location_of(config: Config) -> Location:
    return Location(config.path or "processwalk")
