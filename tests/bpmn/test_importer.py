"""Each BPMN construct the import reads, on a small model of its own."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from processwalk.bpmn.translate import Branch, Draft, Step
from tests.bpmn.conftest import imported, process_text


def chain(*nodes: str, flows: str = "", before: str = "", extra: str = "") -> str:
    """A process p: start s, the ``nodes`` (XML) in a chain by their ids, end e (plus ``flows``)."""
    ids = ["s", *(n.split('id="')[1].split('"')[0] for n in nodes), "e"]
    links = "".join(f'<sequenceFlow id="f{i}" sourceRef="{a}" targetRef="{b}"/>' for i, (a, b) in
                    enumerate(zip(ids, ids[1:])))
    return (f'{before}<process id="p" name="Claims"><startEvent id="s"/>{"".join(nodes)}<endEvent id="e"/>'
            f"{links}{flows}</process>{extra}")


def steps(draft: Draft) -> dict[str, Step]:
    return {s.id: s for s in draft.steps}


def only(folder: Path, body: str) -> Draft:
    (draft,) = imported(folder, body).drafts
    return draft


def test_a_timer_before_a_task_is_its_wait(tmp_path: Path) -> None:
    timer = ('<intermediateCatchEvent id="t" name="Cooling off"><timerEventDefinition><timeDuration>PT48H'
             '</timeDuration></timerEventDefinition></intermediateCatchEvent>')
    draft = only(tmp_path, chain('<task id="a" name="Register"/>', timer, '<task id="b" name="Pay"/>'))
    assert [s.id for s in draft.steps] == ["register", "pay", "end"]
    assert steps(draft)["pay"].wait == "PT48H"


def test_a_timer_before_an_end_is_a_step_that_waits(tmp_path: Path) -> None:
    cycle = ('<intermediateCatchEvent id="t"><timerEventDefinition><timeCycle>R3/PT10H</timeCycle>'
             '</timerEventDefinition></intermediateCatchEvent>')
    found = imported(tmp_path, chain('<task id="a" name="Register"/>', cycle))
    (draft,) = found.drafts
    assert steps(draft)["wait-r3-pt10h"].wait == "PT10H"
    assert [n.message for n in found.notes] == ["timer 't' repeats (R3/PT10H); taken as one wait of PT10H"]


def test_a_timer_date_is_no_wait_and_says_so(tmp_path: Path) -> None:
    date = ('<intermediateCatchEvent id="t" name="Year end"><timerEventDefinition><timeDate>2026-12-31</timeDate>'
            '</timerEventDefinition></intermediateCatchEvent>')
    found = imported(tmp_path, chain(date, '<task id="a" name="Close"/>'))
    assert steps(found.drafts[0])["close"].wait == ""
    assert [(n.location.line, n.message) for n in found.notes] == [
        (3, "timer 'Year end' waits until a date (2026-12-31), not for a duration; no wait is set: set the usual "
            "wait")]


BOUNDARIES = chain(
    '<userTask id="a" name="Check claim"/>', '<task id="b" name="Pay"/>',
    flows=('<boundaryEvent id="x" attachedToRef="a"><errorEventDefinition errorRef="err"/></boundaryEvent>'
           '<boundaryEvent id="y" name="Over limit" attachedToRef="a"><escalationEventDefinition/></boundaryEvent>'
           '<task id="r" name="Refuse claim"/><task id="m" name="Manager review"/>'
           '<sequenceFlow id="g1" sourceRef="x" targetRef="r"/><sequenceFlow id="g2" sourceRef="y" targetRef="m"/>'
           '<sequenceFlow id="g3" sourceRef="r" targetRef="e"/><sequenceFlow id="g4" sourceRef="m" targetRef="b"/>'),
    before='<error id="err" name="Documents missing"/>')


def test_error_boundaries_refuse_and_escalations_say_so(tmp_path: Path) -> None:
    check = steps(only(tmp_path, BOUNDARIES))["check-claim"]
    # three ways out of 'Check claim' and no probability in the model: a third each, 1 - 0.3333 * 2 = 0.3334 first
    assert check.next == (Branch("pay", Decimal("0.3334"), "", True),
                          Branch("refuse-claim", Decimal("0.3333"), "error: Documents missing", True,
                                 "Documents missing"),
                          Branch("manager-review", Decimal("0.3333"), "escalation: Over limit", True))
    assert ("      - {to: refuse-claim, p: 0.3333, when: \"error: Documents missing\", refusal: true, "
            "reason: Documents missing}  # equal split: set p\n") in process_text(tmp_path, BOUNDARIES)


def test_sub_processes_are_inlined(tmp_path: Path) -> None:
    inner = ('<subProcess id="sp" name="Assess"><startEvent id="is"/><task id="i1" name="Read file"/>'
             '<task id="i2" name="Decide"/><endEvent id="ie"/><sequenceFlow id="h1" sourceRef="is" targetRef="i1"/>'
             '<sequenceFlow id="h2" sourceRef="i1" targetRef="i2"/><sequenceFlow id="h3" sourceRef="i2" '
             'targetRef="ie"/></subProcess>')
    draft = only(tmp_path, chain('<task id="a" name="Register"/>', inner, '<task id="b" name="Pay"/>'))
    assert [(s.id, [b.to for b in s.next]) for s in draft.steps] == [
        ("register", ["read-file"]), ("read-file", ["decide"]), ("decide", ["pay"]), ("pay", ["end"]), ("end", [])]


def test_call_activities_are_inlined_each_time_and_missing_ones_are_one_step(tmp_path: Path) -> None:
    called = ('<process id="q"><startEvent id="qs"/><task id="q1" name="Verify identity"/><endEvent id="qe"/>'
              '<sequenceFlow id="k1" sourceRef="qs" targetRef="q1"/><sequenceFlow id="k2" sourceRef="q1" '
              'targetRef="qe"/></process>')
    found = imported(tmp_path, chain('<callActivity id="c1" name="Check" calledElement="q"/>',
                                     '<callActivity id="c2" name="Again" calledElement="q"/>',
                                     '<callActivity id="c3" name="Elsewhere" calledElement="nowhere"/>',
                                     extra=called))
    (draft,) = found.drafts  # q is called: inlined, not a file of its own
    assert [s.id for s in draft.steps] == ["verify-identity", "verify-identity-2", "elsewhere", "end"]
    assert [n.message for n in found.notes] == [
        "call activity 'Elsewhere' calls 'nowhere', which is not a process of this file (or calls itself); "
        "taken as one step"]


def test_messages_with_the_customer_make_contacts(tmp_path: Path) -> None:
    pools = ('<collaboration id="c"><participant id="cu" name="Customer"/><participant id="pp" name="Claims" '
             'processRef="p"/><messageFlow id="m1" sourceRef="cu" targetRef="a"/></collaboration>')
    draft = only(tmp_path, chain('<receiveTask id="a" name="Take the claim"/>', before=pools))
    assert steps(draft)["take-the-claim"].kind == "contact"
    assert steps(draft)["take-the-claim"].comments == ("receives from Customer (message flow)",)


def test_names_written_twice_encoded_are_repaired(tmp_path: Path) -> None:
    found = imported(tmp_path, chain('<task id="a" name="Rechnung kl&#195;&#402;&#194;&#164;ren"/>'))
    assert steps(found.drafts[0])["rechnung-klaren"].name == "Rechnung klären"
    assert [n.message for n in found.notes] == [
        "name 'Rechnung klÃƒÂ¤ren' was written twice encoded (UTF-8 read as Windows-1252); read as 'Rechnung klären'"]


BPSIM = chain(
    '<task id="a" name="Check"/>', '<exclusiveGateway id="g"/>', '<task id="b" name="Pay"/>',
    flows='<sequenceFlow id="back" sourceRef="g" targetRef="a"/>',
    extra=('<relationship type="BPSimData"><extensionElements><bpsim:BPSimData xmlns:bpsim="http://www.bpsim.org/'
           'schemas/1.0"><bpsim:Scenario id="sc"><bpsim:ScenarioParameters baseTimeUnit="min"/>'
           '<bpsim:ElementParameters elementRef="s"><bpsim:ControlParameters><bpsim:InterTriggerTimer>'
           '<bpsim:ExponentialDistribution mean="12"/></bpsim:InterTriggerTimer></bpsim:ControlParameters>'
           '</bpsim:ElementParameters><bpsim:ElementParameters elementRef="a"><bpsim:TimeParameters>'
           '<bpsim:ProcessingTime><bpsim:GammaDistribution shape="4" scale="2.5"/></bpsim:ProcessingTime>'
           '</bpsim:TimeParameters></bpsim:ElementParameters><bpsim:ElementParameters elementRef="back">'
           '<bpsim:ControlParameters><bpsim:Probability><bpsim:FloatingParameter value="0.2"/></bpsim:Probability>'
           '</bpsim:ControlParameters></bpsim:ElementParameters></bpsim:Scenario></bpsim:BPSimData>'
           '</extensionElements><source>d</source><target>d</target></relationship>'))


def test_bpsim_gives_probabilities_work_and_demand(tmp_path: Path) -> None:
    text = process_text(tmp_path, BPSIM)
    assert "demand: 120/day\n" in text  # one case every 12 minutes: 1440 / 12 = 120 a day, exponential (cv 1)
    assert "    work: {mean: 10m, cv: 0.5}\n" in text  # gamma: mean 4 x 2.5 = 10 minutes, cv 1/sqrt(4) = 0.5
    # 0.2 back to 'Check' given; the flow on takes the rest, 1 - 0.2 = 0.8
    assert "      - {to: pay, p: 0.8}  # equal split: set p\n" in text
    assert "      - {to: check, p: 0.2}\n" in text


OWN = chain(
    '<userTask id="a" name="Check"><extensionElements><pw:step step="check-claim" kind="decision" team="desk" '
    'systems="crm" policies="four-eyes"/><pw:work mean="PT0.25H" cv="0.5"/></extensionElements></userTask>',
    '<exclusiveGateway id="g"/>', '<task id="b" name="Pay"/>',
    flows=('<sequenceFlow id="back" sourceRef="g" targetRef="a"><extensionElements><pw:branch to="check-claim" '
           'p="0.1" refusal="true" reason="form incomplete" policy="four-eyes"/></extensionElements>'
           '</sequenceFlow>'),
).replace('<process id="p" name="Claims">', '<process id="p" name="Claims"><extensionElements>'
                       '<pw:process process="claims-x" demandPerDay="40" owner="Head of claims"/><pw:system '
                       'system="crm" name="CRM"/><pw:policy policy="four-eyes" title="Two sign"/>'
                       '</extensionElements>')


def test_processwalk_s_own_extension_is_read_back(tmp_path: Path) -> None:
    body = OWN.replace("<process", '<process xmlns:pw="urn:processwalk:bpmn:1"', 1)
    found = imported(tmp_path, body)
    (draft,) = found.drafts
    assert (draft.id, draft.extra) == ("claims-x", (("owner", "Head of claims"), ("demand", "40/day")))
    check = steps(draft)["check-claim"]
    assert (check.kind, check.team, check.systems, check.policies, check.work) == (
        "decision", "desk", ("crm",), ("four-eyes",), "{mean: 0.25h, cv: 0.5}")
    assert check.next[1] == Branch("check-claim", Decimal("0.1"), "", False, "form incomplete", "four-eyes")
    assert found.systems == (("crm", "CRM"),)
    assert found.policies == (("four-eyes", (("title", "Two sign"),)),)
    process_text(tmp_path, body)  # and it validates


PARALLEL = chain(
    '<task id="a" name="Register"/>', '<parallelGateway id="split"/>',
    '<parallelGateway id="join"/>', '<task id="z" name="Close"/>',
    flows=('<task id="x" name="Notify"/><task id="y" name="Book"/><task id="y2" name="Check booking"/>'
           '<sequenceFlow id="p1" sourceRef="split" targetRef="y"/><sequenceFlow id="p2" sourceRef="y" '
           'targetRef="y2"/><sequenceFlow id="p3" sourceRef="y2" targetRef="join"/><sequenceFlow id="p4" '
           'sourceRef="split" targetRef="x"/><sequenceFlow id="p5" sourceRef="x" targetRef="join"/>'))


def test_parallel_branches_are_walked_one_after_another(tmp_path: Path) -> None:
    # the chain's own flow split -> join is an empty branch: skipped
    found = imported(tmp_path, PARALLEL)
    (draft,) = found.drafts
    # the branches in the order of their first nodes' names: 'Book' before 'Notify'
    assert [(s.id, [b.to for b in s.next]) for s in draft.steps] == [
        ("register", ["book"]), ("book", ["check-booking"]), ("check-booking", ["notify"]), ("notify", ["close"]),
        ("close", ["end"]), ("end", [])]
    assert [n.message for n in found.notes] == [
        "parallel gateway split: its 3 branches are walked one after another (all their work counts; the lead "
        "time adds them up instead of overlapping them)"]


def test_an_unstructured_parallel_split_is_taken_as_alternatives(tmp_path: Path) -> None:
    body = PARALLEL.replace('targetRef="join"/><sequenceFlow id="p4"', 'targetRef="z"/><sequenceFlow id="p4"')
    found = imported(tmp_path, body.replace('sourceRef="x" targetRef="join"', 'sourceRef="x" targetRef="z"'))
    register = steps(found.drafts[0])["register"]
    assert [(b.to, b.p, b.guessed) for b in register.next] == [
        ("close", Decimal("0.3334"), True), ("book", Decimal("0.3333"), True), ("notify", Decimal("0.3333"), True)]
    assert found.notes[0].message.startswith("parallel gateway split: its 3 branches are taken as alternatives")
