"""Provision delivered: each term the setting named in a plan confirms whether each line of provision was made.

The local authority must secure the special educational provision in an EHC plan (Children and Families
Act 2014 s42(2)), and health commissioners the health provision (s42(3)); section F must be detailed and
specific, normally quantified in type, hours and frequency (SEND Code of Practice 2015, 9.69), which is what
makes a line checkable. Each term the setting named in section I (reg 12(1)(i)) says, for every line of
section F and for sections G, H1 and H2 when they hold real provision, whether it was *delivered*, *partly
delivered* or *not delivered*, with a reason for anything short of delivered. A gap is put in front of the
child's caseworker (an audit event in the child's chronology, and the officer's gaps list) and is shown to
the family; the review looks at the history (reg 20(7): whether the provision is being made).

Terms follow a plain date rule (the Easter holiday moves, so the split is fixed, not Easter-based):

* autumn: 1 September to 31 December of the year the academic year starts;
* spring: 1 January to 31 March;
* summer: 1 April to 31 July (August is the summer holiday and belongs to no term).

A term has *ended* on the day after its last day; "last term" is the most recent term that has ended.

Which plan and version a term is about:

* the version *in force at the end of a term* is the highest-numbered final version issued on or before the
  term's last day (an amendment issued after the term does not change what was owed in it);
* a plan is *due confirmation* for a term when it was first issued on or before the term's first day (it was
  in force for the whole term) and it had not ended (``PlanEnding.ends_on``) on or before the term's last day.

Confirmations are append-only: a later confirmation for the same plan, line and term supersedes the earlier
one (the latest by ``confirmed_on``, then by id), and both rows are kept.

Services take care of the push (``delivery_confirm``), selectors of the pull (everything else here).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from wayfinder.audit.models import Verb
from wayfinder.audit.services import PendingEvent, audit_record_many
from wayfinder.core.checks import long_date as _fmt
from wayfinder.core.dates import today
from wayfinder.ehc.models import Plan, PlanStatus, PlanVersion
from wayfinder.people.models import Enrolment, Locality, Setting

from .models import Delivery, DeliveryConfirmation, PlanEnding, Term, term_label
from .policies import DeliveryPolicy

TERM_ORDER: tuple[str, ...] = (Term.AUTUMN, Term.SPRING, Term.SUMMER)
GAP_STATUSES = frozenset({Delivery.PARTLY, Delivery.NOT_DELIVERED})
REASON_MAX = 2000
ID_CHUNK = 5000

#: Section G or H text that says there is no provision ("No health provision required…", "None", "N/A").
_NO_PROVISION = re.compile(r"^\W*(no|none|nil|nothing|n/?a|not applicable|not required)\b", re.IGNORECASE)

#: GOV.UK tag colours for each state of a line, and the words shown for an unconfirmed one.
STATUS_TAGS = {Delivery.DELIVERED: "govuk-tag--green", Delivery.PARTLY: "govuk-tag--yellow",
               Delivery.NOT_DELIVERED: "govuk-tag--red", "": "govuk-tag--grey"}
UNCONFIRMED_LABEL = "Not confirmed yet"

MEASURE_DEFINITION = (
    "Share of plan provision confirmed delivered in a term. Denominator: every line of provision due "
    "confirmation that term, that is each section F line, and each of sections G, H1 and H2 that holds real "
    "provision, in the version in force at the end of the term of every plan that was first issued on or "
    "before the term's first day and had not ended by its last day. Numerator: the lines whose latest "
    "confirmation by the setting for that term is 'delivered'. 'Partly delivered' and 'not delivered' lines, "
    "and lines nobody has confirmed, stay in the denominator and are not counted as delivered (they are shown "
    "in their own columns). By setting: the setting named in section I of that version. By locality: the "
    "child's locality."
)


# --------------------------------------------------------------------------------------------- terms


@dataclass(frozen=True)
class TermRef:
    """One term of one academic year (``academic_year`` is the year it starts, e.g. 2025 for 2025/26)."""

    academic_year: int
    term: str

    def __post_init__(self) -> None:
        if self.term not in TERM_ORDER:
            raise ValueError(f"Not a term: {self.term!r}")

    @property
    def index(self) -> int:
        return TERM_ORDER.index(self.term)

    @property
    def key(self) -> tuple[int, int]:
        return (self.academic_year, self.index)

    def __lt__(self, other: TermRef) -> bool:
        return self.key < other.key

    @property
    def start(self) -> date:
        y = self.academic_year
        return {Term.AUTUMN: date(y, 9, 1), Term.SPRING: date(y + 1, 1, 1), Term.SUMMER: date(y + 1, 4, 1)}[self.term]

    @property
    def end(self) -> date:
        y = self.academic_year
        return {Term.AUTUMN: date(y, 12, 31), Term.SPRING: date(y + 1, 3, 31),
                Term.SUMMER: date(y + 1, 7, 31)}[self.term]

    @property
    def label(self) -> str:
        return term_label(self.academic_year, self.term)

    @property
    def slug(self) -> str:
        return f"{self.academic_year}-{self.term}"

    @classmethod
    def from_slug(cls, slug: str) -> TermRef:
        """``"2025-autumn"`` -> the autumn term of 2025/26; ``ValueError`` for anything else."""
        year, _, term = (slug or "").partition("-")
        if not year.isdigit() or len(year) != 4:
            raise ValueError(f"Not a term: {slug!r}")
        return cls(int(year), term)

    def previous(self) -> TermRef:
        if self.index == 0:
            return TermRef(self.academic_year - 1, Term.SUMMER)
        return TermRef(self.academic_year, TERM_ORDER[self.index - 1])

    def next(self) -> TermRef:
        if self.index == 2:
            return TermRef(self.academic_year + 1, Term.AUTUMN)
        return TermRef(self.academic_year, TERM_ORDER[self.index + 1])

    def has_ended(self, on: date | None = None) -> bool:
        return self.end < (on or today())

    def __str__(self) -> str:
        return self.label


def academic_year_of(on: date) -> int:
    """The year the academic year containing ``on`` starts (it starts on 1 September)."""
    return on.year if on.month >= 9 else on.year - 1


def last_ended_term(on: date | None = None) -> TermRef:
    """The most recent term whose last day is before ``on`` (default today): "last term"."""
    on = on or today()
    term = TermRef(academic_year_of(on), Term.SUMMER)
    while not term.has_ended(on):
        term = term.previous()
    return term


def recent_terms(on: date | None = None, count: int = 3) -> list[TermRef]:
    """The last ``count`` ended terms, newest first (for choosing a term on a page)."""
    terms = [last_ended_term(on)]
    while len(terms) < count:
        terms.append(terms[-1].previous())
    return terms


# --------------------------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class Line:
    """One confirmable line of a plan: ``ref`` is ``F1``… or ``G``, ``H1``, ``H2``."""

    ref: str
    section: str
    title: str
    detail: str


def is_real_provision(text: str) -> bool:
    """Whether section G, H1 or H2 text describes provision to deliver.

    The rule: the text is not empty and does not open with a word saying there is none ("No health
    provision required…", "No social care provision identified…", "None", "Nil", "N/A", "Not applicable",
    "Not required", "Nothing"). Anything else ("Physiotherapy programme delivered by school staff…") is a
    line the setting confirms.
    """
    text = (text or "").strip()
    return bool(text) and not _NO_PROVISION.match(text)


_OTHER_SECTIONS = (("g", "G", "Health provision (section G)"),
                   ("h1", "H1", "Social care provision (section H1)"),
                   ("h2", "H2", "Other social care provision (section H2)"))


def _text_of(value) -> str:
    return str(value or "").strip()


def content_lines(content: Mapping) -> list[Line]:
    """The confirmable lines of a plan version's content, in plan order: every section F line (numbered
    ``F1``… by position, as ``ehc.content.normalised`` numbers them), then G, H1 and H2 where
    :func:`is_real_provision` says they hold provision. Reads only those sections, so it is cheap enough to
    run over every plan in the county."""
    content = content or {}
    lines = []
    for i, p in enumerate(content.get("provision") or [], start=1):
        detail = "; ".join(x for x in (_text_of(p.get(k)) for k in ("who", "frequency", "duration", "group_size"))
                           if x)
        lines.append(Line(ref=f"F{i}", section="F", title=_text_of(p.get("what")) or "Special educational provision",
                          detail=detail))
    for key, ref, title in _OTHER_SECTIONS:
        text = _text_of(content.get(key))
        if is_real_provision(text):
            lines.append(Line(ref=ref, section=ref[0], title=title, detail=text))
    return lines


def version_in_force(plan: Plan, on: date | None = None) -> PlanVersion | None:
    """The issued version in force: the highest-numbered final version (issued on or before ``on`` if given)."""
    versions = plan.versions.filter(status=PlanStatus.FINAL, archived_on__isnull=True)
    if on is not None:
        versions = versions.filter(issued_on__lte=on)
    return versions.order_by("-number").first()


def first_issued_on(plan: Plan) -> date | None:
    version = (plan.versions.filter(status=PlanStatus.FINAL, archived_on__isnull=True, issued_on__isnull=False)
               .order_by("issued_on").first())
    return version.issued_on if version else None


def plan_ended_on(plan: Plan) -> date | None:
    """The day the plan ended (``PlanEnding.ends_on``), or ``None`` while it is maintained."""
    ending = PlanEnding.objects.filter(plan=plan, ends_on__isnull=False).first()
    return ending.ends_on if ending else None


def named_setting_id(version: PlanVersion | None) -> int | None:
    """The setting named in section I of a version (``content["placement"]["setting_id"]``)."""
    if version is None:
        return None
    value = ((version.content or {}).get("placement") or {}).get("setting_id")
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def lines_to_confirm(plan: Plan, term: TermRef | None = None) -> tuple[PlanVersion | None, list[Line]]:
    """The version and the lines the named setting confirms for ``term`` (default last term): the version in
    force at the end of the term and its :func:`content_lines`."""
    term = term or last_ended_term()
    version = version_in_force(plan, on=term.end)
    return version, content_lines(version.content) if version else []


def _latest(rows: Iterable[DeliveryConfirmation]) -> dict[str, DeliveryConfirmation]:
    """The confirmation in force for each ref: the latest by ``confirmed_on``, then by id."""
    out: dict[str, DeliveryConfirmation] = {}
    for row in sorted(rows, key=lambda r: (r.confirmed_on, r.pk)):
        out[row.ref] = row
    return out


def current_confirmations(plan: Plan, term: TermRef) -> dict[str, DeliveryConfirmation]:
    """Ref -> the confirmation in force for ``term`` (later confirmations supersede earlier ones)."""
    rows = DeliveryConfirmation.objects.filter(plan=plan, academic_year=term.academic_year, term=term.term,
                                               archived_on__isnull=True).select_related("setting")
    return _latest(rows)


# --------------------------------------------------------------------------------------------- service


def _require(actor, action: str, obj=None) -> None:
    if not DeliveryPolicy.can(actor, action, obj):
        raise PermissionDenied(f"You do not have permission to {action.replace('_', ' ')} here.")


def _caseworker(plan: Plan):
    return plan.child.caseworker or plan.assessment.caseworker


@transaction.atomic
def delivery_confirm(*, actor, plan: Plan, academic_year: int, term: str,
                     lines: Mapping[str, tuple[str, str]]) -> list[DeliveryConfirmation]:
    """Confirm, for one ended term, whether lines of the plan's provision were delivered; all or nothing.

    ``lines`` maps a ref (``F1``…, ``G``, ``H1``, ``H2``) to ``(status, reason)`` with status a
    :class:`Delivery` value; a reason is required for partly delivered and not delivered. A subset of the
    lines may be confirmed (a correction of one line); a later confirmation supersedes an earlier one.

    The confirming setting is the actor's own, and it must be the setting named in section I of the version
    in force at the end of the term, with the child on its roll during the term. Refused, saving nothing:
    a ref that is not provision in that version, a status not given, a gap with no reason, a term that has
    not ended, a plan not issued by the end of the term, and a plan that has ended. Every error is collected
    and raised together as ``ValidationError`` (field -> message: ``term``, ``plan``, ``setting``,
    ``lines``, ``status_<ref>``, ``reason_<ref>``).

    Writes one row per line and a ``created`` audit event for each; each gap also writes an ``escalated``
    audit event in the child's chronology naming the caseworker alerted (CAFA 2014 s42: the authority must
    secure the provision, so a gap is its business at once). Returns the new rows.
    """
    _require(actor, "confirm")
    setting: Setting | None = actor.setting
    if setting is None:
        raise PermissionDenied("Your account is not linked to a school, college or setting.")
    if term not in Term.values:
        raise ValidationError({"term": "Select the term you are confirming"})
    try:
        academic_year = int(academic_year)
    except (TypeError, ValueError):
        raise ValidationError({"term": "Select the term you are confirming"}) from None
    if not 2000 <= academic_year <= 2100:
        raise ValidationError({"term": "Select the term you are confirming"})
    when = TermRef(academic_year, term)
    now = today()
    if when.start > now:
        raise ValidationError({"term": f"The {when.label} is in the future: confirm provision once the term "
                                       f"has ended"})
    if not when.has_ended(now):
        raise ValidationError({"term": f"The {when.label} has not ended yet: confirm provision after "
                                       f"{_fmt(when.end)}"})
    ended = plan_ended_on(plan)
    if ended is not None and ended <= now:
        raise ValidationError({"plan": f"This plan ended on {_fmt(ended)}: provision can no longer be "
                                       f"confirmed for it"})
    version = version_in_force(plan, on=when.end)
    if version is None:
        first = first_issued_on(plan)
        raise ValidationError({"term": "This plan has not been issued, so there is no provision to confirm"
                               if first is None else f"This plan was first issued on {_fmt(first)}, after the "
                                                     f"{when.label} ended: there is no provision to confirm "
                                                     f"for that term"})
    if named_setting_id(version) != setting.pk:
        raise ValidationError({"setting": f"{setting} is not the setting named in section I of this plan, so "
                                          f"it cannot confirm the plan's provision"})
    on_roll = Enrolment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=when.start), child_id=plan.child_id, setting=setting,
        start_date__lte=when.end, archived_on__isnull=True).exists()
    if not on_roll:
        raise ValidationError({"setting": f"{plan.child.display_name} was not on the roll of {setting} in the "
                                          f"{when.label}, so {setting} cannot confirm the provision"})

    known = {line.ref: line for line in content_lines(version.content)}
    errors: dict[str, str] = {}
    if not lines:
        errors["lines"] = "Confirm at least one line of provision"
    unknown = [ref for ref in lines if ref not in known]
    if unknown:
        errors["lines"] = (f"{', '.join(str(r) for r in unknown)} {'is' if len(unknown) == 1 else 'are'} not "
                           f"provision in this plan (version {version.number}): confirm only the lines in "
                           f"sections F, G and H of the plan")
    cleaned: list[tuple[Line, str, str]] = []
    for ref, value in lines.items():
        if ref not in known:
            continue
        status, reason = (tuple(value) + ("", ""))[:2] if isinstance(value, (tuple, list)) else (value, "")
        status, reason = (status or "").strip(), (reason or "").strip()
        if status not in Delivery.values:
            errors[f"status_{ref}"] = f"Select whether {ref} was delivered, partly delivered or not delivered"
            continue
        if status in GAP_STATUSES and not reason:
            errors[f"reason_{ref}"] = (f"Enter why {ref} was {Delivery(status).label.lower()}, for example a "
                                       f"staff vacancy or absence")
            continue
        if len(reason) > REASON_MAX:
            errors[f"reason_{ref}"] = f"The reason for {ref} must be {REASON_MAX} characters or fewer"
            continue
        cleaned.append((known[ref], status, reason))
    if errors:
        raise ValidationError(errors)

    rows = []
    for line, status, reason in cleaned:
        row = DeliveryConfirmation(plan=plan, version=version, ref=line.ref, academic_year=academic_year,
                                   term=term, status=status, reason=reason, setting=setting, confirmed_on=now,
                                   created_by=actor, modified_by=actor)
        row.full_clean()
        row.save()
        rows.append(row)

    caseworker = _caseworker(plan)
    alerted = (caseworker.get_full_name() or caseworker.username) if caseworker else "the SEN team"
    events = []
    for row, (line, _, _) in zip(rows, cleaned, strict=True):
        events.append(PendingEvent(
            actor=actor, verb=Verb.CREATED, target_type=row._meta.label_lower, target_id=str(row.pk),
            target_label=str(row), child_id=plan.child_id,
            summary=f"{setting} confirmed {line.ref} ({line.title}) {row.get_status_display().lower()} in the "
                    f"{when.label}" + (f": {row.reason}" if row.reason else ""),
            payload={"ref": row.ref, "status": row.status, "academic_year": academic_year, "term": term,
                     "version": version.number, "setting": setting.pk}))
        if row.status in GAP_STATUSES:
            events.append(PendingEvent(
                actor=actor, verb=Verb.ESCALATED, target_type=row._meta.label_lower, target_id=str(row.pk),
                target_label=str(row), child_id=plan.child_id,
                summary=f"Provision gap: {line.ref} ({line.title}) {row.get_status_display().lower()} in the "
                        f"{when.label} ({row.reason}). {alerted} alerted.",
                payload={"ref": row.ref, "status": row.status, "academic_year": academic_year, "term": term,
                         "caseworker": caseworker.pk if caseworker else None}))
    audit_record_many(events)
    return rows


# --------------------------------------------------------------------------------------------- in force


@dataclass
class InForce:
    """A plan due confirmation for a term, with the version in force at the term's end."""

    plan_id: int
    child_id: int
    locality_id: int | None
    version_id: int
    version_number: int
    setting_id: int | None
    lines: list[Line]


