"""How the Local Offer's words read to the public: Markdown page bodies in GOV.UK markup, the published
revision of a guide or pathway page, and a listing's opening times in words.

Page bodies are Markdown with raw HTML switched off (ADR 0009): ``<script>`` or any other tag an editor
types is shown as text, never run, and links may only go to ``http``, ``https``, ``mailto`` and ``tel``
addresses (markdown-it's own check already refuses ``javascript:``). Images are switched off: an
editor's picture would need alternative text we cannot check (WCAG 2.2 1.1.1).

A page is public only through its latest *published* revision (``PageRevision.published_on``); a page with
none, or an archived page, is not public at all. The editors' preview uses :func:`render_markdown` too, so
what they check is what families will see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time
from urllib.parse import urlsplit

from django.db.models import Prefetch
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from .models import MAX_AGE, Page, PageKind, PageRevision, Schedule

# ---------------------------------------------------------------------------------------------- Markdown

#: GOV.UK classes for each HTML element the Markdown makes.
_CLASSES = {
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "blockquote": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--m govuk-section-break--visible",
    "table": "govuk-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
}
_HEADING_CLASSES = {2: "govuk-heading-m", 3: "govuk-heading-s", 4: "govuk-heading-s", 5: "govuk-heading-s",
                    6: "govuk-heading-s"}
_SAFE_SCHEMES = {"http", "https", "mailto", "tel", ""}


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.enable("table")
    md.disable("image")
    return md


_MD = _markdown()


def _style(tokens, min_heading: int) -> None:
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            level = min(6, max(min_heading, int(token.tag[1])))
            token.tag = f"h{level}"
            if token.nesting == 1:
                token.attrSet("class", _HEADING_CLASSES[level])
        elif token.nesting == 1 or token.type == "hr":
            css = _CLASSES.get(token.tag)
            if token.type == "link_open":
                href = str(token.attrGet("href") or "")
                if urlsplit(href).scheme.lower() not in _SAFE_SCHEMES:
                    token.attrSet("href", "#")
            if css:
                token.attrSet("class", css)
        if token.children:
            _style(token.children, min_heading)


def render_markdown(text: str, *, min_heading: int = 2) -> SafeString:
    """``text`` (Markdown, no HTML) as GOV.UK HTML. Headings are never bigger than ``min_heading`` (the page's
    own ``<h1>`` is its title; a step's body under an ``<h3>`` starts at ``min_heading=4``), so the page's
    headings stay in order."""
    if not (text or "").strip():
        return mark_safe("")  # noqa: S308 - empty
    env: dict = {}
    tokens = _MD.parse(text, env)
    _style(tokens, min_heading)
    # markdown-it escapes all text and attributes and, with html=False, every tag typed in the Markdown.
    return mark_safe(_MD.renderer.render(tokens, _MD.options, env))  # noqa: S308


# ------------------------------------------------------------------------------------------- public pages


def published_revision(page: Page) -> PageRevision | None:
    """The revision the public sees: the latest published one, or ``None`` (then the page is not public,
    and neither is an archived page)."""
    if page.archived_on is not None:
        return None
    cached = getattr(page, "published_revisions", None)
    if cached is not None:  # from published_pages()' prefetch
        return cached[0] if cached else None
    return page.published_revision()


@dataclass(frozen=True)
class PublicPage:
    page: Page
    revision: PageRevision

    @property
    def title(self) -> str:
        return self.revision.title

    @property
    def summary(self) -> str:
        return self.revision.summary


def _published_prefetch() -> Prefetch:
    return Prefetch("revisions", to_attr="published_revisions",
                    queryset=PageRevision.objects.filter(published_on__isnull=False).order_by("-published_on", "-pk"))


def public_page(slug: str, kind: str) -> PublicPage | None:
    """The page of this kind and slug with its published revision, or ``None`` if the public may not see it."""
    page = (Page.objects.filter(slug=slug, kind=kind, archived_on__isnull=True).select_related("need")
            .prefetch_related(_published_prefetch()).first())
    if page is None:
        return None
    revision = published_revision(page)
    return PublicPage(page, revision) if revision else None


def published_pages(kind: str | PageKind) -> list[PublicPage]:
    """Every public page of a kind, in the editors' order (position, then slug): two queries."""
    pages = (Page.objects.filter(kind=kind, archived_on__isnull=True).select_related("need")
             .prefetch_related(_published_prefetch()))
    found = []
    for page in pages:
        revision = published_revision(page)
        if revision is not None:
            found.append(PublicPage(page, revision))
    return found


# ------------------------------------------------------------------------------------- listings in words


def ages_words(minimum: int, maximum: int) -> str:
    """"All ages, 0 to 25", "Age 4 only", "Ages 4 to 11"."""
    if minimum == 0 and maximum >= MAX_AGE:
        return f"All ages, 0 to {MAX_AGE}"
    if minimum == maximum:
        return f"Age {minimum} only"
    return f"Ages {minimum} to {maximum}"


_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_NAMES = dict(zip(_DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
                      strict=True))


def time_words(value: time) -> str:
    """GOV.UK style times: 9am, 9:30am, 12pm, 5:15pm."""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def join_words(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def days_words(byday: str) -> str:
    """``MO,WE`` -> "Mondays and Wednesdays"; a run of three or more days -> "Monday to Friday"."""
    codes = [code.strip().upper()[-2:] for code in (byday or "").split(",") if code.strip()]
    days = sorted({code for code in codes if code in _DAY_NAMES}, key=_DAYS.index)
    if not days:
        return ""
    if len(days) == 7:
        return "Every day"
    if days == ["SA", "SU"]:
        return "Saturdays and Sundays"
    first, last = _DAYS.index(days[0]), _DAYS.index(days[-1])
    if len(days) >= 3 and last - first + 1 == len(days):
        return f"{_DAY_NAMES[days[0]]} to {_DAY_NAMES[days[-1]]}"
    return join_words(f"{_DAY_NAMES[code]}s" for code in days)


def schedule_words(schedule: Schedule) -> str:
    """One schedule in words, e.g. "Mondays and Wednesdays, 9:30am to 12pm"; its description is used when it
    has no days or times."""
    parts = []
    days = days_words(schedule.byday)
    if days:
        parts.append(days)
    if schedule.opens_at and schedule.closes_at:
        parts.append(f"{time_words(schedule.opens_at)} to {time_words(schedule.closes_at)}")
    elif schedule.opens_at:
        parts.append(f"from {time_words(schedule.opens_at)}")
    words = ", ".join(parts)
    if not words:
        return schedule.description
    return words[:1].upper() + words[1:]
