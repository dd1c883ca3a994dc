"""The words of the demo county's Local Offer pages: a pathway for each broad area of need, guides to the
SEND system, and the carers' page. Written for families: plain English, second person, the law named
lightly in words. Markdown only (no HTML), as :class:`~wayfinder.directory.models.PageRevision` expects.

The demo council is made up; where a page names a service it is one of the demo directory's own (all marked
"(demo)" where they resemble a real body). The legal points follow the Children and Families Act 2014
("the 2014 Act"), the SEND Regulations 2014, the SEND Code of Practice 0 to 25 (2015), the Care Act 2014 and
the Children Act 1989, as set out in ``../shared/docs/statutory-timescales.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CO_PRODUCED_WITH = "Derbyshire Parent Carer Voice (demo)"
SENDIASS_CO_PRODUCED_WITH = "Derbyshire Parent Carer Voice (demo) and Derbyshire SENDIASS (demo)"
CARERS_CO_PRODUCED_WITH = "Derbyshire Parent Carer Voice (demo) and Derbyshire Carers Association (demo)"


@dataclass(frozen=True)
class Step:
    level: str  # universal | targeted | specialist (the ``level`` taxonomy's term codes)
    title: str
    body: str
    next: str

    def as_json(self) -> dict[str, str]:
        return {"level": self.level, "title": self.title, "body": self.body, "next": self.next}


@dataclass(frozen=True)
class PageText:
    slug: str
    kind: str  # PageKind value
    title: str
    summary: str
    body: str
    need: str = ""  # broad area of need term code, for a pathway
    steps: tuple[Step, ...] = ()
    while_you_wait: str = ""
    co_produced_with: str = CO_PRODUCED_WITH
    extra: dict = field(default_factory=dict)


_IF_YOU_DISAGREE = (
    "If you disagree with a decision the council makes about an EHC needs assessment or plan, you can ask "
    "for mediation and appeal to the tribunal. Read the guide \"Your rights: disagreements, mediation and "
    "tribunal\", or ask the SEND information, advice and support service (SENDIASS) for help."
)

_ASK_FOR_ASSESSMENT = (
    "If your child is still not making the progress you would expect with SEN support, you, the school or "
    "college, or a young person aged 16 to 25 can ask the council for an education, health and care (EHC) "
    "needs assessment. You do not need the school's agreement or a diagnosis to ask. Read the guide \"EHC "
    "plans and how to ask for one\"."
)

# ------------------------------------------------------------------------------------------------ pathways

COMMUNICATION = PageText(
    slug="communication-and-interaction",
    kind="pathway",
    need="communication-interaction",
    title="Communication and interaction, including autism",
    summary=(
        "Help for children and young people who find it hard to talk, to understand what others say, or to "
        "make sense of social situations, including autistic children with or without a diagnosis."
    ),
    body="""\
Some children and young people find it hard to say what they want to, to understand what other people say,
or to use and understand the unwritten rules of talking and playing with others. This is called a
speech, language and communication need. Autistic children and young people often have communication and
interaction needs too.

**You do not need a diagnosis to get help.** Nurseries, schools and colleges must support the needs your
child has now, whether or not they have a diagnosis and whether or not they have an education, health and
care (EHC) plan.

Most children get the help they need from the first two steps below. Each step adds to the one before it;
it does not replace it.

## If you are worried about your child

- Talk to your child's key person, class teacher or tutor, or to the SENCO (the member of staff who
  coordinates support for special educational needs).
- For a child under 5, you can also talk to your health visitor, or go to a speech and language drop-in.
  You do not need a referral.
- Write down what you notice at home, and when. It helps everyone understand your child.
""",
    steps=(
        Step(
            "universal", "Support for every child",
            """\
- Speech and language drop-ins for under-5s in family hubs and libraries, with no referral
- Advice from your health visitor or school nurse
- Nurseries and schools making ordinary changes for every child: visual timetables, clear instructions,
  time to answer, quiet spaces
- Inclusive clubs and activities in this directory, and family support drop-ins open to anyone""",
            "If your child still finds communication hard after the setting has made these changes, ask to "
            "meet the SENCO to talk about SEN support.",
        ),
        Step(
            "targeted", "SEN support and advice from specialists",
            """\
