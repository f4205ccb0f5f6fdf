"""Text that shows as what it is, in every output: the one sanitiser of the renderers.

YAML accepts characters that break the outputs: a control character makes JUnit
XML unreadable and Graphviz fail, an ANSI escape recolours the terminal, U+2028,
U+2029 and NEL (``\\x85``) split a ``file:line:col`` message over several lines,
U+FFFE and U+FFFF are not characters at all, and bidirectional overrides reorder
what a reader sees.  :func:`printable` writes each of them as a visible escape
(``\\x1b``, ``\\u2028``), so that the text reaches every renderer (HTML, DOT,
Mermaid, JUnit, SARIF, the terminal) as plain printable characters; the renderers
escape their own syntax on top of it.
"""
from __future__ import annotations

import re

#: Non-characters beyond the first plane: U+1FFFE, U+1FFFF, ... U+10FFFF.
_PLANES = "".join(chr(plane << 16 | low) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF))
#: C0 controls but tab and newline, DEL and the C1 controls (NEL among them), the line and
#: paragraph separators, bidirectional overrides and isolates, non-characters and lone surrogates.
_HOSTILE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                      f"\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff{_PLANES}]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_BREAKS = re.compile("[\n\t]")


def printable(text: str, *, lines: bool = True) -> str:
    """``text`` with every character that no output can show written as an escape.

    ``lines=False`` escapes newlines and tabs too: for what must stay on one line (a problem, a
    comment, a file name in a message).
    """
    text = _HOSTILE.sub(_escape, text) if _HOSTILE.search(text) else text
    return text if lines or not _BREAKS.search(text) else _BREAKS.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    code = ord(character)
    if character in _NAMED:
        return _NAMED[character]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
