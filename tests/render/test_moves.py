"""The ranked moves in the HTML report: each hotspot card's remedy, the index's best moves, and the
moves evaluated once per report."""
from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from processwalk import suggest as moves_of
from processwalk.assess import Assessment, assess
from processwalk.cli import main
from processwalk.config import discover, load_config
from processwalk.render import html, index_view, moves_view
from processwalk.render import suggest as words
from processwalk.suggest import Suggestion, suggestion

ROOT = Path(__file__).resolve().parents[2]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


@pytest.fixture(scope="module")
def examples() -> tuple[Assessment, Suggestion]:
    """The examples as ``report`` sees them (their configuration: EUR), and their moves."""
    config = load_config(discover([str(ROOT / "processes")]), None)
    assessment = assess([str(ROOT / "processes")], config)
    return assessment, suggestion([w.process for w in assessment.walks], assessment.findings, config,
                                  walks=assessment.walks_by_id)


@pytest.fixture(scope="module")
def pages(examples: tuple[Assessment, Suggestion]) -> dict[str, str]:
    assessment, moves = examples
    return html.render(assessment, suggestion=moves)


class Cards(HTMLParser):
    """Each card of a page as the texts of its parts: its rule pill, place, remedy."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[dict[str, str]] = []
        self.part: str | None = None
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "article" and "card" in classes:
            self.cards.append({})
        elif self.cards and self.part is None and tag in ("p", "span") and classes in (
                ["where"], ["remedy"], ["pill"]):
            self.part, self.depth = {"pill": "rule"}.get(classes[0], classes[0]), 0
            self.cards[-1].setdefault(self.part, "")
        elif self.part is not None:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.part = None
        elif self.part is not None:
            if self.depth == 0:
                self.part = None
            else:
                self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.part is not None:
            self.cards[-1][self.part] += data


def card(page: str, rule: str, where: str) -> dict[str, str]:
    parser = Cards()
    parser.feed(page)
    [found] = [c for c in parser.cards if c.get("rule") == rule and c.get("where") == where]
    return found


@needs_dot
def test_a_hotspot_card_shows_what_its_remedy_is_worth(examples: tuple[Assessment, Suggestion],
                                                       pages: dict[str, str]) -> None:
    # the 45-day wait at check-credit cut to its 29.9m queue: 0.95 visits a case x (1,080h - 29.9m) =
    # 1,025.4h = 42.7d per case (in days, as the page's lead times); x 120 a day x 365.25 / 24 = 1,872,608 customer-days a year
    found = card(pages["billing-credit.html"], "long-wait",
                 "Step: We pick the request up from the credit queue and check the usage behind it")
    line = "cut the wait to its queue: -42.7d per case, 1,872,608 customer-days a year"
    assert found["remedy"] == f"Remedy {line}"
    # the very words `whatif --suggest` prints for that move
    assert f"\n     {line}\n" in words.text(examples[1], currency="EUR")


@needs_dot
def test_a_card_without_a_remedy_that_saves_says_so(pages: dict[str, str]) -> None:
    # sla-breach has no remedy of its own; moving the returning steps of moving-house to one team
    # lengthens the walk (543 customer-days a year more), so it saves nothing
    assert card(pages["billing-credit.html"], "sla-breach", "The whole process")["remedy"] == \
        "Remedy No priced remedy: this rule has none, or its remedy saves no customer-days."
    assert card(pages["moving-house.html"], "ping-pong", "Team: Account changes desk (moves, name changes)")["remedy"] == \
        f"Remedy {moves_view.NO_REMEDY}"


@needs_dot
def test_an_answered_card_prices_no_remedy(pages: dict[str, str]) -> None:
    # refund-sendback's second signature is answered: it is not suggested, and its card says nothing of it
    found = card(pages["refund-sendback.html"], "rubber-stamp",
                 "Step: Finance control signs the refund from the approval tray")
    assert "remedy" not in found


def test_the_index_ranks_the_portfolios_best_moves(examples: tuple[Assessment, Suggestion]) -> None:
    assessment, moves = examples
    view = index_view.index_view(assessment, html.slugs(list(assessment.walks)), suggestion=moves)
    assert view.moves is not None
    rows = [(r.rank, r.process, r.per_case, r.customer_days, r.staff_hours, r.cost, r.closes)
            for r in view.moves.rows[:3]]
    assert rows == [
        (1, ("billing-credit.html", "Customer asks for a billing credit"), "-42.7d", "1,872,608", "0", "0 EUR", 2),
        (2, ("outsourced-complaint.html", "Customer complains to the outsourced contact centre"), "-7.3d",
         "159,142", "20,320", "697,146 EUR", 14),
        (3, ("outsourced-complaint.html", "Customer complains to the outsourced contact centre"), "-5.8d",
         "127,836", "15,195", "471,643 EUR", 3)]
    assert view.moves.rows[1].title == "Remove the policy 'Every complaint is decided by the in-house complaints team'"
    assert (len(view.moves.rows), view.moves.total) == (moves_view.INDEX_MOVES, len(moves.moves))
    # the best together: the top four and the sixth (the fifth cuts a wait at a step the fourth bypasses)
    together = view.moves.together
    assert together is not None
    assert (together.title, together.customer_days) == ("The best 5 remedies together (#1, #2, #3, #4, #6)",
                                                        words.figures(moves.combined).customer_days)  # type: ignore[arg-type]
    alone = words.sum_alone(moves)
    assert alone is not None and view.moves.alone == (
        f"Alone they add up to {alone:,.0f} customer-days a year; {words.NOT_ADDITIVE}")


@needs_dot
def test_the_index_page_shows_the_moves_and_says_they_do_not_add_up(examples: tuple[Assessment, Suggestion],
                                                                     pages: dict[str, str]) -> None:
    text = pages["index.html"]
    section = text[text.index('<section id="moves">'):]
    section = section[:section.index("</section>")]
    assert section.count("<tr><td class=\"num\">") == moves_view.INDEX_MOVES
    assert "<td class=\"num\">1,872,608</td>" in section
    assert "effects are not additive: remedies alone may save the same wait twice over" in section
    # the bottleneck across processes: staffing the back office to 19, over every process using it
    found = card(text, "bottleneck", "Team: Back office (billing, refunds, account investigations)")
    assert found["remedy"].startswith("Remedy staff Back office (billing, refunds, account investigations) to 19: ")


def test_the_report_evaluates_the_moves_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    evaluate = moves_of.suggestion

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return evaluate(*args, **kwargs)
    monkeypatch.setattr(moves_of, "suggestion", counted)
    result = CliRunner().invoke(main, ["report", str(ROOT / "processes" / "billing-credit.yaml"),
                                       str(ROOT / "processes" / "refund-sendback.yaml"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert calls == [1]
    assert 'class="remedy"' in (tmp_path / "billing-credit.html").read_text()


def test_the_report_prices_the_hotspot_cards(examples: tuple[Assessment, Suggestion]) -> None:
    assessment, _ = examples
    found = html.priced(assessment)
    # 7 processes with 7, 15, 12, 9, 14, 22 and 22 open findings: six cards each (42), then the 2 open
    # findings across processes (the index's cards)
    assert len(found) == 6 * 7 + 2
    assert [(f.rule, f.at) for f in found[:6]] == [(f.rule, f.at) for f in assessment.by_id["account-enquiry"].open[:6]]
    assert [f.process for f in found[-2:]] == ["(portfolio)", "(portfolio)"]
    # billing-credit's seventh finding is listed below the cards, unpriced
    seventh = assessment.by_id["billing-credit"].open[6]
    assert (seventh.rule, seventh.at) == ("impossible-wait", "check-credit") and seventh not in found


@needs_dot
def test_the_index_says_which_moves_it_ranks(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(ROOT / "processes"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    index = (tmp_path / "index.html").read_text()
    assert ("The remedy of every hotspot card on these pages (each process&#39;s top 6 and those across "
            "processes), evaluated as a scenario over every process and ranked by the customer-days a year it "
            "saves; the best 10 of 36 (<code>processwalk whatif --suggest</code> prices the remedy of every "
            "finding, with the YAML to paste).") in index


@needs_dot
def test_a_move_that_costs_more_than_it_saves_says_added(examples: tuple[Assessment, Suggestion],
                                                        pages: dict[str, str]) -> None:
    # staffing the back office to 19 (the backlog's remedy) costs more in staff than the work it saves:
    # the card says what it adds, never a negative "saved"
    found = card(pages["billing-credit.html"], "backlog-age",
                 "Step: We pick the request up from the credit queue and check the usage behind it")
    assert found["remedy"] == ("Remedy staff Back office (billing, refunds, account investigations) to 19: -0.02d "
                               "per case, 1,882 customer-days a year, 140,882 EUR a year of cost added")
    [staff] = [m for m in examples[1].moves if m.key == "billing-credit/staff-back-office-19"]
    assert staff.staffing_cost_added is not None and staff.work_cost_saved is not None
    assert round(staff.staffing_cost_added - staff.work_cost_saved) == 140_882
