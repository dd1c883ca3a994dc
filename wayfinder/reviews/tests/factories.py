"""A child with an issued EHC plan, built as the EHC journey would have left it (for reviews' tests)."""

from __future__ import annotations

from datetime import date, timedelta

from wayfinder.ehc.models import Assessment, ClockEvent, Plan, PlanStatus, PlanVersion
from wayfinder.ehc.tests.factories import good_plan_content
from wayfinder.people.models import Enrolment
from wayfinder.people.tests.factories import ChildFactory, SettingFactory


def issued_plan(*, child=None, setting=None, issued_on: date, caseworker=None, **child_fields) -> Plan:
    """An issued plan (version 1, final) naming ``setting`` in section I, with the child on its roll.

    The assessment history is the shortest the engine accepts: request, decisions, draft and final plan.
    """
    setting = setting or SettingFactory()
    child = child or ChildFactory(caseworker=caseworker, **child_fields)
    received = issued_on - timedelta(weeks=19)
    assessment = Assessment.objects.create(
        child=child, received_on=received, request_source="1", requested_by="Parent", reasons="Needs",
        consent=True, caseworker=caseworker or child.caseworker)
    for event, on, outcome in (("request_received", received, ""),
                               ("decision_to_assess", received + timedelta(weeks=5), "assess"),
                               ("decision_to_issue", received + timedelta(weeks=14), "issue"),
                               ("draft_plan_served", received + timedelta(weeks=15), ""),
                               ("final_plan_issued", issued_on, "")):
        ClockEvent.objects.create(assessment=assessment, event=event, date=on, outcome=outcome)
    plan = Plan.objects.create(child=child, assessment=assessment)
    PlanVersion.objects.create(plan=plan, number=1, status=PlanStatus.FINAL,
                               content=good_plan_content(setting_id=setting.pk, name=child.legal_forename),
                               served_on=received + timedelta(weeks=15), issued_on=issued_on)
    if not Enrolment.objects.filter(child=child, setting=setting).exists():
        Enrolment.objects.create(child=child, setting=setting, start_date=min(received, issued_on))
    return plan
