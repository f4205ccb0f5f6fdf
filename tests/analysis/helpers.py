"""Loading small processes from YAML text through the real loader, for tests."""
from __future__ import annotations

import os
import tempfile
import textwrap

from processwalk.model import Process
from processwalk.project import load_paths

#: the catalog most tests share; capacity figures below are computed from it
CATALOG = """\
teams:
  front: {name: Front desk, staff: 2, hours_per_day: 7, days_per_week: 5, hourly_cost: 30}
  back: {name: Back office, staff: 1, hourly_cost: 40}
  boss: {name: Supervisors}
systems:
  crm: {name: CRM}
  ledger: {name: Ledger}
  mail: {name: Mail}
policies:
  sign: {title: Credits need a supervisor's signature, owner: Finance, why: Fraud in 2016}
  proof: {title: Refunds need proof of payment}
  idle: {title: A policy that governs nothing}
"""


def load_process(yaml_text: str, catalog_text: str | None = CATALOG) -> Process:
    """The one process of ``yaml_text`` (with ``catalog_text`` beside it); fails on any problem."""
    with tempfile.TemporaryDirectory() as folder:
        open(os.path.join(folder, ".processwalk.yaml"), "w").close()  # the project root
        with open(os.path.join(folder, "process.yaml"), "w") as f:
            f.write(textwrap.dedent(yaml_text))
        if catalog_text is not None:
            with open(os.path.join(folder, "catalog.yaml"), "w") as f:
                f.write(textwrap.dedent(catalog_text))
        loaded = load_paths([folder])
    assert not loaded.problems, "\n".join(map(str, loaded.problems))
    assert len(loaded.processes) == 1
    return loaded.processes[0]
