"""The plan quality checks run over stored plans: a carefully written plan passes; real-sounding defects are
each flagged by their own check; a check switched off in settings is not run."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.core.dates import today
from wayfinder.ehc import services
from wayfinder.ehc.checks import findings_for
from wayfinder.people.tests.factories import ChildFactory

from .factories import good_plan_content

pytestmark = pytest.mark.django_db


def ago(days: int):
    return today() - timedelta(days=days)


@pytest.fixture
def officer():
    return UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL)


def draft(officer, child, content, *, advice=("education", "health", "psychology", "social_care"), received=True):
    assessment = services.assessment_request_create(
        actor=officer, child=child, received_on=ago(120), request_source="1", requested_by="Parent",
        reasons="Concerns about progress", consent=True)
    services.assessment_decide_whether_to_assess(actor=officer, assessment=assessment, outcome="assess",
                                                 decided_on=ago(100), reasons="Evidence of need")
    for source in advice:
        professional = UserFactory(role=Role.HEALTH_PROFESSIONAL)
        request = services.advice_request_send(actor=officer, assessment=assessment, source=source,
                                               requested_on=ago(99), professional=professional)
        if received:
            services.advice_submit(actor=professional, advice=request, received_on=ago(70), needs="As described")
    services.assessment_decide_whether_to_issue(actor=officer, assessment=assessment, outcome="issue",
                                                decided_on=ago(60), reasons="Needs a plan")
    version = services.current_version(assessment)
    return services.plan_version_update(actor=officer, version=version, lock_version=version.lock_version,
                                        content=content)


def names(findings) -> set[str]:
    return {f.check for f in findings}


def test_a_carefully_written_plan_with_all_advice_passes_every_check(officer):
    version = draft(officer, ChildFactory(legal_forename="Leo", date_of_birth=ago(9 * 365)), good_plan_content())
    assert findings_for(version) == []


def test_each_defect_in_a_hastily_written_plan_is_flagged_by_its_own_check(officer):
    content = good_plan_content()
    content["provision"][0].update(what="Access to speech and language therapy as required", frequency="",
                                   duration="")
    content["needs"].append({"text": "Jay finds it hard to organise his equipment and homework.", "sen_type": "SPLD",
                             "rank": 3})
    content["outcomes"][1].update(by_when="", measure="")
    content["d"] = ""
    child = ChildFactory(legal_forename="Jay", date_of_birth=ago(14 * 365 + 100))  # Year 9 or above
    version = draft(officer, child, content, advice=("education", "health"), received=False)
    found = findings_for(version)
    assert names(found) >= {"provision_not_specific", "need_without_provision", "outcome_not_measurable",
                            "no_preparing_for_adulthood_outcome", "section_left_empty", "advice_not_received"}
    vague = next(f for f in found if f.check == "provision_not_specific")
    assert "access to" in vague.message and "as required" in vague.message
    assert next(f for f in found if f.check == "need_without_provision").ref == "B3"


def test_a_paragraph_copied_from_another_childs_plan_is_flagged_with_that_plan(officer):
    first = draft(officer, ChildFactory(legal_forename="Leo"), good_plan_content(name="Leo"))
    copied = good_plan_content(name="Maya")
    second = draft(officer, ChildFactory(legal_forename="Maya"), copied)
    found = [f for f in findings_for(second) if f.check == "copied_text"]
    assert found and {f.matching_plan_id for f in found} == {str(first.plan_id)}


def test_a_check_switched_off_in_settings_is_not_run(officer, settings):
    content = good_plan_content()
    content["d"] = ""
    version = draft(officer, ChildFactory(), content)
    assert "section_left_empty" in names(findings_for(version))
    settings.WAYFINDER_PLAN_CHECKS_DISABLED = ["section_left_empty"]
    assert "section_left_empty" not in names(findings_for(version))


def test_a_mistyped_check_name_in_settings_fails_loudly(officer, settings):
    version = draft(officer, ChildFactory(), good_plan_content())
    settings.WAYFINDER_PLAN_CHECKS_DISABLED = ["copied_txt"]
    with pytest.raises(ValueError, match="copied_text"):
        findings_for(version)
