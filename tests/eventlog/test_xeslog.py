"""Reading XES logs (processwalk/eventlog/xeslog.py, xesscan.py and xeshalves.py)."""
from __future__ import annotations

import datetime as dt
import gzip
import io
from pathlib import Path

import pytest

from processwalk.errors import ProcessWalkError
from processwalk.eventlog import Columns, read_log, xeshalves, xeslog, xesscan
from processwalk.eventlog.columns import DEFAULT, ROLES
from processwalk.eventlog.xeslog import _source

from .conftest import LOGS, Write

# As pm4py and OpenXES write it: the plain form that the fast scan reads.
PLAIN = """<?xml version="1.0" encoding="UTF-8" ?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
\t<global scope="event">
\t\t<string key="concept:name" value="UNKNOWN"/>
\t</global>
\t<string key="concept:name" value="the log"/>
\t<trace>
\t\t<string key="concept:name" value="c1"/>
\t\t<event>
\t\t\t<string key="concept:name" value="Register"/>
\t\t\t<string key="org:resource" value="ann"/>
\t\t\t<date key="time:timestamp" value="2024-01-01T09:00:00.000+01:00" />
\t\t\t<string key="lifecycle:transition" value="complete"/>
\t\t</event>
\t\t<event>
\t\t\t<date key="time:timestamp" value="2024-01-01T10:30:00+01:00"/>
\t\t\t<string key="concept:name" value="Close"/>
\t\t\t<int key="cost" value="12"/>
\t\t</event>
\t</trace>
\t<trace>
\t\t<event>
\t\t\t<string key="concept:name" value="Register"/>
\t\t\t<date key="time:timestamp" value="2024-01-02T08:00:00Z"/>
\t\t</event>
\t\t<string key="concept:name" value="c2"/>
\t</trace>
</log>
"""
ROWS = [
    ("c1", "Register", dt.datetime(2024, 1, 1, 8, 0), "ann", None, "complete", 0),
    ("c1", "Close", dt.datetime(2024, 1, 1, 9, 30), None, None, None, 1),
    # pm4py too reads trace attributes written after the events
    ("c2", "Register", dt.datetime(2024, 1, 2, 8, 0), None, None, None, 2),
]
# Each of these is valid XES that the fast scan declines; expat reads the same rows.
NOT_PLAIN = {
    "comment": ("\t\t<event>\n\t\t\t<string", "\t\t<event><!-- first -->\n\t\t\t<string"),
    "nested attribute": ('<int key="cost" value="12"/>',
                         '<list key="cost"><values><string key="concept:name" value="No"/></values></list>'),
    "entity": ('value="ann"', 'value="&#97;nn"'),
    "single quotes": ("value=\"ann\"", "value='ann'"),
    "attribute order": ('<string key="org:resource" value="ann"/>', '<string value="ann" key="org:resource"/>'),
    "namespace prefix": ("<trace>", "<x:trace xmlns:x='http://www.xes-standard.org/'>"),
    "latin-1": ('encoding="UTF-8"', 'encoding="ISO-8859-1"'),
    "attribute after the traces": ("</trace>\n</log>", '</trace>\n\t<int key="n" value="2"/>\n</log>'),
    "no plain trace tag": ("<trace>", "<trace >"),
    # not XES (an event holds attributes), but well-formed: expat's path reads the inner one as an
    # attribute without a key, as any unknown element, where the scan would have made it an event
    "event in an event": ("\t\t<event>\n\t\t\t<string", "\t\t<event><event></event>\n\t\t\t<string"),
}


def events(path: Path, columns: Columns = DEFAULT) -> list[tuple[object, ...]]:
    with read_log(path, columns) as log:
        return log.engine.rows("SELECT * FROM events ORDER BY seq")


def problems(path: Path) -> str:
    with pytest.raises(ProcessWalkError) as caught:
        read_log(path)
    return caught.value.format_message()


def scan(text: str) -> list[list[object]]:
    rows: list[list[object]] = []
    spec = [_source(getattr(Columns(), role)) for role in ROLES]
    xesscan.scan(io.BytesIO(text.encode("utf-8")), spec, lambda chunk: rows.extend(map(list, chunk)))
    return rows


