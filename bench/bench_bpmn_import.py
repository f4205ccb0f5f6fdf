"""How fast ``processwalk import`` reads a BPMN model (``processwalk.bpmn``).

Run ``python bench/bench_bpmn_import.py``.  It writes a generated model of 500
tasks into a temporary folder: one pool of 5 lanes, the tasks in a chain with an
exclusive gateway after every fifth task that sends a case back two tasks or on
(a rework loop), a timer before every tenth task, and prints, as the best of a
few runs, the time to import it (read, walk, write the files, validate them as
written), with the counts found (so a wrong result shows next to the time):

* a 500-task model imported                                target: under 2 s.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from processwalk.bpmn import importer
from processwalk.render.atomic import write_all

LANES = 5


def model(tasks: int) -> str:
    """A BPMN model of ``tasks`` tasks (see the module documentation)."""
    nodes, flows = ['<startEvent id="s"/>'], []
    lanes: list[list[str]] = [[] for _ in range(LANES)]
    previous = "s"
    for n in range(tasks):
        task = f"t{n}"
        if n % 10 == 9:
            nodes.append(f'<intermediateCatchEvent id="w{n}" name="Wait"><timerEventDefinition>'
                         '<timeDuration>PT2H</timeDuration></timerEventDefinition></intermediateCatchEvent>')
            flows.append((previous, f"w{n}", ""))
            previous = f"w{n}"
        nodes.append(f'<userTask id="{task}" name="Task {n}"/>')
        lanes[n * LANES // tasks].append(task)
        flows.append((previous, task, ""))
        previous = task
        if n % 5 == 4 and n >= 2:
            gateway = f"g{n}"
            nodes.append(f'<exclusiveGateway id="{gateway}" name="Complete?"/>')
            flows += [(task, gateway, ""), (gateway, f"t{n - 2}", "no")]
            previous = gateway
    nodes.append('<endEvent id="e" name="Done"/>')
    flows.append((previous, "e", "yes"))
    lane_xml = "".join(f'<lane id="l{i}" name="Team {i}">' + "".join(f"<flowNodeRef>{t}</flowNodeRef>" for t in refs)
                       + "</lane>" for i, refs in enumerate(lanes))
    flow_xml = "".join(f'<sequenceFlow id="f{i}" sourceRef="{a}" targetRef="{b}"' + (f' name="{w}"' if w else "")
                       + "/>" for i, (a, b, w) in enumerate(flows))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
            'id="d" targetNamespace="t"><collaboration id="c"><participant id="pool" name="Bench" processRef="p"/>'
            f'</collaboration><process id="p"><laneSet id="ls">{lane_xml}</laneSet>{"".join(nodes)}{flow_xml}'
            "</process></definitions>\n")


def run(path: str, folder: str) -> tuple[int, int, int]:
    imported = importer.read(path)
    write_all(folder, dict(importer.texts(imported)))
    return len(imported.drafts), sum(len(d.steps) for d in imported.drafts), len(imported.teams)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.bpmn")
        with open(path, "w", encoding="utf-8") as out:
            out.write(model(args.tasks))
        best, found = float("inf"), (0, 0, 0)
        for number in range(args.repeat):
            start = time.perf_counter()
            found = run(path, os.path.join(folder, f"out{number}"))
            best = min(best, time.perf_counter() - start)
    files, steps, teams = found
    print(f"import of a {args.tasks}-task model: {best:.3f} s (best of {args.repeat}; target < 2 s): "
          f"{files} process file(s), {steps} steps, {teams} teams")


if __name__ == "__main__":
    main()
