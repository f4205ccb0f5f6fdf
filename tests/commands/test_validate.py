"""``processwalk validate`` on every broken file of ``tests/data/invalid`` and the valid ones.

Each case lists the exact problems of one file: line, column and message, printed as
``path:line:col: [error] message (invalid)``, all of them, sorted by position.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., tuple[int, str, str]]  # the ``run`` fixture of conftest.py

DATA = Path(__file__).parents[1] / "data"
PWNED = "/tmp/processwalk-pwned"  # what tests/data/invalid/python-tag.yaml would create if it ran

DURATION = "write a number with a unit (s, m, h, d, w), e.g. '15m', '1h30m', '2d', or ISO 8601 'PT15M'"
SHAPES = "a distribution is {mean: 2d, cv: 0.5}, {min: 5m, mode: 10m, max: 40m} or {p50: 10m, p90: 40m}"
RATE_UNITS = "hour, day, workday, week, month, year"
EXPECTED_TOP = ("expected a mapping with 'process: <id>' (a process) or 'teams', 'systems', 'policies' "
                "(a catalog)")
ID_RULE = "use lowercase letters, digits and '-'"
NO_WAY_OUT = "has no way out; give one of its steps a branch that leads to an end step"
REMAINDER = "make them sum to 1, or leave out one 'p' to give that branch the remainder"
P_RANGE = "p is a probability: more than 0 and at most 1, not"
CONFLICT = ("team 'frontline' is also defined, differently, at invalid/catalog-conflict/catalog-a.yaml:3:3; "
            "keep one definition or give them different ids")

CASES: dict[str, list[tuple[int, int, str]]] = {
    # -- YAML hazards -------------------------------------------------------------------------
    "syntax-error.yaml": [
        (7, 9, ("YAML syntax error: did not find expected ',' or ']'; close the list opened at line 6, "
               "column 14 with ']'")),
    ],
    "duplicate-key.yaml": [
        (11, 5, "duplicate key 'team' (first defined at line 9, column 5); keep one"),
    ],
    "alias-bomb.yaml": [
        (7, 63, "aliases expand to more than 100,000 values; use fewer or smaller aliases"),
    ],
    "recursive-alias.yaml": [
        (5, 5, ("recursive alias: '*loop' is used inside the value that '&loop' names; an alias must refer "
               "to a finished value")),
    ],
    "python-tag.yaml": [
        (3, 8, "tag '!!python/object/apply:os.system' is not allowed; write plain values without tags"),
    ],
    "custom-tag.yaml": [
        (3, 8, "tag '!foo' is not allowed; write plain values without tags"),
    ],
    "not-utf8.yaml": [
        (3, 9, "the file is not UTF-8 (byte 0xe9); save it as UTF-8"),
    ],
    "control-character.yaml": [
        (3, 17, ("the file contains the control character #x07, which YAML does not allow; remove it "
                "(use '\\t' or '\\n' inside double quotes if you meant one)")),
    ],
    "deep-nesting.yaml": [
        (2, 108, ("lists and mappings are nested more than 100 levels deep; a process needs only a few "
                 "levels: look for an unclosed '[' or '{'")),
    ],
    "two-documents.yaml": [
        (3, 1, ("the file holds more than one YAML document ('---'); put each process or catalog in a file "
               "of its own")),
    ],
    "unquoted-comma.yaml": [
        (10, 69, ("YAML syntax error: did not find expected ',' or '}'; in a mapping written in braces, ',' ends "
                  "a value and ': ' starts a key: put text that holds them in quotes, e.g. reason: 'reading "
                  "missing: photo, or code'")),
    ],
    "unquoted-comma-text.yaml": [
        (9, 46, ("unknown key 'final reading given' in a branch of step 'call-in'; a ',' ends a value in a "
                 "mapping written in braces: if 'final reading given' belongs to the text before it, put the "
                 "whole text in quotes, e.g. when: 'moving out, final reading given'")),
    ],
    # -- what a file is ------------------------------------------------------------------------
    "empty.yaml": [(1, 1, f"the file is empty; {EXPECTED_TOP}")],
    "top-level-list.yaml": [(2, 1, f"the top level is a list; {EXPECTED_TOP}")],
    "neither.yaml": [(2, 1, f"neither a process nor a catalog (keys: 'title', 'owner'); {EXPECTED_TOP}")],
    # -- keys, values and units ----------------------------------------------------------------
    "unknown-keys.yaml": [
        (3, 1, "unknown key 'titel' in the process; did you mean 'title'?"),
        (8, 5, "unknown key 'staf' in team 'frontline'; did you mean 'staff'?"),
        (12, 5, "unknown key 'tema' in step 'call-in'; did you mean 'team'?"),
        (18, 9, "unknown key 'whne' in a branch of step 'call-in'; did you mean 'when'?"),
    ],
    "bare-number-duration.yaml": [(9, 11, f"bad work: '15' has no unit; {DURATION}")],
    "negative-duration.yaml": [(9, 11, "bad wait: '-2d' is negative; a duration is 0 or more")],
    "unknown-unit.yaml": [(9, 11, f"bad wait: unknown unit 'days' in '2days'; {DURATION}")],
    "bad-distribution.yaml": [
        (9, 22, f"unknown key 'sd' in the distribution of wait; {SHAPES}"),
        (13, 11, f"the distribution of wait has min, max but no 'mode'; {SHAPES}"),
        (17, 11, ("bad work: a triangular duration needs min <= mode <= max, not min '20m', mode '10m', "
                 "max '40m'")),
    ],
    "bad-rate.yaml": [
        (3, 9, f"bad demand: '120' is not a rate; write a number per unit ({RATE_UNITS}), e.g. '120/day'"),
    ],
    "unknown-rate-unit.yaml": [
        (3, 9, f"bad demand: unknown rate unit 'fortnight' in '120/fortnight'; use one of {RATE_UNITS}"),
    ],
    "bad-id.yaml": [
        (2, 10, f"'Billing Credit' is not a valid process id; {ID_RULE}, e.g. 'billing-credit'"),
        (5, 3, f"'Front Line' is not a valid team id; {ID_RULE}, e.g. 'front-line'"),
        (7, 3, f"'Call_In' is not a valid step id; {ID_RULE}, e.g. 'call-in'"),
    ],
    "bad-date.yaml": [
        (9, 15, ("reviewed '2019-02-30' is not a real date (day is out of range for month); write "
                "year-month-day, e.g. 2026-10-01")),
        (13, 32, "as_of should be a date written year-month-day, like 2026-10-01, not '03/01/2026'"),
    ],
    # -- references ----------------------------------------------------------------------------
    "unknown-references.yaml": [
        (12, 11, "unknown team 'frontlien'; did you mean 'frontline'?"),
        (13, 15, "unknown system 'biling'; did you mean 'billing'?"),
        (14, 13, "unknown policy 'credit-aproval'; did you mean 'credit-approval'?"),
        (16, 13, "step 'call-in' goes to unknown step 'dnoe'; did you mean 'done'?"),
        (18, 17, "unknown policy 'credit-approvl'; did you mean 'credit-approval'?"),
    ],
    "unknown-references-no-match.yaml": [
        (13, 11, "unknown team 'warehouse'; known teams: back-office, frontline"),
        (14, 15, "unknown system 'telephony'; known systems: billing"),
        (15, 16, "unknown policy 'four-eyes'; known policies: credit-approval"),
        (17, 13, "step 'call-in' goes to unknown step 'shipping'; known steps: call-in, done"),
    ],
    "no-references-defined.yaml": [
        (6, 11, ("unknown team 'frontline'; no teams are defined; define it under 'teams:' in a catalog "
                "file or in the process")),
        (7, 15, ("unknown system 'crm'; no systems are defined; define it under 'systems:' in a catalog "
                "file or in the process")),
        (8, 13, ("unknown policy 'credit-approval'; no policies are defined; define it under 'policies:' in "
                "a catalog file or in the process")),
    ],
    "frontline-unknown.yaml": [(4, 12, "unknown team 'frontlien'; did you mean 'frontline'?")],
    # -- answers -------------------------------------------------------------------------------
    "answer-unsigned.yaml": [
        (9, 5, "the answer has no 'owner'; say who gave the answer and answers for it, e.g. 'owner: Controller'"),
        (9, 5, ("the answer has no 'until'; say until when it holds, e.g. 'until: 2027-06-30' (after it the "
                "finding counts again): an answer that never expires would silence the finding for good")),
        (12, 76, "until should be a date written year-month-day, like 2026-10-01, not 'someday'"),
    ],
    # -- steps ---------------------------------------------------------------------------------
    "next-on-end.yaml": [
        (12, 5, "end step 'done' has 'next'; an end step finishes the case, remove 'next' or change its kind"),
    ],
    "next-missing.yaml": [
        (7, 3, ("step 'call-in' has no 'next'; say where the case goes ('next: <step>' or a list of "
               "branches), or make it 'kind: end'")),
    ],
    "team-missing.yaml": [
        (8, 3, ("step 'call-in' has no 'team'; say which team does it with 'team: <id>'; known teams: "
               "back-office, frontline")),
    ],
    "outcome-not-end.yaml": [
        (9, 5, "step 'call-in' has an 'outcome' but is not an end step; add 'kind: end' or remove 'outcome'"),
    ],
    "unknown-kind.yaml": [(8, 11, "unknown kind 'approvel' for step 'call-in'; did you mean 'approval'?")],
    "start-missing.yaml": [
        (2, 1, ("the process has no 'start'; name the step where the customer's request originates, e.g. "
               "'start: call-in'")),
    ],
    "start-unknown.yaml": [(3, 8, "start step 'cal-in' is not a step; did you mean 'call-in'?")],
    "steps-missing.yaml": [(2, 1, "the process has no 'steps'; list its steps under 'steps:'")],
    # -- branches and probabilities ------------------------------------------------------------
    "probabilities-sum.yaml": [
        (10, 7, f"the branches of step 'call-in' have p summing to 0.9, not 1; {REMAINDER}"),
    ],
    "two-remainders.yaml": [
        (13, 9, ("step 'call-in' has 2 branches without 'p'; at most one may leave it out (it takes the "
                "remainder): give the others a 'p'")),
    ],
    "empty-remainder.yaml": [
        (14, 9, ("the branch of step 'call-in' without 'p' gets nothing: the others already sum to 1; lower "
                "their p or remove this branch")),
    ],
    "probability-out-of-range.yaml": [
        (11, 12, f"{P_RANGE} 1.5"),
        (17, 12, f"{P_RANGE} 0; remove a branch that is never taken"),
        (19, 12, f"{P_RANGE} -0.1"),
    ],
    "zero-percent.yaml": [
        (11, 23, f"{P_RANGE} 0; remove a branch that is never taken"),
    ],
    "budgets-unknown.yaml": [
        (10, 19, "unknown key 'maximum' in the settings of 'handoff-chain'; did you mean 'max'?"),
        (11, 3, "unknown rule 'handof-chain'; did you mean 'handoff-chain'?"),
    ],
    # -- the walk as a whole -------------------------------------------------------------------
    "unreachable.yaml": [
        (10, 3, ("step 'call-back' is never reached from the start step 'call-in'; send a branch to it or "
                "remove it")),
    ],
    "loop-without-way-out.yaml": [(13, 3, f"the loop check -> fix -> check {NO_WAY_OUT}")],
    "no-path-to-end.yaml": [
        (13, 3, "no path leads from step 'triage' to an end step; every step must be able to finish the case"),
        (16, 3, f"the loop on-hold -> on-hold {NO_WAY_OUT}"),
    ],
    "no-end-step.yaml": [
        (2, 10, "process 'no-end-step' has no end step; add a step with 'kind: end' where the case finishes"),
    ],
    # -- all problems of a file at once, sorted by position -----------------------------------
    "many-problems.yaml": [
        (4, 9, f"bad demand: unknown rate unit 'fortnight' in '120/fortnight'; use one of {RATE_UNITS}"),
        (11, 5, "unknown key 'wiat' in step 'call-in'; did you mean 'wait'?"),
        (12, 11, f"bad work: '15' has no unit; {DURATION}"),
        (14, 7, f"the branches of step 'call-in' have p summing to 0.9, not 1; {REMAINDER}"),
        (19, 11, "unknown kind 'approvel' for step 'check'; did you mean 'approval'?"),
        (20, 11, "unknown team 'frontlien'; did you mean 'frontline'?"),
        (21, 5, "step 'check' has an 'outcome' but is not an end step; add 'kind: end' or remove 'outcome'"),
        (23, 3, ("step 'forgotten' is never reached from the start step 'call-in'; send a branch to it or "
                "remove it")),
        (23, 3, f"the loop forgotten -> forgotten {NO_WAY_OUT}"),
    ],
    # -- catalogs found by folder --------------------------------------------------------------
    "catalog-conflict/catalog-a.yaml": [(4, 3, CONFLICT)],  # reported where the second definition is
    "catalog-conflict/catalog-b.yaml": [(4, 3, CONFLICT)],
    "catalog-conflict/process.yaml": [(4, 3, CONFLICT)],
    "catalog-scope/delivery/redelivery.yaml": [
        (6, 11, ("unknown team 'billing-desk'; no teams are defined; define it under 'teams:' in a catalog "
                "file or in the process")),
    ],
}


def lines(name: str, problems: list[tuple[int, int, str]]) -> str:
    """The output expected for ``problems``: which file they are in depends on the case."""
    file = "invalid/catalog-conflict/catalog-b.yaml" if name.startswith("catalog-conflict/") else f"invalid/{name}"
    return "".join(f"{file}:{line}:{column}: [error] {message} (invalid)\n" for line, column, message in problems)


@pytest.fixture(autouse=True)
def in_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from ``tests/data`` so that the paths in the messages are short."""
    monkeypatch.chdir(DATA)


