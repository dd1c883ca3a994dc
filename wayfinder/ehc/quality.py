"""Quality checks on an EHC plan before a draft is served or a final plan is issued.

An SEN casework officer sees these findings before the draft plan goes to the parent or young person for
their views (Children and Families Act 2014 s38; SEND Regulations 2014 reg 13) and again before the final
plan is issued. Each check is one small, named
function that reads a :class:`PlanSnapshot` (plain data, built from the plan models by the caller) and
returns :class:`Finding` objects: what is wrong, in one plain-English sentence for the officer, and why it
matters, citing the law or guidance.

Pure Python (standard library only, no Django), so the checks can be run and tested on their own.
:data:`CHECKS` lists the checks by name in display order; :func:`run_checks` runs them all, and any check
can be switched off by name (``disabled=``), for example from a Django setting. A name that is not a check
raises :class:`ValueError`, so that a mistyped setting fails loudly instead of silently checking nothing.

The checks flag text for an officer to look at; they are not a legal judgement. Matching is by patterns on
words (word boundaries, no guessing at meaning), so each check errs towards flagging and documents what it
lets through.

Sources (paragraph numbers checked against copies of the Code and the Regulations and against IPSEA's
guides):

- The Special Educational Needs and Disability Regulations 2014 (SI 2014/1530): reg 6(1) (advice the local
  authority must seek), reg 8 (advice to be given within 6 weeks), reg 11 (preparing the plan from the
  evidence), reg 12(1) (the sections of the plan, each separately identified), reg 12(3) (provision to
  prepare for adulthood from Year 9), regs 20(6) and 21(6) (reviews from Year 9), reg 17 (disclosure).
- SEND Code of Practice: 0 to 25 years (January 2015): 9.61 (principles for plans), 9.62 (the sections as
  a statutory minimum, section K), 9.63 (provision to prepare for adulthood from Year 9), 9.64–9.66
  (outcomes; 9.66: SMART), 9.69 (what each section contains; provision detailed, specific and quantified).
- Children and Families Act 2014 s37(2); L v Clarke and Somerset CC [1998] ELR 129; R v Secretary of State
  for Education and Science ex p E [1992] 1 FLR 377; Worcestershire CC v SE [2020] UKUT 217 (AAC).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

__all__ = [
    "CHECKS",
    "COPY_MIN_WORDS",
    "COPY_SHINGLE_WORDS",
    "COPY_THRESHOLD",
    "PREPARING_FOR_ADULTHOOD_FROM_YEAR",
    "REQUIRED_ADVICE_SOURCES",
    "SEN_TYPE_NAMES",
    "VAGUE_PHRASES",
    "AdviceStatus",
    "Finding",
    "Need",
    "OtherPlanText",
    "Outcome",
    "PlanSnapshot",
    "PlanTextIndex",
    "Provision",
    "check_advice_not_received",
    "check_copied_text",
    "check_need_without_provision",
    "check_no_preparing_for_adulthood_outcome",
    "check_outcome_not_measurable",
    "check_provision_not_specific",
    "check_section_left_empty",
    "run_checks",
    "to_other_plan_text",
]


# --------------------------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Need:
    """One special educational need in section B."""

    ref: str  # e.g. "B1"
    text: str
    sen_type: str  # SEN2 SENtype code: SPLD MLD SLD PMLD SEMH SLCN HI VI MSI PD ASD OTH
    rank: int  # 1 = primary


@dataclass(frozen=True)
class Outcome:
    """One outcome in section E."""

    ref: str
    text: str
    by_when: str = ""  # as written, e.g. "by the end of Year 6" or "July 2027"; may be empty
    measure: str = ""  # "how we will know"
    preparing_for_adulthood: bool = False


@dataclass(frozen=True)
class Provision:
    """One item of provision in section F (the shape also fits G and H)."""

    ref: str
    need_refs: tuple[str, ...]  # the section B needs it meets
    what: str
    who: str = ""
    frequency: str = ""  # e.g. "3 times a week"
    duration: str = ""  # e.g. "30 minutes", "for the school year"
    group_size: str = ""  # e.g. "1:1", "group of up to 4"
    review: str = ""


@dataclass(frozen=True)
class AdviceStatus:
    """One request for advice under SEND Regulations 2014 reg 6(1), for section K."""

    source: str  # "education" | "health" | "social_care" | "psychology" | "other"
    requested: bool
    received: bool
    professional: str = ""


@dataclass(frozen=True)
class PlanSnapshot:
    """The text of one EHC plan, as the checks read it."""

    plan_id: str
    child_name: str = ""
    year_group: int | None = None  # National Curriculum year (R=0, 1..14); None for early years or unknown
    section_a: str = ""
    needs: tuple[Need, ...] = ()
    section_c: str = ""  # health needs
    section_d: str = ""  # social care needs
    outcomes: tuple[Outcome, ...] = ()
    provisions: tuple[Provision, ...] = ()  # section F
    section_g: str = ""  # health provision
    section_h1: str = ""  # social care provision under s2 CSDPA 1970
    section_h2: str = ""  # other social care provision
    advice: tuple[AdviceStatus, ...] = ()


@dataclass(frozen=True)
class OtherPlanText:
    """Text from another child's plan, for :func:`check_copied_text`."""

    plan_id: str
    child_name: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """One thing for the officer to look at."""

    check: str  # the check's name, e.g. "provision_not_specific"
    section: str  # "B", "C", "D", "E", "F", "G", "H", "K" ...
    ref: str  # the item ref, or "" for a whole section
    message: str  # one sentence for the officer
    reason: str  # why it matters, citing the law or guidance
    matching_plan_id: str = ""  # only for copied text
    matching_text: str = ""


