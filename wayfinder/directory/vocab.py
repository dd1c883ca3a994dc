"""The directory's built-in taxonomies and their terms, with identifiers that are the same in every
installation (UUID 5 of the codes), so another publisher's copy of our Open Referral feed keeps them.

* ``need`` — the four broad areas of need (SEND Code of Practice 6.28–6.35) with the SEN types under them
  (SEN2 / school census ``SENtype`` codes as term codes, lower case);
* ``local-offer`` — the Local Offer headings (SEND Regulations 2014 Schedule 2 and CoP 4.30–4.62);
* ``level`` — universal, targeted and specialist support (the continuum a pathway page shows);
* ``category`` — kinds of service, including the carers' one-stop shop's categories and "support while you
  wait".

Councils add terms through the editor's pages; these are created by a data migration and ``ensure()``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

NAMESPACE = uuid.UUID("6f0c1b52-5c1e-4d8e-9a57-3f4b7f5f6a01")


def stable_id(*parts: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(parts))


@dataclass(frozen=True)
class TermDef:
    code: str
    name: str
    description: str
    parent: str = ""


@dataclass(frozen=True)
class TaxonomyDef:
    code: str
    name: str
    description: str
    terms: tuple[TermDef, ...]


NEED = "need"
LOCAL_OFFER = "local-offer"
LEVEL = "level"
CATEGORY = "category"

#: Broad area of need code -> the SEN types (census codes) under it (CoP 6.28–6.35).
BROAD_AREAS: dict[str, tuple[str, ...]] = {
    "communication-interaction": ("SLCN", "ASD"),
    "cognition-learning": ("SPLD", "MLD", "SLD", "PMLD"),
    "semh": ("SEMH",),
    "sensory-physical": ("HI", "VI", "MSI", "PD"),
}

TAXONOMIES: tuple[TaxonomyDef, ...] = (
    TaxonomyDef(NEED, "Areas of need", "The four broad areas of special educational need in the SEND Code of "
                "Practice (6.28–6.35), with the types of need recorded in the school census under each.", (
        TermDef("communication-interaction", "Communication and interaction",
                "Speech, language and communication needs, and autism."),
        TermDef("cognition-learning", "Cognition and learning",
                "Learning at a slower pace than others, and specific learning difficulties such as dyslexia."),
        TermDef("semh", "Social, emotional and mental health",
                "Anxiety, low mood, attention difficulties, attachment and other social, emotional and mental "
                "health needs."),
        TermDef("sensory-physical", "Sensory and/or physical needs",
                "Hearing, vision and multi-sensory impairment, and physical disability."),
        TermDef("slcn", "Speech, language and communication needs",
                "Difficulty saying what they want to, understanding what is said, or using social rules of "
                "communication.", "communication-interaction"),
        TermDef("asd", "Autism", "Autistic children and young people, with or without a diagnosis.",
                "communication-interaction"),
        TermDef("spld", "Specific learning difficulty", "For example dyslexia, dyscalculia or dyspraxia.",
                "cognition-learning"),
        TermDef("mld", "Moderate learning difficulty", "Learning at a slower pace than others of the same age.",
                "cognition-learning"),
        TermDef("sld", "Severe learning difficulty", "Significant difficulties with learning and everyday "
                "skills.", "cognition-learning"),
        TermDef("pmld", "Profound and multiple learning difficulty", "Severe learning difficulties with other "
                "disabilities or sensory impairment.", "cognition-learning"),
        TermDef("semh-type", "Social, emotional and mental health needs", "For example anxiety, depression, "
                "ADHD or attachment difficulties.", "semh"),
        TermDef("hi", "Hearing impairment", "Deaf or hard of hearing.", "sensory-physical"),
        TermDef("vi", "Vision impairment", "Blind or partially sighted.", "sensory-physical"),
        TermDef("msi", "Multi-sensory impairment", "Both vision and hearing difficulties.", "sensory-physical"),
        TermDef("pd", "Physical disability", "Physical needs that affect getting about or taking part.",
                "sensory-physical"),
    )),
    TaxonomyDef(LOCAL_OFFER, "Local Offer headings", "What the Local Offer must describe (SEND Regulations 2014, "
                "Schedule 2).", (
        TermDef("education", "Education", "Nurseries, schools, colleges and support for learning."),
        TermDef("health", "Health", "Therapies, health visiting, school nursing, child development and mental "
                "health services."),
        TermDef("social-care", "Social care", "Help at home, short breaks and support from the disabled "
                "children's social care team."),
        TermDef("preparing-for-adulthood", "Preparing for adulthood", "Employment, independent living, friends "
                "and community, and good health as an adult."),
        TermDef("leisure", "Leisure and activities", "Clubs, sport, play and holiday activities."),
        TermDef("short-breaks", "Short breaks", "Time apart for disabled children and young people and their "
                "carers."),
        TermDef("information-advice", "Information and advice", "Independent information, advice and support, "
                "including the SEND information, advice and support service."),
        TermDef("carers-support", "Carers' support", "Help for parent carers, young carers and adult carers."),
    )),
    TaxonomyDef(LEVEL, "Level of support", "The continuum from support for everyone to specialist help "
                "(SEND Code of Practice 6.15 and 6.44).", (
        TermDef("universal", "Universal", "Support any child or family can use, without a referral."),
        TermDef("targeted", "Targeted", "Extra help for some children, often through the school, GP or a "
                "professional."),
        TermDef("specialist", "Specialist", "Specialist services for children with significant or complex "
                "needs."),
    )),
    TaxonomyDef(CATEGORY, "Service categories", "What kind of service it is.", (
        TermDef("outreach", "Outreach and advisory teams", "Specialist teachers and advisers who support schools "
                "and families."),
        TermDef("therapy", "Therapy", "Speech and language therapy, occupational therapy and physiotherapy."),
        TermDef("mental-health", "Emotional wellbeing and mental health", "Counselling, mental health support "
                "teams and CAMHS."),
        TermDef("parenting", "Parenting support", "Courses and groups for parents and carers."),
        TermDef("activities", "Clubs and activities", "Inclusive and specialist clubs, sport and holiday schemes."),
        TermDef("advice", "Advice and advocacy", "Independent advice, advocacy and help with forms."),
        TermDef("while-you-wait", "Support while you wait", "Help you can get now, while waiting for an "
                "assessment or diagnosis."),
        TermDef("breaks-respite", "Breaks and respite", "Time off from caring."),
        TermDef("peer-support", "Peer support groups", "Meeting other carers and parents."),
        TermDef("benefits", "Benefits and entitlements", "Help to claim Disability Living Allowance, Carer's "
                "Allowance and other entitlements."),
        TermDef("carers-assessment", "Carer's assessments", "An assessment of what support an adult carer needs "
                "(Care Act 2014 s10)."),
        TermDef("parent-carer-assessment", "Parent carer needs assessments", "An assessment of a parent carer's "
                "needs (Children Act 1989 s17ZD)."),
        TermDef("young-carers", "Young carers", "Support for children and young people who look after someone."),
    )),
)

#: The carers' one-stop shop's categories, in the order the carers' page shows them.
CARERS_CATEGORIES = ("breaks-respite", "peer-support", "benefits", "carers-assessment", "parent-carer-assessment",
                     "young-carers")


def ensure(apps=None) -> int:
    """Create any built-in taxonomy or term that is missing (by its stable id). Returns how many were made.
    Works with the historical models of a migration (``apps``) or the real ones."""
    if apps is None:
        from django.apps import apps as real_apps

        apps = real_apps
    Taxonomy = apps.get_model("directory", "Taxonomy")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    made = 0
    for tax in TAXONOMIES:
        taxonomy, created = Taxonomy.objects.get_or_create(
            id=stable_id("taxonomy", tax.code),
            defaults={"code": tax.code, "name": tax.name, "description": tax.description})
        made += created
        by_code = {}
        for position, term in enumerate(tax.terms):
            parent = by_code.get(term.parent) if term.parent else None
            obj, created = TaxonomyTerm.objects.get_or_create(
                id=stable_id("term", tax.code, term.code),
                defaults={"taxonomy": taxonomy, "code": term.code, "name": term.name,
                          "description": term.description, "parent": parent, "position": position})
            by_code[term.code] = obj
            made += created
    return made