- SEN support at nursery, school or college: the setting finds out what your child needs, puts help in
  place and checks with you whether it is working, usually each term
- The setting can ask the autism outreach team or a speech and language therapist for advice
- Courses for parents about autism and communication
- Family support groups, with or without a diagnosis""",
            _ASK_FOR_ASSESSMENT + " If an autism assessment may help, your GP, health visitor or the school "
            "can refer your child to the neurodevelopmental assessment service.",
        ),
        Step(
            "specialist", "Specialist help and EHC plans",
            """\
- Speech and language therapy from the children's therapy service
- Autism assessment by the neurodevelopmental assessment service
- An EHC needs assessment and, if your child needs it, an EHC plan
- Specialist places, including resourced provision in mainstream schools and special schools""",
            "An EHC plan is reviewed at least once every 12 months, with you. " + _IF_YOU_DISAGREE,
        ),
    ),
    while_you_wait="""\
Waiting for an autism assessment or for speech and language therapy can take a long time. You do not have
to wait to get help:

- Your child's nursery, school or college must put SEN support in place for the needs they see now. It
  does not depend on a diagnosis.
- Join a family support group or drop-in for parents of autistic children. Most welcome families who are
  still waiting.
- Book a place on a course for parents about understanding autism or communication.
- Ask the SENCO whether the autism outreach team can give the school advice.
- If things change or get worse while you wait, tell the service you are waiting for, and your GP.
""",
)

#: The same page as it was first published, some months ago (the demo's publishing history).
COMMUNICATION_FIRST = PageText(
    slug=COMMUNICATION.slug,
    kind=COMMUNICATION.kind,
    need=COMMUNICATION.need,
    title="Communication and interaction (including autism)",
    summary="Help for children and young people with speech, language and communication needs, and autism.",
    body="""\
Some children and young people find it hard to talk, to understand others, or to get on with other people.
This includes speech, language and communication needs and autism.

Talk to your child's nursery, school or college first. They must support your child's needs, with or
without a diagnosis.
""",
    steps=(
        Step("universal", "Support for every child",
             "- Speech and language drop-ins for under-5s\n- Advice from your health visitor or school nurse",
             "If you are still worried, ask the SENCO about SEN support."),
        Step("targeted", "SEN support",
             "- SEN support at nursery, school or college\n- Advice from the autism outreach team",
             "You or the school can ask the council for an EHC needs assessment."),
        Step("specialist", "Specialist help",
             "- Speech and language therapy\n- Autism assessment\n- EHC plans",
             "An EHC plan is reviewed at least once every 12 months."),
    ),
    while_you_wait="Your child's school must support them while you wait for an assessment.",
)

#: A draft an editor is working on: not yet public.
COMMUNICATION_DRAFT = PageText(
    slug=COMMUNICATION.slug,
    kind=COMMUNICATION.kind,
    need=COMMUNICATION.need,
    title=COMMUNICATION.title,
    summary=COMMUNICATION.summary,
    body=COMMUNICATION.body + """
## New: autism family support in every locality

Autism family support drop-ins now run in every locality of the county. You can go with or without a
diagnosis, and while you are waiting for an assessment. Search this directory for "autism family support".
""",
    steps=COMMUNICATION.steps,
    while_you_wait=COMMUNICATION.while_you_wait,
)

COGNITION = PageText(
    slug="cognition-and-learning",
    kind="pathway",
    need="cognition-learning",
    title="Cognition and learning",
    summary=(
        "Help for children and young people who learn at a slower pace than others of their age, or who "
        "have a specific difficulty such as dyslexia, dyscalculia or dyspraxia."
    ),
    body="""\
Some children and young people learn at a slower pace than others of the same age, even with good
teaching that is adapted for them. Some find one kind of learning particularly hard, such as reading and
spelling (dyslexia), numbers (dyscalculia) or coordination (dyspraxia). Others have severe or profound and
multiple learning difficulties and need support with many parts of everyday life.

**You do not need a diagnosis or a formal test to get help.** A nursery, school or college must support the
needs it sees, and must tell you when it starts giving your child help for special educational needs.

## If you are worried about your child's learning

- Ask to meet the class teacher or tutor and the SENCO. Ask what they have noticed, what they are doing
  about it and how you can help at home.