# --------------------------------------------------------------------------------------------- wording helpers


def _quote(text: str) -> str:
    return f"“{text}”"


def _and_list(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c' (GOV.UK style: no serial comma)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _first_name(plan: PlanSnapshot) -> str:
    parts = plan.child_name.split()
    return parts[0] if parts else ""


def _clip(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_NUMBER_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_FLAGS = re.IGNORECASE


# --------------------------------------------------------------------------------------------- 1. provision


VAGUE_PHRASES: tuple[str, ...] = (
    "access to",
    "opportunities for",
    "opportunities to",
    "opportunity for",
    "opportunity to",
    "regular",
    "regularly",
    "as required",
    "as needed",
    "when needed",
    "where needed",
    "if needed",
    "as and when",
    "up to",
    "may",
    "might",
    "could",
    "where possible",
    "wherever possible",
    "if possible",
    "if appropriate",
    "where appropriate",
    "support as appropriate",
    "as appropriate",
    "as necessary",
    "if necessary",
    "where necessary",
    "would benefit from",
)
"""Phrases that leave provision open to interpretation: vague words such as "opportunities" are unlikely to
be specific enough (Worcestershire CC v SE [2020] UKUT 217 (AAC)), and tribunals have criticised "access to",
"regular" and "would benefit from" in the same way. Matched as whole words, case-insensitively, in a
provision's ``what``, ``frequency`` and ``duration``.
"""

_VAGUE_RE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(
        r"\s+".join(re.escape(word) for word in phrase.split())
        for phrase in sorted(VAGUE_PHRASES, key=len, reverse=True)  # longest first: "support as appropriate"
    )
    + r")(?![\w-])",
    _FLAGS,
)
# "up to 4 pupils" bounds a group's size, not the amount of provision; "up to date" is not vague at all.
_UP_TO_EXEMPT_RE = re.compile(
    rf"\s+(?:date\b|(?:\d+|{_NUMBER_WORDS})\s+(?:other\s+)?"
    r"(?:pupils?|children|students?|learners?|young\s+people|peers?|others)\b)",
    _FLAGS,
)
_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"")
_RATIO_RE = re.compile(r"\b\d+\s*:\s*\d+\b|\b(?:one|1)[\s-]+to[\s-]+(?:one|1)\b", _FLAGS)

_PERIOD = r"(?:school\s+)?(?:day|morning|afternoon|evening|night|lesson|session|period|week|fortnight|month|"
_PERIOD += r"term|half[\s-]term|year|break|break\s*time|lunch\s*time|playtime|registration)s?"
# A frequency written in its own field: any number, or a word for how often.
_FREQUENCY_WORDS = (
    r"\b(?:daily|weekly|fortnightly|monthly|termly|half[\s-]termly|annually|yearly|hourly|nightly)\b"
    rf"|\b(?:every|each|per)\s+(?:other\s+)?{_PERIOD}\b"
    rf"|(?<!\bfor\s)\ban?\s+(?:day|week|fortnight|month|term)\b"
    r"|\b(?:throughout|across|for)\s+the\s+(?:whole\s+|full\s+)?(?:school\s+)?day\b"
    r"|\ball\s+(?:day|lessons)\b|\bat\s+all\s+times\b|\bfull[\s-]time\b"
    r"|\b(?:once|twice|thrice)\b"
)
_FREQUENCY_FIELD_RE = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b|{_FREQUENCY_WORDS}", _FLAGS)
# A frequency inside running text: a bare number there is more often a group size or a year.
_FREQUENCY_TEXT_RE = re.compile(rf"\b(?:\d+|{_NUMBER_WORDS})\s*(?:x\b|×|times\b)|{_FREQUENCY_WORDS}", _FLAGS)
_DURATION_RE = re.compile(
    # a quantity: "30", "three", "half an", "for a", "an" (hour); not the "a" of "twice a week"
    rf"(?:\b(?:\d+(?:\.\d+)?|{_NUMBER_WORDS})|\bhalf\s+an?|\b(?:for|over|lasting)\s+an?|\ban(?=\s+hour))\s*-?\s*"
    r"(?:minutes?|mins?|hours?|hrs?|sessions?|lessons?|periods?|days?|weeks?|terms?|half[\s-]terms?|months?|"
    r"years?)\b"
    r"|\b\d+\s*h\b"
    r"|\bfor\s+the\s+(?:whole\s+|full\s+|rest\s+of\s+the\s+|current\s+)?(?:school\s+|academic\s+)year\b"
    r"|\b(?:whole|full|entire)\s+(?:school\s+)?(?:day|week|term|year)\b"
    r"|\b(?:throughout|across)\s+the\s+(?:school\s+)?(?:day|week|term|year)\b"
    r"|\buntil\s+the\s+end\s+of\b|\bfor\s+the\s+(?:duration|length)\s+of\b"
    r"|\bfull[\s-]time\b|\b(?:each|every|all)\s+lessons?\b",
    _FLAGS,
)


def _is_the_month_may(text: str, start: int, end: int) -> bool:
    """Whether "May" at ``text[start:end]`` is the month ("from May 2026", "in May") rather than the verb."""
    if text[start:end] != "May":
        return False
    before = text[:start].rstrip()
    if re.match(r"\s+\d", text[end:]) or re.search(r"\b\d{1,2}(?:st|nd|rd|th)?$", before):
        return True
    starts_sentence = not before or before[-1] in ".!?;:•–—-(\n"
    return not starts_sentence


