"""Changed copies that keep the owner's text, and the checked write (processwalk/eventlog/roundtrip.py)."""
from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from processwalk.errors import ProcessWalkError
from processwalk.eventlog.roundtrip import Edits, Wait, check_text, edit, guess_indent, write_checked

from .conftest import Write

DESK = """\
# yaml-language-server: $schema=../processwalk/process.schema.json
# The desk, as the team lead sees it.

process: desk
title: Desk
start: arrive            # the customer walks in
teams:
  desk: {name: Desk}
  back: {name: Back}
steps:
  arrive:
    name: Customer arrives
    kind: contact
    team: desk
    next: handle

  handle:
    name: Handle
    team: back
    wait: {min: 5m, mode: 10m, max: 40m}   # a guess
    work: 30m
    next:
      - to: closed
        p: 0.8               # most are fine
      - to: handle
        p: 0.1
        when: needs another look
      - to: lost

  closed:
    name: Closed
    kind: end
  lost: {name: Lost, kind: end, outcome: abandoned}
"""

THIRDS = [Decimal("0.3334"), Decimal("0.3333"), Decimal("0.3333")]
EDITS = Edits(1.0, {"handle": Wait("40m", 0.5), "arrive": Wait("2m")}, {"handle": THIRDS},
              ["Calibrated by 'processwalk calibrate' from a log", "as a test"])


def test_only_the_figures_change() -> None:
    # demand goes before 'start' and arrive's new wait before 'next'; the triangular wait has no mean:
    # it becomes {mean, cv} with the cv given; the branch without p keeps taking the remainder
    assert edit(DESK, EDITS) == """\
# yaml-language-server: $schema=../processwalk/process.schema.json
# The desk, as the team lead sees it.

# Calibrated by 'processwalk calibrate' from a log
#   as a test

process: desk
title: Desk
demand: 1/day
start: arrive            # the customer walks in
teams:
  desk: {name: Desk}
  back: {name: Back}
steps:
  arrive:
    name: Customer arrives
    kind: contact
    team: desk
    wait: 2m
    next: handle

  handle:
    name: Handle
    team: back
    wait: {mean: 40m, cv: 0.5}             # a guess
    work: 30m
    next:
      - to: closed
        p: 0.3334            # most are fine
      - to: handle
        p: 0.3333
        when: needs another look
      - to: lost

  closed:
    name: Closed
    kind: end
  lost: {name: Lost, kind: end, outcome: abandoned}
"""


def test_nothing_to_change_changes_nothing() -> None:
    assert edit(DESK, Edits()) == DESK


def test_editing_again_replaces_the_note() -> None:
    once = edit(DESK, EDITS)
    assert edit(once, EDITS) == once
    assert edit(once, Edits(note=["Calibrated by 'processwalk calibrate' again"])).count("# Calibrated") == 1


def test_a_note_right_above_the_process_is_replaced() -> None:
    text = "# Calibrated by 'processwalk calibrate' long ago\n#   from an old log\n" + DESK[DESK.index("process:"):]
    assert edit(text, Edits(note=["Calibrated by 'processwalk calibrate' now"])) == (
        "# Calibrated by 'processwalk calibrate' now\n\n" + DESK[DESK.index("process:"):])


def test_a_mean_and_a_unit_are_kept() -> None:
    text = DESK.replace("title: Desk\n", "title: Desk\ndemand: 700/week\n").replace(
        "{min: 5m, mode: 10m, max: 40m}", "{mean: 15m, cv: 0.7}")
    out = edit(text, Edits(50.0, {"handle": Wait("40m", 0.7)}))
    assert "demand: 350/week\n" in out  # 50 a day
    assert "    wait: {mean: 40m, cv: 0.7}   # a guess\n" in out


def test_a_wait_of_zero() -> None:
    out = edit(DESK, Edits(waits={"arrive": Wait("0"), "handle": Wait("0", 0.3)}))
    # no wait is added to arrive; the comment after handle's wait stays in its column
    assert out == DESK.replace("{min: 5m, mode: 10m, max: 40m}   #", "{mean: 0, cv: 0.3}               #")


def test_an_unchanged_p_keeps_its_spelling() -> None:
    text = DESK.replace("p: 0.8 ", "p: 0.80")
    out = edit(text, Edits(branches={"handle": [Decimal("0.8"), Decimal("0.1"), Decimal("0.1")]}))
    assert out == text