def plans_in_force(term: TermRef, plans: QuerySet[Plan] | None = None) -> dict[int, InForce]:
    """Plan id -> :class:`InForce` for every plan due confirmation for ``term`` (see the module docstring):
    first issued on or before the term's first day, not ended by its last day. Three queries whatever the
    number of plans; ``plans`` narrows the search (a setting's pupils)."""
    versions = PlanVersion.objects.filter(status=PlanStatus.FINAL, archived_on__isnull=True,
                                          issued_on__isnull=False, issued_on__lte=term.end,
                                          plan__archived_on__isnull=True)
    if plans is not None:
        versions = versions.filter(plan__in=plans)
    first: dict[int, date] = {}
    latest: dict[int, tuple[int, int, int, int | None]] = {}
    for pk, plan_id, number, issued_on, child_id, locality_id in versions.values_list(
            "pk", "plan_id", "number", "issued_on", "plan__child_id", "plan__child__locality_id"):
        if plan_id not in first or issued_on < first[plan_id]:
            first[plan_id] = issued_on
        if plan_id not in latest or number > latest[plan_id][1]:
            latest[plan_id] = (pk, number, child_id, locality_id)
    ended = set(PlanEnding.objects.filter(ends_on__isnull=False, ends_on__lte=term.end)
                .values_list("plan_id", flat=True))
    due = {plan_id: latest[plan_id] for plan_id, issued in first.items()
           if issued <= term.start and plan_id not in ended}
    ids = [v[0] for v in due.values()]
    contents: dict[int, dict] = {}
    for i in range(0, len(ids), ID_CHUNK):  # chunks: SQLite limits the parameters of one statement
        contents.update(PlanVersion.objects.filter(pk__in=ids[i:i + ID_CHUNK]).values_list("pk", "content"))
    out = {}
    for plan_id, (pk, number, child_id, locality_id) in due.items():
        content = contents.get(pk) or {}
        setting = ((content.get("placement") or {}).get("setting_id"))
        out[plan_id] = InForce(plan_id=plan_id, child_id=child_id, locality_id=locality_id, version_id=pk,
                               version_number=number, setting_id=int(setting) if setting else None,
                               lines=content_lines(content))
    return out