def _vague_phrases(text: str) -> list[str]:
    """The vague phrases in ``text``, in order of first appearance, lower case, ignoring quoted text."""
    text = _QUOTED_RE.sub(" ", text)
    found: list[str] = []
    for match in _VAGUE_RE.finditer(text):
        phrase = " ".join(match.group().lower().split())
        if phrase == "up to" and _UP_TO_EXEMPT_RE.match(text, match.end()):
            continue
        if phrase == "may" and _is_the_month_may(text, match.start(), match.end()):
            continue
        if phrase not in found:
            found.append(phrase)
    return found


def _has_frequency(provision: Provision) -> bool:
    if _FREQUENCY_FIELD_RE.search(_RATIO_RE.sub(" ", provision.frequency)):
        return True
    return bool(_FREQUENCY_TEXT_RE.search(_RATIO_RE.sub(" ", f"{provision.what}\n{provision.duration}")))


def _has_duration(provision: Provision) -> bool:
    text = f"{provision.what}\n{provision.frequency}\n{provision.duration}"
    return bool(_DURATION_RE.search(_RATIO_RE.sub(" ", text)))


def check_provision_not_specific(plan: PlanSnapshot) -> list[Finding]:
    """Provision in section F that is not specified and quantified.

    SEND Code of Practice 9.69: provision "must be detailed and specific and should normally be quantified,
    for example, in terms of the type, hours and frequency of support and level of expertise"; L v Clarke and
    Somerset CC [1998] ELR 129: it must be so specific and clear as to leave no room for doubt.

    A provision is flagged when its ``what``, ``frequency`` or ``duration`` uses a phrase in
    :data:`VAGUE_PHRASES`, or when it has no concrete frequency (a number, or a word such as "daily",
    "weekly", "every lesson", "each morning") or no duration (a quantity of minutes, hours, sessions, weeks,
    terms and so on, or "for the school year", "until the end of …"). A frequency or duration may be written
    in its own field or in ``what``. Deliberate choices:

    - ``group_size`` is not read: "group of up to 4" sets a group's size, and a provision is not vague for
      that. "Up to 4 pupils" anywhere is not counted as vague either, nor is "up to date"; but "up to 3
      hours" or "up to twice a week" is, because it sets a ceiling and no floor.
    - Text in double quotation marks (for example an outcome quoted in the provision) is not read.
    - "May" with a capital inside a sentence, or next to a number, is the month, not the verb.
    - "1:1" and "one-to-one" are group sizes, not frequencies or durations.
    - ``who`` and ``review`` are not read.
    """
    reason = (
        "SEND Code of Practice 9.69: provision must be detailed and specific and should normally be quantified, "
        "for example in terms of the type, hours and frequency of support and level of expertise; L v Clarke "
        "and Somerset CC [1998] ELR 129: it must leave no room for doubt about what is to be provided."
    )
    findings = []
    for provision in plan.provisions:
        ref = provision.ref
        if not provision.what.strip():
            message = f"{ref} does not say what the provision is."
            findings.append(Finding("provision_not_specific", "F", ref, message, reason))
            continue
        phrases = _vague_phrases(f"{provision.what}\n{provision.frequency}\n{provision.duration}")
        missing = [
            name
            for name, present in (("frequency", _has_frequency(provision)), ("duration", _has_duration(provision)))
            if not present
        ]
        if not phrases and not missing:
            continue
        gives_no = "gives no " + " or ".join(missing)
        says = f"says {_and_list(_quote(p) for p in phrases)}"
        if phrases and missing:
            message = f"{ref} {says} and {gives_no}."
        elif phrases:
            message = f"{ref} {says}, which leaves open how much will be provided."
        else:
            message = f"{ref} {gives_no}."
        findings.append(Finding("provision_not_specific", "F", ref, message, reason))
    return findings


# --------------------------------------------------------------------------------------------- 2. needs


SEN_TYPE_NAMES: dict[str, str] = {
    "SPLD": "specific learning difficulty",
    "MLD": "moderate learning difficulty",
    "SLD": "severe learning difficulty",
    "PMLD": "profound and multiple learning difficulty",
    "SEMH": "social, emotional and mental health",
    "SLCN": "speech, language and communication needs",
    "HI": "hearing impairment",
    "VI": "visual impairment",
    "MSI": "multi-sensory impairment",
    "PD": "physical disability",
    "ASD": "autistic spectrum disorder",
    "OTH": "other difficulty or disability",
}
"""Plain names for the SEN2 SENtype codes, for messages."""


def _norm_ref(ref: str) -> str:
    return "".join(ref.split()).upper()


def check_need_without_provision(plan: PlanSnapshot) -> list[Finding]:
    """A need in section B that no provision in section F says it meets.

    Children and Families Act 2014 s37(2) and SEND Regulations 2014 reg 12(1)(b) and (f): the plan specifies
    the child's special educational needs and the provision required by them; SEND Code of Practice 9.69 and
    R v Secretary of State for Education and Science ex p E [1992] 1 FLR 377: provision must be specified for
    each and every need in section B.

    A need counts as met when any provision lists its ref in ``need_refs`` (compared ignoring case and
    spaces). Whether that provision is enough is for the officer to judge.
    """
    reason = (
        "Every need in section B must be met by provision specified in section F (Children and Families Act "
        "2014 s37(2); SEND Regulations 2014 reg 12(1)(b) and (f); SEND Code of Practice 9.69; R v Secretary of "
        "State for Education and Science ex p E [1992] 1 FLR 377)."
    )
    met = {_norm_ref(ref) for provision in plan.provisions for ref in provision.need_refs}
    findings = []
    for need in plan.needs:
        if _norm_ref(need.ref) in met:
            continue
        kind = SEN_TYPE_NAMES.get(need.sen_type.strip().upper())
        label = f"{need.ref} ({kind})" if kind else need.ref
        findings.append(Finding("need_without_provision", "B", need.ref,
                                f"No provision in section F meets {label}.", reason))
    return findings


