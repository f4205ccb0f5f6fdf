"""The one Jinja environment: shared, autoescaping, reading the package's templates."""
from __future__ import annotations

from processwalk.render import jinja


def test_the_environment_escapes_and_is_shared() -> None:
    env = jinja.get_env()
    assert env is jinja.get_env()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    assert env.get_template("report.css").render().startswith("/* processwalk report")
