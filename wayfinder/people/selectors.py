"""Reading children and their records (selectors pull; services push).

Every selector starts from ``ChildPolicy.visible_to(user)`` so a list never shows a child the record
page would refuse, and the record page reads everything it shows in a fixed number of queries
whatever the size of the family, the school history or the team around the child.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from wayfinder.audit.models import AuditEvent, Kind
from wayfinder.audit.policies import ChronologyPolicy
from wayfinder.core.dates import today

from .codes import SENStatus
from .models import Child, ChildCarer, Enrolment, Involvement, LocalAuthority, Locality, PossibleDuplicate, search_key
from .policies import ChildPolicy

#: Search keys hold only these characters (``search_key``), in this order under the "C" collation and
#: under the linguistic collations PostgreSQL databases are usually created with.
_KEY_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"

_UPN_SHAPE = re.compile(r"[A-Z][0-9]{11}[0-9A-Z]")
_DATE_DMY = re.compile(r"(\d{1,2})[\s/.-]+(\d{1,2})[\s/.-]+(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TOKEN_SPLIT = re.compile(r"[\s,]+")

SEND_STATUSES = (SENStatus.SEN_SUPPORT, SENStatus.EHC_PLAN)


# ----------------------------------------------------------------------------------------------- search


def _prefix_successor(prefix: str) -> str | None:
    """The smallest key after every key that starts with ``prefix`` ("hal" -> "ham", "haz" -> "hb"), or
    None when there is none ("zz")."""
    chars = list(prefix)
    while chars:
        position = _KEY_ALPHABET.find(chars.pop())
        if 0 <= position < len(_KEY_ALPHABET) - 1:
            return "".join(chars) + _KEY_ALPHABET[position + 1]
    return None


def _prefix(field_name: str, prefix: str) -> Q:
    """Keys starting with ``prefix``, as a range (``key >= "hal" AND key < "ham"``) that a B-tree index
    answers on SQLite and PostgreSQL alike. Not ``LIKE 'hal%'``/``startswith``: PostgreSQL cannot use a
    plain index for that under a linguistic collation. Not ``< prefix + "{"`` either: "{" sorts after
    "z" only under the "C" collation; under en_GB.UTF-8 it sorts before the letters."""
    condition = Q(**{f"{field_name}__gte": prefix})
    if (successor := _prefix_successor(prefix)) is not None:
        condition &= Q(**{f"{field_name}__lt": successor})
    return condition


def parse_date_query(query: str) -> date | None:
    """``17/5/2016``, ``17 5 2016``, ``17-05-2016`` or ``2016-05-17`` as a date; None if not date-shaped.
    A date-shaped query that is not a real date (31/2/2016) raises ``ValueError``."""
    text = query.strip()
    if match := _DATE_ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
        return date(year, month, day)
    if match := _DATE_DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    return None


def _upn_query(query: str) -> str | None:
    compact = "".join(query.split()).upper()
    return compact if _UPN_SHAPE.fullmatch(compact) else None


NAME_ORDER = ("surname_key", "forename_key", "id")


def _name_conditions(query: str) -> list[Q]:
    """One condition per way the query can match a name: a single word starts the last or the first
    name; two or more words start the first and last names, in either order."""
    tokens = [key for key in (search_key(part) for part in _TOKEN_SPLIT.split(query)) if key]
    if not tokens:
        return []
    if len(tokens) == 1:
        return [_prefix("surname_key", tokens[0]), _prefix("forename_key", tokens[0])]
    first, last = tokens[0], tokens[-1]
    return [
        _prefix("forename_key", first) & _prefix("surname_key", last),
        _prefix("surname_key", first) & _prefix("forename_key", last),
    ]


def _search_conditions(query: str) -> list[Q]:
    """What a search box query means: a UPN, a date of birth or a name. No conditions match nothing."""
    if upn := _upn_query(query):
        return [Q(upn=upn)]
    try:
        born = parse_date_query(query)
    except ValueError:
        return []
    if born is not None:
        return [Q(date_of_birth=born)]
    return _name_conditions(query)


def _search_querysets(*, user, query: str, include_archived: bool = False) -> list[QuerySet[Child]]:
    """One queryset per condition, each in name order. Each is read from its own index and cut at
    the limit, rather than one OR query that must gather and sort every match before it can return
    the first 50: so a search costs the same in a county of 8,000 children as in one of 80,000."""
    visible = ChildPolicy.visible_to(user)
    if not include_archived:
        visible = visible.filter(archived_on__isnull=True)
    return [
        visible.filter(condition).select_related("locality").order_by(*NAME_ORDER)
        for condition in _search_conditions(query or "")
    ]


def child_search(*, user, query: str, limit: int = 50, include_archived: bool = False) -> list[Child]:
    """Children the user may see that match a name (prefix of first and/or last name, in either
    order), a UPN or a date of birth, in name order: the first ``limit`` of each way of matching,
    merged, which are exactly the first ``limit`` of all the matches."""
    found: dict[int, Child] = {}
    for queryset in _search_querysets(user=user, query=query, include_archived=include_archived):
        for child in queryset[:limit]:
            found.setdefault(child.pk, child)
    return sorted(found.values(), key=lambda child: (child.surname_key, child.forename_key, child.pk))[:limit]


def setting_pupils(*, user, query: str = "", limit: int = 200) -> list[Child]:
    """For a setting user: pupils on their roll with SEN support or an EHC plan; or, when searching,
    any pupil on their roll who matches (a SENCO may look up a pupil not yet on the SEN register)."""
    if query.strip():
        return child_search(user=user, query=query, limit=limit)
    pupils = ChildPolicy.visible_to(user).filter(archived_on__isnull=True, sen_status__in=SEND_STATUSES)
    return list(pupils.select_related("locality").order_by(*NAME_ORDER)[:limit])


def family_children(*, user) -> list[Child]:
    """The children a parent holds parental responsibility for, or a young person's own record."""
    return list(ChildPolicy.visible_to(user).filter(archived_on__isnull=True).order_by("date_of_birth", "id"))