# --------------------------------------------------------------------------------------------- 3. outcomes


_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?"
)
_TIME_FRAME_RE = re.compile(
    r"\b(?:19|20)\d{2}\b"  # a year: "July 2027", "2026/27"
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"  # a date: 31/07/2027
    rf"|\b(?:{_MONTHS})\b"
    r"|\b(?:autumn|spring|summer)\b|\bhalf[\s-]term\b|\bterm\b"
    r"|\by(?:ea)?r?\s*(?:\d{1,2}|r)\b|\breception\b"  # "end of Year 6", "Y9", "Yr 11", "Year R"
    r"|\b(?:key\s+stage|ks)\s*\d\b"
    r"|\b(?:age|aged)\s+\d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+birthday\b"
    rf"|\b(?:within|in|after|over)\s+(?:the\s+next\s+)?(?:\d+|{_NUMBER_WORDS}|an?)\s+"
    r"(?:days?|weeks?|months?|terms?|years?)\b"
    r"|\b(?:school|academic)\s+year\b|\bend\s+of\s+(?:the\s+)?(?:week|month|year)\b"
    r"|\bannual\s+review\b|\b(?:this|next|the\s+following)\s+(?:school\s+|academic\s+)?year\b"
    r"|\bend\s+of\s+(?:primary|secondary|infant|junior|sixth\s+form|college|(?:the\s+)?(?:course|programme))\b"
    r"|\b(?:transfer|transition|move|moves|moving)\s+to\s+(?:secondary|college|sixth\s+form|post[\s-]16)\b"
    r"|\bleaves?\s+(?:school|college)\b",
    _FLAGS,
)


_NOT_A_TERM_RE = re.compile(r"\b(?:long|short|medium)[\s-]term\b", _FLAGS)


def _has_time_frame(by_when: str) -> bool:
    return bool(_TIME_FRAME_RE.search(_NOT_A_TERM_RE.sub(" ", by_when)))


def check_outcome_not_measurable(plan: PlanSnapshot) -> list[Finding]:
    """An outcome in section E with no time frame or no measure.

    SEND Code of Practice 9.66: an outcome "should be specific, measurable, achievable, realistic and time
    bound (SMART)"; SEND Regulations 2014 reg 12(1)(e) (section E sets out the outcomes sought).

    The time frame is read from ``by_when`` only. It counts when it names a year, a date, a month, a term,
    a National Curriculum year or key stage ("by the end of Year 6", "KS2"), an age ("by age 16"), a span
    ("within 6 months"), the school or academic year, the next annual review, or the end of a phase ("end of
    primary school", "transfer to secondary"). "Ongoing", "over time" or "in the future" does not. The
    measure (``measure``, "how we will know") must not be blank; its quality is for the officer to judge.
    """
    reason = (
        "SEND Code of Practice 9.66: an outcome should be specific, measurable, achievable, realistic and time "
        "bound (SMART), so that progress towards it can be checked at review (SEND Regulations 2014 reg "
        "12(1)(e))."
    )
    findings = []
    for outcome in plan.outcomes:
        ref, by_when = outcome.ref, outcome.by_when.strip()
        no_measure = not outcome.measure.strip()
        if not by_when:
            time_problem = f"{ref} has no time frame"
        elif not _has_time_frame(by_when):
            time_problem = f"{ref}'s time frame {_quote(_clip(by_when))} is not a date, term, year or age"
        else:
            time_problem = ""
        if time_problem and no_measure:
            joiner = " and does not" if not by_when else ", and it does not"
            message = f"{time_problem}{joiner} say how progress will be measured."
        elif time_problem:
            message = f"{time_problem}."
        elif no_measure:
            message = f"{ref} does not say how progress will be measured."
        else:
            continue
        findings.append(Finding("outcome_not_measurable", "E", ref, message, reason))
    return findings


# --------------------------------------------------------------------------------------------- 4. adulthood


PREPARING_FOR_ADULTHOOD_FROM_YEAR = 9


def check_no_preparing_for_adulthood_outcome(plan: PlanSnapshot) -> list[Finding]:
    """A plan for a young person in Year 9 or above with no outcome marked as preparing for adulthood.

    SEND Regulations 2014 reg 12(3): where the child or young person is in or beyond Year 9, the plan must
    include provision to assist in preparation for adulthood and independent living; regs 20(6) and 21(6):
    reviews from Year 9 must consider that provision; SEND Code of Practice 9.63 and 9.64 and chapter 8
    (preparing for adulthood from the earliest years, and from Year 9 at the latest).

    Reads ``year_group`` (None, for early years or unknown, is never flagged) and each outcome's
    ``preparing_for_adulthood`` flag.
    """
    year = plan.year_group
    if year is None or year < PREPARING_FOR_ADULTHOOD_FROM_YEAR:
        return []
    if any(outcome.preparing_for_adulthood for outcome in plan.outcomes):
        return []
    who = _first_name(plan) or "The young person"
    reason = (
        "SEND Regulations 2014 reg 12(3): from Year 9 the plan must include provision to prepare the young "
        "person for adulthood and independent living, and reviews from Year 9 must consider it (regs 20(6) and "
        "21(6)); SEND Code of Practice 9.63 to 9.64 and chapter 8."
    )
    message = f"{who} is in Year {year} but no outcome in section E is marked as preparing for adulthood."
    return [Finding("no_preparing_for_adulthood_outcome", "E", "", message, reason)]


# --------------------------------------------------------------------------------------------- 5. sections


