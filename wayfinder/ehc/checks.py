"""The plan quality checks (``wayfinder.ehc.quality``) run over a stored plan version.

Builds the checks' plain snapshot from a version's content and the assessment's advice requests, finds
text from other children's plans for the copied-paragraph check, and leaves out any check named in the
``WAYFINDER_PLAN_CHECKS_DISABLED`` setting.
"""

from __future__ import annotations

from django.conf import settings

from wayfinder.core.dates import national_curriculum_year, today

from . import content as plan_content
from . import quality
from .models import PlanVersion

#: How many other plans the copied-paragraph check compares against (the most recently changed).
COMPARE_WITH = 2000


def snapshot(version: PlanVersion) -> quality.PlanSnapshot:
    c = plan_content.normalised(version.content)
    assessment = version.plan.assessment
    child = assessment.child
    advice = tuple(
        quality.AdviceStatus(source=a.source, requested=True, received=a.received_on is not None,
                             professional=a.from_label)
        for a in assessment.advice_requests.filter(archived_on__isnull=True).select_related(
            "professional", "team", "setting")
    )
    return quality.PlanSnapshot(
        plan_id=str(version.plan_id),
        child_name=child.display_name,
        year_group=national_curriculum_year(child.date_of_birth, today()),
        section_a=c["a"],
        needs=tuple(quality.Need(n["ref"], n["text"], n["sen_type"], n["rank"]) for n in c["needs"]),
        section_c=c["c"],
        section_d=c["d"],
        outcomes=tuple(quality.Outcome(o["ref"], o["text"], o["by_when"], o["measure"], o["pfa"])
                       for o in c["outcomes"]),
        provisions=tuple(quality.Provision(p["ref"], tuple(p["need_refs"]), p["what"], p["who"], p["frequency"],
                                           p["duration"], p["group_size"], p["review"]) for p in c["provision"]),
        section_g=c["g"],
        section_h1=c["h1"],
        section_h2=c["h2"],
        advice=advice,
    )


def _paragraphs(c: dict) -> tuple[str, ...]:
    texts = [c["a"], c["c"], c["d"], c["g"], c["h1"], c["h2"]]
    texts += [n["text"] for n in c["needs"]] + [o["text"] for o in c["outcomes"]]
    texts += [p["what"] for p in c["provision"]]
    return tuple(t for t in texts if t)


def other_plans(version: PlanVersion) -> list[quality.OtherPlanText]:
    """The latest version of other children's plans, for the copied-paragraph check."""
    latest = (PlanVersion.objects.exclude(plan__child_id=version.plan.child_id)
              .filter(archived_on__isnull=True).select_related("plan__child").order_by("-modified_on"))
    seen, out = set(), []
    for other in latest[: COMPARE_WITH * 2]:
        if other.plan_id in seen:
            continue
        seen.add(other.plan_id)
        out.append(quality.OtherPlanText(str(other.plan_id), other.plan.child.display_name,
                                         _paragraphs(plan_content.normalised(other.content))))
        if len(out) >= COMPARE_WITH:
            break
    return out


def findings_for(version: PlanVersion, *, compare_with_other_plans: bool = True) -> list[quality.Finding]:
    others = other_plans(version) if compare_with_other_plans else []
    return quality.run_checks(snapshot(version), others=others, disabled=settings.WAYFINDER_PLAN_CHECKS_DISABLED)