- Ask how they will check whether the help is working, and when you will meet again.
""",
    steps=(
        Step(
            "universal", "Good teaching for every child",
            """\
- Teaching adapted for the class: small steps, practical materials, extra practice, dyslexia-friendly
  resources
- Reading and homework clubs, and libraries' reading schemes
- Family learning courses and dyslexia support groups open to anyone""",
            "If your child is still falling behind, ask the SENCO to meet you to talk about SEN support.",
        ),
        Step(
            "targeted", "SEN support and specialist teaching advice",
            """\
- SEN support: a plan for your child, with targets, extra help in small groups or one to one, and a
  review with you usually each term
- The school can ask specialist teachers from the support service for special educational needs, or an
  educational psychologist, for advice
- Dyslexia screening and advice sessions for parents
- If your child needs more help than the school can pay for from its own budget, the school can ask the
  council for top-up funding (GRIP) without an EHC plan""",
            _ASK_FOR_ASSESSMENT,
        ),
        Step(
            "specialist", "Specialist help and EHC plans",
            """\
- Assessment and advice from an educational psychologist
- Portage home visiting for young children with significant learning needs
- Outreach from special schools to support your child in a mainstream school
- An EHC needs assessment and, if your child needs it, an EHC plan, which may name a special school""",
            "An EHC plan is reviewed at least once every 12 months, with you. " + _IF_YOU_DISAGREE,
        ),
    ),
    while_you_wait="""\
If you are waiting for an assessment by an educational psychologist or a specialist teacher:

- The school should not wait for the assessment before helping. Ask what SEN support is in place now.
- Dyslexia support groups and reading clubs welcome children and parents who are still waiting.
- Ask the school for ideas to use at home, such as reading together little and often, and games that
  practise numbers.
- SENDIASS can explain what the school should be doing and go to meetings with you.
""",
)

SEMH = PageText(
    slug="social-emotional-mental-health",
    kind="pathway",
    need="semh",
    title="Social, emotional and mental health",
    summary=(
        "Help for children and young people with anxiety, low mood, attention difficulties such as ADHD, "
        "attachment difficulties, or behaviour that shows they are struggling."
    ),
    body="""\
Children and young people can find it hard to manage their feelings and behaviour for many reasons. They
may be anxious or low, find it hard to pay attention or sit still, struggle to go to school, or show in
their behaviour that something is wrong. Some have ADHD, an attachment difficulty or a mental health
condition.

**If you think a child or young person is in immediate danger, call 999.** For urgent help with mental
health, call NHS 111 and choose the option for mental health, or use the CAMHS crisis line in this
directory. It is open 24 hours a day.

## If you are worried

- Talk to your child's teacher, tutor or the SENCO, and ask what they see at school.
- Talk to your GP, health visitor or school nurse.
- Look after yourself too: parents' groups and carers' support are in this directory.
""",
    steps=(
        Step(
            "universal", "Support for every child",
            """\
- School nurses and wellbeing lessons in school
- Youth clubs, sport and activities that help young people feel connected
- Drop-in wellbeing cafés for young people
- Parenting courses about anxiety and behaviour, open to any parent""",
            "If things are not getting better, ask the school about SEN support and whether the mental health "
            "support team can help.",
        ),
        Step(
            "targeted", "Help through school and early support",
            """\
- Mental health support teams in schools: short pieces of work with children and families for mild to
  moderate anxiety and low mood
- Counselling for young people, often without a referral
- SEN support at school, including a plan for times of day your child finds hard
- Parenting courses for parents of children with ADHD or anxiety""",
            "If your child needs more specialist help, your GP or the school can refer them to CAMHS. "
            + _ASK_FOR_ASSESSMENT,
        ),
        Step(
            "specialist", "Specialist mental health services and EHC plans",
            """\
- CAMHS (child and adolescent mental health services): assessment and treatment for moderate to severe
  mental health needs
- Assessment for ADHD by the neurodevelopmental assessment service
- An EHC needs assessment and, if your child needs it, an EHC plan""",
            "An EHC plan is reviewed at least once every 12 months, with you. " + _IF_YOU_DISAGREE,
        ),
    ),
    while_you_wait="""\
Waiting for CAMHS or for an ADHD assessment can be hard for the whole family. While you wait:

- Ask the school what support it can give now: a trusted adult, a quiet place, changes to the timetable.
  It does not need a diagnosis to help.
- Join a family support group for parents of children with ADHD or anxiety, or book a parenting course.
- Young people can use counselling and wellbeing drop-ins without a referral.
- If things get worse, contact the service you are waiting for and your GP. In a crisis, call the CAMHS
  crisis line or NHS 111 and choose the option for mental health.
""",
)

SENSORY = PageText(
    slug="sensory-and-physical",
    kind="pathway",
    need="sensory-physical",
    title="Sensory and physical needs",
    summary=(
        "Help for children and young people who are deaf or have a hearing loss, are blind or partially "
        "sighted, have multi-sensory impairment, or have a physical disability."
    ),
    body="""\
Some children and young people need extra help because of a hearing or vision impairment, both
(multi-sensory impairment), or a physical disability. Many of them learn alongside their friends in
mainstream nurseries, schools and colleges with the right support and equipment.

Nurseries, schools and colleges must make reasonable adjustments for disabled children and young people,
including providing equipment and support, under the Equality Act 2010. Schools must also have a plan to
make their buildings and lessons more accessible over time.

## If you are worried

- If you think your child cannot hear or see well, ask your GP or health visitor for a hearing or eye test.
  Children can have a free NHS sight test.
- Talk to your child's nursery, school or college about what they find hard and what helps.
""",
    steps=(
        Step(
            "universal", "Support for every child",
            """\
- Newborn hearing screening and health visitor checks
- Free NHS sight tests for children
- Inclusive sport and activities: swimming, cycling, boccia and more, many at venues with Changing Places
  toilets
- Family clubs for deaf children and for children with vision impairment""",
            "If your child needs more help to learn, move about or take part, ask the SENCO about SEN support. "
            "Your GP can refer your child to children's physiotherapy or occupational therapy.",
        ),
        Step(
            "targeted", "SEN support, therapy and equipment",
            """\
- SEN support at nursery, school or college, with reasonable adjustments and equipment
- Children's physiotherapy and occupational therapy, through your GP, health visitor or school
- Advice for the school from the sensory support service, once a hearing or vision impairment has been
  identified
- Short breaks and holiday schemes for disabled children""",
            _ASK_FOR_ASSESSMENT,
        ),
        Step(
            "specialist", "Specialist teaching, therapy and EHC plans",
            """\
- Teachers of the deaf and qualified teachers of children with vision impairment from the sensory support
  service
- Specialist equipment, mobility training and habilitation
- An EHC needs assessment and, if your child needs it, an EHC plan""",
            "An EHC plan is reviewed at least once every 12 months, with you. " + _IF_YOU_DISAGREE,
        ),
    ),
    while_you_wait="""\
If you are waiting for physiotherapy, occupational therapy or a hearing or vision assessment:

- Drop-in sessions for movement and sensory skills give ideas to try at home while you wait.
- The school must still make reasonable adjustments now, without waiting for a report.
- Family clubs and inclusive activities in this directory welcome children before a diagnosis.
- If your child's needs change, or equipment no longer fits, tell the service you are waiting for.
""",
)

PATHWAYS: tuple[PageText, ...] = (COMMUNICATION, COGNITION, SEMH, SENSORY)

# -------------------------------------------------------------------------------------------------- guides

SEN_SUPPORT = PageText(
    slug="sen-support",
    kind="guide",
    title="What SEN support is",
    summary=(
        "SEN support is the extra help a nursery, school or college gives a child or young person with special "
        "educational needs. It does not need an EHC plan or a diagnosis."
    ),
    body="""\
A child or young person has special educational needs (SEN) if they have a learning difficulty or
disability that means they need special educational provision: help that is extra to, or different from,
what most others of the same age get. That is how the Children and Families Act 2014 puts it.

Most children with SEN, about three in four, get the help they need through **SEN support**, without an
education, health and care (EHC) plan.

## What the school, nursery or college must do

- Use its "best endeavours" to make sure your child gets the help they need.
- Tell you when it starts making special educational provision for your child.
- Have a SENCO: a qualified teacher (in a school) who coordinates support for SEN.
- Publish an SEN information report on its website saying how it supports pupils with SEN.

## How SEN support works: assess, plan, do, review

