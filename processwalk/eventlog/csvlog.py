"""Stage a CSV file (``.csv`` or ``.csv.gz``): the source of its rows for :mod:`.staging`.

The header is read here, to check the columns and to pick the delimiter (the
most frequent of ``, ; TAB |`` in the header line); DuckDB then reads the whole
file as text in one parallel scan, strictly, so that a ragged row is an error
with its line rather than a guess.  Lines of rows with bad values are found
only when there are such rows, by reading the file again with ``csv``.
"""
from __future__ import annotations

import csv
import difflib
import gzip
import re
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import IO

from processwalk.errors import Location, Problem, ProcessWalkError
from processwalk.eventlog.columns import REQUIRED, ROLES, Columns
from processwalk.eventlog.staging import STAGED_COLUMNS, Staged

DELIMITERS = ",;\t|"


def stage(path: Path, columns: Columns, folder: Path) -> Staged:
    """The rows of the CSV file at ``path``, read by DuckDB (``folder`` is not needed)."""
    header, delimiter = _header(path)
    positions = header_positions(str(path), header, columns)
    picked = [f"c{positions[role]}" if role in positions else "NULL" for role in ROLES]
    select = ", ".join(f"{expr} AS {name}" for expr, (name, _) in zip(picked + ["NULL"], STAGED_COLUMNS))
    types = ", ".join(f"'c{index}': 'VARCHAR'" for index in range(len(header)))
    source = (f"SELECT {select} FROM read_csv($p, header = true, auto_detect = false, delim = $d,"
              " quote = '\"', escape = '\"', strict_mode = true, null_padding = false,"
              f" columns = {{{types}}})")
    where = {role: f"column '{header[index]}'" for role, index in positions.items()}
    return Staged(source=source, params={"p": str(path), "d": delimiter}, where=where, absent="is empty",
                  lines=partial(_lines, path, delimiter),
                  failure=partial(_scan_problem, str(path), delimiter=delimiter, width=len(header)))


def _open(path: Path) -> IO[str]:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _header(path: Path) -> tuple[list[str], str]:
    name = str(path)
    try:
        with gzip.open(path) if path.name.endswith(".gz") else open(path, "rb") as stream:
            first = stream.readline().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProcessWalkError(Problem(Location(name, 1), "the file is not UTF-8 encoded; save it as UTF-8")) from None
    except (OSError, EOFError) as exc:
        raise ProcessWalkError(Problem(Location(name), f"cannot read the CSV file: {exc}")) from None
    delimiter = max(DELIMITERS, key=first.count)
    header = next(csv.reader([first], delimiter=delimiter), [])
    if not any(cell.strip() for cell in header):
        raise ProcessWalkError(Problem(Location(name, 1), "the file is empty; expected a header row naming "
                                                           "the columns, such as case:concept:name,"
                                                           "concept:name,time:timestamp"))
    return header, delimiter


def header_positions(name: str, header: list[str], columns: Columns) -> dict[str, int]:
    """The header index of each role's column, or every problem at once."""
    positions: dict[str, int] = {}
    problems = []
    for role, column in columns.named().items():
        found = [index for index, cell in enumerate(header) if cell == column]
        if len(found) == 1:
            positions[role] = found[0]
        elif found:
            problems.append(f"column '{column}' appears {len(found)} times in the header; rename all but one")
        elif role in REQUIRED or not columns.is_default(role):
            problems.append(_missing(role, column, header))
    if problems:
        raise ProcessWalkError([Problem(Location(name, 1), message) for message in problems])
    return positions


def _missing(role: str, column: str, header: list[str]) -> str:
    near = [cell for cell in header if cell.lower() == column.lower()]
    near = near or difflib.get_close_matches(column, header, n=1)
    hint = f"; did you mean '{near[0]}'?" if near else "."
    shown = ", ".join(header[:20]) + (", ..." if len(header) > 20 else "")
    return (f"missing column '{column}' for the {ROLES[role]}{hint} The header has: {shown}."
            f" Name the right column with '{role}' in a mapping file")


def _scan_problem(name: str, error: str, *, delimiter: str, width: int) -> Problem:
    """A DuckDB CSV error as a positioned problem in our words."""
    line = re.search(r"Line: (\d+)", error)
    where = Location(name, int(line.group(1)) if line else 0)
    counts = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", error)
    if counts:
        shown = "TAB" if delimiter == "\t" else delimiter
        return Problem(where, f"the row has {counts.group(2)} fields but the header has {width};"
                              f" check the delimiter ('{shown}') and the quotes")
    if "unterminated quote" in error:
        return Problem(where, "a quoted value is not closed; a '\"' is missing")
    if "unicode" in error.lower():
        return Problem(where, "the file is not UTF-8 encoded; save it as UTF-8")
    return Problem(where, f"cannot read the CSV file: {_detail(error)}")


def _detail(error: str) -> str:
    """What DuckDB says is wrong, without its headline and the quoted line."""
    lines = [line.strip() for line in error.strip().splitlines()]
    said = [line for line in lines[1:] if line and not line.startswith(("Original Line:", "Possible"))]
    return said[0] if said else lines[0].removeprefix("Invalid Input Error: ")


def _lines(path: Path, delimiter: str, seqs: Sequence[int]) -> Mapping[int, int]:
    """The line on which each wanted data row (0-based, blank lines skipped) starts."""
    wanted, lines, index = set(seqs), {}, 0
    with _open(path) as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        next(reader)
        start = reader.line_num + 1
        for record in reader:  # pragma: no branch - it stops at the last wanted row
            if record:
                if index in wanted:
                    lines[index] = start
                    if len(lines) == len(wanted):
                        break
                index += 1
            start = reader.line_num + 1
    return lines
