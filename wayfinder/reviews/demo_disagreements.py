"""Disagreements for the demo county: about one in 150 plans (at least one of each story below), in every state
a caseworker meets.

Each story is dated back from the demo's "today" so the statutory engine accepts it (SEND Regulations 2014
regs 33–45; HESC Rules r20; CAFA 2014 s55), and is checked by it before anything is written:

* mediation only: the adviser contacted and mediation requested, the 30 days running (``MED-HOLD-30D``);
* certificate issued: mediation declined (reg 34), the family free to appeal (``TRIB-APPEAL`` open);
* appeal registered: mediation held without agreement, certificate, appeal with its issues;
* hearing set: an appeal only about section I (no certificate needed, CAFA s55(3)) with a hearing date;
* order made and complied with: an order to amend, the amended plan issued within 5 weeks (reg 44), closed;
* order overdue: an order to amend whose 5 weeks have passed with no amended plan;
* appeal not opposed: the authority's notice (reg 45), the amended plan due within 5 weeks.

Rows are written directly (as the rest of the demo generator does), not through the services, because the
services date-check against the real today rather than the demo's. Call :func:`write` after the county's
plans exist.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from wayfinder.ehc.models import Plan, PlanStatus, PlanVersion
from wayfinder.statutory import disagreement as engine

from .models import Disagreement, DisagreementEvent, DisagreementSubject

PLANS_PER_DISAGREEMENT = 150
#: At least one of each story (and so at least 6).
MINIMUM = 7

#: (subject, issues appealed, days before "on" the decision letter was sent, [(event, days before "on", data)],
#: extras)
Story = tuple[str, str, int, list[tuple[str, int, dict]], dict]

SUMMARIES = {
    DisagreementSubject.CONTENTS: "The family says section F does not specify enough speech and language therapy, "
                                  "and that section B leaves out their child's sensory needs.",
    DisagreementSubject.SECTION_I: "The family wants a specialist school named in section I instead of the "
                                   "mainstream school we named.",
}


def _mediation_only(rng: random.Random) -> Story:
    letter = rng.randint(20, 40)
    return ("contents", "", letter, [("mediation_adviser_contacted", letter - rng.randint(5, 10), {}),
                             ("mediation_requested", letter - rng.randint(11, 14), {"issues": "education"})], {})


def _certificate(rng: random.Random) -> Story:
    letter = rng.randint(50, 58)
    contact = letter - rng.randint(10, 20)
    return ("contents", "", letter, [("mediation_declined", contact, {}),
                             ("mediation_certificate_issued", contact - 2, {})], {})


def _appeal(rng: random.Random) -> Story:
    letter = rng.randint(120, 150)
    requested = letter - 12
    held = requested - rng.randint(20, 29)
    return ("contents", "Sections B and F: speech and language therapy, sensory needs.", letter, [
        ("mediation_adviser_contacted", letter - 10, {}),
        ("mediation_requested", requested, {"issues": "mixed"}),
        ("commissioning_body_notified", requested - 2, {}),
        ("mediation_held", held, {}),
        ("mediation_certificate_issued", held - 2, {}),
        ("appeal_registered", held - rng.randint(14, 25), {}),
    ], {"note": {"mediation_held": "Outcome: No agreement."}})


def _hearing(rng: random.Random) -> Story:
    letter = rng.randint(150, 200)
    return ("section_i", "Section I: the school named.", letter, [
        ("appeal_registered", letter - rng.randint(30, 50), {}),
    ], {"hearing_in": rng.randint(20, 60), "appeal_kind": "section_i_only"})


def _complied(rng: random.Random) -> Story:
    letter = rng.randint(330, 380)
    contact = letter - 14
    order = rng.randint(80, 120)
    return ("contents", "Sections B, F and I.", letter, [
        ("mediation_declined", contact, {}),
        ("mediation_certificate_issued", contact - 2, {}),
        ("appeal_registered", contact - 30, {}),
        ("tribunal_order", order, {"kind": "amend"}),
        ("amended_plan_issued", order - rng.randint(20, 34), {}),
    ], {"hearing_at": order + 1,
        "outcome": "The Tribunal ordered sections B and F to be amended; the amended plan was issued in time."})


def _overdue(rng: random.Random) -> Story:
    letter = rng.randint(280, 320)
    contact = letter - 14
    return ("contents", "Section F: the hours of specialist teaching.", letter, [
        ("mediation_adviser_contacted", contact, {}),
        ("mediation_declined", contact, {}),
        ("mediation_certificate_issued", contact - 3, {}),
        ("appeal_registered", contact - 40, {}),
        ("tribunal_order", rng.randint(40, 60), {"kind": "amend"}),
    ], {})


def _unopposed(rng: random.Random) -> Story:
    letter = rng.randint(100, 130)
    contact = letter - 20
    return ("contents", "Section F.", letter, [
        ("mediation_declined", contact, {}),
        ("mediation_certificate_issued", contact - 1, {}),
        ("appeal_registered", contact - 25, {}),
        ("unopposed_notice", rng.randint(5, 20), {"kind": "contents"}),
    ], {})


STORIES: tuple[Callable[[random.Random], Story], ...] = (
    _mediation_only, _certificate, _appeal, _hearing, _complied, _overdue, _unopposed)


def write(*, on: date, rng: random.Random, officer=None) -> int:
    """Write about one disagreement per 150 issued plans (at least one of each story, as plans allow), the
    stories in turn, each on a plan issued before its decision letter where there is one. Returns how many were
    written."""
    issued = dict(PlanVersion.objects.filter(status=PlanStatus.FINAL, number=1, plan__archived_on__isnull=True)
                  .values_list("plan_id", "issued_on"))
    pks = sorted(pk for pk in issued if pk is not None)
    if not pks:
        return 0
    wanted = min(len(pks), max(MINIMUM, len(pks) // PLANS_PER_DISAGREEMENT))
    free = list(pks)
    written = 0
    for i in range(wanted):
        subject, issues, letter_ago, steps, extra = STORIES[i % len(STORIES)](rng)
        letter_on = on - timedelta(days=letter_ago)
        fitting = [pk for pk in free if issued[pk] and issued[pk] <= letter_on] or free
        plan = Plan.objects.select_related("child").get(pk=rng.choice(fitting))
        free.remove(plan.pk)
        appeal_kind = extra.get("appeal_kind", "standard")
        events = [DisagreementEvent(event="decision_letter_sent", date=letter_on, data={"appeal_kind": appeal_kind})]
        notes = extra.get("note", {})
        for name, days, data in sorted(steps, key=lambda s: -s[1]):
            events.append(DisagreementEvent(event=name, date=on - timedelta(days=days), data=dict(data),
                                            note=notes.get(name, "")))
        # The engine checks every story before it is written.
        engine.parse_case({"process": engine.PROCESS, "as_of": on.isoformat(),
                           "events": [e.as_engine_event() for e in events]})
        hearing_on = None
        if "hearing_in" in extra:
            hearing_on = on + timedelta(days=extra["hearing_in"])
        elif "hearing_at" in extra:
            hearing_on = on - timedelta(days=extra["hearing_at"])
        caseworker = officer or plan.child.caseworker
        disagreement = Disagreement.objects.create(
            child=plan.child, plan=plan, subject=subject,
            summary=SUMMARIES.get(subject, SUMMARIES[DisagreementSubject.CONTENTS]), issues=issues,
            hearing_on=hearing_on, outcome=extra.get("outcome", ""), caseworker=caseworker,
            created_by=caseworker, modified_by=caseworker)
        for event in events:
            event.disagreement = disagreement
            event.recorded_by = caseworker
            event.save()
        written += 1
    return written