The SEND Code of Practice calls this the graduated approach. It is a cycle, not a one-off:

1. **Assess.** The setting finds out what your child finds hard and what helps, with you and your child.
   It may ask specialists for advice.
2. **Plan.** You agree what help your child will get, what difference it should make, and when you will
   review it.
3. **Do.** The help is put in place. Your child's teachers stay responsible for their progress.
4. **Review.** You look together at whether it is working and what to change. Schools should meet parents
   at least three times a year.

If your child needs more than the setting can give from its own budget, the school can ask the council for
top-up funding without an EHC plan: read the guide "GRIP and top-up funding in plain English".

## You do not need a diagnosis

SEN support is for the needs a child has, not for a label. A diagnosis can help everyone understand your
child, but the school must not wait for one before helping.

## If you are not happy with the support

Ask for a meeting with the SENCO. If you still disagree, use the school's complaints procedure. SENDIASS,
the independent information, advice and support service, can help you prepare and can come to meetings with
you. If SEN support is not enough, you can ask the council for an EHC needs assessment: read the guide
"EHC plans and how to ask for one".
""",
)

EHC_PLANS = PageText(
    slug="ehc-plans",
    kind="guide",
    title="EHC plans and how to ask for one",
    summary=(
        "An education, health and care (EHC) plan is a legal document setting out a child or young person's "
        "needs and the help they must get. You can ask the council for an assessment yourself."
    ),
    body="""\
An **education, health and care (EHC) plan** is for children and young people aged 0 to 25 who need more
help than a nursery, school or college can usually give through SEN support. It describes their needs,
what they want to achieve, and the help they must get. It also names the school or college they will go
to. The council must make sure the special educational provision in the plan is given.

## Who can ask for an EHC needs assessment

The first step is an **EHC needs assessment**. These people have the right to ask the council for one:

- a parent, for their child
- a young person aged 16 to 25, for themselves
- a nursery, school or college, ideally after talking to the family

Anyone else, such as a health visitor or doctor, can tell the council that a child may need an assessment.

You do **not** need the school's agreement, a diagnosis, or evidence that a set amount of money has been
spent on SEN support.

## How to ask

Write to the council's SEN team by letter or email, or use the council's online form. Say:

- that you are asking for an EHC needs assessment
- your child's name, date of birth and school or nursery
- why you think your child needs one: what they find hard and what help they have had

Keep a copy and note the date you sent it. The legal time limits start from the day the council gets your
request.

## What happens next, and how long it takes

The council must assess a child or young person who has, or may have, special educational needs and who
may need special educational provision to be made through an EHC plan. The SEND Regulations 2014 set these
time limits, counted from the day the council received the request:

- **Within 6 weeks:** the council tells you whether it will carry out an assessment (regulation 5).
- **Within 16 weeks**, if it has assessed: the council tells you if it has decided not to issue a plan.
- **Before the final plan:** you get a draft plan, and have at least 15 days to comment on it and to ask for
  a particular school or college to be named.
- **Within 20 weeks:** the final EHC plan is issued (regulation 13).

During the assessment the council asks for advice from education, health and social care, an educational
psychologist, and you and your child. Your views must be included.

The council can take longer only for the few reasons the law allows, for example if it asked a school for
advice while the school was closed for the summer holidays, or because of exceptional personal
circumstances. It should tell you if this happens.

## If the council says no

If the council refuses to assess, or decides not to issue a plan, it must write to you explaining why and
telling you about your right to appeal to the tribunal and about mediation. Read the guide "Your rights:
disagreements, mediation and tribunal".

## Once there is a plan

- The plan must be reviewed at least once every 12 months, with you and your child.
- You can ask for a personal budget for some of the help in the plan.
- SENDIASS can help you read a draft plan and check that the help in it is clear and specific.
""",
)

FUNDING = PageText(
    slug="funding-grip-and-top-up",
    kind="guide",
    title="GRIP and top-up funding in plain English",
    summary=(
        "How nurseries, schools and colleges pay for extra help, and how they can get top-up funding from the "
        "council for a child on SEN support, with or without an EHC plan."
    ),
    body="""\
You do not need to understand school funding to get help for your child. But it helps to know where the
money comes from, because it can come up in meetings.

## What every mainstream school has

