"""Provision delivered for the demo county: the last two ended terms, confirmed by each plan's named setting.

For every plan due confirmation in a term (``delivery.plans_in_force``: first issued on or before the term's
first day, not ended), each line of provision (section F, and G/H when they hold real provision) gets one
confirmation from the setting named in section I: about 80% delivered, 12% partly delivered and 8% not
delivered, with the reasons settings give (a therapist vacancy, staff absence, the pupil's attendance…).
Plans whose named setting is missing are skipped, as are plans already confirmed for the term, so running
it twice adds nothing. Rows are written with ``bulk_create``; the same ``rng`` gives the same rows.

Called after the demo county is written (not wired in here).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from wayfinder.people.models import Setting

from .delivery import last_ended_term, plans_in_force
from .models import Delivery, DeliveryConfirmation

BATCH_SIZE = 2000
SHARES = ((Delivery.DELIVERED, 0.80), (Delivery.PARTLY, 0.12), (Delivery.NOT_DELIVERED, 0.08))

THERAPY_WORDS = ("therap", "physio", "speech", "occupational")
THERAPY_REASONS = {
    Delivery.PARTLY: (
        "Speech and language therapist post vacant for 5 weeks; 7 of 12 sessions given.",
        "The NHS therapist was on long-term sick leave from mid-term; sessions resumed in the last 2 weeks.",
        "Therapy moved to fortnightly while the service recruited; half the planned sessions given.",
        "Occupational therapy assessment done but the programme started late because of a waiting list.",
    ),
    Delivery.NOT_DELIVERED: (
        "Therapist vacancy: no therapist was allocated this term despite requests to the provider.",
        "The commissioned therapy provider withdrew and a replacement has not yet started.",
        "Waiting list for the NHS service; the school has chased the referral twice.",
    ),
}
GENERAL_REASONS = {
    Delivery.PARTLY: (
        "Teaching assistant absence for 3 weeks; cover was found for some sessions only.",
        "Staff absence: the trained adult was off for part of the term and sessions were shortened.",
        "The pupil's attendance was 72% this term, so fewer sessions took place.",
        "Sessions reduced during the mock exam fortnight; the rest were given as planned.",
        "Group sessions ran for 4 of 6 weeks while the timetable was reorganised.",
    ),
    Delivery.NOT_DELIVERED: (
        "The specialist teacher post has been vacant all term; the school is recruiting.",
        "Staff absence: no trained cover was available this term.",
        "The pupil was on a part-time timetable and the sessions fell outside their hours.",
        "The pupil was in hospital for most of the term.",
    ),
}


def _status(rng: random.Random) -> str:
    draw = rng.random()
    for status, share in SHARES:
        if draw < share:
            return status
        draw -= share
    return Delivery.NOT_DELIVERED


def write(*, on: date, rng: random.Random) -> int:
    """Write the confirmations for the two most recent terms ended by ``on``; return how many rows."""
    settings_known = set(Setting.objects.values_list("pk", flat=True))
    last = last_ended_term(on)
    rows: list[DeliveryConfirmation] = []
    for term in (last.previous(), last):
        already = set(DeliveryConfirmation.objects.filter(academic_year=term.academic_year, term=term.term)
                      .values_list("plan_id", flat=True).distinct())
        due = plans_in_force(term)
        for plan_id in sorted(due):
            f = due[plan_id]
            if plan_id in already or f.setting_id not in settings_known or not f.lines:
                continue
            confirmed_on = min(on, term.end + timedelta(days=rng.randint(1, 25)))
            for line in f.lines:
                status = _status(rng)
                reason = ""
                if status != Delivery.DELIVERED:
                    therapy = any(w in f"{line.title} {line.detail}".lower() for w in THERAPY_WORDS)
                    reason = rng.choice((THERAPY_REASONS if therapy else GENERAL_REASONS)[status])
                rows.append(DeliveryConfirmation(
                    plan_id=plan_id, version_id=f.version_id, ref=line.ref, academic_year=term.academic_year,
                    term=term.term, status=status, reason=reason, setting_id=f.setting_id,
                    confirmed_on=confirmed_on))
    DeliveryConfirmation.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)
