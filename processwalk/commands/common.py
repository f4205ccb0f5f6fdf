"""Options shared by the commands that analyse processes, and the one way they load a config."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.assess import Assessment
    from processwalk.config import Config
    from processwalk.model import Process, Scenario
    from processwalk.whatif import Evaluation

F = TypeVar("F", bound=Callable[..., Any])
#: A seed of numpy's PCG64: a non-negative 64-bit integer.
SEED = click.IntRange(0, 2**63 - 1)


def paths_argument(function: F) -> F:
    return click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))(function)


def _date(ctx: click.Context, param: click.Parameter, value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def config_options(function: F) -> F:
    """``--config FILE`` and ``--today DATE`` (passed on as a ``datetime.date``)."""
    function = click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, callback=_date,
                            help="Judge policy reviews and answers as of this date (default: the "
                                 "config's 'today', else the current date).")(function)
    return click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
                        help="Configuration file (default: .processwalk.yaml found upwards from the "
                             "first path).")(function)


def parse_pairs(ctx: click.Context, param: click.Parameter, values: Sequence[str],
                formats: Sequence[str]) -> list[tuple[str, str]]:
    """``FORMAT=PATH`` pairs, each format one of ``formats``."""
    pairs = []
    for value in values:
        fmt, sep, path = value.partition("=")
        if not sep or not path:
            raise click.BadParameter(f"'{value}': write FORMAT=PATH, e.g. {formats[-1]}=out", ctx, param)
        if fmt not in formats:
            raise click.BadParameter(f"'{value}': unknown format '{fmt}'; choose from {', '.join(formats)}",
                                     ctx, param)
        pairs.append((fmt, path))
    return pairs


def seed_option(function: F) -> F:
    return click.option("--seed", type=SEED, default=0, show_default=True,
                        help="Seed of the simulated lead-time distribution.")(function)


def force_option(function: F) -> F:
    return click.option("--force", is_flag=True,
                        help="Replace an existing output file of another kind (never an input).")(function)


def inputs(paths: Sequence[str], config_path: str | None, *others: str | None) -> list[str]:
    """Every file a run over ``paths`` reads: the process files and catalogs found, the configuration,
    and ``others`` (logs, mapping files): no output may replace one of them."""
    from processwalk.config import discover
    from processwalk.project import find_files, neighbours

    found = find_files(paths)
    return [*found, *neighbours(found), *paths, *(p for p in (config_path or discover(paths), *others) if p)]


def guard(outputs: Sequence[tuple[str, str]], paths: Sequence[str], config_path: str | None, *others: str | None,
          force: bool = False) -> None:
    """Refuse, before any work, outputs that would replace an input or another kind of file."""
    from processwalk.render.atomic import guard as refuse

    if outputs:
        refuse(outputs, inputs(paths, config_path, *others), force=force)


def load(paths: Sequence[str], config_path: str | None, today: dt.date | None) -> Config:
    from processwalk.config import discover, load_config

    return load_config(config_path or discover(paths), today)


def assess(paths: Sequence[str], config_path: str | None, today: dt.date | None,
           seed: int = 0, simulated: bool = False) -> Assessment:
    from processwalk.assess import assess as run

    return run(paths, load(paths, config_path, today), seed=seed, simulated=simulated)


def evaluate(assessment: Assessment, shared: Sequence[Scenario], extra: Sequence[Scenario] = (),
             seed: int = 0) -> Evaluation:
    """The baseline and the scenarios of every process, then ``shared`` and ``extra`` ones; a change that
    does not apply is a positioned error."""
    from processwalk.errors import ProcessWalkError
    from processwalk.whatif import evaluate as run

    processes = [w.process for w in assessment.walks]
    scenarios = [*(s for p in processes for s in p.scenarios), *shared, *extra]
    evaluation = run(processes, scenarios, assessment.config, seed=seed,
                     walks=assessment.walks_by_id)
    if evaluation.problems:
        raise ProcessWalkError(list(evaluation.problems))
    return evaluation


def no_process(path: str, command: str) -> str:
    """What a command that takes one process file says of a file that holds none (exit 2)."""
    return f"{path} holds no process (it is a catalog); {command} takes a process file"


def one_process(path: str, command: str) -> Process:
    """The process of the file ``path``, for a command that takes one: its problems fail (exit 1),
    a file that holds no process is a usage error (exit 2)."""
    from processwalk.errors import ProcessWalkError
    from processwalk.project import load_paths

    loaded = load_paths([path])
    if loaded.problems:
        raise ProcessWalkError(list(loaded.problems))
    if not loaded.processes:
        raise ProcessWalkError(no_process(path, command), exit_code=2)
    return loaded.processes[0]


def engine_option(function: F) -> F:
    """``--engine duckdb|spark``: where the event-log queries run."""
    return click.option("--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True,
                        help="Where the event-log queries run: DuckDB here, or Spark (spark.master and "
                             "options from .processwalk.yaml or PROCESSWALK_SPARK_MASTER; local[*] when "
                             "none is set).")(function)


def log_engine(log_path: str, engine: str) -> dict[str, Any]:
    """The ``engine`` and ``spark`` arguments of ``read_log`` for a command's ``--engine``: the Spark
    settings of the configuration found upwards from the log, with the environment's on top."""
    if engine != "spark":
        return {"engine": "duckdb"}
    from processwalk.config import discover, load_config

    return {"engine": "spark", "spark": load_config(discover([log_path])).spark.from_environment()}


def calibration_sections(walks: Sequence[Walk], log_path: str, map_path: str | None,
                         columns_path: str | None) -> dict[str, str]:
    """The "declared vs actual" report section of each process, against one log read once."""
    from processwalk.eventlog import calibrate as calibration
    from processwalk.eventlog import load_columns, read_log
    from processwalk.eventlog.columns import DEFAULT
    from processwalk.eventlog.mapping import load_mapping, map_activities
    from processwalk.render.calibration import calibration_section_html

    columns = load_columns(columns_path) if columns_path else DEFAULT
    found: dict[str, str] = {}
    with read_log(log_path, columns) as log:
        activities = calibration.activities_of(log)
        for walk in walks:
            given = load_mapping(map_path, walk.process) if map_path else None
            mapped = map_activities(activities, walk.process, given)
            found[walk.process.id] = calibration_section_html(calibration.calibrate(walk.process, log, mapped, walk))
    return found