Every mainstream school gets money for each pupil. Part of its budget is set aside for pupils with special
educational needs, called the "notional SEN budget". Schools are expected to pay for the first **£6,000**
of extra help a pupil with SEN needs each year from this budget. Colleges get the same for students with
high needs.

## Top-up funding

When a pupil needs help that costs more than that, the council can pay the school **top-up funding** from
its high needs budget. Top-up is paid to the school or college, to spend on the help your child needs. It
is not paid to families.

## GRIP: top-up without an EHC plan

In this council, a mainstream school can ask for top-up funding for a pupil on SEN support through **GRIP
(Graduated Response for Individual Pupils)**, without an EHC needs assessment. The school sends evidence of
what it has tried through assess, plan, do, review and what more the pupil needs. A panel decides, and the
school is told the decision with its reasons. The same funding bands are used for GRIP and for EHC plans,
so a pupil's support is funded the same way whichever route it comes through.

What this means for you:

- The school applies, not you. It should talk to you first and tell you the outcome.
- GRIP funding pays for the help in your child's SEN support plan. Ask the school what it will be spent on.
- You do not have to wait for GRIP before asking for an EHC needs assessment. You can ask for an
  assessment at any time.

## Early years

Nurseries, pre-schools and childminders can ask the council's **early years inclusion fund** for help with
the extra cost of supporting a young child with SEN. Children in funded early education who get Disability
Living Allowance also bring the **Disability Access Fund**, a yearly payment to their nursery to make it
more accessible.

## With an EHC plan

When a child has an EHC plan, the top-up the school gets is based on the help set out in the plan. You can
ask for a personal budget for parts of the plan.

If you have questions about funding, ask the SENCO, or use "Ask us" on the carers' page.
""",
)

RIGHTS = PageText(
    slug="your-rights",
    kind="guide",
    title="Your rights: disagreements, mediation and tribunal",
    summary=(
        "What you can do if you disagree with a school, the council or a health or care service about help "
        "for special educational needs, including mediation and appeals to the tribunal."
    ),
    body="""\
Most disagreements are sorted out by talking. If that does not work, the law gives you ways to challenge
decisions. Young people aged 16 to 25 have these rights themselves.

## Start by talking

Ask for a meeting with the SENCO, the head teacher or your SEN caseworker. Say what you disagree with and
what you would like to happen. SENDIASS can help you prepare and come with you.

## Disagreement resolution

The council must offer independent **disagreement resolution** for disagreements about SEN, including SEN
support in school. It is free and separate from the council's SEN team. A neutral person helps both sides
reach an agreement.

## Decisions you can appeal

You can appeal to the **First-tier Tribunal (Special Educational Needs and Disability)** if the council:

- refuses to carry out an EHC needs assessment
- decides not to issue an EHC plan after an assessment
- issues a plan and you disagree with the description of needs, the help set out, or the school or
  college named (or that none is named)
- decides not to change a plan after a review, or to stop a plan

Appealing is free. When you appeal about the education parts of a plan, you can also ask the tribunal to
make recommendations about the health and social care parts.

## Mediation

Before you appeal you must contact a **mediation adviser** and say whether you want mediation. You do not
have to go to mediation, and if you appeal only about the school or college named in the plan you do not
need to contact the adviser at all.

- You have **2 months** from the date of the council's decision letter to contact the mediation adviser.
- If you do not want mediation, the adviser must give you a certificate within 3 working days.
- If you do, the mediation must take place within 30 days, and you get a certificate afterwards.

## Time limit for appealing

You must appeal within **2 months** of the date of the decision letter, or **1 month** from the date of the
mediation certificate, whichever is later. Keep every letter and note the dates.

## Other ways to complain

- About a school: use the school's complaints procedure. Disability discrimination claims against a school
  go to the same tribunal, within 6 months.
- About the council or social care: use the council's complaints procedure, then the Local Government and
  Social Care Ombudsman.
- About an NHS service: use the NHS complaints procedure, then the Parliamentary and Health Service
  Ombudsman.

SENDIASS can explain your options. National charities such as IPSEA (Independent Provider of Special
Education Advice) also give free legal advice about SEN.
""",
)

SENDIASS = PageText(
    slug="sendiass",
    kind="guide",
    title="Independent information, advice and support (SENDIASS)",
    summary=(
        "Free, confidential and impartial help for parents, children and young people with anything to do with "
        "special educational needs and disabilities."
    ),
    co_produced_with=SENDIASS_CO_PRODUCED_WITH,
    body="""\