def caseload(*, user, limit: int = 25) -> tuple[list[Child], int]:
    """The user's own caseload (they are the named caseworker), first ``limit`` and the total."""
    children = ChildPolicy.visible_to(user).filter(caseworker_id=user.pk, archived_on__isnull=True)
    total = children.count()
    rows = list(children.select_related("locality").order_by("surname_key", "forename_key", "id")[:limit])
    return rows, total


# ----------------------------------------------------------------------------------------------- record


def _current(prefix: str = "") -> Q:
    return Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today()})


def _record_queryset(user) -> QuerySet[Child]:
    return ChildPolicy.visible_to(user).select_related(
        "locality", "home_local_authority", "caseworker", "caseworker__team"
    ).prefetch_related(
        Prefetch(
            "carer_links",
            queryset=ChildCarer.objects.filter(archived_on__isnull=True).select_related("carer", "carer__user"),
            to_attr="live_carer_links",
        ),
        Prefetch(
            "enrolments",
            queryset=Enrolment.objects.filter(archived_on__isnull=True).select_related(
                "setting", "resourced_provision"
            ).order_by("-start_date", "-id"),
            to_attr="live_enrolments",
        ),
        Prefetch(
            "involvements",
            queryset=Involvement.objects.filter(_current(), archived_on__isnull=True).select_related(
                "user", "team"
            ).order_by("-start_date", "-id"),
            to_attr="current_involvements",
        ),
    )