#: files that are fine in themselves and serve the cases beside them
HELPERS = {"catalog-scope/billing/catalog.yaml", "duplicate-id/credit.yaml", "duplicate-id/credit-copy.yaml"}

TWICE = ("process id 'billing-credit' is also used at invalid/duplicate-id/{}; give each process its own id "
         "(one process per id: they would share findings and pages)")
#: the problems of folders whose files are fine alone but not together
FOLDERS: dict[str, list[str]] = {
    "duplicate-id": [
        "invalid/duplicate-id/credit-copy.yaml:2:10: [error] " + TWICE.format("credit.yaml:3:10") + " (invalid)",
        "invalid/duplicate-id/credit.yaml:3:10: [error] " + TWICE.format("credit-copy.yaml:2:10") + " (invalid)",
    ],
}


def test_every_fixture_has_a_case() -> None:
    found = {str(p.relative_to(DATA / "invalid")) for p in (DATA / "invalid").rglob("*.yaml")
             if not p.name.startswith(".")}
    assert found == set(CASES) | HELPERS


@pytest.mark.parametrize("name", sorted(CASES))
def test_invalid_file(run: Run, name: str) -> None:
    code, out, err = run("validate", f"invalid/{name}")
    assert (code, out) == (1, lines(name, CASES[name]))
    assert err == f"{len(CASES[name])} problem(s) in 1 file(s)\n"
    assert "Traceback" not in out + err


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_invalid_folder(run: Run, name: str) -> None:
    code, out, err = run("validate", f"invalid/{name}")
    assert (code, out.splitlines()) == (1, FOLDERS[name])
    assert err == f"{len(FOLDERS[name])} problem(s) in {len(FOLDERS[name])} file(s)\n"
    # each file alone is a valid process
    assert run("validate", f"invalid/{name}/credit.yaml") == (0, "", "1 process(es) valid in 1 file(s)\n")