def _latest_for_term(term: TermRef, plan_ids: Iterable[int] | None = None) -> dict[tuple[int, str], dict]:
    """(plan id, ref) -> the fields of the confirmation in force for ``term``."""
    rows = DeliveryConfirmation.objects.filter(academic_year=term.academic_year, term=term.term,
                                               archived_on__isnull=True)
    wanted = set(plan_ids) if plan_ids is not None else None
    if wanted is not None and len(wanted) <= 500:
        rows = rows.filter(plan_id__in=wanted)
    out: dict[tuple[int, str], dict] = {}
    for row in rows.order_by("confirmed_on", "pk").values("pk", "plan_id", "ref", "status", "reason",
                                                          "confirmed_on", "setting_id"):
        if wanted is None or row["plan_id"] in wanted:
            out[(row["plan_id"], row["ref"])] = row
    return out


def _statuses_for_term(term: TermRef) -> dict[tuple[int, str], str]:
    """(plan id, ref) -> the status in force for ``term``, for every plan (the lean read the measure needs)."""
    rows = DeliveryConfirmation.objects.filter(academic_year=term.academic_year, term=term.term,
                                               archived_on__isnull=True).order_by("confirmed_on", "pk")
    return {(plan_id, ref): status for plan_id, ref, status in rows.values_list("plan_id", "ref", "status")}