def child_record(*, user, pk) -> Child:
    """One child the user may see, with carers (``live_carer_links``), enrolments (``live_enrolments``,
    newest first) and current involvements (``current_involvements``) loaded: a constant number of
    queries whatever the data size. Missing and forbidden are the same 404, as ``ChildPolicy.get_or_404``
    gives, over the same ``visible_to`` queryset."""
    try:
        return _record_queryset(user).get(pk=pk)
    except (Child.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No child found") from exc


def child_merged_into(*, user, pk) -> Child | None:
    """If record ``pk`` was merged, the live record it now belongs to, when the user may see that
    record; otherwise None."""
    seen: set[int] = set()
    current = Child.objects.filter(pk=pk).values_list("merged_into_id", flat=True).first()
    while current and current not in seen:
        seen.add(current)
        parent = Child.objects.filter(pk=current).values_list("merged_into_id", flat=True).first()
        if parent is None:
            return ChildPolicy.visible_to(user).filter(pk=current).first()
        current = parent
    return None


def current_enrolments(child: Child) -> list[Enrolment]:
    """From a record loaded by ``child_record``: the settings the child is on the roll of today."""
    now = today()
    return [e for e in child.live_enrolments if e.end_date is None or e.end_date >= now]


def past_enrolments(child: Child) -> list[Enrolment]:
    now = today()
    return [e for e in child.live_enrolments if e.end_date is not None and e.end_date < now]


def duplicate_flags(*, user, child: Child | None = None, limit: int = 50) -> list[PossibleDuplicate]:
    """Unresolved possible-duplicate flags where the user may see both records (a flag never reveals
    a record the user could not open). For one child, flags on either side of the pair."""
    visible = ChildPolicy.visible_to(user)
    flags = PossibleDuplicate.objects.filter(
        resolved_on__isnull=True,
        child__in=visible.filter(archived_on__isnull=True),
        other__in=visible.filter(archived_on__isnull=True),
    )
    if child is not None:
        flags = flags.filter(Q(child_id=child.pk) | Q(other_id=child.pk))
    flags = flags.select_related("child", "other", "child__locality", "other__locality")
    return list(flags.order_by("-created_on", "-id")[:limit])


def duplicate_flag(*, user, pk) -> PossibleDuplicate:
    """One unresolved flag the user may see both sides of, or 404."""
    visible = ChildPolicy.visible_to(user)
    try:
        return PossibleDuplicate.objects.select_related("child", "other").get(
            pk=pk, resolved_on__isnull=True, child__in=visible, other__in=visible
        )
    except (PossibleDuplicate.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No possible duplicate found") from exc


# ------------------------------------------------------------------------------------------- chronology


def merged_record_ids(child: Child) -> list[int]:
    """The child's pk and every record merged into it, directly or through an earlier merge."""
    ids, frontier = [child.pk], [child.pk]
    while frontier:
        frontier = list(Child.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids.extend(frontier)
    return ids


def child_chronology(*, user, child: Child, limit: int = 200, include_access: bool = True) -> list[AuditEvent]:
    """The child's audit trail, newest first, including the events of records merged into it. 404
    unless the user may read this child's chronology (``ChronologyPolicy``)."""
    if not ChildPolicy.can(user, "view_chronology", child):
        raise Http404("No chronology found")
    ids = merged_record_ids(child)
    # The policy's own rows for this child, plus those of records merged into it: a merged record is
    # no longer "visible" on its own, but its history is this child's history.
    events = ChronologyPolicy.visible_to(user).filter(child_id=child.pk)
    if len(ids) > 1:
        events = events | AuditEvent.objects.filter(child_id__in=ids[1:])
    if not include_access:
        events = events.filter(kind=Kind.CHANGE)
    return list(events.select_related("actor").order_by("-seq")[:limit])


@dataclass
class ChangeLine:
    label: str
    before: str
    after: str


@dataclass
class ChronologyEntry:
    event: AuditEvent
    changes: list[ChangeLine] = field(default_factory=list)
    from_merged_record: bool = False


def _display_value(model_field, value: Any, names: dict[tuple[str, Any], str]) -> str:
    if value in (None, ""):
        return "(blank)"
    if model_field is None:
        return str(value)
    if model_field.is_relation:
        return names.get((model_field.name, str(value)), f"record {value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    internal = model_field.get_internal_type()
    if internal == "DateField":
        try:
            return f"{date.fromisoformat(str(value)):%-d %B %Y}"
        except ValueError:
            return str(value)
    return str(value)


def _field_for(attname: str):
    try:
        return Child._meta.get_field(attname.removesuffix("_id"))
    except FieldDoesNotExist:  # a field since removed is shown as it was stored
        return None


def _related_names(events: list[AuditEvent]) -> dict[tuple[str, Any], str]:
    """Names for the foreign keys mentioned in change payloads, read in one query per model."""
    from wayfinder.accounts.models import User

    wanted: dict[str, set[str]] = {"locality": set(), "home_local_authority": set(), "caseworker": set()}
    for event in events:
        for attname, change in (event.payload or {}).get("changes", {}).items():
            name = attname.removesuffix("_id")
            if name in wanted:
                wanted[name].update(str(v) for v in (change.get("from"), change.get("to")) if v not in (None, ""))
    names: dict[tuple[str, Any], str] = {}
    sources = {"locality": Locality, "home_local_authority": LocalAuthority, "caseworker": User}
    for name, ids in wanted.items():
        numeric = [int(i) for i in ids if i.isdigit()]
        if numeric:
            for obj in sources[name].objects.filter(pk__in=numeric):
                names[(name, str(obj.pk))] = str(obj)
    return names


def chronology_entries(*, child: Child, events: list[AuditEvent]) -> list[ChronologyEntry]:
    """Events as people read them: for a change, each field as "label: before → after"."""
    names = _related_names(events)
    entries = []
    for event in events:
        lines = []
        for attname, change in sorted((event.payload or {}).get("changes", {}).items()):
            model_field = _field_for(attname)
            label = str(model_field.verbose_name) if model_field is not None else attname
            lines.append(
                ChangeLine(
                    label=label[:1].upper() + label[1:],
                    before=_display_value(model_field, change.get("from"), names),
                    after=_display_value(model_field, change.get("to"), names),
                )
            )
        entries.append(
            ChronologyEntry(event=event, changes=lines, from_merged_record=event.child_id != child.pk)
        )
    return entries