def test_all_invalid_files_at_once_sorted_by_file_and_position(run: Run) -> None:
    code, out, err = run("validate", "invalid")
    expected = sorted({line for name, problems in CASES.items() for line in lines(name, problems).splitlines()}
                      | {line for problems in FOLDERS.values() for line in problems}, key=_position)
    assert (code, out.splitlines()) == (1, expected)
    assert err == f"{len(expected)} problem(s) in {len({_position(e)[0] for e in expected})} file(s)\n"


def _position(line: str) -> tuple[str, int, int, str]:
    file, row, column, message = line.split(":", 3)
    return file, int(row), int(column), message


def test_python_tag_runs_nothing(run: Run) -> None:
    if os.path.exists(PWNED):
        os.remove(PWNED)
    code, out, _ = run("validate", "invalid/python-tag.yaml")
    assert code == 1 and "!!python/object/apply:os.system" in out
    assert not os.path.exists(PWNED)


def test_not_utf8_fixture_keeps_its_latin1_byte() -> None:
    assert b"R\xe9clamation" in (DATA / "invalid" / "not-utf8.yaml").read_bytes()


def test_valid_files(run: Run) -> None:
    assert run("validate", "valid") == (0, "", "4 process(es) valid in 6 file(s)\n")


def test_a_process_in_a_subfolder_sees_the_catalogs_of_its_folder_and_above(run: Run,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA / "valid" / "project" / "billing")
    assert run("validate", "credit.yaml") == (0, "", "1 process(es) valid in 1 file(s)\n")


def test_a_path_that_does_not_exist_is_a_usage_error(run: Run) -> None:
    code, out, err = run("validate", "invalid/no-such-file.yaml")
    assert (code, out) == (2, "")
    assert "Path 'invalid/no-such-file.yaml' does not exist." in err
    assert "Traceback" not in err


def test_no_path_is_a_usage_error(run: Run) -> None:
    code, out, err = run("validate")
    assert (code, out) == (2, "")
    assert "Missing argument 'PATHS...'" in err