# --------------------------------------------------------------------------------------------- the setting


@dataclass
class DueRow:
    """One plan a setting confirms for a term, and how far it has got."""

    plan: Plan
    version_number: int
    lines: int
    confirmed: int
    gaps: int

    @property
    def state(self) -> str:
        if self.confirmed == 0:
            return "Not started"
        return "Confirmed" if self.confirmed >= self.lines else "In progress"

    @property
    def done(self) -> bool:
        return self.lines > 0 and self.confirmed >= self.lines


def plans_due_confirmation(*, user, term: TermRef | None = None) -> list[DueRow]:
    """The plans the user's setting confirms for ``term`` (default last term): due that term (module
    docstring), naming the setting in section I of the version in force at its end, for pupils on its roll.
    Unfinished first, then by child's name."""
    term = term or last_ended_term()
    if not DeliveryPolicy.can(user, "confirm") or not user.setting_id:
        return []
    due = {pid: f for pid, f in plans_in_force(term, DeliveryPolicy.plans_visible_to(user)).items()
           if f.setting_id == user.setting_id}
    confirmed = _latest_for_term(term, due)
    plans = {p.pk: p for p in Plan.objects.filter(pk__in=due).select_related("child")}
    rows = []
    for pid, f in due.items():
        refs = {line.ref for line in f.lines}
        current = [confirmed[(pid, ref)] for ref in refs if (pid, ref) in confirmed]
        rows.append(DueRow(plan=plans[pid], version_number=f.version_number, lines=len(refs),
                           confirmed=len(current), gaps=sum(1 for c in current if c["status"] in GAP_STATUSES)))
    return sorted(rows, key=lambda r: (r.done, r.plan.child.legal_surname, r.plan.child.legal_forename, r.plan.pk))


