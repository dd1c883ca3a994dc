"""EHC needs assessments for the demo county: every plan's history, and requests in every state.

Every child with an EHC plan gets the assessment that led to it: the request, the decision to assess, advice
from education, health, psychology and social care, the decision to issue, the draft, and the final plan,
on dates drawn so that the share issued within 20 weeks, the share decided within 6 weeks and the share with
an exception follow the Department for Education's latest published national figures (read from
``WAYFINDER_SHARED_DATA/dfe-ehcp``, never copied). Requests still in progress are drawn from children on SEN
support, with request dates spread over the last 30 weeks, so the caseload holds cases at every step:
waiting for a decision, refused, with advice open or overdue, at risk, drafts served, consultations
waiting, exceptions recorded, and withdrawals.

The dates of every case obey the statutory engine's rules (``wayfinder clocks`` accepts each history).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings

from wayfinder.accounts.models import User
from wayfinder.ehc.models import (
    AdviceRequest,
    Assessment,
    AssessmentException,
    ClockEvent,
    Consultation,
    Decision,
    Plan,
    PlanVersion,
    Representation,
)
from wayfinder.people.codes import SENStatus, SettingType
from wayfinder.people.models import Child, Involvement, Setting

DFE_RELEASE = "release-2025-without-latest-year"
NEED_WORDS = {
    "SPLD": "reading, spelling and working memory", "MLD": "learning across the curriculum",
    "SLD": "learning, communication and independence", "PMLD": "communication, movement and personal care",
    "SEMH": "managing feelings and relationships", "SLCN": "speech, language and being understood",
    "HI": "hearing in class", "VI": "seeing print and the board", "MSI": "hearing and vision together",
    "PD": "moving around and fine motor skills", "ASD": "social communication and changes to routine",
    "OTH": "their disability day to day",
}
PROVISION_BY_NEED = {
    "SLCN": ("Speech and language therapy", "speech and language therapist", "once a week", "30 minutes"),
    "ASD": ("Social communication group", "specialist teaching assistant", "twice a week", "40 minutes"),
    "SEMH": ("Emotional literacy sessions", "trained ELSA", "once a week", "45 minutes"),
    "SPLD": ("Structured literacy programme", "specialist teacher", "three times a week", "20 minutes"),
}
DEFAULT_PROVISION = ("Small-group teaching for their needs", "qualified teacher", "daily", "30 minutes")


@dataclass(frozen=True)
class Shares:
    """National shares from the DfE statistics, latest calendar year published."""

    year: str
    decided_within_6_weeks: float
    not_assessed: float
    withdrawn: float
    not_issued: float
    within_20_weeks: float
    with_exception: float
    over_a_year: float


def _national_row(path: Path, topic_prefix: str) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["geographic_level"] == "National"
                and r["breakdown_topic"].startswith(topic_prefix)]
    if not rows:
        raise RuntimeError(f"No national row in {path}")
    return max(rows, key=lambda r: r["time_period"])


def read_shares(folder: Path | None = None) -> Shares:
    """Read the national request, assessment and 20-week figures; a clear error if the files are missing."""
    base = (folder or Path(settings.WAYFINDER_SHARED_DATA) / "dfe-ehcp") / DFE_RELEASE
    try:
        requests = _national_row(base / "requests.csv", "All requests")
        assessments = _national_row(base / "assessments.csv", "All EHC needs assessments")
        timeliness = _national_row(base / "timeliness_20_week.csv", "All EHC plans issued")
    except FileNotFoundError as error:
        raise RuntimeError(f"The demo county reads the DfE statistics in place and could not find {error.filename}. "
                           "Put the shared data beside the repository or set WAYFINDER_SHARED_DATA.") from error

    def n(row, key):
        return float(row[key])

    decided = n(requests, "request_outcome_six_weeks") + n(requests, "request_outcome_over_6_weeks")
    received = n(requests, "requests_received_in_year")
    plans = n(timeliness, "plans_issued_den")
    return Shares(
        year=timeliness["time_period"],
        decided_within_6_weeks=n(requests, "request_outcome_six_weeks") / decided,
        not_assessed=n(requests, "requests_decided_not_to_assess") / received,
        withdrawn=n(requests, "requests_withdrawn") / received,
        not_issued=n(assessments, "assess_not_issued") / n(assessments, "assess_in_year"),
        within_20_weeks=n(timeliness, "plans_issued_within_20_weeks") / plans,
        with_exception=(plans - n(timeliness, "plans_issued_den_ex")) / plans,
        over_a_year=n(timeliness, "plans_issued_gt_1_year") / plans,
    )


class AssessmentPlanner:
    """Adds assessments to a planned county (``generator._Planner``), unsaved, in memory."""

    def __init__(self, planner, shares: Shares):
        self.p = planner
        self.rng = planner.rng
        self.on = planner.on
        self.shares = shares
        self.county = planner.county
        self.setting_of_version: dict[int, Setting] = {}

    # ---------------------------------------------------------------------------------- helpers

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    def professional(self, key: str) -> User | None:
        members = self.p.team_members.get(key) or []
        return self.rng.choice(members) if members else None

    def setting_of(self, child: Child) -> Setting | None:
        enrolment = self.p.current.get(id(child))
        return enrolment.setting if enrolment else None

    def event(self, assessment, event, when, **fields) -> None:
        self.county.clock_events.append(ClockEvent(assessment=assessment, event=event, date=when, **fields))

    # ---------------------------------------------------------------------------------- one case

    def case(self, child: Child, received: date, *, finish: bool, caseworker: User | None = None,
             story: dict | None = None) -> Assessment:
        """One assessment from ``received``, following the process until today (or to the final plan)."""
        rng, shares, on = self.rng, self.shares, self.on
        story = story or {}
        officer = caseworker or child.caseworker or self.rng.choice(self.p.officers[child.locality.code])
        child.caseworker = child.caseworker or officer
        setting = self.setting_of(child)
        source = story.get("source") or rng.choices(["1", "2", "3", "4", "5"], [52, 38, 6, 2, 2])[0]
        who = {"1": "Parent", "2": f"SENCO, {setting.name}" if setting else "School SENCO",
               "3": "Community paediatrician", "4": "Social worker", "5": "Other"}[source]
        a = Assessment(child=child, received_on=received, request_source=source, requested_by=who,
                       requester_setting=setting if source == "2" else None, consent=True, caseworker=officer,
                       reasons=f"{child.display_name} has needs in {NEED_WORDS.get(child.primary_need, 'learning')} "
                               "that SEN support has not met.")
        self.county.assessments.append(a)
        self.event(a, "request_received", received)

        def happened(when: date) -> bool:
            return finish or when <= on

        # Decision whether to assess (reg 5: 6 weeks).
        decided = received + (self.days(14, 42) if rng.random() < shares.decided_within_6_weeks
                              else self.days(43, 75))
        decided = story.get("decided", decided)
        if not happened(decided):
            return a
        refused = not finish and (story.get("refuse") or rng.random() < shares.not_assessed)
        withdrawn_early = not finish and not refused and rng.random() < shares.withdrawn
        if withdrawn_early:
            a.withdrawn_reason = "The family moved out of the area"
            self.event(a, "withdrawn", decided)
            return a
        outcome = "not_assess" if refused else "assess"
        self.decision(a, "assess", outcome, decided, officer)
        if refused:
            return a

        # Exceptions (about one plan in eighteen nationally).
        exception = story.get("exception", rng.random() < shares.with_exception)
        if exception:
            start = received + self.days(20, 70)
            if start <= on:
                record = AssessmentException(
                    assessment=a, kind="absence_from_area", start=start, end=start + self.days(28, 45),
                    reason="The family was abroad caring for a relative, so the child could not be seen.",
                    approved_by=self.county.accounts["manager"])
                self.county.exceptions.append(record)
                self.county.clock_events.append(ClockEvent(assessment=a, event="exception", kind=record.kind,
                                                           start=record.start, end=record.end))

        # Advice (reg 6, 8: each body has 6 weeks).
        late = story.get("late", rng.random() > shares.within_20_weeks)
        asked = decided + self.days(1, 4)
        last_advice = asked
        for kind, key in (("education", None), ("health", "paediatrics"), ("psychology", "ep"),
                          ("social_care", "social_care")):
            if not happened(asked):
                break
            professional = story.get(kind) or (self.professional(key) if key else None)
            advice_setting = setting if kind == "education" else None
            if kind == "education" and advice_setting is None:
                professional = self.professional("ep")
            team = None
            if professional is None and advice_setting is None:
                team = self.p.team_by_key[key or "ep"]
            reply = asked + (self.days(20, 42) if rng.random() < 0.7 else self.days(43, 80))
            if story.get("advice_open") == kind:
                reply = on + timedelta(days=30)
            received_on = reply if happened(reply) else None
            advice = AdviceRequest(assessment=a, source=kind, professional=professional, team=team,
                                   setting=advice_setting, requested_on=asked, received_on=received_on,
                                   needs=f"Needs in {NEED_WORDS.get(child.primary_need, 'learning')}."
                                   if received_on else "")
            if received_on is None and on > advice.due_on:
                advice.escalated_on = advice.due_on + timedelta(days=1)
            self.county.advice.append(advice)
            if professional is not None:  # asking someone for advice makes them involved (as the service does)
                # For a plan issued long ago the involvement ended once the advice was given.
                self.county.involvements.append(Involvement(
                    child=child, user=professional, start_date=asked, end_date=received_on if finish else None,
                    role_description=f"Asked for {advice.get_source_display().lower()}"))
            self.event(a, "advice_requested", asked, source=kind,
                       institution="early_years" if advice_setting and advice_setting.setting_type ==
                       SettingType.EARLY_YEARS else ("school" if advice_setting else ""))
            if received_on:
                self.event(a, "advice_received", received_on, source=kind)
                last_advice = max(last_advice, received_on)

        # Decision whether to issue (reg 10: 16 weeks for a decision not to).
        issue_on = max(last_advice, received + self.days(70, 105)) + self.days(1, 7)
        if late:
            issue_on += self.days(15, 60)
        issue_on = story.get("issue_on", issue_on)
        if not happened(issue_on) or (not finish and story.get("stop") == "assessing"):
            return a
        not_issue = not finish and rng.random() < shares.not_issued
        self.decision(a, "issue", "not_issue" if not_issue else "issue", issue_on, officer)
        if not_issue:
            return a

        # Draft, consultation, final (reg 13: 15 days to comment; 20 weeks in all).
        due = received + timedelta(weeks=20)
        served = issue_on + self.days(3, 14)
        if not late:
            served = min(served, due - timedelta(days=15))
            served = max(served, issue_on)
        plan = Plan(child=child, assessment=a)
        self.county.plans.append(plan)
        version = PlanVersion(plan=plan, number=1, content=self.content(child), lock_version=1)
        self.county.versions.append(version)
        if not happened(served) or (not finish and story.get("stop") == "drafting"):
            return a
        version.status, version.served_on = "served", served
        self.event(a, "draft_plan_served", served)
        named = story.get("consult") or setting
        if named is not None and happened(served + timedelta(days=1)):
            reply = served + self.days(5, 20)
            consultation = Consultation(assessment=a, setting=named, sent_on=served + timedelta(days=1),
                                        family_preference=True,
                                        responded_on=reply if happened(reply) and not story.get("consult") else None,
                                        response="agree" if happened(reply) and not story.get("consult") else "")
            self.county.consultations.append(consultation)
            self.event(a, "consultation_sent", consultation.sent_on, setting=named)
            if consultation.responded_on:
                self.event(a, "consultation_response", consultation.responded_on, setting=named)
        if story.get("comment") and happened(served + timedelta(days=3)):
            self.county.representations.append(Representation(
                version=version, comments=story["comment"], wants_meeting=True, made_on=served + timedelta(days=3)))
        final = served + self.days(15, 25)
        if late:
            final = max(final, due + self.days(1, 200 if self.rng.random() > shares.over_a_year else 400))
        else:
            final = min(max(final, served + timedelta(days=15)), max(due, served + timedelta(days=15)))
        if finish and final >= on:  # a very young child's plan: the history must end before today
            final = on - timedelta(days=1)
            if final < served + timedelta(days=15):
                return a
        if not finish and (final > on or story.get("stop") == "served"):
            return a
        version.status, version.issued_on = "final", final
        self.event(a, "final_plan_issued", final)
        if named is not None:
            self.setting_of_version[id(version)] = named
        return a

    LISTS = ("assessments", "clock_events", "decisions", "advice", "consultations", "exceptions", "plans",
             "versions", "representations", "involvements")

    def finished_case(self, child: Child, received: date) -> None:
        """A history that ends in an issued plan before today: if the drawn durations run past today (a very
        young child's plan), draw it again from an earlier request date."""
        for _ in range(6):
            marks = {name: len(getattr(self.county, name)) for name in self.LISTS}
            self.case(child, received, finish=True)
            dates = [e.date or e.end for e in self.county.clock_events[marks["clock_events"]:]]
            overflow = (max(dates) - self.on).days + 1
            if overflow <= 0:
                return
            for name, mark in marks.items():
                for row in getattr(self.county, name)[mark:]:
                    self.setting_of_version.pop(id(row), None)
                del getattr(self.county, name)[mark:]
            received -= timedelta(days=overflow)
        raise RuntimeError(f"Could not fit a finished assessment history before {self.on} for {child}")

    def decision(self, a, kind, outcome, when, officer) -> None:
        reasons = {"assess": "The evidence shows needs that may call for special educational provision through a "
                             "plan.",
                   "not_assess": "The school's SEN support is meeting the needs: progress over the last two terms "
                                 "is good.",
                   "issue": "The needs cannot reasonably be met from the resources normally available to the "
                            "school.",
                   "not_issue": "The advice shows the needs can be met through SEN support with the changes "
                                "recommended."}[outcome]
        self.county.decisions.append(Decision(assessment=a, kind=kind, outcome=outcome, decided_on=when,
                                              reasons=reasons, decided_by=officer))
        self.event(a, f"decision_to_{kind}", when, outcome=outcome)

    def content(self, child: Child) -> dict:
        """Short plan text (under the copied-text check's 12-word paragraphs: demo plans are not templates)."""
        name = child.preferred_name or child.legal_forename
        needs = [n for n in (child.primary_need, child.secondary_need) if n]
        provision = []
        for i, need in enumerate(needs, start=1):
            what, who, often, long = PROVISION_BY_NEED.get(need, DEFAULT_PROVISION)
            provision.append({"need_refs": [f"B{i}"], "what": what, "who": who, "frequency": often,
                              "duration": f"{long}, for the school year", "group_size": "1:1" if i == 1 else
                              "group of 4", "review": "each term"})
        return {
            "a": f"{name} likes {self.rng.choice(['drawing', 'football', 'music', 'animals', 'swimming'])}.",
            "needs": [{"text": f"Needs help with {NEED_WORDS.get(n, 'learning')}.", "sen_type": n, "rank": i}
                      for i, n in enumerate(needs, start=1)],
            "c": "No health needs identified, based on advice from the community paediatrician.",
            "d": "No social care needs identified, based on advice from children's social care.",
            "outcomes": [{"text": f"{name} will make progress in {NEED_WORDS.get(n, 'learning')}.",
                          "by_when": f"by July {self.on.year + 1}", "measure": "termly teacher assessment",
                          "pfa": False} for n in needs],
            "provision": provision,
            "g": "No health provision, based on advice from the community paediatrician.",
            "h1": "No social care provision, based on advice from children's social care.",
            "h2": "No social care provision, based on advice from children's social care.",
            "placement": {"setting_id": None, "setting_type": ""},
            "personal_budget": "",
        }

    # ---------------------------------------------------------------------------------- the county

    def plan(self) -> None:
        rng, on = self.rng, self.on
        children = self.county.children
        with_plans = [c for c in children if c.sen_status == SENStatus.EHC_PLAN]
        for child in with_plans:
            earliest = max(child.date_of_birth + timedelta(days=2 * 365), on - timedelta(days=8 * 365))
            latest = on - timedelta(days=400)
            if earliest >= latest:
                earliest = max(child.date_of_birth + timedelta(days=365), on - timedelta(days=3 * 365))
                latest = max(earliest + timedelta(days=1), on - timedelta(days=230))
            received = earliest + timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))
            self.finished_case(child, received)

        support = [c for c in children if c.sen_status == SENStatus.SEN_SUPPORT and c.locality is not None
                   and c.date_of_birth < on - timedelta(days=2 * 365) and c is not self.p.lily]
        open_count = max(6, round(len(with_plans) * 0.12))
        chosen = rng.sample(support, min(open_count, len(support)))
        for child in chosen:
            received = on - timedelta(days=rng.randint(0, 210))
            self.case(child, received, finish=False)
        self.stories(set(map(id, chosen)))

    def stories(self, used: set[int]) -> None:
        """The officer's own caseload: one case at each step, with the demo professionals, SENCO and family."""
        accounts, on = self.county.accounts, self.on
        officer = accounts["officer"]
        code = officer.team.locality.code if officer.team and officer.team.locality else None
        local = [c for c in self.county.children if c.sen_status == SENStatus.SEN_SUPPORT and id(c) not in used
                 and c is not self.p.lily
                 and c.locality is not None and (code is None or c.locality.code == code)
                 and c.date_of_birth < on - timedelta(days=4 * 365)]
        senco_school = accounts["senco"].setting
        at_school = [c for c in local if self.setting_of(c) is senco_school]
        others = [c for c in local if self.setting_of(c) is not senco_school]
        pick = (at_school + others)

        def child(i):
            c = pick[i]
            c.caseworker = officer
            return c

        w = timedelta
        cases = [
            # waiting for a decision, at risk at week 5
            (child(0), on - w(days=37), {}),
            # decision overdue
            (child(1), on - w(days=47), {"decided": on + w(days=30)}),
            # advice from the demo EP and health, one still open and close to the 20-week date
            (child(2), on - w(days=110), {"psychology": accounts["ep"], "health": accounts["health"],
                                          "social_care": accounts["socialcare"], "advice_open": "psychology",
                                          "late": False, "stop": "assessing"}),
            # educational advice asked of the SENCO's school, still to give
            (child(3), on - w(days=20), {"decided": on - w(days=3), "advice_open": "education",
                                         "late": False, "stop": "assessing"}),
            # an absence recorded: the 20-week limit is excused
            (child(4), on - w(days=150), {"exception": True, "late": True, "stop": "assessing"}),
            # the Marsden family's draft: served, the SENCO's school consulted and not yet answered
            (self.p.lily, on - w(days=128), {"late": False, "stop": "served", "consult": senco_school,
                                          "issue_on": on - w(days=20),
                                          "comment": "Please say how often the therapy will happen."}),
        ]
        for c, received, story in cases:
            self.case(c, received, finish=False, caseworker=officer, story=story)
        self.p.lily.caseworker = officer
