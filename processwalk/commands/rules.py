"""``processwalk rules``: every rule with its documentation and the thresholds in force."""
from __future__ import annotations

import inspect
import sys

import click


def rules(config_path: str | None, rule_id: str | None) -> int:
    from processwalk.config import discover, load_config
    from processwalk.rules import RULES

    config = load_config(config_path or discover(["."]))
    chosen = [r for r in RULES if rule_id in (None, r.ID)]
    if not chosen:
        from processwalk.errors import ProcessWalkError
        from processwalk.read import suggest

        raise ProcessWalkError(f"unknown rule '{rule_id}'{suggest(rule_id or '', [r.ID for r in RULES], 'rule')}",
                               exit_code=2)
    for rule in chosen:
        settings = config.rules[rule.ID]
        state = "" if settings.enabled else ", disabled"
        thresholds = ", ".join(f"{k} = {v:g}" for k, v in settings.thresholds.items()) or "none"
        click.secho(f"{rule.ID}  [{settings.severity}{state}]", bold=True)
        click.echo(f"  thresholds: {thresholds}")
        click.echo("  " + inspect.getdoc(rule).replace("\n", "\n  ").rstrip() + "\n")  # type: ignore[union-attr]
    if config.path:
        click.echo(f"(settings from {config.path})", err=True)
    return 0


@click.command()
@click.argument("rule_id", required=False)
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              help="Configuration file (default: .processwalk.yaml found upwards from here).")
def command(rule_id: str | None, config_path: str | None) -> None:
    """List every rule (or one RULE_ID) with its documentation and current thresholds."""
    sys.exit(rules(config_path, rule_id))