# --------------------------------------------------------------------------------------------- the officer


@dataclass
class GapRow:
    confirmation: DeliveryConfirmation
    line_title: str

    @property
    def plan(self) -> Plan:
        return self.confirmation.plan

    @property
    def term(self) -> TermRef:
        return TermRef(self.confirmation.academic_year, self.confirmation.term)


def officer_gaps(*, user, mine: bool = True, term: TermRef | None = None) -> list[GapRow]:
    """Lines partly or not delivered in ``term`` (default last term), by the confirmation in force (a gap
    later confirmed as delivered is gone), in the plans of the officer's caseload (``mine``: children whose
    caseworker is the user, or whose assessment's caseworker is when the child has none) or in every plan
    the user may see. Oldest confirmation first."""
    term = term or last_ended_term()
    if not DeliveryPolicy.can(user, "view_gaps"):
        return []
    rows = DeliveryPolicy.visible_to(user).filter(academic_year=term.academic_year, term=term.term)
    if mine:
        rows = rows.filter(Q(plan__child__caseworker=user)
                           | Q(plan__child__caseworker__isnull=True, plan__assessment__caseworker=user))
    rows = rows.select_related("plan__child", "setting", "version")
    by_plan: dict[int, list[DeliveryConfirmation]] = defaultdict(list)
    for row in rows:
        by_plan[row.plan_id].append(row)
    gaps = []
    for plan_rows in by_plan.values():
        for row in _latest(plan_rows).values():
            if row.status in GAP_STATUSES:
                titles = {line.ref: line.title for line in content_lines(row.version.content)}
                gaps.append(GapRow(confirmation=row, line_title=titles.get(row.ref, "")))
    return sorted(gaps, key=lambda g: (g.confirmation.confirmed_on, g.plan.child.legal_surname,
                                       g.confirmation.ref, g.confirmation.pk))


