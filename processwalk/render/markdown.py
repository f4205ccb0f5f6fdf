"""The report as Markdown, for wikis and pull requests: a page per process and ``index.md``.

The same view records as the HTML report (:mod:`~processwalk.render.html`),
through the same Jinja environment, with a Mermaid flowchart (a subgraph per
team, bounded in size; see :mod:`~processwalk.render.mermaid`) instead of the
Graphviz drawing, and tables instead of charts.

Safety: autoescape is on for these templates too, so every user string reaches
the page with ``& < > " '`` as entities (which Markdown shows as the characters);
the ``md`` filter (:mod:`~processwalk.render.mdtext`) also escapes what Markdown itself would read (``|`` in
tables, ``*``, ``_``, backticks, brackets, ``#``) and folds line breaks.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from markupsafe import Markup

from processwalk import __version__
from processwalk.render import html, index_view, mermaid, process_view, views
from processwalk.render.jinja import get_env

if TYPE_CHECKING:
    from processwalk.assess import Assessment
    from processwalk.whatif import Evaluation

class MarkdownContext(TypedDict):
    generator: str
    index_href: str


class ProcessMarkdown(MarkdownContext):
    view: views.ProcessView
    mermaid: Markup


class IndexMarkdown(MarkdownContext):
    view: views.IndexView


def _base() -> MarkdownContext:
    return MarkdownContext(generator=f"processwalk {__version__}", index_href=f"{html.INDEX}.md")


def process_page(view: views.ProcessView) -> str:
    walk = view.walk
    options = mermaid.Options(classes=dict(view.heat.steps), flow={s: f.visits for s, f in walk.steps.items()})
    chart = Markup(mermaid.flowchart(walk.process, options))  # every label escaped by mermaid.text
    context = ProcessMarkdown(**_base(), view=view, mermaid=chart)
    return get_env().get_template("process.md.j2").render(context)


def index_page(view: views.IndexView) -> str:
    return get_env().get_template("index.md.j2").render(IndexMarkdown(**_base(), view=view))


def render(assessment: Assessment, evaluation: Evaluation | None = None) -> dict[str, str]:
    """Every page of the Markdown report: file name -> text; ``evaluation`` gives the what-if tables
    and the waits taken apart."""
    names = html.slugs(assessment.walks)
    pages = {f"{names[p.id]}.md": process_page(process_view.process_view(assessment, p, names[p.id], evaluation))
             for p in assessment.processes}
    pages[f"{html.INDEX}.md"] = index_page(index_view.index_view(assessment, names, evaluation))
    return pages
