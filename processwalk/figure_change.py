"""One figure before and after a change, shown as people read it (``diff``: processes and teams)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from processwalk.formatting import NO_FIGURE, format_in, format_share, unit_for

#: unit -> (how a value reads, the suffix of a value and of a difference)
_PLAIN = {"count": ("{:.2f}", ""), "number": ("{:g}", ""), "h/day": ("{:.1f}", " h/day"),
          "per day": ("{:.1f}", " a day")}


@dataclass(frozen=True)
class FigureChange:
    """``unit``: hours (a duration), share (a percentage), count (two decimals), number (as
    declared: staff 17, 7.5 hours a day), h/day (capacity) or per day (items a day)."""

    key: str
    label: str
    unit: str
    before: float | None
    after: float | None

    @property
    def changed(self) -> bool:
        if self.before is None or self.after is None:
            return self.before != self.after
        return not math.isclose(self.before, self.after, rel_tol=1e-9, abs_tol=1e-9)

    @property
    def ratio(self) -> float | None:
        """after / before - 1; None when there is no before to compare with."""
        if self.before is None or self.after is None or self.before == 0:
            return None
        return self.after / self.before - 1

    @property
    def _hours_unit(self) -> str:
        """A duration, before and after and its change, in one unit: the one that suits the larger."""
        return unit_for(max(abs(v) for v in (self.before, self.after, 0.0) if v is not None))

    def show(self, value: float | None) -> str:
        if value is None:
            return NO_FIGURE
        if self.unit == "hours":
            return format_in(value, self._hours_unit)
        if self.unit == "share":
            return format_share(value)
        number, suffix = _PLAIN[self.unit]
        return number.format(value) + suffix

    @property
    def delta(self) -> str:
        """The change for people: '+2.0d (+39.2%)', '+1.00', '-3.5 pt', '+5.4 h/day (+5.9%)'."""
        if self.before is None or self.after is None:
            return NO_FIGURE
        difference = self.after - self.before
        sign = "+" if difference >= 0 else "-"
        if self.unit == "share":
            return f"{sign}{abs(difference) * 100:.1f} pt"
        if self.unit == "hours":
            text = f"{sign}{format_in(abs(difference), self._hours_unit)}"
        else:
            number, suffix = _PLAIN[self.unit]
            text = sign + number.format(abs(difference)) + suffix
        return f"{text} ({self.ratio:+.1%})" if self.ratio is not None else text