# --------------------------------------------------------------------------------------------- history


def plan_delivery_history(plan: Plan, *, as_of: date | None = None, limit: int | None = None) -> dict:
    """A plan's delivery, term by term, newest first: the context ``delivery_history`` of the panel
    ``reviews/parts/_delivery_history.html``.

    Shape::

        {"plan": Plan,
         "terms": [                                   # newest first; ended terms only
             {"term": TermRef, "label": "Autumn term 2025", "due": bool,   # due: in force the whole term
              "version_number": 2,                     # the version in force at the end of the term
              "lines": [{"ref": "F1", "section": "F", "title": "...", "detail": "...",
                         "status": "delivered" | "partly" | "not_delivered" | "",   # "" = not confirmed
                         "status_label": "Delivered" | ... | "Not confirmed yet",
                         "tag": "govuk-tag--green" | ...,  "reason": "...",
                         "confirmed_on": date | None, "setting": "Name" | "",
                         "in_plan": bool,              # False: confirmed, but no longer a line of the version
                         "earlier": [{"status", "status_label", "reason", "confirmed_on"}]}],  # superseded
              "counts": {"delivered": n, "partly": n, "not_delivered": n, "unconfirmed": n}}],
         "latest": the first term's dict or None,
         "gaps": n,                                   # partly + not delivered, current confirmations, all terms
         "last_term": TermRef}                        # the last ended term as of ``as_of``

    A term is listed from the one in which the plan was first issued to the last ended term (or the term
    the plan ended in), when the plan was due that term or something was confirmed for it. ``limit`` keeps
    the newest ``limit`` terms.
    """
    on = as_of or today()
    last = last_ended_term(on)
    versions = list(plan.versions.filter(status=PlanStatus.FINAL, archived_on__isnull=True,
                                         issued_on__isnull=False).order_by("number"))
    confirmations: dict[tuple[int, str], list[DeliveryConfirmation]] = defaultdict(list)
    for row in (DeliveryConfirmation.objects.filter(plan=plan, archived_on__isnull=True)
                .select_related("setting", "version").order_by("confirmed_on", "pk")):
        confirmations[(row.academic_year, row.term)].append(row)
    out = {"plan": plan, "terms": [], "latest": None, "gaps": 0, "last_term": last}
    if not versions and not confirmations:
        return out
    first = min((v.issued_on for v in versions), default=None)
    ended = plan_ended_on(plan)
    terms: set[TermRef] = {TermRef(y, t) for y, t in confirmations}
    if first is not None:
        term = TermRef(academic_year_of(first), Term.AUTUMN)
        while term.end < first:
            term = term.next()
        while term.key <= last.key and (ended is None or term.start <= ended):
            if term.start >= first and (ended is None or ended > term.end):
                terms.add(term)
            term = term.next()
    for term in sorted(terms, key=lambda t: t.key, reverse=True):
        if limit is not None and len(out["terms"]) >= limit:
            break
        in_force = [v for v in versions if v.issued_on <= term.end]
        version = in_force[-1] if in_force else None
        lines = content_lines(version.content) if version else []
        rows = confirmations.get((term.academic_year, term.term), [])
        by_ref: dict[str, list[DeliveryConfirmation]] = defaultdict(list)
        for row in rows:
            by_ref[row.ref].append(row)
        shown = []
        extra = [Line(ref=ref, section=ref[0], title="(no longer a line of the plan)", detail="")
                 for ref in by_ref if ref not in {line.ref for line in lines}]
        counts = {"delivered": 0, "partly": 0, "not_delivered": 0, "unconfirmed": 0}
        for line in [*lines, *extra]:
            history = by_ref.get(line.ref, [])
            current = history[-1] if history else None
            status = current.status if current else ""
            counts[status or "unconfirmed"] += 1
            shown.append({
                "ref": line.ref, "section": line.section, "title": line.title, "detail": line.detail,
                "status": status, "status_label": current.get_status_display() if current else UNCONFIRMED_LABEL,
                "tag": STATUS_TAGS[status], "reason": current.reason if current else "",
                "confirmed_on": current.confirmed_on if current else None,
                "setting": current.setting.name if current else "", "in_plan": line not in extra,
                "earlier": [{"status": r.status, "status_label": r.get_status_display(), "reason": r.reason,
                             "confirmed_on": r.confirmed_on} for r in reversed(history[:-1])],
            })
        out["gaps"] += counts["partly"] + counts["not_delivered"]
        out["terms"].append({"term": term, "label": term.label, "lines": shown, "counts": counts,
                             "version_number": version.number if version else None,
                             "due": first is not None and first <= term.start
                             and (ended is None or ended > term.end)})
    out["latest"] = out["terms"][0] if out["terms"] else None
    return out