_NOT_APPLICABLE_RE = re.compile(
    r"n\s*/?\s*a|not\s+applicable|none|nil|nothing|not\s+known|unknown|no|-+|–|—", _FLAGS
)
_PENDING_RE = re.compile(
    r"(?:tbc|tba|to\s+be\s+(?:confirmed|agreed|added|completed)|to\s+follow|pending|awaiting)\b.*", _FLAGS
)
_REFERENCE_ONLY_RE = re.compile(r"(?:see|refer\s+to|as\s+per|please\s+see|as\s+above|see\s+above)\b.*", _FLAGS)
_NONE_STATEMENT_RE = re.compile(
    r"(?:there\s+(?:are|is|were|was)\s+)?(?:currently\s+|at\s+present,?\s+)?"
    r"(?:no\b(?!\s+(?:other|further|additional)\b)|none\b|not\s+known\s+to\b)",
    _FLAGS,
)
_BUT_RE = re.compile(r"\b(?:other\s+than|except|apart\s+from|however)\b", _FLAGS)
_ATTRIBUTION_RE = re.compile(
    r"\b(?:advice|report|assessment|information|letter)\s+(?:from|of|by|provided\s+by|given\s+by)\s+\S"
    r"|\bon\s+the\s+advice\s+of\s+\S"
    r"|\bbased\s+on\s+(?!(?:the\s+)?(?:advice|reports?|assessments?|information)\b)[^.]{1,80}?"
    r"\b(?:advice|report|assessment|letter)\b",
    _FLAGS,
)

_SECTIONS = (
    # section, what it sets out, "needs" or "provision", SEND Regulations 2014 reg 12(1) paragraph
    ("C", "health needs", "needs", "(c)"),
    ("D", "social care needs", "needs", "(d)"),
    ("G", "health provision", "provision", "(g)"),
    ("H", "social care provision", "provision", "(h)"),
)


def _section_texts(plan: PlanSnapshot, section: str) -> list[str]:
    """The section's text; for H, each of H1 and H2 that is not blank."""
    if section == "H":
        return [text for text in (plan.section_h1, plan.section_h2) if text.strip()] or [""]
    return [{"C": plan.section_c, "D": plan.section_d, "G": plan.section_g}[section]]


def _were(kind: str) -> str:
    return "was" if kind == "provision" else "were"


def _section_problem(text: str, section: str, subject: str, kind: str) -> str | None:
    """The message for a section that is empty, a placeholder, or "none" without whose advice; else None."""
    label = "Section H (H1 and H2)" if section == "H" else f"Section {section}"
    stripped = " ".join(text.split())
    if not stripped:
        return (f"{label} is empty: set out the {subject}, or say that none were identified and whose advice "
                "that is based on.")
    bare = stripped.rstrip(".!;: ")
    words = len(stripped.split())
    if _NOT_APPLICABLE_RE.fullmatch(bare):
        return (f"{label} says only {_quote(_clip(stripped))}: say whether any {subject} {_were(kind)} "
                "identified and whose advice that is based on.")
    if words <= 12 and _PENDING_RE.fullmatch(bare):
        return f"{label} says only {_quote(_clip(stripped))} and has not been completed."
    if words <= 12 and _REFERENCE_ONLY_RE.fullmatch(bare):
        return f"{label} only says {_quote(_clip(stripped))} instead of setting out the {subject}."
    if _says_none(stripped) and not _ATTRIBUTION_RE.search(stripped):
        return f"{label} says no {kind} {_were(kind)} identified but not whose advice that is based on."
    return None


def _says_none(text: str) -> bool:
    """A short statement that nothing was identified ("No health needs identified, based on …")."""
    first_sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return bool(len(text.split()) <= 40 and _NONE_STATEMENT_RE.match(text) and not _BUT_RE.search(first_sentence))


def check_section_left_empty(plan: PlanSnapshot) -> list[Finding]:
    """Sections C, D, G and H left empty, as a placeholder, or saying "none" without whose advice.

    SEND Regulations 2014 reg 12(1)(c), (d), (g) and (h): the plan must set out the health care needs (C),
    social care needs (D), health care provision (G) and social care provision (H1 and H2), and each section
    must be separately identified; SEND Code of Practice 9.62: these sections are the statutory minimum, and
    the advice they rest on is attached in section K.

    H1 and H2 are read together as section H: it passes when either of them does. A section passes when it
    sets out needs or provision, or when it says there are none and whose advice that is based on ("No health
    needs identified, based on advice from Dr Patel, community paediatrician, 3 March 2026"). It is flagged
    when it is blank; when it says only "N/A", "None" or "-"; when it is a short "TBC", "to follow" or
    "awaiting advice"; when it only points elsewhere ("see appendix K"); or when it starts by saying there
    are none (and is short, with no "other than", "except" or "however") without naming whose advice or
    report that is based on.
    """
    findings = []
    for section, subject, kind, paragraph in _SECTIONS:
        problems = [_section_problem(text, section, subject, kind) for text in _section_texts(plan, section)]
        if None in problems:  # for H, one of H1 and H2 that is complete is enough
            continue
        message = problems[0]
        reason = (
            f"SEND Regulations 2014 reg 12(1){paragraph}: the plan must set out the {subject} in a separately "
            "identified section (SEND Code of Practice 9.62); where there are none, saying whose advice that "
            "rests on lets it be checked against the advice in section K."
        )
        findings.append(Finding("section_left_empty", section, "", message, reason))
    return findings


# --------------------------------------------------------------------------------------------- 6. advice