Every council must make sure families can get information, advice and support about SEN and disability
that is independent of the council's decisions. Here that is **Derbyshire SENDIASS (demo)**, the SEND
information, advice and support service.

## What SENDIASS can do

SENDIASS is free, confidential and impartial. It can:

- explain SEN support, EHC needs assessments, EHC plans and annual reviews
- help you write to the school or the council, or read a draft EHC plan
- come with you to meetings, or help you prepare for them
- explain your rights, mediation and how to appeal
- give young people aged 16 to 25 advice of their own, in their own right

It works at arm's length from the council: the council's SEN team cannot see what you tell SENDIASS
unless you agree.

## How to contact SENDIASS

- Phone the helpline, Monday to Friday, 9am to 5pm
- Email, or use the contact form on its website
- Go to a drop-in: there is one in every locality, listed in this directory

Search this directory for "SENDIASS" to find phone numbers, drop-in times and places.

## Other independent help

- Derbyshire Parent Carer Voice (demo), the parent carer forum, brings parents together and works with
  the council and the NHS to improve services.
- National charities such as IPSEA (free legal advice about SEN) and Contact (for families with disabled
  children) have helplines and guides.
""",
)

GUIDES: tuple[PageText, ...] = (SEN_SUPPORT, EHC_PLANS, FUNDING, RIGHTS, SENDIASS)

# ---------------------------------------------------------------------------------------------------- carers

CARERS = PageText(
    slug="carers",
    kind="carers",
    title="Help for carers",
    summary=(
        "Breaks, support groups, benefits advice and assessments for parent carers, young carers and adult "
        "carers, and a team who will find the answer for you."
    ),
    co_produced_with=CARERS_CO_PRODUCED_WITH,
    body="""\
You are a carer if you look after someone who could not manage without your help because of a disability,
illness, mental health condition or addiction. You may be a **parent carer** of a disabled child, a
**young carer** under 18, or an **adult carer** looking after a grown-up son or daughter, a partner or a
parent. Many carers do not think of themselves as carers, but you have rights of your own.

## Ask us

Not sure where to start? Ask us a question once and a named person in the Local Offer and carers'
information service will find the answer for you, within {ask_us_days} working days. You can check where your
question has got to at any time.

## Assessments: your right to be asked what you need

An assessment is a conversation about your caring, your own wellbeing and what would help. It is free,
whatever your income, and however much or little care you give.

- **Carer's assessment**: for adults who care for another adult, under the Care Act 2014. If you appear to
  need support, the council must offer you an assessment.
- **Parent carer needs assessment**: for parents and carers of disabled children, under the Children Act
  1989. It looks at whether you can keep caring and whether you want to work, study or take part in other
  things.
- **Young carer's needs assessment**: for carers under 18, also under the Children Act 1989. It checks that
  caring is not harming their education, health or wellbeing.
- **Moving to adult services**: young carers, and parents of disabled young people, can ask for an
  assessment before the young person turns 18, to plan for the change.

You can ask for an assessment online here and see where your request has got to.

## Breaks

Breaks help you keep going. They include short breaks for disabled children, sitting services, carers'
break grants and days out. See the breaks and respite services in this directory.

## Money

- **Carer's Allowance** is for people who care for someone for at least 35 hours a week, when the person
  they care for gets certain disability benefits. There is a limit on how much you can earn.
- **Disability Living Allowance** for children, and **Personal Independence Payment** from age 16, help
  with the extra costs of disability.
- Benefits advice services in this directory can check what you are entitled to and help with forms.

## Support groups

Meeting other carers who understand can make a big difference. There are groups for parent carers, dads,
young carers and young adult carers, and groups in Polish, Urdu and Punjabi.
""",
)

ALL_PAGES: tuple[PageText, ...] = (*PATHWAYS, *GUIDES, CARERS)

__all__ = ["ALL_PAGES", "CARERS", "COMMUNICATION_DRAFT", "COMMUNICATION_FIRST", "CO_PRODUCED_WITH", "GUIDES",
           "PATHWAYS", "PageText", "Step"]