# --------------------------------------------------------------------------------------------- the measure


@dataclass
class ShareRow:
    """One row of the measure: lines due, and how their latest confirmations stand."""

    key: int | None
    label: str
    due: int = 0
    delivered: int = 0
    partly: int = 0
    not_delivered: int = 0
    unconfirmed: int = 0
    plans: set = field(default_factory=set)

    @property
    def share(self) -> float | None:
        """Delivered / due, or ``None`` when nothing was due."""
        return self.delivered / self.due if self.due else None

    @property
    def percent(self) -> str:
        return "–" if self.share is None else f"{self.share * 100:.1f}%"

    @property
    def plan_count(self) -> int:
        return len(self.plans)


@dataclass
class ShareTable:
    term: TermRef
    by: str
    rows: list[ShareRow]
    total: ShareRow
    definition: str = MEASURE_DEFINITION


def share_confirmed_delivered(term: TermRef | tuple[int, str], *, by: str = "setting") -> ShareTable:
    """The measure "share of plan provision confirmed delivered" for one term, ``by`` ``"setting"`` or
    ``"locality"``.

    Definition (also shown on the page, :data:`MEASURE_DEFINITION`):

    * **denominator**: the lines due confirmation that term: each section F line, and each of sections G,
      H1 and H2 that holds real provision (:func:`is_real_provision`), of the version in force at the end of
      the term, of every plan first issued on or before the term's first day and not ended by its last day;
    * **numerator**: those lines whose latest confirmation for the term (later supersedes earlier) is
      *delivered*;
    * *partly delivered* counts as not delivered: it is in the denominator, not the numerator; so is a line
      nobody has confirmed. Both are reported in their own columns (``partly``, ``not_delivered``,
      ``unconfirmed``), and ``due == delivered + partly + not_delivered + unconfirmed`` for every row.

    Rows are grouped by the setting named in section I of that version ("No setting named" when none), or
    by the child's locality ("No locality recorded"); they are sorted by label, and ``total`` is the whole
    authority. Aggregate only: no child is identified.
    """
    if by not in MEASURE_GROUPS:
        raise ValueError("by must be 'setting' or 'locality'")
    return delivery_measure(term, groups=(by,))[by]