@pytest.mark.parametrize(("text", "indent"), [
    (DESK, (2, 4, 2)),
    ("steps:\n    a:\n        next:\n        -   to: b\n            p: 1\n", (4, 4, 0)),
    ("next:\n- to: b\n  p: 1\n", (2, 2, 0)),
    ("a: 1\n", (2, 4, 2)),
])
def test_guess_indent(text: str, indent: tuple[int, int, int]) -> None:
    assert guess_indent(text) == indent


def test_other_indentations_are_kept() -> None:
    text = ("process: p\nstart: a\nteams:\n    t: {name: T}\nsteps:\n    a:\n        team: t\n        next:\n"
            "        -   to: b\n            p: 0.5\n        -   to: c\n            p: 0.5\n"
            "    b: {kind: end}\n    c: {kind: end}\n")
    out = edit(text, Edits(branches={"a": [Decimal("0.25"), Decimal("0.75")]}))
    assert out == text.replace("p: 0.5\n        -", "p: 0.25\n        -").replace("p: 0.5\n    b", "p: 0.75\n    b")


# -- the checked write --------------------------------------------------------------------------


def test_write_checked(tmp_path: Path) -> None:
    path = str(tmp_path / "sub" / "desk.yaml")
    write_checked(path, DESK)
    assert Path(path).read_text(encoding="utf-8") == DESK
    assert os.listdir(tmp_path / "sub") == ["desk.yaml"]  # no temporary file left


def test_an_invalid_file_is_not_written(write: Write) -> None:
    path = write("desk.yaml", "old content\n")
    with pytest.raises(ProcessWalkError) as caught:
        write_checked(str(path), DESK.replace("team: back", "team: bakc"))
    assert caught.value.format_message() == (
        f"{path}:19:11: [error] unknown team 'bakc'; did you mean 'back'? (invalid)")
    assert path.read_text(encoding="utf-8") == "old content\n"
    assert os.listdir(path.parent) == ["desk.yaml"]


def test_the_catalogs_of_the_folder_apply(write: Write) -> None:
    catalog = write("catalog.yaml", "teams:\n  desk: {name: Front desk}\n")
    with pytest.raises(ProcessWalkError) as caught:
        write_checked(str(catalog.parent / "desk.yaml"), DESK)
    assert "team 'desk' is also defined, differently, at" in caught.value.format_message()


def test_check_text() -> None:
    check_text(DESK, "<stdout>")
    with pytest.raises(ProcessWalkError) as caught:
        check_text(DESK.replace("next: handle", "next: handel"), "<stdout>")
    assert caught.value.format_message() == ("<stdout>:15:11: [error] step 'arrive' goes to unknown step 'handel';"
                                             " did you mean 'handle'? (invalid)")


OWNED = """\
# yaml-language-server: $schema=../processwalk/process.schema.json
# The desk, as the team lead sees it:
# one line of comment after another, right above the process.
process: desk
demand: 2/day  # a guess
start: arrive
steps:
  arrive:
    team: desk
    wait: 2h   # the queue
    next:
      - {to: closed, p: 0.9}  # most
      - {to: arrive, p: 0.1}
  closed: {kind: end}
"""


def test_the_owners_comment_stays_right_above_the_process_and_the_modeline_first() -> None:
    edits = Edits(12.5, {"arrive": Wait("12.25h")}, {"arrive": [Decimal("0.8125"), Decimal("0.1875")]},
                  ["Calibrated by 'processwalk calibrate' from a log"])
    assert edit(OWNED, edits) == """\
# yaml-language-server: $schema=../processwalk/process.schema.json
# Calibrated by 'processwalk calibrate' from a log

# The desk, as the team lead sees it:
# one line of comment after another, right above the process.
process: desk
demand: 12.5/day  # a guess
start: arrive
steps:
  arrive:
    team: desk
    wait: 12.25h  # the queue
    next:
      - {to: closed, p: 0.8125}  # most
      - {to: arrive, p: 0.1875}
  closed: {kind: end}
"""


def test_a_comment_keeps_its_column_while_the_value_fits_before_it() -> None:
    # '    wait: 3h' ends in column 12; the comment stays in column 15, where the owner put it
    assert "    wait: 3h   # the queue\n" in edit(OWNED, Edits(waits={"arrive": Wait("3h")}))


def test_an_owners_document_start_stays_and_the_note_goes_below_it() -> None:
    assert edit("---\n" + OWNED[OWNED.index("# The desk"):], Edits(note=["Calibrated"])).startswith(
        "---\n# Calibrated\n\n# The desk, as the team lead sees it:\n")
    assert not edit(OWNED, Edits()).startswith("---")
