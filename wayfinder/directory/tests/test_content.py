"""Page bodies in Markdown as GOV.UK HTML (no raw HTML ever), published revisions, and listings in words."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from wayfinder.directory import content
from wayfinder.directory.models import Page, PageKind, PageRevision, Schedule
from wayfinder.directory.tests.factories import ServiceFactory


def test_markdown_script_tags_are_shown_as_text_never_run():
    html = content.render_markdown('Hello <script>alert("x")</script>\n\n<img src=x onerror=alert(1)>')
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_markdown_javascript_links_are_not_links():
    html = content.render_markdown("[click](javascript:alert(1)) and [ok](https://www.gov.uk/children-with-send)")
    assert "javascript:" not in html.replace("[click](javascript:alert(1))", "")
    assert 'href="javascript' not in html
    assert '<a href="https://www.gov.uk/children-with-send" class="govuk-link">ok</a>' in html


def test_markdown_gets_govuk_classes():
    html = content.render_markdown("## What it is\n\nSome words.\n\n- one\n- two\n\n1. first\n2. second\n\n"
                                   "> Remember this\n\n### Smaller")
    assert '<h2 class="govuk-heading-m">What it is</h2>' in html
    assert '<p class="govuk-body">Some words.</p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert '<ol class="govuk-list govuk-list--number">' in html
    assert '<blockquote class="govuk-inset-text">' in html
    assert '<h3 class="govuk-heading-s">Smaller</h3>' in html


def test_markdown_headings_never_outrank_the_page_title():
    html = content.render_markdown("# A second title\n\n## Section")
    assert "<h1" not in html
    assert html.count("<h2") == 2
    step = content.render_markdown("## Inside a step", min_heading=4)
    assert '<h4 class="govuk-heading-s">Inside a step</h4>' in step


def test_markdown_images_are_not_embedded():
    assert "<img" not in content.render_markdown("![a picture](https://tracker.example/pixel.png)")


def test_blank_markdown_is_empty():
    assert content.render_markdown("   \n") == ""


@pytest.mark.django_db
def test_public_sees_only_the_latest_published_revision():
    page = Page.objects.create(slug="what-is-sen-support", kind=PageKind.GUIDE)
    assert content.public_page("what-is-sen-support", PageKind.GUIDE) is None  # no revisions
    PageRevision.objects.create(page=page, title="Draft only", summary="Not yet")
    assert content.public_page("what-is-sen-support", PageKind.GUIDE) is None
    now = timezone.now()
    PageRevision.objects.create(page=page, title="First", summary="s", published_on=now - timedelta(days=3))
    PageRevision.objects.create(page=page, title="Second", summary="s", published_on=now - timedelta(days=1))
    PageRevision.objects.create(page=page, title="Newer draft", summary="s")
    found = content.public_page("what-is-sen-support", PageKind.GUIDE)
    assert found.title == "Second"
    assert content.published_revision(page).title == "Second"
    assert content.public_page("what-is-sen-support", PageKind.PATHWAY) is None  # wrong kind
    assert [p.title for p in content.published_pages(PageKind.GUIDE)] == ["Second"]


@pytest.mark.django_db
def test_archived_page_is_not_public():
    page = Page.objects.create(slug="old", kind=PageKind.GUIDE, archived_on=timezone.now())
    PageRevision.objects.create(page=page, title="Old", summary="s", published_on=timezone.now())
    assert content.public_page("old", PageKind.GUIDE) is None
    assert content.published_pages(PageKind.GUIDE) == []


@pytest.mark.parametrize(("byday", "words"), [
    ("MO,WE", "Mondays and Wednesdays"),
    ("WE,MO", "Mondays and Wednesdays"),
    ("MO,TU,WE,TH,FR", "Monday to Friday"),
    ("SA,SU", "Saturdays and Sundays"),
    ("MO,TU,WE,TH,FR,SA,SU", "Every day"),
    ("TU,TH,SA", "Tuesdays, Thursdays and Saturdays"),
    ("", ""),
])
def test_days_in_words(byday, words):
    assert content.days_words(byday) == words


@pytest.mark.parametrize(("value", "words"), [
    (time(9, 30), "9:30am"), (time(12, 0), "12pm"), (time(0, 0), "12am"), (time(17, 15), "5:15pm"), (time(9), "9am"),
])
def test_times_in_words(value, words):
    assert content.time_words(value) == words


@pytest.mark.django_db
def test_schedule_in_words():
    service = ServiceFactory()
    schedule = Schedule(service=service, byday="MO,WE", opens_at=time(9, 30), closes_at=time(12, 0))
    assert content.schedule_words(schedule) == "Mondays and Wednesdays, 9:30am to 12pm"
    only_words = Schedule(service=service, description="Every other Saturday in term time")
    assert content.schedule_words(only_words) == "Every other Saturday in term time"


def test_ages_in_words():
    assert content.ages_words(0, 25) == "All ages, 0 to 25"
    assert content.ages_words(4, 11) == "Ages 4 to 11"
    assert content.ages_words(5, 5) == "Age 5 only"