MEASURE_GROUPS = ("setting", "locality")


def delivery_measure(term: TermRef | tuple[int, str], *, groups: Iterable[str] = MEASURE_GROUPS,
                     ) -> dict[str, ShareTable]:
    """:func:`share_confirmed_delivered` for several groupings at once ("setting", "locality"), reading the
    plans and confirmations once (the measure page shows both tables)."""
    if not isinstance(term, TermRef):
        term = TermRef(*term)
    groups = tuple(groups)
    due = plans_in_force(term)
    confirmed = _statuses_for_term(term)
    out = {}
    for by in groups:
        rows: dict[int | None, ShareRow] = {}
        total = ShareRow(key=None, label="All plans")
        for plan_id, f in due.items():
            key = f.setting_id if by == "setting" else f.locality_id
            row = rows.setdefault(key, ShareRow(key=key, label=""))
            for line in f.lines:
                status = confirmed.get((plan_id, line.ref), "unconfirmed")
                for target in (row, total):
                    target.due += 1
                    setattr(target, status, getattr(target, status) + 1)
                    target.plans.add(plan_id)
        model = Setting if by == "setting" else Locality
        names = dict(model.objects.filter(pk__in=[k for k in rows if k is not None]).values_list("pk", "name"))
        missing = "No setting named" if by == "setting" else "No locality recorded"
        for key, row in rows.items():
            row.label = names.get(key, missing if key is None else f"Unknown {by} ({key})")
        out[by] = ShareTable(term=term, by=by, total=total,
                             rows=sorted(rows.values(), key=lambda r: (r.key is None, r.label.lower())))
    return out
