"""Hypothesis strategies: small random *valid* processes, as YAML text for the real loader.

Every non-end step has a forward branch (to the next step, the last one to every
end step), so every step is reached from the start and every loop has a way out;
extra branches go anywhere, loops included, with random refusal flags and
policies.  Teams, systems and policies come from ``helpers.CATALOG``.
"""
from __future__ import annotations

from hypothesis import strategies as st

TEAMS = ("front", "back", "boss")
KINDS = ("task", "contact", "approval", "decision")
SYSTEMS = ("crm", "ledger", "mail")
POLICIES = ("sign", "proof")

durations = st.one_of(
    st.just("0"),
    st.builds(lambda k, unit: f"{k}{unit}", st.integers(1, 90), st.sampled_from("mhd")),
    st.builds(lambda k: f"PT{k}M", st.integers(1, 600)),
    st.builds(lambda k, cv: f"{{mean: {k}h, cv: {cv}}}", st.integers(1, 72), st.sampled_from([0, 0.5, 1, 2])),
    st.builds(lambda a, b, c: "{{min: {}m, mode: {}m, max: {}m}}".format(*sorted((a, b, c))),
              st.integers(0, 120), st.integers(0, 120), st.integers(1, 120)),
    st.builds(lambda a, r: f"{{p50: {a}m, p90: {a * r}m}}", st.integers(1, 120), st.integers(1, 4)),
)


@st.composite
def process_yaml(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 6))
    ends = [f"e{j}" for j in range(draw(st.integers(1, 3)))]
    names = [f"s{i}" for i in range(n)]
    lines = ["process: generated", "start: s0", "steps:"]
    for i, name in enumerate(names):
        forward = [names[i + 1]] if i + 1 < n else ends
        extra = draw(st.lists(st.sampled_from(names + ends), max_size=2, unique=True))
        targets = forward + [t for t in extra if t not in forward]
        lines += _step(draw, name, targets)
    for end in ends:
        outcome = draw(st.sampled_from(["resolved", "refused", "abandoned"]))
        lines.append(f"  {end}: {{kind: end, outcome: {outcome}}}")
    return "\n".join(lines) + "\n"


def _step(draw: st.DrawFn, name: str, targets: list[str]) -> list[str]:
    systems = draw(st.lists(st.sampled_from(SYSTEMS), max_size=3, unique=True))
    policies = draw(st.lists(st.sampled_from(POLICIES), max_size=2, unique=True))
    lines = [f"  {name}:", f"    team: {draw(st.sampled_from(TEAMS))}", f"    kind: {draw(st.sampled_from(KINDS))}",
             f"    systems: [{', '.join(systems)}]", f"    policies: [{', '.join(policies)}]",
             f"    wait: {draw(durations)}", f"    work: {draw(durations)}", "    next:"]
    weights = [draw(st.integers(1, 9)) for _ in targets]
    for k, (target, weight) in enumerate(zip(targets, weights)):
        p = "" if k == len(targets) - 1 else f", p: {weight / sum(weights)!r}"
        refusal = draw(st.booleans())
        policy = draw(st.sampled_from([None, None, *POLICIES]))
        extra = (", refusal: true" if refusal else "") + (f", policy: {policy}" if policy else "")
        lines.append(f"      - {{to: {target}{p}{extra}}}")
    return lines