REQUIRED_ADVICE_SOURCES: dict[str, tuple[str, str]] = {
    "education": ("(b)", "educational advice"),
    "health": ("(c)", "medical advice from a health care professional"),
    "psychology": ("(d)", "psychological advice from an educational psychologist"),
    "social_care": ("(e)", "social care advice"),
}
"""The advice the local authority must seek for every EHC needs assessment (SEND Regulations 2014 reg
6(1)(b)–(e)), by :attr:`AdviceStatus.source`: the reg 6(1) paragraph and a plain name for messages.
(The parent's or young person's views, reg 6(1)(a), are section A; advice from others, reg 6(1)(f)–(h),
depends on the case and is not checked.)"""


def _norm_source(source: str) -> str:
    return re.sub(r"[\s-]+", "_", source.strip().lower())


def check_advice_not_received(plan: PlanSnapshot) -> list[Finding]:
    """Required reg 6(1) advice that was never requested, or was requested and has not been received.

    SEND Regulations 2014 reg 6(1): in an EHC needs assessment the local authority must seek educational
    advice (b), medical advice and information from a health care professional (c), psychological advice
    from an educational psychologist (d) and advice in relation to social care (e); reg 8: those asked must
    give it within 6 weeks; SEND Code of Practice 9.62: the advice is attached in section K.

    One finding per source in :data:`REQUIRED_ADVICE_SOURCES` with no advice received. Advice that was
    received without a new request (earlier advice that everyone agreed is sufficient, reg 6(4)) counts as
    received. Sources are compared ignoring case, and spaces or hyphens for "_" ("Social care").
    """
    by_source: dict[str, list[AdviceStatus]] = {}
    for status in plan.advice:
        by_source.setdefault(_norm_source(status.source), []).append(status)
    findings = []
    for source, (paragraph, name) in REQUIRED_ADVICE_SOURCES.items():
        statuses = by_source.get(source, [])
        if any(status.received for status in statuses):
            continue
        requested = [status for status in statuses if status.requested]
        reason = f"SEND Regulations 2014 reg 6(1){paragraph}: the local authority must seek {name}"
        if requested:
            asked = _and_list(dict.fromkeys(s.professional.strip() for s in requested if s.professional.strip()))
            from_whom = f" from {asked}" if asked else ""
            message = f"{name[0].upper()}{name[1:]} was requested{from_whom} but has not been received."
            reason += (", and those asked must give it within 6 weeks (reg 8); it belongs in section K (SEND Code "
                       "of Practice 9.62).")
        else:
            message = f"No {name} has been requested."
            reason += "; it belongs in section K (SEND Code of Practice 9.62)."
        findings.append(Finding("advice_not_received", "K", source, message, reason))
    return findings


# --------------------------------------------------------------------------------------------- 7. copied text


COPY_SHINGLE_WORDS = 5
"""Words in each shingle (overlapping run of words) compared between paragraphs."""
COPY_MIN_WORDS = 12
"""Paragraphs shorter than this (in words) are not compared: short sentences are often the same by chance."""
COPY_THRESHOLD = 0.8
"""Two paragraphs match when this share of the shingles of the shorter one is also in the other."""

_NAME = "\x00name"
_PRONOUN = "\x00pronoun"
_PRONOUNS = dict.fromkeys(
    ("he", "she", "they", "him", "her", "them", "his", "hers", "their", "theirs", "himself", "herself",
     "themselves", "themself"),
    _PRONOUN,
)
_POSSESSIVE_RE = re.compile(r"['’]s\b")
_WORD_RE = re.compile(r"[^\W_]+")
_HASH_BITS = 36  # with 24 bits of paragraph number an index entry stays under 2**60, a small Python int
_HASH_MASK = (1 << _HASH_BITS) - 1
_ID_BITS = 24
_ID_MASK = (1 << _ID_BITS) - 1


def _name_parts(child_name: str) -> frozenset[str]:
    """The parts of a name as written and in capitals ("Amira", "AMIRA"), to match case-sensitively, so that
    a child called Will or Grace does not turn every "will" or "grace" into a name."""
    parts = {part for part in _WORD_RE.findall(_POSSESSIVE_RE.sub("", child_name)) if len(part) > 1}
    return frozenset(parts | {part.upper() for part in parts})


def _words(text: str, names: frozenset[str]) -> list[str]:
    """Lower-cased words, with children's names and personal pronouns replaced by placeholders."""
    words = _WORD_RE.findall(_POSSESSIVE_RE.sub("", text))
    if names.isdisjoint(words):
        words = list(map(str.lower, words))
    else:
        words = [_NAME if word in names else word.lower() for word in words]
    return list(map(_PRONOUNS.get, words, words))


def _shingles(words: list[str]) -> frozenset[int]:
    """The hashes of the paragraph's runs of :data:`COPY_SHINGLE_WORDS` words."""
    return frozenset(map(hash, zip(*(words[i:] for i in range(COPY_SHINGLE_WORDS)), strict=False)))


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _other_paragraphs(other: OtherPlanText) -> Iterator[str]:
    texts = (other.paragraphs,) if isinstance(other.paragraphs, str) else other.paragraphs
    for text in texts:
        yield from _paragraphs(text)


def _own_paragraphs(plan: PlanSnapshot) -> Iterator[tuple[str, str, str]]:
    """(section, ref, paragraph) for each paragraph of the plan that is compared with other plans."""
    sources: list[tuple[str, str, str]] = [("A", "", plan.section_a)]
    sources += [("B", need.ref, need.text) for need in plan.needs]
    sources += [("C", "", plan.section_c), ("D", "", plan.section_d)]
    sources += [("E", outcome.ref, outcome.text) for outcome in plan.outcomes]
    sources += [("F", provision.ref, provision.what) for provision in plan.provisions]
    sources += [("G", "", plan.section_g), ("H", "H1", plan.section_h1), ("H", "H2", plan.section_h2)]
    for section, ref, text in sources:
        for paragraph in _paragraphs(text):
            yield section, ref, paragraph


