"""The steps of an EHC needs assessment as services: each validates first, changes nothing on bad input,
writes a clock event and an audit event, and feeds the statutory clocks (SEND Regs 2014 regs 5–13)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent
from wayfinder.core.dates import today
from wayfinder.ehc import services
from wayfinder.ehc.clocks import report_for
from wayfinder.ehc.models import Assessment, ClockEvent, PlanStatus
from wayfinder.people.models import Involvement
from wayfinder.people.tests.factories import ChildFactory, SettingFactory
from wayfinder.statutory.assessment import Status

from .factories import good_plan_content

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ago(days: int):
    return today() - timedelta(days=days)


@pytest.fixture
def officer():
    return UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL)


@pytest.fixture
def manager():
    return UserFactory(role=Role.TEAM_MANAGER, scope=Scope.ALL)


@pytest.fixture
def child():
    return ChildFactory(primary_need="SLCN")


def request(officer, child, days_ago=120, **extra) -> Assessment:
    fields = {"received_on": ago(days_ago), "request_source": "1", "requested_by": "Sam Okafor, parent",
              "reasons": "Speech is well behind his peers and school support has not closed the gap.",
              "consent": True, **extra}
    return services.assessment_request_create(actor=officer, child=child, **fields)


def test_a_request_starts_the_six_week_clock_and_is_audited(officer, child):
    assessment = request(officer, child, days_ago=10)
    decision = report_for(assessment)["decision_whether_to_assess"]
    assert decision.due == ago(10) + timedelta(weeks=6)
    assert decision.status is Status.OPEN
    assert AuditEvent.objects.filter(target_type="ehc.assessment", target_id=str(assessment.pk)).exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"received_on": today() + timedelta(days=1)}, "received_on"),
        ({"consent": False}, "consent"),
        ({"reasons": "  "}, "reasons"),
        ({"request_source": "9"}, "request_source"),
    ],
)
def test_a_bad_request_is_refused_and_nothing_is_saved(officer, child, extra, field):
    with pytest.raises(ValidationError) as error:
        request(officer, child, **extra)
    assert field in error.value.message_dict
    assert not Assessment.objects.exists() and not ClockEvent.objects.exists()


def test_a_second_request_while_one_is_open_is_refused(officer, child):
    request(officer, child)
    with pytest.raises(ValidationError, match="already has an assessment in progress"):
        request(officer, child, days_ago=5)


def test_a_parent_cannot_record_a_request(child):
    parent = UserFactory(role=Role.PARENT)
    with pytest.raises(PermissionDenied):
        request(parent, child)


def test_a_decision_needs_reasons_and_cannot_predate_the_request(officer, child):
    assessment = request(officer, child, days_ago=30)
    with pytest.raises(ValidationError, match="reasons"):
        services.assessment_decide_whether_to_assess(actor=officer, assessment=assessment, outcome="assess",
                                                     decided_on=ago(1), reasons="")
    with pytest.raises(ValidationError, match="on or after the date the request was received"):
        services.assessment_decide_whether_to_assess(actor=officer, assessment=assessment, outcome="assess",
                                                     decided_on=ago(31), reasons="Evidence of need")
    assert not assessment.decisions.exists()
    assert assessment.clock_events.count() == 1


def test_asking_a_professional_for_advice_makes_them_involved_and_starts_their_six_weeks(officer, child):
    assessment = request(officer, child)
    services.assessment_decide_whether_to_assess(actor=officer, assessment=assessment, outcome="assess",
                                                 decided_on=ago(90), reasons="Needs may require an EHC plan")
    nurse = UserFactory(role=Role.HEALTH_PROFESSIONAL)
    advice = services.advice_request_send(actor=officer, assessment=assessment, source="health",
                                          requested_on=ago(89), professional=nurse)
    assert Involvement.objects.filter(child=child, user=nurse).exists()
    assert advice.due_on == ago(89) + timedelta(weeks=6)
    assert report_for(assessment)["advice_health"].status is Status.OVERDUE
    services.advice_submit(actor=nurse, advice=advice, received_on=ago(60), needs="Mild hearing loss, left ear")
    assert report_for(assessment)["advice_health"].status is Status.MET


def test_advice_can_be_uploaded_as_a_pdf_but_not_as_a_program(officer, child):
    assessment = request(officer, child)
    services.assessment_decide_whether_to_assess(actor=officer, assessment=assessment, outcome="assess",
                                                 decided_on=ago(90), reasons="Needs may require an EHC plan")
    psychologist = UserFactory(role=Role.EDUCATIONAL_PSYCHOLOGIST)
    advice = services.advice_request_send(actor=officer, assessment=assessment, source="psychology",
                                          requested_on=ago(89), professional=psychologist)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not a real PDF"):
        services.advice_submit(actor=psychologist, advice=advice, received_on=ago(60), upload=fake)
    exe = SimpleUploadedFile("report.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(ValidationError, match="must be a PDF, Word document"):
        services.advice_submit(actor=psychologist, advice=advice, received_on=ago(60), upload=exe)
    advice.refresh_from_db()
    assert advice.received_on is None and not assessment.documents.exists()
    real = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    services.advice_submit(actor=psychologist, advice=advice, received_on=ago(60), upload=real)
    advice.refresh_from_db()
    assert advice.document.content_type == "application/pdf"


def test_an_upload_over_the_size_limit_is_refused(officer, child, settings):
    settings.WAYFINDER_UPLOAD_MAX_BYTES = 1024 * 1024
    assessment = request(officer, child)
    big = SimpleUploadedFile("evidence.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError, match="smaller than 1 MB"):
        services._store_upload(actor=officer, assessment=assessment, upload=big, title="Evidence", field="evidence")


def test_only_a_team_manager_records_an_exception_and_it_never_moves_the_due_date(officer, manager, child):
    assessment = request(officer, child, days_ago=150)
    before = report_for(assessment)["final_plan"].due
    with pytest.raises(PermissionDenied):
        services.exception_record(actor=officer, assessment=assessment, kind="absence_from_area",
                                  start=ago(120), end=ago(80), reason="Family abroad caring for a relative")
    services.exception_record(actor=manager, assessment=assessment, kind="absence_from_area", start=ago(120),
                              end=ago(80), reason="Family abroad caring for a relative")
    final = report_for(assessment)["final_plan"]
    assert final.due == before
    assert (final.status, final.exception) == (Status.EXCUSED, "reg10(4)(d)")


def take_to_draft(officer, child, days_ago=140):
    assessment = request(officer, child, days_ago=days_ago)
    services.assessment_decide_whether_to_assess(actor=officer, assessment=assessment, outcome="assess",
                                                 decided_on=ago(days_ago - 30), reasons="Evidence of need")
    services.assessment_decide_whether_to_issue(actor=officer, assessment=assessment, outcome="issue",
                                                decided_on=ago(days_ago - 90), reasons="Needs cannot be met "
                                                "from the resources normally available")
    return assessment, services.current_version(assessment)


def test_a_draft_with_no_provision_in_section_f_cannot_be_served(officer, child):
    assessment, version = take_to_draft(officer, child)
    with pytest.raises(ValidationError, match="Section F has no provision"):
        services.plan_draft_serve(actor=officer, version=version, served_on=ago(40))
    version.refresh_from_db()
    assert version.status == PlanStatus.DRAFT
    assert not assessment.clock_events.filter(event="draft_plan_served").exists()


def test_two_officers_editing_the_same_draft_cannot_overwrite_each_other(officer, child):
    assessment, version = take_to_draft(officer, child)
    colleague = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL)
    opened = version.lock_version
    services.plan_version_update(actor=colleague, version=version, lock_version=opened,
                                 content={**version.content, "a": "Leo loves trains."})
    with pytest.raises(services.StaleVersion, match="Someone else changed this draft"):
        services.plan_version_update(actor=officer, version=version, lock_version=opened,
                                     content={**version.content, "a": "Leo likes football."})
    version.refresh_from_db()
    assert version.content["a"] == "Leo loves trains."


def test_the_whole_journey_from_request_to_final_plan_meets_every_clock(officer, child):
    setting = SettingFactory()
    senco = UserFactory(role=Role.SENCO, setting=setting)
    assessment, version = take_to_draft(officer, child, days_ago=139)
    advice = services.advice_request_send(actor=officer, assessment=assessment, source="education",
                                          requested_on=ago(108), setting=setting)
    services.advice_submit(actor=senco, advice=advice, received_on=ago(80), needs="Language well below age")
    services.plan_version_update(actor=officer, version=version, lock_version=version.lock_version,
                                 content=good_plan_content(setting_id=setting.pk))
    version.refresh_from_db()
    services.plan_draft_serve(actor=officer, version=version, served_on=ago(40))
    consultation = services.consultation_send(actor=officer, assessment=assessment, setting=setting,
                                              sent_on=ago(39), family_preference=True)
    services.consultation_respond(actor=senco, consultation=consultation, responded_on=ago(30), response="agree",
                                  response_text="")
    with pytest.raises(ValidationError, match="15 days"):
        services.plan_finalise(actor=officer, version=version, issued_on=ago(27))
    services.plan_finalise(actor=officer, version=version, issued_on=ago(20))
    report = report_for(assessment)
    assert report["final_plan"].status is Status.MET and report.within_20_weeks is True
    assert [a["from"] for a in services.current_version(assessment).content["advice"]] == [str(setting)]
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.plan_version_update(actor=officer, version=version, lock_version=version.lock_version,
                                     content=version.content)


def test_withdrawal_stops_the_clocks(officer, child):
    assessment = request(officer, child, days_ago=20)
    services.assessment_withdraw(actor=officer, assessment=assessment, withdrawn_on=ago(2),
                                 reason="Family moved out of the area")
    report = report_for(assessment)
    assert report.next_deadline is None
    with pytest.raises(ValidationError, match="already ended"):
        services.assessment_withdraw(actor=officer, assessment=assessment, withdrawn_on=ago(1), reason="Again")


def test_advice_is_reminded_a_week_before_it_is_due_and_escalated_once_after(officer, child):
    assessment = request(officer, child, days_ago=60)
    services.assessment_decide_whether_to_assess(actor=officer, assessment=assessment, outcome="assess",
                                                 decided_on=ago(50), reasons="Evidence of need")
    nurse = UserFactory(role=Role.HEALTH_PROFESSIONAL)
    advice = services.advice_request_send(actor=officer, assessment=assessment, source="health",
                                          requested_on=ago(40), professional=nurse)  # due in 2 days
    assert services.advice_send_reminders() == {"reminded": 1, "escalated": 0}
    assert services.advice_send_reminders() == {"reminded": 0, "escalated": 0}
    assert services.advice_send_reminders(as_of=advice.due_on + timedelta(days=1)) == {"reminded": 0, "escalated": 1}
    assert services.advice_send_reminders(as_of=advice.due_on + timedelta(days=2)) == {"reminded": 0, "escalated": 0}
    verbs = set(AuditEvent.objects.filter(target_type="ehc.advicerequest").values_list("verb", flat=True))
    assert {"reminded", "escalated"} <= verbs


def test_the_sen2_items_come_from_the_casework(officer, child):
    from wayfinder.ehc.selectors import sen2_items

    setting = SettingFactory(urn="123456")
    assessment, version = take_to_draft(officer, child, days_ago=139)
    assert sen2_items(assessment)["AssessmentOutcome"] == "Y" and sen2_items(assessment)["AssessmentOutcomeDate"] == ""
    services.plan_version_update(actor=officer, version=version, lock_version=version.lock_version,
                                 content=good_plan_content(setting_id=setting.pk))
    version.refresh_from_db()
    services.plan_draft_serve(actor=officer, version=version, served_on=ago(40))
    services.plan_finalise(actor=officer, version=version, issued_on=ago(20))
    items = sen2_items(assessment)
    assert items["ReceivedDate"] == ago(139).isoformat() and items["RequestSource"] == "1"
    assert (items["RequestOutcome"], items["RequestOutcomeDate"]) == ("Y", ago(109).isoformat())
    assert (items["AssessmentOutcome"], items["AssessmentOutcomeDate"]) == ("Y", ago(20).isoformat())
    assert items["Week20"] == 0
    assert items["PlanDetail"] == [{"PlacementRank": 1, "URN": "123456"}]
    assert items["SENneed"] == [{"SENtype": "SLCN", "SENtypeRank": 1}, {"SENtype": "SEMH", "SENtypeRank": 2}]


def test_a_withdrawn_request_is_reported_as_w_with_no_outcome_date(officer, child):
    from wayfinder.ehc.selectors import sen2_items

    assessment = request(officer, child, days_ago=20)
    services.assessment_withdraw(actor=officer, assessment=assessment, withdrawn_on=ago(3), reason="Moved away")
    assert sen2_items(assessment)["RequestOutcome"] == "W"
    assert sen2_items(assessment)["RequestOutcomeDate"] == ""


def test_changing_a_served_draft_keeps_what_the_family_received_and_makes_a_new_version(officer, child):
    from wayfinder.ehc.content import differences

    assessment, version = take_to_draft(officer, child)
    services.plan_version_update(actor=officer, version=version, lock_version=version.lock_version,
                                 content=good_plan_content())
    version.refresh_from_db()
    services.plan_draft_serve(actor=officer, version=version, served_on=ago(30))
    revised = services.plan_version_update(actor=officer, version=version, lock_version=version.lock_version,
                                           content={**version.content, "a": "Leo loves trains and maps."})
    version.refresh_from_db()
    assert (revised.number, revised.status, revised.served_on) == (2, PlanStatus.SERVED, version.served_on)
    assert version.content["a"].startswith("Leo loves trains and drawing maps")
    change = differences(version.content, revised.content)
    assert [c.section.split(":")[0] for c in change] == ["A"]
    with pytest.raises(services.StaleVersion):
        services.plan_version_update(actor=officer, version=version, lock_version=version.lock_version,
                                     content=version.content)