def variant(name: str) -> str:
    old, new = NOT_PLAIN[name]
    assert old in PLAIN
    text = PLAIN.replace(old, new, 1 if name != "no plain trace tag" else -1)
    if name == "namespace prefix":
        text = text.replace("</trace>", "</x:trace>", 1)
    return text


def test_plain_xes_is_scanned(write: Write) -> None:
    assert scan(PLAIN) == [
        ["c1", "Register", "2024-01-01T09:00:00.000+01:00", "ann", None, "complete", None],
        ["c1", "Close", "2024-01-01T10:30:00+01:00", None, None, None, None],
        ["c2", "Register", "2024-01-02T08:00:00Z", None, None, None, None],
    ]
    assert events(write("log.xes", PLAIN)) == ROWS


def test_gzipped_whatever_the_name(tmp_path: Path) -> None:
    (tmp_path / "log.xes.gz").write_bytes(gzip.compress(PLAIN.encode()))
    (tmp_path / "log.xes").write_bytes(gzip.compress(PLAIN.encode()))
    assert events(tmp_path / "log.xes.gz") == events(tmp_path / "log.xes") == ROWS


@pytest.mark.parametrize("name", sorted(NOT_PLAIN))
def test_other_forms_are_parsed_fully_with_the_same_rows(write: Write, name: str) -> None:
    text = variant(name)
    with pytest.raises(xesscan.NotPlain):
        scan(text)
    if name == "latin-1":
        path = write("log.xes", "")
        path.write_bytes(text.encode("latin-1"))
    else:
        path = write("log.xes", text)
    assert events(path) == ROWS


def test_roles_from_other_attributes(write: Write) -> None:
    columns = Columns(case="case:concept:name", activity="concept:name", resource="cost",
                      group="case:concept:name")
    assert [row[3:5] for row in events(write("log.xes", PLAIN), columns)] == [
        (None, "c1"), ("12", "c1"), (None, "c2")]


@pytest.mark.parametrize("plain", [True, False])
def test_bad_events_are_reported_with_their_lines(write: Write, plain: bool) -> None:
    text = PLAIN.replace("2024-01-01T10:30:00+01:00", "yesterday").replace(
        '<string key="concept:name" value="c2"/>', "")
    if not plain:
        text = text.replace("<event>", "<event><!-- -->")
    path = write("log.xes", text)
    assert problems(path) == (
        f"{path}:16:0: [error] event attribute 'time:timestamp' holds 'yesterday', which is not a date and time;"
        " expected ISO 8601 such as '2011-10-11 13:45:40' or '2011-10-11T13:45:40.276+02:00', or name the"
        " format with timestamp_format (invalid)\n"
        f"{path}:23:0: [error] trace attribute 'concept:name' is missing or empty; every event needs a case id"
        " (invalid)"
    )


@pytest.mark.parametrize("old, new, where, message", [
    ("\t\t</event>\n\t</trace>", "\t</trace>", "20:4", "mismatched tag"),  # in a trace
    ('prefix="concept"', 'prefix="concept', "3:49", "not well-formed (invalid token)"),  # before the traces
    ("</trace>\n</log>", "</trace>\n", "30:1", "no element found"),  # cut short
    # a "&" that opens no reference, in text between elements (line 10 is "\t\t<event> & ": the "&"
    # is its 11th character, and expat points at the 12th, the blank where a name should start)
    ("\t\t<event>\n", "\t\t<event> & \n", "10:12", "not well-formed (invalid token)"),
    ('value="ann"', 'value="a\x01n"', "12:39", "not well-formed (invalid token)"),  # a control character
])
def test_malformed_xml(write: Write, old: str, new: str, where: str, message: str) -> None:
    path = write("log.xes", PLAIN.replace(old, new, 1))
    assert problems(path) == f"{path}:{where}: [error] not well-formed XML: {message} (invalid)"


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "log.xes"
    path.write_bytes(PLAIN.encode().replace(b"ann", b"\xff\xfe"))
    assert problems(path) == f"{path}:12:38: [error] not well-formed XML: not well-formed (invalid token) (invalid)"


def test_truncated_gzip(tmp_path: Path) -> None:
    path = tmp_path / "log.xes.gz"
    path.write_bytes(gzip.compress(PLAIN.encode())[:-30])
    assert problems(path) == (f"{path}: [error] cannot read the XES file: Compressed file ended before the"
                              " end-of-stream marker was reached (invalid)")