def to_other_plan_text(plan: PlanSnapshot) -> OtherPlanText:
    """The paragraphs of ``plan`` that :func:`check_copied_text` compares, as an :class:`OtherPlanText`."""
    paragraphs = tuple(paragraph for _, _, paragraph in _own_paragraphs(plan))
    return OtherPlanText(plan.plan_id, plan.child_name, paragraphs)


@dataclass(frozen=True)
class _Candidate:
    """A paragraph of another plan sharing shingles with one of this plan's paragraphs."""

    own: int  # which of this plan's paragraphs
    plan: OtherPlanText
    text: str
    size: int  # its number of shingles
    shared: int  # shingles in common
    names: frozenset[str]  # the name parts of its child


class PlanTextIndex:
    """Other children's plans, shingled once, for checking many plans against them.

    Build it once (at start-up, say, and again when plans change) and pass it as ``others`` to
    :func:`run_checks` or :func:`check_copied_text`; for the copied-text check to recognise a child's name
    in the other direction too (this child's name pasted into another plan), index every plan, including
    the ones being checked: a plan is never compared with itself (same ``plan_id``).

    The index is a sorted ``array`` of 64-bit entries, each a 36-bit shingle hash and a 24-bit paragraph
    number, so it stays compact for thousands of plans, and a lookup is a binary search per shingle. Hashes
    are Python's own, which differ between processes: an index restored in another process (unpickled, say)
    notices and rebuilds itself. It iterates as its :class:`OtherPlanText` objects.
    """

    def __init__(self, others: Iterable[OtherPlanText]) -> None:
        self._plans = tuple(others)
        self._build()

    def __iter__(self) -> Iterator[OtherPlanText]:
        return iter(self._plans)

    def __len__(self) -> int:
        return len(self._plans)

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        if self._hash_check != hash(_NAME):
            self._build()

    def _build(self) -> None:
        self._hash_check = hash(_NAME)
        self._names = [_name_parts(other.child_name) for other in self._plans]
        self.all_names: frozenset[str] = frozenset().union(*self._names)
        paragraphs: list[tuple[int, str, int]] = []  # (plan number, text, number of shingles)
        entries: list[int] = []
        for plan_number, other in enumerate(self._plans):
            for paragraph in _other_paragraphs(other):
                words = _words(paragraph, self.all_names)
                if len(words) < COPY_MIN_WORDS:
                    continue
                number = len(paragraphs)
                if number > _ID_MASK:
                    raise ValueError(f"Too many paragraphs to index (more than {_ID_MASK})")
                shingles = _shingles(words)
                paragraphs.append((plan_number, paragraph, len(shingles)))
                entries.extend({((shingle & _HASH_MASK) << _ID_BITS) | number for shingle in shingles})
        entries.sort()
        self._paragraphs = paragraphs
        self._entries = array("Q", entries)

    def candidates(self, own: list[frozenset[int]]) -> Iterator[_Candidate]:
        """For each of ``own`` (shingle sets), the indexed paragraphs sharing shingles with it, in order."""
        if self._hash_check != hash(_NAME):
            self._build()
        entries, size = self._entries, len(self._entries)
        for own_number, shingles in enumerate(own):
            counts: Counter[int] = Counter()
            for key in {shingle & _HASH_MASK for shingle in shingles}:
                i = bisect_left(entries, key << _ID_BITS)
                while i < size and entries[i] >> _ID_BITS == key:
                    counts[entries[i] & _ID_MASK] += 1
                    i += 1
            for number in sorted(counts):
                plan_number, text, paragraph_size = self._paragraphs[number]
                yield _Candidate(own_number, self._plans[plan_number], text, paragraph_size, counts[number],
                                 self._names[plan_number])


def _scan(
    others: Iterable[OtherPlanText], own: list[frozenset[int]], own_names: frozenset[str]
) -> Iterator[_Candidate]:
    """As :meth:`PlanTextIndex.candidates`, reading ``others`` once without building an index."""
    plans = [(other, _name_parts(other.child_name)) for other in others]
    all_names = own_names.union(*(names for _, names in plans))
    everything = frozenset().union(*own)
    found: list[list[_Candidate]] = [[] for _ in own]
    for other, names in plans:
        for paragraph in _other_paragraphs(other):
            words = _words(paragraph, all_names)
            if len(words) < COPY_MIN_WORDS:
                continue
            shingles = _shingles(words)
            if everything.isdisjoint(shingles):
                continue
            for own_number, own_shingles in enumerate(own):
                shared = len(own_shingles & shingles)
                if shared:
                    found[own_number].append(_Candidate(own_number, other, paragraph, len(shingles), shared, names))
    for candidates in found:
        yield from candidates


def _redact(text: str, names: frozenset[str]) -> str:
    if not names:
        return text
    pattern = r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b"
    return re.sub(pattern, "[name]", text)


