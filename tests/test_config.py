from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from processwalk import config, overrides
from processwalk.errors import ProcessWalkError
from processwalk.load import Map, load
from processwalk.model import RuleOverride
from processwalk.read import Reader


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_defaults_follow_the_spec() -> None:
    rules = config.load_config(None, dt.date(2026, 11, 24)).rules
    assert rules["repeated-refusal"].thresholds == {"min_p": 0.02}
    assert rules["rubber-stamp"].thresholds == {"min_pass": 0.95}
    assert rules["approval-stack"].thresholds == {"max": 1.0}
    assert rules["handoff-chain"].thresholds == {"max": 3.0}
    assert rules["repeat-contact"].thresholds == {"min": 0.2}
    assert rules["long-wait"].thresholds == {"share": 0.5, "times_work": 100.0}
    assert rules["bottleneck"].thresholds == {"warning": 0.85, "error": 1.0}
    assert rules["impossible-wait"].thresholds == {"share": 1.0, "utilization": 1.0}
    assert rules["system-sprawl"].thresholds == {"step_max": 3.0, "case_max": 5.0}
    assert rules["invalid"].severity == "error"
    assert all(r.enabled and r.today == dt.date(2026, 11, 24) for r in rules.values())


def test_file_overrides_thresholds_severity_and_today(tmp_path: Path) -> None:
    path = write(tmp_path / ".processwalk.yaml", "today: 2026-01-31\nrules:\n"
                 "  handoff-chain: {max: 4, severity: error}\n  system-sprawl: {enabled: false}\n"
                 "  ping-pong: false\ndiff: {lead-time-increase: 0.25, new-approval: false}\n")
    loaded = config.load_config(path)
    assert loaded.today == dt.date(2026, 1, 31)
    assert loaded.rules["handoff-chain"] == config.RuleSettings(True, "error", {"max": 4.0}, dt.date(2026, 1, 31))
    assert not loaded.rules["system-sprawl"].enabled
    assert not loaded.rules["ping-pong"].enabled
    assert loaded.diff == {"lead-time-increase": 0.25, "new-approval": False, "new-refusal-loop": True}


def test_bad_config_gets_positioned_errors(tmp_path: Path) -> None:
    path = write(tmp_path / ".processwalk.yaml", "rules:\n  handof-chain: {max: 4}\n"
                 "  ping-pong: {severity: fatal, mx: 1}\nfail: 1\n")
    with pytest.raises(ProcessWalkError) as error:
        config.load_config(path)
    assert [str(p) for p in error.value.problems] == [
        f"{path}:2:3: [error] unknown rule 'handof-chain'; did you mean 'handoff-chain'? (invalid)",
        f"{path}:3:25: [error] unknown severity 'fatal'; known severities: error, info, warning (invalid)",
        f"{path}:3:32: [error] unknown key 'mx' in the settings of 'ping-pong'; did you mean 'max'? (invalid)",
        f"{path}:4:1: [error] unknown key 'fail' in the configuration; known keys: diff, display, remedies, rules, spark, today (invalid)",
    ]


def test_display_sets_the_unit_and_the_currency(tmp_path: Path) -> None:
    path = write(tmp_path / ".processwalk.yaml", "display: {unit: d, currency: EUR}\n")
    loaded = config.load_config(path)
    assert loaded.display == config.Display("d", "EUR")
    assert all(r.unit == "d" for r in loaded.rules.values())
    assert config.load_config(None).display == config.Display(None, None)


def test_bad_display_gets_positioned_errors(tmp_path: Path) -> None:
    path = write(tmp_path / ".processwalk.yaml", "display: {unit: days, curency: EUR}\n")
    with pytest.raises(ProcessWalkError) as error:
        config.load_config(path)
    assert [str(p) for p in error.value.problems] == [
        f"{path}:1:17: [error] unknown display unit 'days'; known display units: d, h, m, w (invalid)",
        f"{path}:1:23: [error] unknown key 'curency' in 'display'; did you mean 'currency'? (invalid)",
    ]


def test_budgets_override_config(tmp_path: Path) -> None:
    path = write(tmp_path / "p.yaml", "budgets:\n  handoff-chain: {max: 6}\n")
    root = load(path).root
    assert isinstance(root, Map)
    reader = Reader(path)
    budgets = overrides.read(reader, root.entries["budgets"], "'budgets'")
    assert reader.problems == [] and budgets == {"handoff-chain": RuleOverride(thresholds={"max": 6.0})}
    rules = config.load_config(None, dt.date(2026, 11, 24)).for_process(budgets)
    assert rules["handoff-chain"]["max"] == 6.0


def test_budgets_lie_over_the_configuration_key_by_key(tmp_path: Path) -> None:
    path = write(tmp_path / ".processwalk.yaml", "rules:\n  handoff-chain: {max: 4, severity: error}\n"
                 "  long-wait: {share: 0.4}\n")
    configured = config.load_config(path, dt.date(2026, 11, 24))
    budgets = {"handoff-chain": RuleOverride(thresholds={"max": 6.0}), "long-wait": RuleOverride(enabled=False)}
    rules = configured.for_process(budgets)
    # the budget's max over the configuration's 4, the configuration's severity kept
    assert (rules["handoff-chain"]["max"], rules["handoff-chain"].severity) == (6.0, "error")
    # switched off, with the configuration's share and the default times_work kept
    assert (rules["long-wait"].enabled, dict(rules["long-wait"].thresholds)) == \
        (False, {"share": 0.4, "times_work": 100.0})
    assert rules["bottleneck"] is configured.rules["bottleneck"]
    assert configured.for_process({}) is configured.rules


def test_discover_walks_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".processwalk.yaml", "{}\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert config.discover([str(tmp_path / "a" / "b")]) == ".processwalk.yaml"
    assert config.discover([]) is None


def test_remedies_are_sized_by_the_configuration(tmp_path: Path) -> None:
    assert config.load_config(None).remedies == config.Remedies(90.0, 0.5, 0.1)
    path = write(tmp_path / ".processwalk.yaml", "remedies:\n  backlog-horizon: 6w\n  make-it-right-share: 0.3\n"
                 "  sampled-share: 0.2\n")
    assert config.load_config(path).remedies == config.Remedies(42.0, 0.3, 0.2)


def test_bad_remedy_settings_get_positioned_errors(tmp_path: Path) -> None:
    path = write(tmp_path / ".processwalk.yaml", "remedies:\n  backlog-horizon: 0d\n  make-it-right-share: 1.5\n"
                 "  sampled: 0.2\n")
    with pytest.raises(ProcessWalkError) as error:
        config.load_config(path)
    assert [str(p) for p in error.value.problems] == [
        f"{path}:2:20: [error] backlog-horizon is a time to reach the promise in, like 90d, not 0 (invalid)",
        f"{path}:3:24: [error] make-it-right-share is a share between 0 and 1, like 0.5, not 1.5 (invalid)",
        f"{path}:4:3: [error] unknown key 'sampled' in 'remedies'; did you mean 'sampled-share'? (invalid)",
    ]