def test_no_events(write: Write) -> None:
    path = write("log.xes", '<?xml version="1.0"?>\n<log>\n<trace><string key="concept:name" value="c"/></trace>\n</log>\n')
    assert problems(path) == f"{path}: [error] the log holds no events (invalid)"


@pytest.mark.parametrize("name, cases, count", [("helpdesk.xes.gz", 4580, 21348), ("receipt.xes.gz", 1434, 8577)])
def test_real_logs(name: str, cases: int, count: int) -> None:
    with read_log(LOGS / name) as log:
        assert log.engine.rows("SELECT COUNT(DISTINCT case_id), COUNT(*) FROM events") == [(cases, count)]


def test_receipt_xes_and_csv_hold_the_same_events() -> None:
    assert events(LOGS / "receipt.xes.gz") == events(LOGS / "receipt.csv")


class Parsed(list[list[object]]):
    """The rows of expat's path, without their lines (which the fast scan leaves out)."""

    def writerow(self, row: list[object]) -> None:
        self.append(row[:-1] + [None])


def parsed(path: Path) -> list[list[object]]:
    rows = Parsed()
    xeslog._parse(path, Columns(), rows)
    return rows


@pytest.mark.parametrize("name", ["helpdesk.xes.gz", "receipt.xes.gz"])
def test_real_logs_are_plain_and_scan_to_the_rows_expat_reads(name: str) -> None:
    spec = [_source(getattr(Columns(), role)) for role in ROLES]
    scanned: list[list[object]] = []
    xesscan.scan(io.BytesIO(gzip.decompress((LOGS / name).read_bytes())), spec,
                 lambda chunk: scanned.extend(map(list, chunk)))
    assert scanned == parsed(LOGS / name)


def many_layouts(count: int) -> str:
    """PLAIN with ``count`` more events in c2, the i-th with an attribute x<i> of its own, each
    holding its activity twice (the second counts) and the odd ones their resource first."""
    added = []
    for i in range(count):
        attributes = [f'<string key="concept:name" value="a{i}"/>', f'<string key="x{i}" value=""/>',
                      f'<date key="time:timestamp" value="2024-01-02T09:{i:02d}:00Z"/>',
                      f'<string key="concept:name" value="b{i}"/>']
        resource = f'<string key="org:resource" value="r{i}"/>'
        attributes.insert(0 if i % 2 else 4, resource)
        added.append("\t\t<event>" + "".join(attributes) + "</event>\n")
    return PLAIN.replace("\t\t<string key=\"concept:name\" value=\"c2\"/>", "".join(added) + "\t\t<string"
                         ' key="concept:name" value="c2"/>')


@pytest.mark.parametrize("chunk", [xesscan.CHUNK, 512])  # the file whole, or in chunks of about 512 bytes
@pytest.mark.parametrize("count", [0, 10, 30])  # 30 layouts more than the marks: read an event at a time
def test_the_scan_and_expat_agree_on_many_layouts(write: Write, monkeypatch: pytest.MonkeyPatch, count: int,
                                                  chunk: int) -> None:
    monkeypatch.setattr(xesscan, "CHUNK", chunk)
    path = write("log.xes", many_layouts(count))
    rows = scan(many_layouts(count))
    assert rows == parsed(path)
    assert len(rows) == 3 + count and (count == 0 or rows[-1][:4] == ["c2", f"b{count - 1}",
                                                                       f"2024-01-02T09:{count - 1:02d}:00Z",
                                                                       f"r{count - 1}"])


# A large plain file is scanned in two processes (xeshalves), to the rows of one.  LARGE = 0 makes
# every file large: PLAIN is cut after c1's </trace>, c2 is in the second half.
SECOND_EVENT = '\t\t<event>\n\t\t\t<string key="concept:name" value="Register"/>\n\t\t\t<date'