def check_copied_text(plan: PlanSnapshot, others: Iterable[OtherPlanText] | PlanTextIndex = ()) -> list[Finding]:
    """Paragraphs that are near-copies of a paragraph in another child's plan.

    SEND Regulations 2014 reg 11: the plan is prepared from the evidence received in this child's
    assessment; SEND Code of Practice 9.61 (plans describe this child and their outcomes) and 9.66 (outcomes
    are personal). Text copied from another plan often carries that child's needs, provision or name, and
    disclosing a child's plan is restricted (reg 17).

    Compared: section A, each need in B, C, D, each outcome's text in E, each provision's ``what`` in F, G,
    H1 and H2, split into paragraphs at line breaks; paragraphs under :data:`COPY_MIN_WORDS` words, and short
    statements that nothing was identified ("No health needs identified, based on advice from …"), are left
    out. Each paragraph becomes the set of its :data:`COPY_SHINGLE_WORDS`-word shingles: lower case, without
    punctuation, with personal pronouns (he, she, they, his, her, their and so on) and the names of the
    children (every part of every child's name, as written) replaced by placeholders, so "Amira needs her …"
    matches "Jack needs his …". Two paragraphs match when at least :data:`COPY_THRESHOLD` of the shorter
    one's shingles are in the other (containment of the smaller one: symmetric, and it also catches a
    paragraph pasted into a longer one). Plans with this plan's ``plan_id`` are skipped.

    ``others`` is a :class:`PlanTextIndex` (fast, for repeated checks) or any iterable of
    :class:`OtherPlanText` (read once). One finding per matching paragraph, naming the closest match (the
    first, on a tie) and how many other plans match too; ``matching_text`` is that paragraph with its
    child's name replaced by "[name]".
    """
    reason = (
        "An EHC plan must be written from this child's own assessment evidence (SEND Regulations 2014 reg 11) "
        "and describe this child (SEND Code of Practice 9.61, 9.66); copied text often carries another child's "
        "needs or name, and disclosing a child's plan is restricted (reg 17)."
    )
    names = _name_parts(plan.child_name)
    if isinstance(others, PlanTextIndex):
        all_names = names | others.all_names
    else:  # the names from every plan are needed first: read the others once, into a list
        others = list(others)
        all_names = names.union(*(_name_parts(other.child_name) for other in others))
    own: list[tuple[str, str, str]] = []
    own_shingles: list[frozenset[int]] = []
    for section, ref, paragraph in _own_paragraphs(plan):
        words = _words(paragraph, all_names)
        # A statement that nothing was identified is standard wording, expected to repeat across plans.
        if len(words) >= COPY_MIN_WORDS and not _says_none(paragraph.strip()):
            own.append((section, ref, paragraph))
            own_shingles.append(_shingles(words))
    if not own:
        return []
    if isinstance(others, PlanTextIndex):
        candidates = others.candidates(own_shingles)
    else:
        candidates = _scan(others, own_shingles, names)
    # the closest match for each paragraph: most similar, then one whose child's name is in the paragraph
    # (it is probably where the text came from), then the first
    best: dict[int, tuple[float, bool, _Candidate]] = {}
    matching_plans: dict[int, set[str]] = {}
    own_words = [set(_WORD_RE.findall(_POSSESSIVE_RE.sub("", paragraph))) for _, _, paragraph in own]
    for candidate in candidates:
        if candidate.plan.plan_id == plan.plan_id:
            continue
        similarity = candidate.shared / min(len(own_shingles[candidate.own]), candidate.size)
        if similarity < COPY_THRESHOLD:
            continue
        matching_plans.setdefault(candidate.own, set()).add(candidate.plan.plan_id)
        has_name = not own_words[candidate.own].isdisjoint(candidate.names - names)
        if candidate.own not in best or (similarity, has_name) > best[candidate.own][:2]:
            best[candidate.own] = (similarity, has_name, candidate)
    findings = []
    for own_number, (_, has_name, match) in sorted(best.items()):
        section, ref, _ = own[own_number]
        message = f"{ref or f'A paragraph in section {section}'} is almost the same as a paragraph in plan "
        message += match.plan.plan_id
        if (count := len(matching_plans[own_number]) - 1) > 0:
            message += f" (and in {count} other plan{'s' if count > 1 else ''})"
        if has_name:
            message += ", and it still has that child's name in it"
        findings.append(Finding("copied_text", section, ref, message + ".", reason,
                                matching_plan_id=match.plan.plan_id, matching_text=_redact(match.text, match.names)))
    return findings


# --------------------------------------------------------------------------------------------- running them


CHECKS: dict[str, Callable[..., list[Finding]]] = {
    "provision_not_specific": check_provision_not_specific,
    "need_without_provision": check_need_without_provision,
    "outcome_not_measurable": check_outcome_not_measurable,
    "no_preparing_for_adulthood_outcome": check_no_preparing_for_adulthood_outcome,
    "section_left_empty": check_section_left_empty,
    "advice_not_received": check_advice_not_received,
    "copied_text": check_copied_text,
}
"""Every check by name, in the order the officer sees them. ``copied_text`` also takes ``others``."""

_NEEDS_OTHERS = frozenset({"copied_text"})


def run_checks(
    plan: PlanSnapshot,
    *,
    others: Iterable[OtherPlanText] | PlanTextIndex = (),
    disabled: Iterable[str] = (),
) -> list[Finding]:
    """Run every check in :data:`CHECKS` order except those named in ``disabled``.

    ``others`` are other children's plans for ``copied_text`` (a :class:`PlanTextIndex` to reuse one).
    Raises :class:`ValueError` for a name in ``disabled`` that is not a check, and :class:`TypeError` if
    ``disabled`` is a single string (``"copied_text"`` rather than ``["copied_text"]``).
    """
    if isinstance(disabled, str):
        raise TypeError(f"disabled must be a list of check names, not the string {disabled!r}")
    disabled = set(disabled)
    unknown = sorted(disabled - CHECKS.keys())
    if unknown:
        raise ValueError(
            f"Unknown plan check name{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"valid names are: {', '.join(CHECKS)}"
        )
    findings: list[Finding] = []
    for name, check in CHECKS.items():
        if name in disabled:
            continue
        findings.extend(check(plan, others) if name in _NEEDS_OTHERS else check(plan))
    return findings
