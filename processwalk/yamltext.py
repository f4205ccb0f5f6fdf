"""The text of the process format, written by hand: every file processwalk writes goes through here.

The drafts (``discover``, ``import``), the calibrated copy, the read-back of an export and the
remedies' scenarios are written line by line, not through a YAML library (only :mod:`.load`
reads YAML), so that their comments, key order and flow mappings are exactly as meant.  What a
value looks like in them is decided here, once:

* a text is plain when it reads back as the same text, else double-quoted (:func:`quoted`:
  JSON's escapes, which are YAML's, and every character no output can show as an escape); which
  texts may stay plain depends on what they are: names and titles (:func:`scalar`, in a block or
  in a flow mapping), or ids, durations and places (:func:`token`);
* numbers: :func:`exact` reads back as the same float, :func:`number` to six places;
* probabilities (:func:`short_p`, :func:`p_text`), durations (:func:`duration_text`) and rates
  (:func:`rate_text`) as the format reads them; and the counts of the comments (:func:`count`).
"""
from __future__ import annotations

import json
import re
from decimal import Decimal

from processwalk.text import printable
from processwalk.units import DAYS_PER_YEAR

#: a text that may stay plain in a block: a letter, then words, spaces and harmless punctuation
PROSE = re.compile(r"[^\W\d_][\w .,()/&+'?\[\]{}-]*")
#: the same inside a flow mapping (``{name: ...}``), where ',', '?', '[', ']', '{' and '}' end the value
FLOW_PROSE = re.compile(r"[^\W\d_][\w .()/&+'-]*")
#: an id, a duration, a number or a place such as ``check->fix``
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(?:->[A-Za-z0-9][A-Za-z0-9._-]*)?")
#: plain words that YAML (1.1, as many tools read it) takes for booleans or null
RESERVED = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"})


def scalar(text: str, *, flow: bool = False) -> str:
    """``text`` as a YAML scalar: plain when it reads back as the same text (:data:`PROSE`, or
    :data:`FLOW_PROSE` in a flow mapping), else :func:`quoted`."""
    return _plain_or_quoted(text, FLOW_PROSE if flow else PROSE)


def token(text: str) -> str:
    """An id, a duration or a place as a YAML scalar: plain when it is a :data:`TOKEN` (and no word
    YAML reserves), else :func:`quoted`."""
    return _plain_or_quoted(text, TOKEN)


def _plain_or_quoted(text: str, plain: re.Pattern[str]) -> str:
    if plain.fullmatch(text) and not text.endswith(" ") and text.lower() not in RESERVED:
        return text
    return quoted(text)


def quoted(text: str) -> str:
    """``text`` double-quoted: JSON's escapes are YAML's too."""
    return printable(json.dumps(text, ensure_ascii=False), lines=False)


def exact(x: float) -> str:
    """A float that reads back as itself, never in exponent form: ``1e-05`` -> ``0.00001``."""
    text = format(Decimal(repr(float(x))), "f")
    return text[:-2] if text.endswith(".0") else text


def number(x: float) -> str:
    """A figure rounded to six places: ``0.3333333`` -> ``0.333333``, ``2.0`` -> ``2``."""
    return exact(round(x, 6))


def short_p(share: float) -> Decimal:
    """A probability as a short decimal: four places, or two significant digits when smaller."""
    if share >= 0.00005:
        return Decimal(f"{share:.4f}")
    return Decimal(f"{share:.2g}")


def p_text(p: Decimal) -> str:
    """'0.75', '0.0002', '0.0000001': no trailing zeros, never in exponent form."""
    return format(p.normalize(), "f")


def duration_text(hours: float) -> str:
    """A duration the format reads, to three significant digits: '45s', '12.5m', '3.2h', '29.3d'."""
    seconds = hours * 3600
    if seconds < 0.5:
        return "0"
    if seconds < 60:
        return f"{figure_text(seconds)}s"
    if hours < 1:
        return f"{figure_text(seconds / 60)}m"
    if hours < 48:
        return f"{figure_text(hours)}h"
    return f"{figure_text(hours / 24)}d"


def rate_text(per_day: float) -> str:
    """A rate the format reads, in the first unit that makes it at least 1: '3.14/day', '2.5/week'."""
    for unit, days in (("day", 1.0), ("week", 7.0), ("month", 30.44)):
        if per_day * days >= 1:
            return f"{figure_text(per_day * days)}/{unit}"
    return f"{figure_text(per_day * DAYS_PER_YEAR)}/year"


def figure_text(x: float) -> str:
    """Three significant digits, never in exponent form."""
    if x >= 99.5:
        return f"{x:.0f}"
    text = f"{x:.3g}"
    return text if "e" not in text else f"{x:.6f}".rstrip("0").rstrip(".")


def count(n: int, word: str) -> str:
    """'1 case', '4,580 cases', '2 activities'."""
    if n == 1:
        return f"1 {word}"
    return f"{n:,} {word[:-1]}ies" if word.endswith("y") else f"{n:,} {word}s"