def test_plain_xes_in_two_halves(write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("log.xes", PLAIN)
    assert xeshalves.cut(path) is None  # small
    monkeypatch.setattr(xeshalves, "LARGE", 0)
    at = xeshalves.cut(path)
    assert at is not None
    first, second = PLAIN.encode()[:at], PLAIN.encode()[at:]
    assert first.endswith(b"</trace>") and b'value="c1"' in first and b'value="c2"' in second
    staged = xeslog.stage(path, DEFAULT, tmp_path)
    halves = staged.params["p"]
    assert isinstance(halves, list) and [Path(half).read_text().count("\n") for half in halves] == [2, 1]
    assert events(path) == ROWS


def test_receipt_in_two_halves_as_in_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "receipt.xes"
    path.write_bytes(gzip.decompress((LOGS / "receipt.xes.gz").read_bytes()))
    whole = events(path)
    monkeypatch.setattr(xeshalves, "LARGE", 0)
    assert events(path) == whole


def test_gzipped_files_are_scanned_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xeshalves, "LARGE", 0)
    path = tmp_path / "log.xes"
    path.write_bytes(gzip.compress(PLAIN.encode()))
    assert xeshalves.cut(path) is None
    assert events(path) == ROWS


def test_a_second_half_not_plain_is_parsed_fully(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    assert PLAIN.count(SECOND_EVENT) == 1
    path = write("log.xes", PLAIN.replace(SECOND_EVENT, SECOND_EVENT.replace("<event>", "<event><!-- c2 -->")))
    monkeypatch.setattr(xeshalves, "LARGE", 0)
    assert events(path) == ROWS


def test_a_malformed_second_half_is_reported_with_its_line(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("log.xes", PLAIN.replace(SECOND_EVENT, SECOND_EVENT.replace("<event>", "<event><")))
    whole = problems(path)
    monkeypatch.setattr(xeshalves, "LARGE", 0)
    # line 23: c2's <event>, whose "<" after the tag (column 11) opens no tag
    assert problems(path) == whole == f"{path}:23:11: [error] not well-formed XML: not well-formed (invalid token) (invalid)"


# XES holds its values in attributes: text between elements (any character but XML's white space:
# space, tab, line feed, carriage return) is refused by expat's path at its first character, and
# the fast scan leaves such a file to it.  Columns from 1: line 10 is "\t\t<event>" (9 characters)
# and line 8 "\t<trace>" (8); line 23 is c2's <event>, in the second half of a file cut in two.
TEXT_BETWEEN = [
    ("\t\t<event>\n\t\t\t<string", "\t\t<event>junk\n\t\t\t<string", "10:10", "junk"),  # in an event
    ("\t<trace>\n", "\t<trace>x\n", "8:9", "x"),  # in a trace, before its events
    ("\t</trace>\n\t<trace>", "\t</trace>\n\t&#65;<trace>", "22:2", "A"),  # between traces, as a reference
    ("\t<global", "\tg<global", "4:2", "g"),  # before the traces
    ("</trace>\n</log>", "</trace>\n  z z\n</log>", "29:3", "z z"),  # after them
    ("\t\t<event>\n\t\t\t<string", "\t\t<event>\n\t" + "free text " * 5 + "\n\t\t\t<string", "11:2",
     "free text free text free text free te..."),  # 37 characters and "...": 40
    (SECOND_EVENT, SECOND_EVENT.replace("<event>", "<event>\n  <![CDATA[ c2 ]]>"), "24:13", "c2"),
]


@pytest.mark.parametrize("halves", [False, True])
@pytest.mark.parametrize("old, new, where, text", TEXT_BETWEEN)
def test_text_between_elements(write: Write, monkeypatch: pytest.MonkeyPatch, old: str, new: str, where: str,
                               text: str, halves: bool) -> None:
    assert PLAIN.count(old) >= 1
    source = PLAIN.replace(old, new, 1)
    with pytest.raises(xesscan.NotPlain):
        scan(source)
    path = write("log.xes", source)
    if halves:
        monkeypatch.setattr(xeshalves, "LARGE", 0)
    assert problems(path) == (f"{path}:{where}: [error] text '{text}' between elements, where XES allows only"
                              " white space (invalid)")


def test_white_space_is_xmls_own(write: Write) -> None:
    """A no-break space (U+00A0) is white space to Python, not to XML: text like any other."""
    path = write("log.xes", PLAIN.replace("\t\t<event>\n", "\t\t<event>\u00a0\n", 1))
    assert problems(path) == (f"{path}:10:10: [error] text '\u00a0' between elements, where XES allows only"
                              " white space (invalid)")
