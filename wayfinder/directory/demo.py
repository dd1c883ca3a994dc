"""The demo county's Local Offer: organisations and several hundred services across the six localities,
the pathway and guide pages, a provider's account with listing changes, and carers' "ask us" questions and
carer's assessment requests.

Two steps, like the county generator, so the same seed always gives the same directory:

* :func:`plan` builds every row as an unsaved instance from the random generator and the day, reading
  (never writing) what the county already has: localities, settings, demo accounts, taxonomy terms;
* :func:`write` prepares what the plan reads (postcode centroids, built-in taxonomies, the ask-us team),
  plans, stores with ``bulk_create`` (many-to-many rows through their through models) and audits the
  organisations, pages and listing changes in one ``audit_record_many`` batch.

Every organisation and person is invented; names that resemble real bodies say "(demo)". Phone numbers use
Ofcom's drama ranges, addresses the reserved ``example`` domains. Postcodes are real districts with a made-up
inward code; positions are the district's centroid moved by a few hundred metres.

The listings' ``last_confirmed_on`` are spread over the last nine months so that about 15% are past their
reconfirmation date (``WAYFINDER_LISTING_CONFIRM_DAYS``) and show as stale, as real Local Offers do.
"""

from __future__ import annotations

import hashlib
import math
import random
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from wayfinder.accounts.models import Invitation, Role, Team, TeamKind, User
from wayfinder.audit.models import Verb
from wayfinder.audit.services import PendingEvent, audit_record_many, diff
from wayfinder.people.codes import SettingType
from wayfinder.people.models import Locality, Setting
from wayfinder.statutory.calendar import WorkingDayCalendar

from . import demo_content, postcodes, vocab
from .carers import REFERENCE_ALPHABET, REFERENCE_LENGTH
from .models import (
    AccessRoute,
    CarerAssessmentKind,
    CarerAssessmentRequest,
    CarerAssessmentStage,
    CarerAssessmentStep,
    CarerRelationship,
    ChangeStatus,
    Contact,
    CostOption,
    ListingChange,
    Location,
    Organisation,
    Page,
    PageRevision,
    PlanRequirement,
    PostcodeCentroid,
    ProviderInvitation,
    Question,
    ReconfirmReminder,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from .services import listing_values

DISTRICTS_FILE = Path("geo/uk-postcode-districts.csv")
#: The counties (as the districts file names them) whose postcode districts are loaded: Derbyshire and the
#: places around it that families near the border search from.
CENTROID_COUNTIES = frozenset({
    "Derbyshire", "Derby", "Nottinghamshire", "Nottingham", "Leicestershire", "Staffordshire", "Stoke-on-Trent",
    "Cheshire East", "Stockport", "Tameside", "Oldham", "Kirklees", "Barnsley", "Sheffield", "Rotherham",
    "Doncaster",
})
#: Rough town positions for the districts the demo county uses, for when the districts file is missing
#: (hand-written, two decimal places: good to about a kilometre).
FALLBACK_CENTROIDS: dict[str, tuple[str, float, float]] = {
    "SK13": ("Glossop", 53.44, -1.95), "SK17": ("Buxton", 53.26, -1.91), "SK22": ("New Mills", 53.37, -2.00),
    "SK23": ("Chapel-en-le-Frith", 53.32, -1.92), "S32": ("Hathersage", 53.33, -1.65), "S33": ("Hope", 53.35, -1.74),
    "DE4": ("Matlock", 53.14, -1.55), "DE45": ("Bakewell", 53.21, -1.68), "DE11": ("Swadlincote", 52.77, -1.55),
    "DE12": ("Overseal", 52.74, -1.56), "DE65": ("Hilton", 52.87, -1.63), "DE73": ("Melbourne", 52.82, -1.43),
    "DE6": ("Ashbourne", 53.02, -1.73), "DE7": ("Ilkeston", 52.97, -1.31), "DE72": ("Draycott", 52.90, -1.33),
    "NG10": ("Long Eaton", 52.90, -1.27), "DE5": ("Ripley", 53.05, -1.41), "DE55": ("Alfreton", 53.10, -1.38),
    "DE56": ("Belper", 53.02, -1.48), "DE75": ("Heanor", 53.01, -1.35), "S44": ("Bolsover", 53.23, -1.29),
    "S42": ("Wingerworth", 53.20, -1.43), "S45": ("Clay Cross", 53.16, -1.41), "S21": ("Eckington", 53.31, -1.36),
    "S18": ("Dronfield", 53.30, -1.47), "S40": ("Chesterfield", 53.23, -1.43), "S41": ("Chesterfield", 53.25, -1.42),
    "S43": ("Staveley", 53.27, -1.35),
}
COUNTY_CENTRE = (53.13, -1.55)
#: How many services each size of county gets (the directory need not grow with the number of children).
SERVICES = {"small": 120, "county": 350, "large": 380}
STALE_SHARE = 0.15
HISTORY_DAYS = 274  # last_confirmed_on is spread over about nine months
IMPORT_FEED = "https://directory.icb.example/api/openreferral/"
ACCEPTANCE_SERVICE = "Autism family support drop-in, Matlock"
PROVIDER_ORG = "peak-dales-autism"
LONDON = ZoneInfo("Europe/London")
# Letters Royal Mail uses in the inward code (never C, I, K, M, O or V); as the county generator's.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

SR, SCH, GP, PRO, EHC = (AccessRoute.SELF_REFERRAL, AccessRoute.VIA_SCHOOL, AccessRoute.VIA_GP,
                         AccessRoute.VIA_PROFESSIONAL, AccessRoute.VIA_EHC_PLAN)

# -------------------------------------------------------------------------------------------- organisations


@dataclass(frozen=True)
class OrgDef:
    key: str
    name: str
    kind: str  # council | nhs | advice | charity | forum | leisure | carers | import
    description: str
    locality: str = ""  # the one locality a local charity or club works in; blank: the whole county
    town: str = "Matlock"  # where its office is
    languages: tuple[str, ...] = ()


ORGS: tuple[OrgDef, ...] = (
    # the county council's teams
    OrgDef("dcc-autism", "Derbyshire County Council Autism Outreach Team (demo)", "council",
           "Specialist teachers and practitioners who support autistic children and young people, their families "
           "and their schools, with or without a diagnosis."),
    OrgDef("dcc-support-service", "Derbyshire County Council Support Service for Special Educational Needs (demo)",
           "council", "Specialist teachers who advise nurseries and schools on supporting children with learning "
           "difficulties, including dyslexia, and who work with children in school."),
    OrgDef("dcc-sensory", "Derbyshire County Council Sensory Support Service (demo)", "council",
           "Qualified teachers of the deaf, of children with vision impairment and of children with multi-sensory "
           "impairment, working with families and settings from birth to 19.", town="Chesterfield"),
    OrgDef("dcc-ep", "Derbyshire County Council Educational Psychology Service (demo)", "council",
           "Educational psychologists who work with schools, families and the SEN team to understand and support "
           "children's learning and development."),
    OrgDef("dcc-early-years", "Derbyshire County Council Early Years SEND Team (demo)", "council",
           "Advice and training for nurseries, pre-schools and childminders, and support for families of young "
           "children with special educational needs and disabilities."),
    OrgDef("dcc-portage", "Derbyshire County Council Portage Service (demo)", "council",
           "Home visiting for families of young children with significant developmental needs, through play."),
    OrgDef("dcc-disabled-children", "Derbyshire County Council Disabled Children's Service (demo)", "council",
           "Social care for disabled children and their families: short breaks, parent carer needs assessments and "
           "support at home.", town="Chesterfield"),
    OrgDef("dcc-family-help", "Derbyshire County Council Family Help (demo)", "council",
           "Early help for families: parenting courses, family hubs, and a key worker when things get difficult."),
    OrgDef("dcc-youth", "Derbyshire County Council Youth Service (demo)", "council",
           "Youth clubs, activities and youth workers across the county, including inclusive sessions for young "
           "people with SEND."),
    OrgDef("dcc-pfa", "Derbyshire County Council Preparing for Adulthood Team (demo)", "council",
           "Help for young people with SEND aged 14 to 25 to move towards work, independent living, friendships and "
           "good health as adults."),
    OrgDef("dcc-welfare-rights", "Derbyshire County Council Welfare Rights Service (demo)", "council",
           "Free, confidential advice about benefits for people who live in Derbyshire, including families of "
           "disabled children and carers."),
    OrgDef("dcc-carers", "Derbyshire County Council Adult Care Carers' Team (demo)", "council",
           "Carer's assessments and support for adults who look after another adult.", town="Chesterfield"),
    OrgDef("dcc-local-offer", "Derbyshire County Council Local Offer and Carers' Information Service (demo)",
           "council", "Finds the answer for families and carers who are not sure where to turn, and keeps the Local "
           "Offer up to date."),
    OrgDef("dcc-travel", "Derbyshire County Council Home to School Travel Team (demo)", "council",
           "Decides on and arranges travel to school and college for eligible children and young people, including "
           "those with SEND."),
    OrgDef("sendiass", "Derbyshire SENDIASS (demo)", "advice",
           "The SEND information, advice and support service: free, confidential and impartial help for parents, "
           "children and young people, at arm's length from the council.", town="Belper"),
    # the NHS
    OrgDef("nhs-slt", "Derbyshire Community Health Services NHS Foundation Trust: Children's Speech and Language "
           "Therapy (demo)", "nhs", "Speech and language therapists who help children with talking, understanding, "
           "and eating and drinking, in clinics, nurseries and schools."),
    OrgDef("nhs-therapy", "Derbyshire Community Health Services NHS Foundation Trust: Children's Physiotherapy and "
           "Occupational Therapy (demo)", "nhs", "Physiotherapists and occupational therapists who help children "
           "with movement, posture, coordination and everyday skills."),
    OrgDef("nhs-0-19", "Derbyshire Community Health Services NHS Foundation Trust: Health Visiting and School "
           "Nursing (demo)", "nhs", "Health visitors for families with children under 5, and school nurses for "
           "children and young people aged 5 to 19."),
    OrgDef("nhs-camhs", "Derbyshire Healthcare NHS Foundation Trust: CAMHS (demo)", "nhs",
           "Child and adolescent mental health services for children and young people with moderate to severe "
           "mental health needs.", town="Chesterfield"),
    OrgDef("nhs-mhst", "Derbyshire Mental Health Support Teams in Schools (demo)", "nhs",
           "Practitioners who work in schools and colleges with children, young people and families on mild to "
           "moderate anxiety, low mood and worries."),
    OrgDef("nhs-paeds", "Chesterfield Royal Hospital NHS Foundation Trust: Community Paediatrics (demo)", "nhs",
           "Community paediatricians who assess and care for children with developmental, neurological and complex "
           "health needs.", town="Chesterfield"),
    OrgDef("nhs-neuro", "Derbyshire Children's Neurodevelopmental Assessment Service (demo)", "nhs",
           "Assessment for autism and ADHD for children and young people, by referral."),
    OrgDef("nhs-wheelchair", "Derbyshire Children's Wheelchair Service (demo)", "nhs",
           "Assessment for and provision of wheelchairs and seating for children and young people.", town="Ripley"),
    # charities and community groups
    OrgDef(PROVIDER_ORG, "Peak and Dales Autism Family Network", "charity",
           "A parent-led charity supporting families of autistic children and young people across the High Peak and "
           "the Derbyshire Dales, with or without a diagnosis.", locality="high-peak-north-dales", town="Matlock"),
    OrgDef("amber-autism", "Amber Valley Autism Parents' Group", "charity",
           "Parents of autistic children supporting each other in Amber Valley.", locality="amber-valley",
           town="Ripley"),
    OrgDef("spectrum-chesterfield", "Chesterfield Spectrum Families", "charity",
           "Groups and activities for autistic children and young people and their families in Chesterfield.",
           locality="chesterfield", town="Chesterfield"),
    OrgDef("erewash-nd", "Erewash ADHD and Autism Family Support", "charity",
           "Support for families of children with ADHD or autism in Erewash, before and after a diagnosis.",
           locality="erewash", town="Ilkeston"),
    OrgDef("bolsover-adhd", "Bolsover and District ADHD Family Support", "charity",
           "Parent-led support for families living with ADHD in Bolsover and North East Derbyshire.",
           locality="bolsover-north-east-derbyshire", town="Bolsover"),
    OrgDef("south-dyslexia", "South Derbyshire Dyslexia Association", "charity",
           "Advice, screening and groups for children and adults with dyslexia and their families.",
           locality="south-derbyshire-south-dales", town="Swadlincote"),
    OrgDef("derwent-dyslexia", "Derwent Valley Dyslexia Support", "charity",
           "Volunteers, many of them specialist teachers, running reading clubs and advice sessions for families.",
           town="Belper"),
    OrgDef("deaf-families", "Derbyshire Deaf Children's Families (demo)", "charity",
           "A family-run charity for deaf children and young people and their families.", town="Chesterfield"),
    OrgDef("peak-sight", "Peak Sight Vision Impairment Family Support", "charity",
           "Family days, advice and activities for children and young people who are blind or partially sighted.",
           town="Buxton"),
    OrgDef("open-door", "Open Door Young People's Counselling", "charity",
           "Free, confidential counselling for young people aged 11 to 25.", town="Chesterfield"),
    OrgDef("talk-it-through", "Talk It Through Counselling for Young People", "charity",
           "Counselling and wellbeing groups for children and young people, in schools and in the community.",
           town="Alfreton"),
    OrgDef("step-ahead-sleep", "Step Ahead Sleep Support", "charity",
           "Practical help for families of disabled and neurodivergent children who are not sleeping.",
           town="Heanor"),
    OrgDef("polish-centre", "Razem Ilkeston Polish Family Centre", "charity",
           "A community centre for Polish-speaking families, with advice, groups and interpreting.",
           locality="erewash", town="Ilkeston", languages=("pl",)),
    OrgDef("south-asian-carers", "Chesterfield South Asian Carers' Circle", "carers",
           "A group for South Asian carers and parent carers, meeting in Urdu, Punjabi and English.",
           locality="chesterfield", town="Chesterfield", languages=("ur", "pa")),
    OrgDef("slovak-families", "Long Eaton Slovak and Czech Families Group", "charity",
           "Support and advice for Slovak and Czech families, including families of disabled children.",
           locality="erewash", town="Long Eaton", languages=("sk",)),
    OrgDef("hope-valley-living", "Hope Valley Independent Living Project", "charity",
           "Courses and support for young people with learning disabilities to live more independently.",
           locality="high-peak-north-dales", town="Hope"),
    OrgDef("pathways-work", "Pathways to Work Derbyshire", "charity",
           "Supported employment for young people and adults with learning disabilities and autism.",
           town="Chesterfield"),
    OrgDef("speak-up", "Speak Up Derbyshire Young People's Advocacy", "charity",
           "Independent advocacy for children and young people, so their views are heard.", town="Matlock"),
    OrgDef("trent-advice", "Trent Valley Disability Advice Centre", "charity",
           "Advice on benefits, grants and equipment for disabled people and their families.",
           locality="south-derbyshire-south-dales", town="Swadlincote"),
    OrgDef("sensory-sparks", "Sensory Sparks Play Trust", "charity",
           "Sensory play sessions and a sensory room for children with complex needs and their families.",
           locality="bolsover-north-east-derbyshire", town="Clay Cross"),
    OrgDef("little-steps", "Little Steps SEND Family Group", "charity",
           "Stay and play and support for families of young children with SEND.",
           locality="south-derbyshire-south-dales", town="Hilton"),
    OrgDef("sunflower-breaks", "Sunflower Short Breaks", "charity",
           "Short break clubs, holiday schemes and overnight breaks for disabled children and young people.",
           town="Alfreton"),
    OrgDef("adventure-unlimited", "Adventure Unlimited Holiday Club", "charity",
           "Holiday activities for disabled children and their brothers and sisters.",
           locality="chesterfield", town="Staveley"),
    OrgDef("peak-adventure", "Peak Adventure Short Breaks", "charity",
           "Outdoor short breaks for disabled young people in the Peak District.",
           locality="high-peak-north-dales", town="Buxton"),
    OrgDef("dales-riding", "Dales Riding Therapy Group", "leisure",
           "Riding and carriage driving for disabled children and young people.",
           locality="high-peak-north-dales", town="Bakewell"),
    OrgDef("pcv", "Derbyshire Parent Carer Voice (demo)", "forum",
           "The parent carer forum for Derbyshire: parents and carers of children and young people with SEND, "
           "working with the council and the NHS to make services better.", town="Belper"),
    # leisure
    OrgDef("hp-leisure", "High Peak Leisure Trust (demo)", "leisure",
           "Leisure centres and swimming pools in the High Peak and the Derbyshire Dales.",
           locality="high-peak-north-dales", town="Buxton"),
    OrgDef("av-active", "Amber Valley Active (demo)", "leisure",
           "Leisure centres and community sport in Amber Valley.", locality="amber-valley", town="Belper"),
    OrgDef("erewash-sport", "Erewash Inclusive Sport Partnership", "leisure",
           "Clubs and coaches working together so that disabled children can take part in sport.",
           locality="erewash", town="Long Eaton"),
    OrgDef("chesterfield-leisure", "Chesterfield Leisure and Sport (demo)", "leisure",
           "Swimming, gym and sports sessions in Chesterfield, including inclusive sessions.",
           locality="chesterfield", town="Chesterfield"),
    OrgDef("bolsover-active", "Bolsover Active Communities (demo)", "leisure",
           "Sport and physical activity for everyone in Bolsover and North East Derbyshire.",
           locality="bolsover-north-east-derbyshire", town="Bolsover"),
    OrgDef("south-leisure", "South Derbyshire Leisure (demo)", "leisure",
           "Leisure centres and activities in South Derbyshire.", locality="south-derbyshire-south-dales",
           town="Swadlincote"),
    OrgDef("wheelchair-sports", "Derbyshire Wheelchair Sports Club", "leisure",
           "Wheelchair basketball, tennis and racing for children and adults.", town="Ripley"),
    OrgDef("erewash-football", "Erewash Inclusive Football Club", "leisure",
           "Football for disabled children and young people of every ability.", locality="erewash",
           town="Ilkeston"),
    OrgDef("boccia-club", "Chesterfield Boccia and Table Cricket Club", "leisure",
           "Boccia, table cricket and other adapted sports.", locality="chesterfield", town="Chesterfield"),
    # carers' organisations
    OrgDef("dca", "Derbyshire Carers Association (demo)", "carers",
           "Information, breaks, groups and advice for carers of all ages across Derbyshire.", town="Chesterfield"),
    OrgDef("young-carers", "Derbyshire Young Carers (demo)", "carers",
           "Groups, trips and one-to-one support for young carers aged 5 to 18 and young adult carers up to 25.",
           town="Belper"),
    OrgDef("av-carers", "Amber Valley Carers' Centre", "carers",
           "A drop-in centre for carers in Amber Valley.", locality="amber-valley", town="Ripley"),
    OrgDef("dales-carers", "Dales Carers' Support Network", "carers",
           "Peer support and breaks for carers in the High Peak and the Derbyshire Dales.",
           locality="high-peak-north-dales", town="Matlock"),
    OrgDef("bolsover-parent-carers", "Bolsover Parent Carers' Café", "carers",
           "A weekly café and support group run by parent carers, for parent carers.",
           locality="bolsover-north-east-derbyshire", town="Bolsover"),
    # a feed imported from another Open Referral publisher, waiting for an editor's review
    OrgDef("icb-import", "NHS Derby and Derbyshire Integrated Care Board directory (imported, demo)", "import",
           "Health services imported from the integrated care board's Open Referral directory.",
           town="Chesterfield"),
)

# ---------------------------------------------------------------------------------------- kinds of service


@dataclass(frozen=True)
class Fee:
    amount: str
    words: str
    option: str = "Per session"


@dataclass(frozen=True)
class Kind:
    """A kind of service and how to write one: its templates and terms. ``weight`` shares the local services
    between kinds (each local kind gets at least one); ``county`` is how many county-wide ones there are."""

    key: str
    names: tuple[str, ...]  # {town}, {locality}, {school}
    descriptions: tuple[str, ...]  # {town}, {ages}, {org}
    orgs: tuple[str, ...]  # OrgDef keys; "@special" a special school's outreach, "@college" a college
    eligibility: str  # {ages}, {area}
    how: str  # {phone}, {email}, {town}
    needs: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    level: str = "targeted"
    categories: tuple[str, ...] = ()
    ages: tuple[tuple[int, int], ...] = ((0, 25),)
    access: tuple[str, ...] = (SR,)
    weight: float = 0.0
    county: int = 0
    pick_needs: int = 0  # choose this many of ``needs`` (0: all)
    diagnosis: float = 0.0  # chance it needs a diagnosis
    diagnosis_note: str = "Your child needs a diagnosis to use this service."
    plan_only: float = 0.0
    fees: tuple[Fee, ...] = ()
    paid: float = 1.0  # chance it charges, when it has fees
    schedule: str = "dropin"
    venues: tuple[str, ...] = ("community",)
    online: bool = False  # online or by phone (a virtual location) rather than a venue
    title: str = "Coordinator"  # the contact's job title
    alert: str = ""


DROP_IN = ("Just come along: you do not need to book or be referred. If you would like to check first, call {phone} "
           "or email {email}.")
BOOK = "Book a place by calling {phone} or emailing {email}."
VIA_SENCO = ("Ask your child's SENCO to contact the team; the school or nursery makes the request with you. Parents "
             "can call {phone} for advice.")
VIA_HEALTH = ("Ask your GP, health visitor, school nurse or your child's school to refer your child. If you are "
              "already seen by the service, call {phone}.")
VIA_PRO = ("A social worker, health visitor, paediatrician or other professional can refer you. You can also ask for "
           "it yourself by calling {phone}.")
CALL = "Call {phone} or email {email}."
CHILDREN = "Children and young people aged {ages} in {area}, and their families."
PARENTS = "Parents and carers of children and young people aged {ages} in {area}."
YOUNG = "Young people aged {ages} in {area}."

COMMUNITY = ("hub", "library", "community", "church")
KINDS: tuple[Kind, ...] = (
    # ---- communication and interaction
    Kind("autism-outreach",
         ("Autism outreach surgery for parents and schools, {town}", "Autism outreach advice sessions, {town}"),
         ("Specialist teachers from the autism outreach team give advice to families and to nurseries, schools and "
          "colleges about supporting autistic children and young people, with or without a diagnosis. Bring your "
          "questions about communication, sensory needs, routines or school, and leave with practical ideas to try.",
          "A monthly surgery in {town} with the autism outreach team. Talk through what is happening at home or at "
          "school, and find out how the team can work with your child's setting."),
         ("dcc-autism",), CHILDREN, BOOK + " Schools can also request outreach support through the SENCO.",
         needs=("asd",), headings=("education",), level="targeted", categories=("outreach",),
         ages=((2, 19), (4, 16)), access=(SR, SCH), weight=2, schedule="monthly", venues=("hub", "library"),
         title="Specialist autism teacher"),
    Kind("autism-family",
         ("Autism family support drop-in, {town}", "Autism parents' coffee morning, {town}",
          "Autism family support group, {town}"),
         ("A friendly drop-in for parents and carers of autistic children and young people, whether or not your child "
          "has a diagnosis. Meet other families, get practical advice on communication, routines and sleep, and find "
          "out what else there is in {town} and nearby.",
          "Parents and carers of autistic children meet for a coffee and a chat, with a guest speaker once a term. "
          "Families who are waiting for an assessment are very welcome."),
         (PROVIDER_ORG, "amber-autism", "spectrum-chesterfield", "erewash-nd", "pcv"), PARENTS, DROP_IN,
         needs=("asd",), headings=("information-advice", "carers-support"), level="universal",
         categories=("peer-support",), ages=((0, 18), (0, 25)), weight=3, venues=COMMUNITY, title="Group organiser"),
    Kind("slt-dropin",
         ("Speech and language drop-in for under-5s, {town}", "Chatterbox: talking and listening drop-in, {town}"),
         ("Worried about how your young child is talking or understanding? Drop in to talk to a speech and language "
          "therapist. No referral is needed. You will get advice and ideas to try at home, and the therapist can "
          "arrange more help if your child needs it.",
          "A relaxed session for parents of children aged {ages} to play, sing and share books, with a speech and "
          "language therapist on hand for questions about talking and listening."),
         ("nhs-slt",), "Children aged {ages} and their parents or carers in {area}.", DROP_IN,
         needs=("slcn",), headings=("health",), level="universal", categories=("therapy",),
         ages=((0, 5), (0, 4)), access=(SR,), weight=3, venues=("hub", "library"),
         title="Speech and language therapist"),
    Kind("slt-clinic",
         ("Children's speech and language therapy clinic, {town}",),
         ("Assessment and therapy for children and young people with speech, language and communication needs, and "
          "for those with eating, drinking and swallowing difficulties. Therapists work with you and your child's "
          "nursery or school on goals that matter in everyday life.",),
         ("nhs-slt",), CHILDREN, VIA_HEALTH,
         needs=("slcn", "asd"), pick_needs=1, headings=("health",), level="specialist", categories=("therapy",),
         ages=((0, 18), (0, 16)), access=(GP, SCH, PRO), weight=2, schedule="clinic", venues=("health", "clinic"),
         title="Clinical lead speech and language therapist",
         alert="The wait for a first appointment is about 14 weeks. Our drop-ins are open while you wait."),
    Kind("wyw-autism",
         ("Waiting for an autism assessment: family support group, {town}",
          "While you wait: understanding autism sessions, {town}"),
         ("For families waiting for an autism assessment, or who think their child may be autistic. Learn about "
          "autism, sensory differences and communication, share what works with other parents, and find out what "
          "help your child's school can give now. You do not need a referral or a diagnosis.",),
         (PROVIDER_ORG, "amber-autism", "spectrum-chesterfield", "erewash-nd", "dcc-autism"), PARENTS, BOOK,
         needs=("asd", "slcn"), headings=("information-advice",), level="targeted",
         categories=("while-you-wait", "parenting"), ages=((0, 18),), weight=1.5, schedule="course", venues=COMMUNITY,
         title="Family support worker"),
    # ---- cognition and learning
    Kind("dyslexia-group",
         ("Dyslexia support group, {town}", "Reading confidence club, {town}", "Dyslexia advice evening, {town}"),
         ("A group for children with dyslexia or reading difficulties and their parents. Children build confidence "
          "with games and technology; parents find out how to help with reading and spelling at home, and how to talk "
          "to school about support.",
          "Volunteers with specialist teaching experience run a small reading club for children aged {ages}. No "
          "diagnosis or test is needed."),
         ("south-dyslexia", "derwent-dyslexia"), CHILDREN, BOOK,
         needs=("spld",), headings=("education",), level="universal", categories=("parenting",),
         ages=((6, 16), (7, 14)), weight=2, fees=(Fee("2.00", "£2 a session"),
                                                  Fee("45.00", "Free to join; a dyslexia screening costs £45",
                                                      "Dyslexia screening")),
         paid=0.5, schedule="evening", venues=("library", "community")),
    Kind("learning-support",
         ("Specialist teaching advice for schools, {town} area",),
         ("Specialist teachers from the support service advise schools on teaching children with learning "
          "difficulties, including dyslexia and dyscalculia, and assess children's learning when the school asks. "
          "They can suggest approaches, resources and training, and join SEN support reviews with you.",),
         ("dcc-support-service",), CHILDREN, VIA_SENCO,
         needs=("mld", "spld"), headings=("education",), level="targeted", categories=("outreach",),
         ages=((4, 16),), access=(SCH,), weight=2, schedule="office", venues=("office",), title="Specialist teacher"),
    Kind("school-outreach",
         ("Outreach from {school}", "Special school outreach for mainstream schools, {town}"),
         ("Teachers from a local special school share their expertise with mainstream nurseries and schools nearby: "
          "advice on "
          "teaching, communication and behaviour, training for staff, and visits to observe a pupil and plan with "
          "the SENCO and family.",),
         ("@special",), CHILDREN, VIA_SENCO,
         needs=("mld", "sld", "pmld", "asd"), pick_needs=2, headings=("education",), level="specialist",
         categories=("outreach",), ages=((3, 16),), access=(SCH,), weight=1, schedule="school", venues=("school",),
         title="Outreach lead teacher"),
    Kind("portage",
         ("Portage home visiting, {locality}",),
         ("A Portage home visitor comes to your home every week or two to play with your child and help you plan "
          "small steps in their learning and development. Portage is for young children with significant needs, "
          "and can start before they go to nursery.",),
         ("dcc-portage",), "Children under 5 in {area} with significant developmental needs, and their families.",
         VIA_PRO, needs=("sld", "pmld", "pd", "slcn"), headings=("education",), level="specialist",
         categories=("outreach",), ages=((0, 4),), access=(GP, PRO, SR), weight=1, schedule="office",
         venues=("office",), title="Portage home visitor"),
    Kind("wyw-learning",
         ("Waiting for a learning assessment: help for parents, {town}",),
         ("For parents whose child is waiting to see an educational psychologist or specialist teacher, or who "
          "think their child may have dyslexia. Find out what the school should be doing now, practical ways to "
          "help with reading and maths at home, and how SEN support works.",),
         ("derwent-dyslexia", "south-dyslexia", "sendiass"), PARENTS, BOOK,
         needs=("spld", "mld"), headings=("information-advice",), level="targeted",
         categories=("while-you-wait", "advice"), ages=((4, 16),), weight=1, schedule="course", venues=COMMUNITY),
    # ---- social, emotional and mental health
    Kind("mhst",
         ("Mental health support team in schools, {town}",),
         ("Practitioners who work in schools and colleges in and around {town}, offering short pieces of work to "
          "children and young people with mild to moderate anxiety, low mood or worries, and support for their "
          "parents. The team also helps schools support everyone's wellbeing.",),
         ("nhs-mhst",), CHILDREN, "Ask your child's school or college: it refers to the team, with you.",
         needs=("semh-type",), headings=("health",), level="targeted", categories=("mental-health",),
         ages=((5, 18),), access=(SCH,), weight=2, schedule="school", venues=("school",), title="Team lead"),
    Kind("camhs-clinic",
         ("CAMHS clinic, {town}",),
         ("Child and adolescent mental health services (CAMHS) assess and treat children and young people with "
          "moderate to severe mental health needs, such as severe anxiety, depression, self-harm or eating "
          "difficulties. Treatment may include talking therapies, family work and medication.",),
         ("nhs-camhs",), CHILDREN, VIA_HEALTH,
         needs=("semh-type",), headings=("health",), level="specialist", categories=("mental-health",),
         ages=((0, 18),), access=(GP, SCH, PRO), weight=1, schedule="clinic", venues=("clinic",),
         title="Clinical team manager",
         alert="If you are worried about your child's safety while you wait, call the CAMHS crisis line."),
    Kind("counselling",
         ("Young people's counselling, {town}", "Talk it through: counselling for young people, {town}"),
         ("Free, confidential counselling for young people aged {ages}. You can refer yourself. Sessions are weekly "
          "for up to 12 weeks, face to face in {town} or online.",),
         ("open-door", "talk-it-through"), YOUNG, "Refer yourself online, or call {phone}. A parent, teacher or GP can "
         "refer you too, with your agreement.",
         needs=("semh-type",), headings=("health",), level="targeted", categories=("mental-health",),
         ages=((11, 25), (11, 18)), access=(SR, SCH, GP), weight=2.5, schedule="clinic", venues=("office",),
         title="Counselling manager"),
    Kind("wellbeing-cafe",
         ("Wellbeing café for young people, {town}",),
         ("A drop-in for young people to relax, chat and do something creative, with youth workers and a wellbeing "
          "practitioner to talk to. No referral is needed.",),
         ("talk-it-through", "dcc-youth"), YOUNG, DROP_IN,
         needs=("semh-type",), headings=("health", "leisure"), level="universal", categories=("mental-health",),
         ages=((11, 18),), weight=1.5, schedule="evening", venues=("youth", "library")),
    Kind("wyw-semh",
         ("Waiting for CAMHS or an ADHD assessment: family support, {town}", "ADHD family support group, {town}"),
         ("For parents and carers of children with ADHD, anxiety or behaviour that is hard to manage, including "
          "families waiting for CAMHS or an ADHD assessment. Share what helps, learn about routines and calming "
          "strategies, and find out what support school should give now.",),
         ("bolsover-adhd", "erewash-nd", "dcc-family-help", "pcv"), PARENTS, DROP_IN,
         needs=("semh-type",), headings=("information-advice", "carers-support"), level="targeted",
         categories=("while-you-wait", "peer-support"), ages=((4, 18),), weight=1.5, venues=COMMUNITY),
    # ---- sensory and physical
    Kind("deaf-club",
         ("Deaf children's family club, {town}",),
         ("A monthly family club for deaf children and young people, their brothers and sisters and parents. Play, "
          "crafts and days out, with British Sign Language and spoken English, and a chance for parents to share "
          "experience.",),
         ("deaf-families",), CHILDREN, BOOK,
         needs=("hi",), headings=("leisure",), level="universal", categories=("activities", "peer-support"),
         ages=((0, 18),), weight=1, schedule="weekend", venues=("community", "hub")),
    Kind("vi-club",
         ("Family day for children with vision impairment, {town}",),
         ("Activities and days out for children and young people who are blind or partially sighted, and their "
          "families, with advice from a habilitation specialist.",),
         ("peak-sight",), CHILDREN, BOOK,
         needs=("vi",), headings=("leisure",), level="universal", categories=("activities",),
         ages=((0, 18),), weight=0.6, schedule="weekend", venues=("community",)),
    Kind("physio",
         ("Children's physiotherapy, {town}",),
         ("Physiotherapists assess and help children and young people with movement, balance, posture and strength, "
          "in clinic, at home or at school. They advise on exercises, equipment and taking part in sport.",),
         ("nhs-therapy",), CHILDREN, VIA_HEALTH,
         needs=("pd",), headings=("health",), level="specialist", categories=("therapy",),
         ages=((0, 18),), access=(GP, PRO), weight=1.5, schedule="clinic", venues=("clinic", "health"),
         title="Paediatric physiotherapist"),
    Kind("ot",
         ("Children's occupational therapy, {town}",),
         ("Occupational therapists help children and young people with everyday activities such as dressing, "
          "eating, handwriting and play, including difficulties with coordination and sensory processing. They "
          "advise families and schools on equipment and adaptations.",),
         ("nhs-therapy",), CHILDREN, VIA_HEALTH,
         needs=("pd", "spld"), headings=("health",), level="specialist", categories=("therapy",),
         ages=((0, 18),), access=(GP, SCH, PRO), weight=1.5, schedule="clinic", venues=("clinic", "health"),
         title="Paediatric occupational therapist"),
    Kind("wyw-physical",
         ("While you wait for therapy: movement and sensory skills drop-in, {town}",),
         ("For families waiting for physiotherapy or occupational therapy, or who are worried about their child's "
          "coordination or sensory needs. A therapy assistant shows activities to try at home and at school, and "
          "helps you decide whether to ask for a referral.",),
         ("nhs-therapy",), PARENTS, DROP_IN,
         needs=("pd",), headings=("health",), level="universal", categories=("while-you-wait", "therapy"),
         ages=((2, 11),), weight=1, venues=("hub", "leisure"), title="Therapy assistant"),
    Kind("sensory-play",
         ("Sensory play session, {town}", "Sensory room sessions, {town}"),
         ("Relaxed play in a sensory room with lights, sounds and textures, for children with complex needs and "
          "their families. Quiet, calm and step-free.",),
         ("sensory-sparks", "little-steps", "dcc-family-help"), CHILDREN, BOOK,
         needs=("pmld", "sld", "asd", "msi"), pick_needs=2, headings=("leisure",), level="universal",
         categories=("activities",), ages=((0, 11), (0, 5)), weight=1,
         fees=(Fee("2.00", "£2 per family"),), paid=0.5, venues=("hub",)),
    # ---- activities, short breaks, youth
    Kind("inclusive-sport",
         ("Inclusive swimming, {town}", "Disability football, {town}", "Inclusive trampolining, {town}",
          "Adapted cycling, {town}", "Boccia club, {town}", "Wheelchair basketball, {town}",
          "Inclusive multi-sports club, {town}", "Relaxed swim session, {town}"),
         ("Sport for disabled children and young people of every ability, led by qualified coaches. Brothers, "
          "sisters and friends are welcome. The sessions are calm, with smaller groups and support from staff.",
          "A fun, friendly session for children and young people aged {ages}, with adapted equipment and coaches "
          "trained in disability sport. Come and try a first session for free."),
         ("hp-leisure", "av-active", "erewash-sport", "chesterfield-leisure", "bolsover-active", "south-leisure",
          "wheelchair-sports", "erewash-football", "boccia-club", "dales-riding"), CHILDREN, BOOK,
         needs=("pd", "sld", "mld", "asd", "hi", "vi"), pick_needs=2, headings=("leisure",), level="universal",
         categories=("activities",), ages=((5, 18), (8, 25), (4, 16)), weight=6,
         fees=(Fee("3.00", "£3 a session"), Fee("2.50", "£2.50 a session; carers free"),
               Fee("4.00", "£4 a session, or £30 for 10 sessions")), paid=0.85, schedule="sport",
         venues=("leisure",), title="Inclusive sport coach"),
    Kind("holiday-scheme",
         ("Holiday club for disabled children, {town}", "Summer holiday activity scheme, {town}"),
         ("A holiday club for disabled children and young people, with a high ratio of trained staff, sensory "
          "activities, sport, crafts and trips. Personal care and medication can be supported.",
          "Activities, food and fun in the school holidays for children aged {ages} with SEND. Free places for "
          "children eligible for benefits-related free school meals."),
         ("sunflower-breaks", "adventure-unlimited", "peak-adventure", "dcc-disabled-children"), CHILDREN, BOOK,
         needs=("sld", "pmld", "pd", "asd"), pick_needs=2, headings=("leisure", "short-breaks"), level="targeted",
         categories=("activities", "breaks-respite"), ages=((5, 18), (5, 14)), weight=3,
         fees=(Fee("15.00", "£15 a day; free for children eligible for free school meals", "Per day"),
               Fee("10.00", "£10 a day", "Per day")), paid=0.7, schedule="holiday", venues=("school", "community")),
    Kind("short-break-club",
         ("Saturday short break club, {town}", "After-school short break club, {town}",
          "Overnight short breaks, {town}"),
         ("A short break for disabled children and young people, and time off for their parents and carers. "
          "Children take part in activities with trained staff who get to know them well.",),
         ("sunflower-breaks", "dcc-disabled-children", "peak-adventure"),
         "Disabled children and young people aged {ages} in {area}. Most places are arranged after a short breaks "
         "assessment; some are open to any family.", VIA_PRO,
         needs=("sld", "pmld", "pd", "asd", "msi"), pick_needs=3, headings=("short-breaks", "social-care"),
         level="specialist", categories=("breaks-respite",), ages=((5, 18), (8, 18)), access=(PRO, SR),
         diagnosis=0.2, diagnosis_note="For children with a significant disability.", weight=2.5, schedule="weekend",
         venues=("school", "community"), title="Short breaks coordinator"),
    Kind("youth-club",
         ("Inclusive youth club, {town}", "Friday night youth club for young people with SEND, {town}"),
         ("A youth club for young people with SEND to meet friends, try new things and have a say in what the club "
          "does. Youth workers support everyone to take part.",),
         ("dcc-youth", "spectrum-chesterfield", "hope-valley-living"), YOUNG, DROP_IN,
         needs=("asd", "mld", "sld", "semh-type"), pick_needs=2, headings=("leisure",), level="universal",
         categories=("activities",), ages=((11, 19), (11, 25)), weight=3.5, fees=(Fee("1.00", "£1 a session"),),
         paid=0.7, schedule="evening", venues=("youth", "community"), title="Youth worker"),
    Kind("stay-and-play",
         ("SEND stay and play, {town}",),
         ("A stay and play session for young children with SEND and their parents and carers, in a calm room with "
          "sensory toys. Early years staff are on hand to chat about development, nursery and SEN support.",),
         ("dcc-family-help", "little-steps", "dcc-early-years"), "Children aged {ages} in {area} and their families.",
         DROP_IN, needs=("slcn", "asd", "pd", "sld"), pick_needs=2, headings=("education", "leisure"),
         level="universal", categories=("activities",), ages=((0, 5),), weight=1.5, venues=("hub",)),
    # ---- parenting and sleep
    Kind("parenting",
         ("Parenting course for parents of children with ADHD, {town}",
          "Understanding autism: a course for parents and carers, {town}",
          "Helping your anxious child: parent workshop, {town}",
          "Parenting a child with SEND: six-week course, {town}"),
         ("A six-week course for parents and carers, led by trained practitioners. Learn about your child's needs, "
          "why some behaviour happens and what helps, and meet other parents in the same position. No diagnosis is "
          "needed.",
          "Practical sessions for parents and carers of children aged {ages}, with time for questions. A crèche can "
          "be arranged if you ask when you book."),
         ("dcc-family-help", "erewash-nd", "bolsover-adhd", "amber-autism", "spectrum-chesterfield"), PARENTS, BOOK,
         needs=("asd", "semh-type"), pick_needs=1, headings=("information-advice", "carers-support"),
         level="targeted", categories=("parenting",), ages=((2, 18), (5, 16)), access=(SR, PRO, SCH), weight=3.5,
         schedule="course", venues=COMMUNITY, title="Parenting practitioner"),
    Kind("sleep",
         ("Sleep clinic for children with SEND, {town}", "Sleep support workshop for parents, {town}"),
         ("For families of disabled and neurodivergent children who are not sleeping well. A trained sleep "
          "practitioner helps you understand the problem and make a plan, with follow-up calls.",),
         ("step-ahead-sleep", "nhs-paeds"), PARENTS, BOOK,
         needs=("asd", "semh-type", "sld"), pick_needs=2, headings=("health", "carers-support"), level="targeted",
         categories=("parenting",), ages=((2, 18),), access=(SR, GP, PRO), weight=1.5, schedule="course",
         venues=("hub", "health"), title="Sleep practitioner"),
    # ---- preparing for adulthood
    Kind("supported-internship",
         ("Supported internship: hospital and health care, {town}", "Supported internship: hotels and catering, "
          "{town}", "Supported internship: shops and warehouses, {town}", "Supported internship: council offices, "
          "{town}"),
         ("A year-long study programme based with an employer, for young people with an EHC plan who want to move "
          "into paid work. Interns spend most of their time at work with a job coach, learn skills for the job and "
          "study English and maths if they need to.",),
         ("@college", "pathways-work"), "Young people aged {ages} with an EHC plan who want to work.",
         "Talk to your college, your SEN caseworker or the preparing for adulthood team at your annual review. Call "
         "{phone} to find out more.",
         needs=("mld", "sld", "asd"), pick_needs=2, headings=("preparing-for-adulthood", "education"),
         level="specialist", ages=((16, 24),), access=(EHC, PRO), plan_only=1.0, weight=1.5, schedule="school",
         venues=("college",), title="Job coach"),
    Kind("independent-living",
         ("Independent living skills course, {town}", "Travel training for young people, {town}",
          "Cooking and money skills for young people, {town}"),
         ("A course for young people with learning disabilities or autism to practise the skills they need to live "
          "more independently: cooking, budgeting, using buses and trains, and staying safe.",),
         ("hope-valley-living", "dcc-pfa", "pathways-work"), YOUNG, BOOK,
         needs=("mld", "sld", "asd"), pick_needs=2, headings=("preparing-for-adulthood",), level="targeted",
         ages=((14, 25), (16, 25)), access=(SR, PRO, SCH), weight=2, schedule="course", venues=("community", "office"),
         title="Independence trainer"),
    # ---- advice and advocacy
    Kind("sendiass-dropin",
         ("SENDIASS drop-in, {town}",),
         ("Drop in to talk in confidence to an adviser from SENDIASS, the SEND information, advice and support "
          "service. Free, impartial advice on SEN support, EHC needs assessments and plans, school and college, "
          "and help to prepare for meetings.",),
         ("sendiass",), "Parents, carers, children and young people aged {ages} in {area}.", DROP_IN,
         needs=("communication-interaction", "cognition-learning", "semh", "sensory-physical"),
         headings=("information-advice",), level="universal", categories=("advice",), ages=((0, 25),), weight=1,
         schedule="monthly", venues=("library",), title="SENDIASS adviser"),
    Kind("advocacy",
         ("Independent advocacy for young people, {town}",),
         ("An independent advocate helps children and young people say what they think at meetings about their "
          "education, care or health, and makes sure they are listened to.",),
         ("speak-up",), YOUNG, "Young people can contact us themselves, or ask an adult to. Call {phone}.",
         headings=("information-advice",), level="targeted", categories=("advice",), ages=((8, 25),), weight=0.8,
         schedule="office", venues=("office",), title="Advocate"),
    Kind("benefits-advice",
         ("Benefits advice for families of disabled children, {town}",
          "Help with DLA and Carer's Allowance forms, {town}"),
         ("Free advice on benefits for families of disabled children and for carers: Disability Living Allowance, "
          "Personal Independence Payment, Carer's Allowance, Universal Credit and more. An adviser can check what "
          "you are entitled to and help you fill in forms.",),
         ("dcc-welfare-rights", "trent-advice", "dca", "polish-centre", "slovak-families"),
         "Families and carers in {area}.", BOOK,
         headings=("carers-support", "information-advice"), level="universal", categories=("benefits", "advice"),
         ages=((0, 25),), weight=1.5, schedule="dropin", venues=("library", "office"), title="Welfare rights adviser"),
    Kind("school-nursing",
         ("School nurse drop-in, {town}",),
         ("A confidential drop-in with a school nurse for young people, about health, feelings, relationships or "
          "anything else that is worrying them.",),
         ("nhs-0-19",), YOUNG, DROP_IN,
         needs=("semh-type",), headings=("health",), level="universal", categories=("advice", "mental-health"),
         ages=((11, 19),), weight=1.5, schedule="school", venues=("school", "health"), title="School nurse"),
    Kind("early-years-send",
         ("Early years SEND advice, {locality}",),
         ("Early years SEND advisers support nurseries, pre-schools and childminders to include young children with "
          "SEND, and help families with the move to school. Settings can ask for a visit; parents can call for "
          "advice.",),
         ("dcc-early-years",), "Children aged {ages} in {area} and their families.", VIA_SENCO,
         needs=("slcn", "asd", "pd", "sld"), headings=("education",), level="targeted", categories=("outreach",),
         ages=((0, 5),), access=(SCH, SR), weight=1, schedule="office", venues=("office",),
         title="Early years SEND adviser"),
    # ---- carers
    Kind("carers-break",
         ("Carers' pamper and wellbeing day, {town}", "Sitting service for parent carers, {town}",
          "Carers' days out, {town}"),
         ("Time for you: a relaxed day with treatments, lunch and other carers, while trained volunteers or staff "
          "look after the person you care for if you need them to.",
          "A trained sitter stays with your disabled child or the person you care for, so you can have a few hours "
          "off."),
         ("dca", "av-carers", "dales-carers", "bolsover-parent-carers"), "Carers and parent carers in {area}.", BOOK,
         headings=("carers-support", "short-breaks"), level="targeted", categories=("breaks-respite",),
         ages=((0, 25),), weight=2, schedule="weekend", venues=("community",), title="Carers' support worker"),
    Kind("carer-peer",
         ("Parent carer coffee morning, {town}", "Dads' group for parent carers, {town}",
          "Carers' support group, {town}", "Parent carer peer support group, {town}"),
         ("A friendly group run by carers, for carers. Share experience, pick up tips about services and "
          "entitlements, or just have a cup of tea with people who understand.",),
         ("pcv", "dca", "av-carers", "dales-carers", "bolsover-parent-carers", "south-asian-carers", "polish-centre"),
         "Parent carers and carers in {area}.", DROP_IN,
         headings=("carers-support",), level="universal", categories=("peer-support",), ages=((0, 25),), weight=3.5,
         venues=COMMUNITY, title="Group organiser"),
    Kind("young-carers-group",
         ("Young carers' group, {town}", "Young carers' club, {town}"),
         ("A group for young carers aged {ages} to have fun, make friends and get a break from caring. Young carers "
          "can also talk to a support worker about school and how they are feeling.",),
         ("young-carers", "dca"), "Young carers aged {ages} in {area}.", "Young carers, parents or a professional can "
         "refer. Call {phone} or email {email}.",
         headings=("carers-support",), level="targeted", categories=("young-carers",), ages=((8, 18), (5, 17)),
         access=(SR, SCH, PRO), weight=2, schedule="evening", venues=("youth", "community"),
         title="Young carers' support worker"),
    Kind("carers-drop-in",
         ("Carers' assessment drop-in, {town}",),
         ("Talk to a carers' adviser about a carer's assessment, a parent carer needs assessment or a young carer's "
          "assessment: what it is, how to ask for one and what support it can lead to.",),
         ("dca", "dcc-carers"), "Carers of any age in {area}.", DROP_IN,
         headings=("carers-support",), level="targeted", categories=("carers-assessment", "advice"), ages=((0, 25),),
         weight=1, schedule="monthly", venues=("library", "hub"), title="Carers' adviser"),
    # ---- county-wide services (no localities: the whole county)
    Kind("autism-line", ("Autism outreach advice line for parents",),
         ("Parents and carers can call the autism outreach team for advice about supporting an autistic child or "
          "young person at home or at school, with or without a diagnosis.",),
         ("dcc-autism",), CHILDREN, CALL, needs=("asd",), headings=("education", "information-advice"),
         categories=("outreach", "advice"), ages=((0, 19),), county=1, schedule="office", online=True),
    Kind("sensory-hi", ("Hearing support: teachers of the deaf",),
         ("Qualified teachers of the deaf support deaf children and young people and their families from diagnosis, "
          "at home, in nursery, school and college: advice on communication, hearing technology and access to "
          "learning.",),
         ("dcc-sensory",), CHILDREN, "Audiology refers children after a hearing loss is found; families and schools "
         "can also call {phone}.", needs=("hi",), headings=("education",), level="specialist",
         categories=("outreach",), ages=((0, 19),), access=(PRO, SCH, SR), county=1, diagnosis=1.0,
         diagnosis_note="For children with a hearing loss identified by audiology.", schedule="office",
         venues=("office",), title="Qualified teacher of the deaf"),
    Kind("sensory-vi", ("Vision support: qualified teachers of children with vision impairment",),
         ("Qualified teachers of children with vision impairment and habilitation specialists support children and "
          "young people who are blind or partially sighted: learning braille or using magnification, moving about "
          "safely, and making lessons accessible.",),
         ("dcc-sensory",), CHILDREN, "The eye clinic refers children; families and schools can also call {phone}.",
         needs=("vi",), headings=("education",), level="specialist", categories=("outreach",), ages=((0, 19),),
         access=(PRO, SCH, SR), county=1, diagnosis=1.0,
         diagnosis_note="For children with a vision impairment identified by an eye clinic.", schedule="office",
         venues=("office",), title="Qualified teacher of children with vision impairment"),
    Kind("sensory-msi", ("Multi-sensory impairment teaching service",),
         ("A specialist teacher for children and young people with both hearing and vision difficulties works with "
          "the family and setting on communication and learning.",),
         ("dcc-sensory",), CHILDREN, "Ask the sensory support service: call {phone}.", needs=("msi",),
         headings=("education",), level="specialist", categories=("outreach",), ages=((0, 19),), access=(PRO, SR),
         county=1, diagnosis=1.0, diagnosis_note="For children with both a hearing and a vision impairment.",
         schedule="office", venues=("office",), title="Multi-sensory impairment teacher"),
    Kind("camhs-crisis", ("CAMHS crisis line",),
         ("If a child or young person is in a mental health crisis, call the crisis line, any time of day or night. "
          "If someone is in immediate danger, call 999.",),
         ("nhs-camhs",), CHILDREN, "Call {phone}, any time. You do not need a referral.", needs=("semh-type",),
         headings=("health",), level="specialist", categories=("mental-health",), ages=((0, 18),), county=1,
         schedule="always", online=True, title="Crisis team"),
    Kind("camhs-ld", ("CAMHS learning disability team",),
         ("Mental health support for children and young people with a moderate to severe learning disability, and "
          "advice for their families and schools.",),
         ("nhs-camhs",), CHILDREN, VIA_HEALTH, needs=("semh-type", "sld", "pmld"), headings=("health",),
         level="specialist", categories=("mental-health",), ages=((0, 18),), access=(GP, PRO), county=1,
         diagnosis=1.0, diagnosis_note="For children with a diagnosed learning disability.", schedule="clinic",
         venues=("clinic",)),
    Kind("neuro", ("Autism and ADHD assessment for children and young people",),
         ("The neurodevelopmental assessment service assesses children and young people who may be autistic or have "
          "ADHD. Support does not depend on the assessment: schools and family services can help while you wait.",),
         ("nhs-neuro",), CHILDREN, "Your GP, health visitor, school or another professional can refer your child.",
         needs=("asd", "semh-type"), headings=("health",), level="specialist", ages=((2, 18),), access=(GP, SCH, PRO),
         county=1, schedule="clinic", venues=("clinic",), title="Service manager",
         alert="Most children wait more than a year for an assessment. See the support while you wait."),
    Kind("wheelchair", ("Children's wheelchair service",),
         ("Assessment for wheelchairs, buggies and seating for children and young people with long-term mobility "
          "needs, and repairs to equipment the service has provided.",),
         ("nhs-wheelchair",), CHILDREN, VIA_HEALTH, needs=("pd",), headings=("health",), level="specialist",
         categories=("therapy",), ages=((0, 18),), access=(GP, PRO), county=1, schedule="office", venues=("clinic",)),
    Kind("ep-line", ("Educational psychology telephone consultation for parents",),
         ("Book a 30-minute phone call with an educational psychologist to talk through worries about your child's "
          "learning, behaviour or wellbeing and what might help.",),
         ("dcc-ep",), PARENTS, BOOK, needs=("cognition-learning", "semh"), headings=("education",),
         categories=("advice",), ages=((0, 25),), county=1, schedule="office", online=True,
         title="Educational psychologist"),
    Kind("sendiass-line", ("SENDIASS helpline",),
         ("Free, confidential and impartial information, advice and support about special educational needs and "
          "disability, for parents and carers, children and young people.",),
         ("sendiass",), "Parents, carers, children and young people aged {ages} in Derbyshire.", CALL,
         needs=("communication-interaction", "cognition-learning", "semh", "sensory-physical"),
         headings=("information-advice",), level="universal", categories=("advice",), ages=((0, 25),), county=1,
         schedule="office", online=True, title="SENDIASS adviser"),
    Kind("sendiass-young", ("SENDIASS for young people aged 16 to 25",),
         ("Independent advice for young people with SEND about their own rights: college, EHC plans, moving to "
          "adult services and appeals, in their own right.",),
         ("sendiass",), YOUNG, CALL, headings=("information-advice", "preparing-for-adulthood"), level="universal",
         categories=("advice",), ages=((16, 25),), county=1, schedule="office", online=True,
         title="Young people's adviser"),
    Kind("welfare-line", ("Welfare rights advice line",),
         ("Free advice on benefits and money for families of disabled children and for carers, by phone.",),
         ("dcc-welfare-rights",), "Families and carers in Derbyshire.", CALL,
         headings=("carers-support", "information-advice"), level="universal", categories=("benefits",),
         ages=((0, 25),), county=1, schedule="office", online=True, title="Welfare rights adviser"),
    Kind("carers-assessment", ("Carer's assessment for adult carers",),
         ("If you look after another adult, such as a grown-up son or daughter with a learning disability, you have "
          "a right to a carer's assessment under the Care Act 2014. It is free and looks at your caring, your "
          "wellbeing and what would help.",),
         ("dcc-carers",), "Adult carers who look after someone aged 18 or over in Derbyshire.",
         "Ask for an assessment online here, call {phone} or email {email}.", headings=("carers-support",),
         categories=("carers-assessment",), ages=((18, 25),), access=(SR, PRO), county=1, schedule="office",
         venues=("office",), title="Carers' assessment worker"),
    Kind("parent-carer-assessment", ("Parent carer needs assessment",),
         ("If you are the parent or carer of a disabled child, you have a right to an assessment of your own needs "
          "under the Children Act 1989: whether you can keep caring, and whether you want to work, study or have "
          "time for yourself.",),
         ("dcc-disabled-children",), "Parents and carers of disabled children aged {ages} in Derbyshire.",
         "Ask for an assessment online here, call {phone} or email {email}.",
         headings=("carers-support", "social-care"),
         categories=("parent-carer-assessment",), ages=((0, 18),), access=(SR, PRO), county=1, schedule="office",
         venues=("office",), title="Social worker"),
    Kind("young-carer-assessment", ("Young carer's needs assessment",),
         ("Young carers under 18 have a right to an assessment of their needs, to make sure caring is not harming "
          "their education, health or wellbeing, and to find support for them and their family.",),
         ("young-carers",), "Young carers aged {ages} in Derbyshire.", "Young carers, parents or a professional can "
         "ask for an assessment. Call {phone}.", headings=("carers-support",), categories=("young-carers",),
         ages=((5, 17),), access=(SR, SCH, PRO), county=1, schedule="office", venues=("office",)),
    Kind("young-adult-carers", ("Young adult carers' group (16 to 25)",),
         ("A group for carers aged 16 to 25 to meet, get a break and get help with college, work and moving on.",),
         ("young-carers",), "Young adult carers aged {ages} in Derbyshire.", BOOK, headings=("carers-support",),
         categories=("young-carers", "peer-support"), ages=((16, 25),), county=1, schedule="evening",
         venues=("youth",)),
    Kind("break-grant", ("Carers' break grant",),
         ("A one-off grant towards a break for carers who need time for themselves: a short holiday, a course, or "
          "equipment for a hobby.",),
         ("dca",), "Carers in Derbyshire who have had a carer's assessment or a parent carer needs assessment.", CALL,
         headings=("carers-support", "short-breaks"), categories=("breaks-respite",), ages=((0, 25),), county=1,
         schedule="office", online=True),
    Kind("emergency-card", ("Carers' emergency card",),
         ("A card you carry that tells people you are a carer, and a plan for what happens to the person you care "
          "for if you are taken ill or have an accident.",),
         ("dca",), "Carers in Derbyshire.", CALL, headings=("carers-support",), level="universal",
         categories=("advice",), ages=((0, 25),), county=1, schedule="office", online=True),
    Kind("direct-payments", ("Short breaks: direct payments and personal assistants",),
         ("After a short breaks assessment, you can have a direct payment to arrange short breaks yourself, for "
          "example by employing a personal assistant for your disabled child.",),
         ("dcc-disabled-children",), "Families of disabled children aged {ages} in Derbyshire.", VIA_PRO,
         needs=("sld", "pmld", "pd", "asd"), headings=("short-breaks", "social-care"), level="specialist",
         categories=("breaks-respite",), ages=((0, 18),), access=(PRO, SR), county=1, schedule="office",
         venues=("office",), title="Direct payments adviser"),
    Kind("ask-us", ("Ask us: the Local Offer and carers' information service",),
         ("Not sure where to turn? Ask us once and a named person will find the answer for you, whether it is about "
          "services for your child, support for you as a carer, or how the SEND system works.",),
         ("dcc-local-offer",), "Anyone in Derbyshire: parents, carers, young people and professionals.",
         "Use the \"Ask us\" form on the carers' page, call {phone} or email {email}.",
         headings=("information-advice", "carers-support"), level="universal", categories=("advice",),
         ages=((0, 25),), county=1, schedule="office", online=True, title="Information officer"),
    Kind("forum", ("Join Derbyshire Parent Carer Voice",),
         ("The parent carer forum brings together parents and carers of children and young people with SEND, to "
          "share experience and work with the council and the NHS to improve services. It is free to join.",),
         ("pcv",), PARENTS, CALL, headings=("carers-support", "information-advice"), level="universal",
         categories=("peer-support",), ages=((0, 25),), county=1, schedule="office", online=True,
         title="Participation lead"),
    Kind("sleep-line", ("Sleep advice line for families",),
         ("Call a sleep practitioner for advice on your child's sleep: bedtimes, night waking and early rising, for "
          "families of disabled and neurodivergent children.",),
         ("step-ahead-sleep",), PARENTS, CALL, needs=("asd", "semh-type"), headings=("health", "carers-support"),
         categories=("parenting", "while-you-wait"), ages=((2, 18),), county=1, schedule="dropin", online=True),
    Kind("online-parenting", ("Understanding your child's behaviour: online course for parents",),
         ("A free online course you can do at your own pace, about why children behave the way they do, anxiety, "
          "and how to stay calm together. Suitable while you wait for an assessment.",),
         ("dcc-family-help",), PARENTS, "Sign up online or call {phone} for a code.", needs=("semh-type", "asd"),
         headings=("information-advice",), level="universal", categories=("parenting", "while-you-wait"),
         ages=((0, 18),), county=1, schedule="always", online=True),
    Kind("supported-employment", ("Supported employment for young people with SEND",),
         ("Job coaches help young people with learning disabilities and autism find and keep paid work, with "
          "support at the workplace for as long as it is needed.",),
         ("pathways-work",), YOUNG, CALL, needs=("mld", "sld", "asd"), headings=("preparing-for-adulthood",),
         ages=((16, 25),), access=(SR, PRO), county=1, schedule="office", venues=("office",), title="Job coach"),
    Kind("travel-assistance", ("Home to school travel for children and young people with SEND",),
         ("The council arranges free travel to school for eligible children, including many with SEND, and help "
          "with travel to college for young people aged 16 to 25. You can appeal if you disagree with a decision.",),
         ("dcc-travel",), CHILDREN, "Apply online or call {phone}. Apply as early as you can before the school year.",
         headings=("education",), level="universal", categories=("advice",), ages=((4, 25),), county=1,
         schedule="office", online=True, title="Travel assistance officer"),
    Kind("advocacy-line", ("Independent advocacy for children in care and disabled children",),
         ("Independent advocates help children and young people have their say in meetings and decisions about their "
          "care, including disabled children who communicate without words.",),
         ("speak-up",), CHILDREN, CALL, headings=("social-care", "information-advice"), categories=("advice",),
         ages=((5, 25),), access=(SR, PRO), county=1, schedule="office", online=True, title="Advocate"),
)

#: Venues: name template (``{town}``, ``{org}``), and the accessibility features they usually have.
VENUES: dict[str, tuple[str, tuple[str, ...]]] = {
    "hub": ("{town} Family Hub", ("step_free", "accessible_toilet", "quiet_space", "parking")),
    "library": ("{town} Library", ("step_free", "accessible_toilet", "hearing_loop")),
    "community": ("{town} Community Centre", ("step_free", "accessible_toilet", "parking")),
    "church": ("{saint} Church Hall, {town}", ("step_free", "accessible_toilet")),
    "leisure": ("{town} Leisure Centre", ("step_free", "accessible_toilet", "changing_places", "parking",
                                          "hearing_loop")),
    "health": ("{town} Health Centre", ("step_free", "accessible_toilet", "hearing_loop", "parking")),
    "clinic": ("Children's Therapy Centre, {town}", ("step_free", "accessible_toilet", "changing_places", "parking",
                                                      "quiet_space")),
    "youth": ("{town} Youth Centre", ("step_free", "accessible_toilet")),
    "office": ("{org}, {town}", ("step_free", "accessible_toilet")),
}
SAINTS = ("St Mary's", "St John's", "St Peter's", "Methodist", "St Michael's", "United Reformed")
NEIGHBOURS = {
    "high-peak-north-dales": ("chesterfield", "amber-valley", "south-derbyshire-south-dales"),
    "south-derbyshire-south-dales": ("erewash", "amber-valley", "high-peak-north-dales"),
    "erewash": ("amber-valley", "south-derbyshire-south-dales"),
    "amber-valley": ("erewash", "bolsover-north-east-derbyshire", "high-peak-north-dales"),
    "bolsover-north-east-derbyshire": ("chesterfield", "amber-valley"),
    "chesterfield": ("bolsover-north-east-derbyshire", "high-peak-north-dales"),
}
LANGUAGE_NAMES = {"pl": "Polish", "ur": "Urdu", "pa": "Punjabi", "sk": "Slovak"}
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
                     strict=True))
ORDINALS = ("First", "Second", "Third", "Last")

#: Services the imported feed brought in, not yet published: (name, description, need codes, town district
#: preference).
IMPORTED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Children's continence service", "Assessment and advice for children and young people with bladder and bowel "
     "difficulties, including help with toilet training for disabled children.", ("pd", "sld")),
    ("Children's audiology clinic", "Hearing tests for babies, children and young people, and fitting and "
     "reviewing hearing aids.", ("hi",)),
    ("Children's community nursing", "Nursing care at home and at school for children with complex health needs.",
     ("pd", "pmld")),
    ("Paediatric dietetics: feeding difficulties", "Dietitians who help children with restricted eating, "
     "including autistic children with sensory feeding difficulties.", ("asd", "pd")),
)

# ---------------------------------------------------------------------------------------------- questions

QUESTIONS: tuple[tuple[str, str, str, str], ...] = (
    # relationship, topic term code, question, answer (blank: not answered yet)
    (CarerRelationship.PARENT_CARER, "while-you-wait",
     "My son is 9 and we are waiting for an autism assessment. Is there anything near Matlock we can go to while "
     "we wait? He finds busy places hard.",
     "Thank you for getting in touch. The Autism family support drop-in in Matlock is for families with or without "
     "a diagnosis, and it has a quiet room. You do not need to book. Your son's school should also be giving SEN "
     "support for the needs it sees now; you can ask the SENCO whether the autism outreach team could advise them. "
     "I have put links to both in the reply on your question page."),
    (CarerRelationship.ADULT_CARER, "carers-assessment",
     "How do I ask for a carer's assessment for myself? I look after my daughter, who is 19 and has a learning "
     "disability.",
     "As you care for an adult, you have a right to a carer's assessment under the Care Act 2014. You can ask for "
     "one on the carers' page of the Local Offer, and the adult care carers' team will contact you to arrange it. "
     "It is free, whatever your income."),
    (CarerRelationship.PARENT_CARER, "benefits",
     "Can I get Carer's Allowance if I work part time?",
     "You may be able to. Carer's Allowance is for people who care for at least 35 hours a week for someone who "
     "gets certain disability benefits, and there is a weekly limit on earnings after some costs are taken off. "
     "The welfare rights advice line can check your situation and help with the form."),
    (CarerRelationship.PARENT_CARER, "breaks-respite",
     "Are there any holiday clubs in Ilkeston this summer for a child who uses a wheelchair?", ""),
    (CarerRelationship.PARENT_CARER, "education",
     "My daughter's school says she doesn't need SEN support because her marks are fine, but she can't cope after "
     "school and is often too anxious to go in. What can I do?",
     "SEN support is about a child's needs, not only their marks: anxiety that stops a child going to school can be "
     "a special educational need. Ask to meet the SENCO, and take notes of what you see at home. SENDIASS can help "
     "you prepare and can come to the meeting. The mental health support team in schools may also be able to "
     "help; the school refers to it."),
    (CarerRelationship.PARENT_CARER, "education", "What is GRIP funding and can I apply for it?",
     "GRIP is top-up funding the school can ask the council for, for a pupil on SEN support, without an EHC plan. "
     "Families do not apply; the school does, and it should talk to you first. There is a guide to GRIP and "
     "top-up funding in the Local Offer."),
    (CarerRelationship.YOUNG_CARER, "young-carers",
     "Is there a young carers group in Chesterfield? I am 12 and I help look after my brother.", ""),
    (CarerRelationship.PARENT_CARER, "information-advice",
     "We have just moved to Swadlincote from Poland. Is there anyone who can explain the SEND system in Polish?", ""),
    (CarerRelationship.PARENT_CARER, "information-advice",
     "How long should it take to hear back after I asked the council for an EHC needs assessment?",
     "The council must tell you whether it will carry out an assessment within 6 weeks of receiving your "
     "request, and if it issues a plan, the final plan must be issued within 20 weeks of the request. If you have "
     "not heard within 6 weeks, contact your SEN caseworker; SENDIASS can help too."),
    (CarerRelationship.PROFESSIONAL, "parenting",
     "I am a health visitor. Where can a family get sleep advice for their autistic 4-year-old?", ""),
    (CarerRelationship.PARENT_CARER, "short-breaks",
     "Can we get short breaks for our son if he doesn't have an EHC plan?",
     "Yes. Short breaks do not depend on an EHC plan. Some short break clubs and holiday schemes are open to any "
     "family; others are arranged after a short breaks assessment by the disabled children's service, which you "
     "can ask for yourself."),
    (CarerRelationship.ADULT_CARER, "carers-support",
     "My dad has dementia and I also care for my autistic son. Can I get help with both?", ""),
)
ASKERS = (("Rachel", "Hadfield"), ("Joanne", "Pickering"), ("Carl", "Wragg"), ("Leanne", "Oldfield"),
          ("Natalie", "Brough"), ("Kelly", "Mosley"), ("Maisie", "Towndrow"), ("Agnieszka", "Nowak"),
          ("Stacey", "Limb"), ("Helen", "Jepson"), ("Darren", "Sheldon"), ("Gemma", "Froggatt"))

ASSESSMENTS: tuple[tuple[str, str, str, str, tuple[tuple[str, int, str], ...]], ...] = (
    # kind, name, cared for, caring role, steps as (stage, days before today, note)
    (CarerAssessmentKind.PARENT_CARER, "Sophie Bagshaw", "My son Alfie, 7, who is autistic and has epilepsy",
     "I am up most nights and have had to give up work. I would like to know what help there is so I can rest.",
     ((CarerAssessmentStage.RECEIVED, 3, "We have your request and will contact you within 10 working days."),)),
    (CarerAssessmentKind.CARER, "Martin Gould", "My wife, who has multiple sclerosis",
     "I help her with washing, dressing and getting about, and I still work full time.",
     ((CarerAssessmentStage.RECEIVED, 16, "We have your request and will contact you within 10 working days."),
      (CarerAssessmentStage.CONTACTED, 10, "A carers' assessment worker called you and is arranging a visit."))),
    (CarerAssessmentKind.YOUNG_CARER, "Ellie Cartledge", "My mum, who has depression, and my little sister",
     "I do the shopping and get my sister ready for school. I am 14.",
     ((CarerAssessmentStage.RECEIVED, 24, "We have your request and will contact you within 10 working days."),
      (CarerAssessmentStage.CONTACTED, 19, "A young carers' worker called your mum to talk about the assessment."),
      (CarerAssessmentStage.BOOKED, 12, "Your assessment is booked at home, after school. Someone you trust can be "
       "with you."))),
    (CarerAssessmentKind.PARENT_CARER, "Priya Bains", "My daughter Simran, 15, who has cerebral palsy",
     "I do all her personal care and lifting, and my back is getting worse.",
     ((CarerAssessmentStage.RECEIVED, 55, "We have your request and will contact you within 10 working days."),
      (CarerAssessmentStage.CONTACTED, 50, "A social worker called to arrange the assessment."),
      (CarerAssessmentStage.BOOKED, 41, "Your assessment is booked at home."),
      (CarerAssessmentStage.COMPLETED, 20, "Your support plan has been sent to you: a moving and handling "
       "assessment, a carers' break grant, and a place at the Saturday short break club."))),
    (CarerAssessmentKind.CARER, "Graham Ashmore", "My son, 22, who has a learning disability",
     "He lives with us and goes to a day service three days a week.",
     ((CarerAssessmentStage.RECEIVED, 70, "We have your request and will contact you within 10 working days."),
      (CarerAssessmentStage.CONTACTED, 64, "A carers' assessment worker called you."),
      (CarerAssessmentStage.CLOSED, 60, "You told us you did not want an assessment now. You can ask again at any "
       "time."))),
)


# ---------------------------------------------------------------------------------------------------- plan


@dataclass
class Context:
    """What the plan reads from the county already in the database."""

    localities: dict[str, Locality]
    towns: dict[str, list[tuple[str, str]]]  # locality code -> [(postcode district, town)]
    centroids: dict[str, tuple[float, float]]
    terms: dict[str, TaxonomyTerm]  # code -> term (codes are unique across the built-in taxonomies)
    special_schools: list[Setting]
    colleges: list[Setting]
    editor: User | None
    provider: User | None
    team: Team | None
    confirm_days: int = 182
    ask_us_days: int = 5
    centroid_source: str = ""


@dataclass
class Plan:
    on: date
    organisations: list[Organisation] = field(default_factory=list)
    org_keys: dict[str, Organisation] = field(default_factory=dict)
    locations: list[Location] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    service_terms: list[tuple[Service, TaxonomyTerm]] = field(default_factory=list)
    service_localities: list[tuple[Service, Locality]] = field(default_factory=list)
    sals: list[ServiceAtLocation] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)
    costs: list[CostOption] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    reminders: list[ReconfirmReminder] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    revisions: list[tuple[Page, PageRevision]] = field(default_factory=list)
    invitation: Invitation | None = None
    membership: ProviderInvitation | None = None
    changes: list[ListingChange] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    requests: list[CarerAssessmentRequest] = field(default_factory=list)
    steps: list[tuple[CarerAssessmentRequest, CarerAssessmentStep]] = field(default_factory=list)
    confirm_days: int = 182

    def counts(self) -> dict[str, int]:
        published = [s for s in self.services if s.published and s.archived_on is None]
        return {
            "organisations": len(self.organisations),
            "services": len(self.services),
            "published services": len(published),
            "stale services": sum(s.is_stale(self.on) for s in published),
            "locations": len(self.locations),
            "pages": len(self.pages),
            "listing changes": len(self.changes),
            "questions": len(self.questions),
            "carer's assessment requests": len(self.requests),
        }


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def _clock(value: time) -> str:
    """``9:30am``, ``12pm``, ``6pm``, ``midnight``."""
    if value == time(0, 0):
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def _words_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _domain(org: OrgDef) -> tuple[str, str]:
    """(email, website) on reserved ``example`` domains."""
    if org.kind == "council":
        slug = org.key.removeprefix("dcc-")
        return f"{slug}@derbyshire.example", f"https://www.derbyshire.example/{slug}/"
    if org.kind == "nhs":
        return f"{org.key}@nhs.example", f"https://www.nhs.example/derbyshire/{org.key}/"
    return f"hello@{org.key}.example.org", f"https://{org.key}.example.org/"


class _Planner:
    def __init__(self, ctx: Context, *, on: date, rng: random.Random, size: str):
        self.ctx, self.on, self.rng = ctx, on, rng
        self.total = SERVICES.get(size, SERVICES["county"])
        self.out = Plan(on=on, confirm_days=ctx.confirm_days)
        self.org_defs = {o.key: o for o in ORGS}
        self.used_names: set[str] = set()
        self.venues: dict[tuple[str, str], Location] = {}
        self.virtual: dict[str, Location] = {}
        self.special_orgs: dict[str, list[tuple[Organisation, Setting]]] = defaultdict(list)
        self.college_orgs: dict[str, list[tuple[Organisation, Setting]]] = defaultdict(list)
        self.stories: set[int] = set()  # id() of services whose details a demo story depends on
        self.locality_of_district = {d: code for code, towns in ctx.towns.items() for d, _ in towns}

    # ------------------------------------------------------------------------------------------ helpers

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def landline(self) -> str:
        return f"01632 960{self.rng.randrange(1000):03d}"

    def postcode(self, district: str) -> str:
        rng = self.rng
        return f"{district} {rng.randrange(1, 10)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"

    def position(self, district: str) -> tuple[Decimal, Decimal]:
        """The district's centroid moved by up to about 400 metres each way."""
        lat, lon = self.ctx.centroids.get(district, COUNTY_CENTRE)
        lat += self.rng.uniform(-0.0036, 0.0036)
        lon += self.rng.uniform(-0.0036, 0.0036) / math.cos(math.radians(lat))
        return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")

    def person(self) -> str:
        from wayfinder.demo import names

        first = self.rng.choice(names.MOTHERS if self.chance(0.7) else names.FATHERS)
        return f"{first} {self.rng.choice(names.SURNAMES)}"

    def term(self, code: str) -> TaxonomyTerm:
        return self.ctx.terms[code]

    # ------------------------------------------------------------------------------------ organisations

    def organisations(self) -> None:
        for org in ORGS:
            email, website = _domain(org)
            row = Organisation(id=self.uuid(), name=org.name, description=org.description, email=email,
                               website=website, phone=self.landline(),
                               source=IMPORT_FEED if org.kind == "import" else "")
            self.out.organisations.append(row)
            self.out.org_keys[org.key] = row
        for school in self.ctx.special_schools[:4]:
            row = Organisation(id=self.uuid(), name=f"{school.name} Outreach Service",
                               description=f"Outreach teachers from {school.name}, a special school, supporting "
                                           "children with SEND in mainstream nurseries and schools nearby.",
                               email=f"outreach@school{school.pk}.example.org",
                               website=f"https://school{school.pk}.example.org/outreach/",
                               phone=school.phone or self.landline())
            self.out.organisations.append(row)
            self.special_orgs[school.locality.code if school.locality else ""].append((row, school))
        for college in self.ctx.colleges[:3]:
            row = Organisation(id=self.uuid(), name=f"{college.name}: Supported Internships",
                               description=f"Supported internships with local employers, run by {college.name}.",
                               email=f"internships@college{college.pk}.example.org",
                               website=f"https://college{college.pk}.example.org/supported-internships/",
                               phone=college.phone or self.landline())
            self.out.organisations.append(row)
            self.college_orgs[college.locality.code if college.locality else ""].append((row, college))

    def choose_org(self, kind: Kind, code: str) -> tuple[Organisation, Setting | None]:
        """A provider of this kind of service for a locality: a local group when there is one (most of the time),
        otherwise a county-wide organisation."""
        if kind.orgs[0] in ("@special", "@college"):
            pool = self.special_orgs if kind.orgs[0] == "@special" else self.college_orgs
            options = pool.get(code) or [pair for pairs in pool.values() for pair in pairs]
            if options:
                return self.rng.choice(options)
            fallback = list(kind.orgs[1:]) or ["dcc-support-service"]
            return self.out.org_keys[self.rng.choice(fallback)], None
        local = [k for k in kind.orgs if self.org_defs[k].locality == code]
        county = [k for k in kind.orgs if not self.org_defs[k].locality]
        if local and (not county or self.chance(0.75)):
            return self.out.org_keys[self.rng.choice(local)], None
        return self.out.org_keys[self.rng.choice(county or list(kind.orgs))], None

    # --------------------------------------------------------------------------------------- locations

    def venue(self, venue_kind: str, code: str, district: str, town: str, org: Organisation,
              school: Setting | None) -> Location:
        if venue_kind in ("school", "college") and school is None:
            options = [s for s in (self.ctx.special_schools if venue_kind == "school" else self.ctx.colleges)
                       if s.locality and s.locality.code == code]
            school = self.rng.choice(options) if options else None
            if school is None:
                venue_kind = "community"
        if school is not None and venue_kind in ("school", "college"):
            key = (f"setting:{school.pk}", "")
            if key not in self.venues:
                district = school.postcode.split(" ")[0] if school.postcode else district
                street, _, place = school.address.partition(", ")
                lat, lon = self.position(district)
                self.venues[key] = self.location(
                    name=school.name, org=None, code=school.locality.code if school.locality else code,
                    address=street, town=place or town, postcode=school.postcode or self.postcode(district),
                    lat=lat, lon=lon, features=("step_free", "accessible_toilet", "parking"))
            return self.venues[key]
        template, features = VENUES[venue_kind]
        key = (f"{venue_kind}:{org.pk if venue_kind == 'office' else ''}", town)
        if key not in self.venues:
            from wayfinder.demo import names

            lat, lon = self.position(district)
            name = template.format(town=town, org=org.name, saint=self.rng.choice(SAINTS))
            self.venues[key] = self.location(
                name=name, org=org if venue_kind == "office" else None, code=code,
                address=f"{self.rng.randint(1, 120)} {self.rng.choice(names.STREETS)}", town=town,
                postcode=self.postcode(district), lat=lat, lon=lon, features=features)
        return self.venues[key]

    def location(self, *, name: str, org: Organisation | None, code: str, address: str, town: str, postcode: str,
                 lat: Decimal, lon: Decimal, features: tuple[str, ...]) -> Location:
        kept = [f for f in features if not self.chance(0.12)]
        if self.chance(0.08):
            kept.append("bsl")
        if "quiet_space" not in kept and self.chance(0.15):
            kept.append("quiet_space")
        notes = ""
        if "parking" in kept:
            notes = "Blue Badge parking by the entrance."
        elif "step_free" not in kept:
            notes = "There are steps at the entrance; call ahead and staff will open the side door."
        row = Location(id=self.uuid(), organisation=org, kind=Location.Kind.PHYSICAL, name=name[:250],
                       address_1=address, city=town, postcode=postcode, latitude=lat, longitude=lon,
                       locality=self.ctx.localities.get(code), accessibility=kept, accessibility_notes=notes)
        self.out.locations.append(row)
        return row

    def online(self, org: Organisation) -> Location:
        if org.pk not in self.virtual:
            row = Location(id=self.uuid(), organisation=org, kind=Location.Kind.VIRTUAL, name="Online and by phone",
                           description=f"{org.name}: by phone, email or video call.", region="")
            self.out.locations.append(row)
            self.virtual[org.pk] = row
        return self.virtual[org.pk]

    # ---------------------------------------------------------------------------------------- services

    def unique_name(self, kind: Kind, code: str, place: tuple[str, str],
                    school: Setting | None) -> tuple[str, tuple[str, str]] | None:
        """A name from the kind's templates not used yet, trying other towns of the locality; with its place."""
        places = [place, *self.rng.sample(self.ctx.towns[code], len(self.ctx.towns[code]))]
        locality = self.ctx.localities[code].name
        for candidate in places:
            for template in self.rng.sample(kind.names, len(kind.names)):
                name = template.format(town=candidate[1], locality=locality,
                                       school=school.name if school else candidate[1])
                if name not in self.used_names:
                    return name, candidate
        return None

    def place_in(self, code: str, town: str = "", district: str = "") -> tuple[str, str]:
        """A (postcode district, town) of a locality: the town or district asked for if the locality has it."""
        places = self.ctx.towns[code]
        return (next((p for p in places if p[1] == town or p[0] == district), None)
                or self.rng.choice(places))

    def service(self, kind: Kind, code: str, *, org: Organisation | None = None, town: str = "",
                name: str = "", ages: tuple[int, int] | None = None, story: bool = False) -> Service | None:
        """One service of a kind in a locality (``code``), or county-wide (``code`` blank); ``name`` may use
        ``{town}``."""
        rng, ctx = self.rng, self.ctx
        school = None
        if org is None:
            org, school = self.choose_org(kind, code)
        org_def = next((o for o in ORGS if self.out.org_keys.get(o.key) is org), None)
        if school is not None and school.locality and school.locality.code in ctx.towns:
            # a special school's outreach or a college's internships: where the school or college is
            code = school.locality.code
            district, town = self.place_in(code, district=school.postcode.split(" ")[0])
        elif code:
            if not town and org_def and org_def.locality == code and self.chance(0.5):
                town = org_def.town  # a local group often meets near its base
            district, town = self.place_in(code, town)
        else:  # county-wide: based where the organisation is
            base = town or (org_def.town if org_def else "Matlock")
            everywhere = [p for places in ctx.towns.values() for p in places]
            district, town = next((p for p in everywhere if p[1] == base), None) or rng.choice(everywhere)
        if name:
            name = name.format(town=town)
        elif code:
            found = self.unique_name(kind, code, (district, town), school)
            if found is None:
                return None
            name, (district, town) = found
        else:
            name = kind.names[0]
        if name in self.used_names:
            return None
        self.used_names.add(name)
        home = code or self.locality_of_district.get(district, "")

        low, high = ages or rng.choice(kind.ages)
        if code:
            served = [code]
            if self.chance(0.12):
                served += rng.sample(NEIGHBOURS[code], rng.randint(1, min(2, len(NEIGHBOURS[code]))))
            area = _words_list([ctx.localities[c].name for c in served if c in ctx.localities])
        else:
            served, area = [], "Derbyshire"
        diagnosis = not story and rng.random() < kind.diagnosis
        plan_only = rng.random() < kind.plan_only
        fee = rng.choice(kind.fees) if kind.fees and rng.random() < kind.paid else None
        languages = ["en", *(org_def.languages if org_def else ())]
        if len(languages) == 1 and self.chance(0.04):
            languages.append(rng.choice(tuple(LANGUAGE_NAMES)))
        phone = self.landline()
        email = f"{kind.key.replace('-', '.')}@{org.email.split('@', 1)[1]}"
        description = rng.choice(kind.descriptions).format(town=town, ages=f"{low} to {high}", org=org.name)
        extra = [LANGUAGE_NAMES[code_] for code_ in languages[1:] if code_ in LANGUAGE_NAMES]
        if extra:
            description += f" Sessions and advice are also available in {_words_list(extra)}."
        eligibility = kind.eligibility.format(ages=f"{low} to {high}", area=area)
        if diagnosis:
            eligibility += " " + kind.diagnosis_note
        elif kind.needs and not plan_only:
            eligibility += " You do not need a diagnosis or an EHC plan."
        access = [kind.access[0], *[a for a in kind.access[1:] if self.chance(0.7)]]
        service = Service(
            id=self.uuid(), organisation=org, name=name[:250], description=description,
            url=f"{org.website}{kind.key}/", email=email, phone=phone, status=ServiceStatus.ACTIVE,
            fees=fee.words if fee else "", is_free=fee is None, minimum_age=low, maximum_age=high,
            eligibility=eligibility,
            plan_requirement=PlanRequirement.PLAN_ONLY if plan_only else PlanRequirement.ANY,
            diagnosis_required=diagnosis, access_routes=access,
            how_to_access=kind.how.format(phone=phone, email=email, town=town), languages=languages,
            alert=kind.alert if kind.alert and self.chance(0.5) else "", published=True,
            last_confirmed_on=self.on - timedelta(days=rng.randrange(0, ctx.confirm_days)),
            confirm_every_days=ctx.confirm_days,
        )
        self.out.services.append(service)
        if story:
            self.stories.add(id(service))
        for locality_code in served:
            self.out.service_localities.append((service, ctx.localities[locality_code]))

        needs = list(kind.needs)
        if kind.pick_needs and len(needs) > kind.pick_needs:
            needs = rng.sample(needs, kind.pick_needs)
        codes = []
        for need in needs:
            parent = self.term(need).parent
            codes += [need] + ([parent.code] if parent is not None else [])
        codes += [*kind.headings, kind.level, *kind.categories]
        for term_code in dict.fromkeys(codes):
            self.out.service_terms.append((service, self.term(term_code)))

        if fee is not None:
            self.out.costs.append(CostOption(id=self.uuid(), service=service, option=fee.option,
                                             amount=Decimal(fee.amount), amount_description=fee.words))
        self.out.contacts.append(Contact(id=self.uuid(), service=service, name=self.person(), title=kind.title,
                                         email=email, phone=phone))

        places: list[Location] = []
        if kind.online:
            places.append(self.online(org))
            if not code and self.chance(0.3) and org_def and org_def.kind != "import":
                places.append(self.venue("office", home or "chesterfield", district, town, org, None))
        else:
            venue_kind = rng.choice(kind.venues)
            places.append(self.venue(venue_kind, home or "chesterfield", district, town, org, school))
            others = [p for p in ctx.towns[code] if p[1] != town] if code and school is None else []
            if others and self.chance(0.2):
                other_district, other_town = rng.choice(others)
                places.append(self.venue(rng.choice(kind.venues), code, other_district, other_town, org, None))
        first = None
        for place in dict.fromkeys(places):
            sal = ServiceAtLocation(id=self.uuid(), service=service, location=place)
            self.out.sals.append(sal)
            first = first or sal
        for byday, opens, closes, words in self.schedule(kind.schedule):
            self.out.schedules.append(Schedule(id=self.uuid(), service=service, service_at_location=first,
                                               byday=byday, opens_at=opens, closes_at=closes, description=words))
        return service

    def schedule(self, pattern: str) -> list[tuple[str, time, time, str]]:
        rng = self.rng
        weekday = rng.choice(DAYS[:5])
        day = DAY_NAMES[weekday]
        if pattern == "sport":
            pattern = rng.choice(("evening", "weekend"))
        if pattern == "dropin":
            opens = rng.choice((time(9, 30), time(10), time(13), time(13, 30)))
            closes = time(opens.hour + 2, opens.minute)
            return [(weekday, opens, closes, f"{day}s, {_clock(opens)} to {_clock(closes)}, in term time")]
        if pattern == "monthly":
            opens = rng.choice((time(9, 30), time(10), time(13, 30)))
            closes = (datetime.combine(self.on, opens) + timedelta(hours=2, minutes=30)).time()
            return [(weekday, opens, closes, f"{rng.choice(ORDINALS)} {day} of the month, {_clock(opens)} to "
                                             f"{_clock(closes)}")]
        if pattern == "office":
            opens, closes = rng.choice(((time(9), time(17)), (time(8, 30), time(16, 30)), (time(9), time(16, 30))))
            return [(",".join(DAYS[:5]), opens, closes, f"Monday to Friday, {_clock(opens)} to {_clock(closes)}")]
        if pattern == "clinic":
            days = sorted(rng.sample(DAYS[:5], 2), key=DAYS.index)
            return [(",".join(days), time(9), time(16, 30),
                     f"By appointment, {DAY_NAMES[days[0]]}s and {DAY_NAMES[days[1]]}s, 9am to 4:30pm")]
        if pattern == "evening":
            opens = rng.choice((time(18), time(18, 30), time(17, 30)))
            closes = time(opens.hour + 2, opens.minute)
            return [(weekday, opens, closes, f"{day}s, {_clock(opens)} to {_clock(closes)}, in term time")]
        if pattern == "weekend":
            weekend = rng.choice(("SA", "SA", "SU"))
            opens = rng.choice((time(10), time(10, 30), time(13)))
            closes = time(opens.hour + 2, opens.minute)
            return [(weekend, opens, closes, f"{DAY_NAMES[weekend]}s, {_clock(opens)} to {_clock(closes)}")]
        if pattern == "holiday":
            return [(",".join(DAYS[:5]), time(10), time(15),
                     "Monday to Friday in the school holidays (not bank holidays), 10am to 3pm")]
        if pattern == "course":
            opens = rng.choice((time(10), time(13), time(18, 30)))
            closes = time(opens.hour + 2, opens.minute)
            return [(weekday, opens, closes, f"{day}s, {_clock(opens)} to {_clock(closes)}, for 6 weeks; new courses "
                                             "start each half term")]
        if pattern == "school":
            return [(",".join(DAYS[:5]), time(8, 45), time(15, 15), "Monday to Friday in term time, during the school "
                                                                    "day")]
        if pattern == "always":
            return [(",".join(DAYS), time(0, 0), time(23, 59), "24 hours a day, every day")]
        raise ValueError(f"unknown schedule pattern {pattern!r}")

    def services(self) -> None:
        ctx, kinds = self.ctx, {k.key: k for k in KINDS}
        # The family's search in the acceptance scenario: autism support near DE4, age 9, no diagnosis.
        matlock_code = next((c for c, towns in ctx.towns.items() if any(d == "DE4" for d, _ in towns)),
                            "high-peak-north-dales")
        matlock = next((t for d, t in ctx.towns[matlock_code] if d == "DE4"), "Matlock")
        provider = self.out.org_keys[PROVIDER_ORG]
        drop_in = self.service(kinds["autism-family"], matlock_code, org=provider, town=matlock,
                               name=ACCEPTANCE_SERVICE, ages=(0, 18), story=True)
        self.add_terms(drop_in, "while-you-wait")
        # the provider's other listings: one with a change waiting for review, one with a change turned down
        self.evening = self.service(kinds["autism-family"], matlock_code, org=provider,
                                    name="Autism parents' evening group, {town}", town="Buxton", story=True)
        self.sensory = self.service(kinds["sensory-play"], matlock_code, org=provider,
                                    name="Saturday sensory play for autistic children, {town}", town="Bakewell",
                                    ages=(2, 11), story=True)
        for service in (self.evening, self.sensory):
            if service is not None:
                self.add_terms(service, "asd", "communication-interaction")

        fixed = [k for k in KINDS if k.county]
        for kind in fixed:
            for _ in range(kind.county):
                self.service(kind, "")
        local_kinds = [k for k in KINDS if k.weight]
        room = self.total - len(self.out.services) - len(IMPORTED)
        weight = sum(k.weight for k in local_kinds)
        quotas = {k.key: room * k.weight / weight for k in local_kinds}
        shares = {key: max(1, math.floor(q)) for key, q in quotas.items()}
        by_remainder = sorted(quotas, key=lambda key: (shares[key] - quotas[key], key))
        for key in by_remainder[:max(0, room - sum(shares.values()))]:  # largest remainders first
            shares[key] += 1
        while sum(shares.values()) > room:  # every kind got at least one: take back from the largest
            shares[max(shares, key=lambda key: (shares[key], key))] -= 1
        order = self.locality_order(sum(shares.values()))
        turn = 0
        for kind in local_kinds:
            for _ in range(shares[kind.key]):
                code = order[turn]
                turn += 1
                self.service(kind, code)
        self.imported()

    def add_terms(self, service: Service, *codes: str) -> None:
        have = {term.code for s, term in self.out.service_terms if s is service}
        for code in codes:
            if code not in have:
                self.out.service_terms.append((service, self.term(code)))

    def locality_order(self, n: int) -> list[str]:
        """``n`` locality codes in proportion to the localities' weights, interleaved (smooth weighted round
        robin) so that each kind of service is spread across the county."""
        from wayfinder.demo.generator import LOCALITIES

        weights = {loc.code: loc.weight for loc in LOCALITIES if loc.code in self.ctx.towns}
        total = sum(weights.values())
        current = dict.fromkeys(weights, 0.0)
        start = self.rng.randrange(len(weights))
        codes = list(weights)[start:] + list(weights)[:start]
        order = []
        for _ in range(n):
            for code in codes:
                current[code] += weights[code]
            pick = max(codes, key=lambda c: current[c])
            current[pick] -= total
            order.append(pick)
        return order

    def imported(self) -> None:
        org = self.out.org_keys["icb-import"]
        for name, description, needs in IMPORTED:
            code = self.rng.choice(list(self.ctx.towns))
            district, town = self.rng.choice(self.ctx.towns[code])
            phone = self.landline()
            service = Service(
                id=self.uuid(), organisation=org, name=f"{name}, {town}", description=description,
                email=f"{name.split()[1].strip(':').lower()}@nhs.example", phone=phone, minimum_age=0,
                maximum_age=18, eligibility="Children and young people aged 0 to 18, by referral.",
                access_routes=[GP, PRO], how_to_access="Ask your GP or another professional to refer your child.",
                languages=["en"], published=False, last_confirmed_on=self.on - timedelta(days=self.rng.randint(2, 9)),
                confirm_every_days=self.ctx.confirm_days, source=f"{IMPORT_FEED}services/{self.uuid()}")
            self.out.services.append(service)
            self.used_names.add(service.name)
            for term_code in dict.fromkeys([*needs, *(self.term(n).parent.code for n in needs), "health",
                                            "specialist", "therapy"]):
                self.out.service_terms.append((service, self.term(term_code)))
            place = self.venue("clinic", code, district, town, org, None)
            self.out.sals.append(ServiceAtLocation(id=self.uuid(), service=service, location=place))

    def freshness(self) -> None:
        """About 15% of the published listings past their reconfirmation date, with the reminders sent to
        their providers; two temporarily closed; two archived."""
        rng, on, days = self.rng, self.on, self.ctx.confirm_days
        candidates = [s for s in self.out.services if s.published and id(s) not in self.stories]
        published = [s for s in self.out.services if s.published]
        stale = rng.sample(candidates, round(STALE_SHARE * len(published)))
        for service in stale:
            service.last_confirmed_on = on - timedelta(days=rng.randint(days + 1, max(days + 2, HISTORY_DAYS)))
            due = service.confirm_by
            for sent in (due - timedelta(days=14), due, due + timedelta(days=28)):
                if sent < on:
                    self.out.reminders.append(ReconfirmReminder(service=service, sent_on=sent, sent_to=service.email))
        chosen = set(map(id, stale))
        others = [s for s in candidates if id(s) not in chosen]
        picks = rng.sample(others, 4)
        for service in picks[:2]:
            service.status = ServiceStatus.TEMPORARILY_CLOSED
            service.alert = (f"Closed until {(on + timedelta(days=rng.randint(20, 60))):%B %Y} while the venue is "
                             f"repaired. Call {service.phone} to find sessions nearby.")
        for service in picks[2:]:
            service.archived_on = _at(on - timedelta(days=rng.randint(20, 90)), 10)
            service.archived_reason = "The service has closed: the organiser told us it no longer runs."
            service.status = ServiceStatus.DEFUNCT

    # ---------------------------------------------------------------------------------------- pages

    def pages(self) -> None:
        on = self.on
        for position, text in enumerate(demo_content.ALL_PAGES, start=1):
            page = Page(slug=text.slug, kind=text.kind, position=position,
                        need=self.term(text.need) if text.need else None,
                        created_on=_at(on - timedelta(days=240), 9))
            self.out.pages.append(page)
            published = on - timedelta(days=self.rng.randint(30, 120))
            if text.slug == demo_content.COMMUNICATION.slug:
                first = on - timedelta(days=self.rng.randint(200, 230))
                self.revision(page, demo_content.COMMUNICATION_FIRST, published=first)
                self.revision(page, text, published=published)
                self.revision(page, demo_content.COMMUNICATION_DRAFT, published=None,
                              created=on - timedelta(days=self.rng.randint(2, 6)))
            else:
                self.revision(page, text, published=published)

    def revision(self, page: Page, text: demo_content.PageText, *, published: date | None,
                 created: date | None = None) -> None:
        created = created or (published - timedelta(days=self.rng.randint(3, 14)))
        body = text.body.replace("{ask_us_days}", str(self.ctx.ask_us_days))
        self.out.revisions.append((page, PageRevision(
            title=text.title, summary=text.summary, body=body, steps=[step.as_json() for step in text.steps],
            while_you_wait=text.while_you_wait, co_produced_with=text.co_produced_with,
            published_on=_at(published, 11, 30) if published else None,
            published_by=self.ctx.editor if published else None, created_by=self.ctx.editor,
            created_on=_at(created, 15), modified_on=_at(created, 15),
        )))

    # ---------------------------------------------------------------------------------- the provider

    def provider(self) -> None:
        provider, editor, on = self.ctx.provider, self.ctx.editor, self.on
        if provider is None:
            return
        invited = on - timedelta(days=62)
        accepted = invited + timedelta(days=2)
        token = f"{self.rng.getrandbits(256):064x}"  # the link was "sent" long ago; only its hash is kept
        self.out.invitation = Invitation(
            email=provider.email, role=Role.DIRECTORY_PROVIDER, token_hash=Invitation.hash_token(token),
            expires_on=_at(invited + timedelta(days=14), 9), accepted_on=_at(accepted, 19, 12),
            accepted_by=provider, created_by=editor, modified_by=provider, created_on=_at(invited, 9),
            modified_on=_at(accepted, 19, 12))
        self.out.membership = ProviderInvitation(
            invitation=self.out.invitation, organisation=self.out.org_keys[PROVIDER_ORG], created_by=editor,
            created_on=_at(invited, 9))
        # ``data`` holds only the edits here; ``store`` completes it and ``base`` from the stored listing.
        if self.evening is not None:
            data = {"description": self.evening.description + " From next month the group meets on the second and "
                    "fourth Thursday of each month, and partners and grandparents are welcome too.",
                    "alert": "New dates from next month: second and fourth Thursdays."}
            self.out.changes.append(ListingChange(
                service=self.evening, data=data, status=ChangeStatus.PENDING, submitted_by=provider,
                created_by=provider, created_on=_at(on - timedelta(days=2), 20, 5)))
        if self.sensory is not None:
            data = {"is_free": False, "fees": "A small charge"}
            decided = on - timedelta(days=9)
            self.out.changes.append(ListingChange(
                service=self.sensory, data=data, status=ChangeStatus.REJECTED, submitted_by=provider,
                decided_by=editor, decided_on=_at(decided, 14, 40),
                reason="Please say what a session costs and whether there are free places, so families know before "
                       "they come (for example \"£3 per child; free for brothers and sisters\"). Send the change "
                       "again with the price and we will review it.",
                created_by=provider, created_on=_at(decided - timedelta(days=3), 10, 15)))

    # --------------------------------------------------------------------------------------- carers

    def reference(self, prefix: str) -> str:
        """A reference in the ask-us form's pattern (``Q-`` or ``CA-`` and six letters and digits)."""
        return f"{prefix}-" + "".join(self.rng.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))

    def token_hash(self) -> str:
        return hashlib.sha256(f"{self.rng.getrandbits(256):064x}".encode()).hexdigest()

    def questions(self) -> None:
        team, editor, on, rng = self.ctx.team, self.ctx.editor, self.on, self.rng
        if team is None:
            return
        calendar = WorkingDayCalendar()
        days = self.ctx.ask_us_days
        open_rows = [i for i, q in enumerate(QUESTIONS) if not q[3]]
        overdue = set(open_rows[:3])
        for i, ((relationship, topic, question, answer), (first, last)) in enumerate(zip(QUESTIONS, ASKERS,
                                                                                         strict=True)):
            if answer:
                received = calendar.last_working_day_on_or_before(on - timedelta(days=rng.randint(8, 40)))
                taken = rng.choice((1, 2, 3, 4, 5, 5, 7))
                answered = min(calendar.add_working_days(received, taken), on - timedelta(days=1))
            elif i in overdue:  # past the promised answer date, not answered: escalated
                received = calendar.last_working_day_on_or_before(on - timedelta(days=rng.randint(9, 16)))
                while calendar.add_working_days(received, days) >= on:
                    received -= timedelta(days=1)
                answered = None
            else:  # asked in the last day or two: still in time
                received = calendar.last_working_day_on_or_before(on - timedelta(days=rng.randint(0, 2)))
                answered = None
            owner = editor if (answer or i in overdue or rng.random() < 0.5) else None
            self.out.questions.append(Question(
                reference=self.reference("Q"), token_hash=self.token_hash(), name=f"{first} {last}",
                email=f"{first.lower()}.{last.lower()}{rng.randrange(100)}@example.com",
                phone=f"07700 900{rng.randrange(1000):03d}" if rng.random() < 0.5 else "",
                relationship=relationship, topic=self.term(topic), question=question, team=team, owner=owner,
                received_on=received,
                read_on=_at(min(received + timedelta(days=1), on - timedelta(days=1)), 9, 20)
                if owner and received < on else None,
                answer=answer, answered_on=_at(answered, 15, 10) if answered else None,
                answered_by=editor if answered else None, created_on=_at(received, 8, 5),
            ))

    def carer_assessments(self) -> None:
        team, on, rng = self.ctx.team, self.on, self.rng
        if team is None:
            return
        for kind, name, cared_for, role, steps in ASSESSMENTS:
            received = on - timedelta(days=steps[0][1])
            request = CarerAssessmentRequest(
                reference=self.reference("CA"), token_hash=self.token_hash(), kind=kind, name=name,
                email=f"{name.split()[0].lower()}{rng.randrange(100)}@example.com",
                phone=f"07700 900{rng.randrange(1000):03d}",
                postcode=self.postcode(rng.choice([d for towns in self.ctx.towns.values() for d, _ in towns])),
                cared_for=cared_for, caring_role=role, team=team, received_on=received,
                created_on=_at(received, 10))
            self.out.requests.append(request)
            for stage, days_ago, note in steps:
                self.out.steps.append((request, CarerAssessmentStep(
                    stage=stage, on=on - timedelta(days=days_ago), note=note,
                    created_on=_at(on - timedelta(days=days_ago), 11))))


def plan(ctx: Context, *, on: date, rng: random.Random, size: str = "county") -> Plan:
    """Every row of the demo directory, unsaved. The same context, day and random state give the same plan."""
    planner = _Planner(ctx, on=on, rng=rng, size=size)
    planner.organisations()
    planner.services()
    planner.freshness()
    planner.pages()
    planner.provider()
    planner.questions()
    planner.carer_assessments()
    return planner.out


# ----------------------------------------------------------------------------------------------- context


def load_centroids() -> str:
    """Postcode district centroids for Derbyshire and its neighbours from the shared districts file, or the
    built-in positions of the demo county's districts when it is missing. Returns where they came from."""
    path = Path(settings.WAYFINDER_SHARED_DATA) / DISTRICTS_FILE
    if path.is_file():
        postcodes.load_csv(path, counties=set(CENTROID_COUNTIES))
        return str(path)
    have = set(PostcodeCentroid.objects.filter(code__in=list(FALLBACK_CENTROIDS)).values_list("code", flat=True))
    PostcodeCentroid.objects.bulk_create([
        PostcodeCentroid(code=code, kind=PostcodeCentroid.Kind.DISTRICT, latitude=Decimal(f"{lat:.6f}"),
                         longitude=Decimal(f"{lon:.6f}"), place=town)
        for code, (town, lat, lon) in FALLBACK_CENTROIDS.items() if code not in have
    ])
    return f"built-in positions ({path} not found)"


def context() -> Context:
    """Read the county the directory is written into, preparing what it needs first: postcode centroids, the
    built-in taxonomies (a ``flush`` removes them) and the ask-us team, which the editor account joins."""
    from wayfinder.demo.generator import LOCALITIES

    source = load_centroids()
    vocab.ensure()
    team, _ = Team.objects.get_or_create(name=settings.WAYFINDER_ASK_US_TEAM,
                                         defaults={"kind": TeamKind.OTHER, "email": "localoffer@derbyshire.example",
                                                   "phone": "01632 960000"})
    localities = {loc.code: loc for loc in Locality.objects.order_by("code")}
    builtin_town = {district: town for loc in LOCALITIES for district, town in loc.districts.items()}
    places = dict(PostcodeCentroid.objects.values_list("code", "place"))
    centroids = {code: (float(lat), float(lon)) for code, lat, lon in
                 PostcodeCentroid.objects.filter(kind=PostcodeCentroid.Kind.DISTRICT)
                 .values_list("code", "latitude", "longitude")}
    towns: dict[str, list[tuple[str, str]]] = {}
    for code, locality in localities.items():
        districts = list(locality.postcode_districts or [])
        towns[code] = [(d, builtin_town.get(d) or places.get(d) or d) for d in sorted(districts)]
        for district in districts:
            if district not in centroids and district in FALLBACK_CENTROIDS:
                centroids[district] = FALLBACK_CENTROIDS[district][1:]
    towns = {code: found for code, found in towns.items() if found}
    if not towns:
        raise RuntimeError("The demo directory needs the county's localities: build the county first.")
    settings_qs = Setting.objects.select_related("locality").order_by("pk")
    users = {u.username: u for u in User.objects.filter(username__in=("editor", "provider"))}
    provider = users.get("provider")
    return Context(
        localities=localities, towns=towns, centroids=centroids,
        terms={t.code: t for t in TaxonomyTerm.objects.select_related("parent", "taxonomy").filter(
            taxonomy__code__in=[tax.code for tax in vocab.TAXONOMIES])},
        special_schools=list(settings_qs.filter(setting_type=SettingType.SPECIAL)),
        colleges=list(settings_qs.filter(setting_type=SettingType.FE_COLLEGE)),
        editor=users.get("editor"),
        provider=provider if provider is not None and provider.role == Role.DIRECTORY_PROVIDER else None,
        team=team, confirm_days=settings.WAYFINDER_LISTING_CONFIRM_DAYS, ask_us_days=settings.WAYFINDER_ASK_US_DAYS,
        centroid_source=source,
    )


# ------------------------------------------------------------------------------------------------- write


def store(out: Plan) -> None:
    """Save a plan, in the order its foreign keys need."""
    Organisation.objects.bulk_create(out.organisations)
    Location.objects.bulk_create(out.locations)
    Service.objects.bulk_create(out.services)
    Service.terms.through.objects.bulk_create([
        Service.terms.through(service_id=s.pk, taxonomyterm_id=t.pk) for s, t in out.service_terms])
    Service.localities.through.objects.bulk_create([
        Service.localities.through(service_id=s.pk, locality_id=loc.pk) for s, loc in out.service_localities])
    ServiceAtLocation.objects.bulk_create(out.sals)
    for model, rows in ((Schedule, out.schedules), (CostOption, out.costs), (Contact, out.contacts),
                        (ReconfirmReminder, out.reminders)):
        model.objects.bulk_create(rows)
    Page.objects.bulk_create(out.pages)
    for page, revision in out.revisions:
        revision.page = page
    PageRevision.objects.bulk_create([revision for _, revision in out.revisions])
    if out.invitation is not None:
        out.invitation.save()
        out.membership.invitation = out.invitation
        out.membership.save()
    for change in out.changes:  # the proposal in the listing form's shape, over the listing as it is stored
        change.base = listing_values(change.service)
        change.data = {**change.base, **change.data}
    ListingChange.objects.bulk_create(out.changes)
    Question.objects.bulk_create(out.questions)
    CarerAssessmentRequest.objects.bulk_create(out.requests)
    for request, step in out.steps:
        step.request = request
    CarerAssessmentStep.objects.bulk_create([step for _, step in out.steps])


def audit(out: Plan) -> None:
    """One batch: each organisation listed, each page published, each provider change submitted or decided."""
    per_org = Counter(s.organisation_id for s in out.services)
    events = [
        PendingEvent(actor=None, verb=Verb.CREATED, target_type="directory.organisation", target_id=str(org.pk),
                     target_label=org.name,
                     summary=f"Listed in the Local Offer by the demo county generator, with {per_org[org.pk]} "
                             f"service{'s' if per_org[org.pk] != 1 else ''}",
                     payload={"services": per_org[org.pk]})
        for org in out.organisations
    ]
    events += [
        PendingEvent(actor=None, verb=Verb.CREATED, target_type="directory.page", target_id=str(page.pk),
                     target_label=page.slug,
                     summary=f"Page written for the demo Local Offer ({page.get_kind_display().lower()})")
        for page in out.pages
    ]
    for change in out.changes:
        events.append(PendingEvent(actor=change.submitted_by, verb=Verb.SUBMITTED, target_type="directory.service",
                                   target_id=str(change.service_id), target_label=change.service.name,
                                   summary="Proposed a change to the listing", occurred_at=change.created_on,
                                   payload={"change": change.pk, "is_new": False,
                                            "changes": diff(change.base, change.data)}))
        if change.status == ChangeStatus.REJECTED:
            events.append(PendingEvent(actor=change.decided_by, verb=Verb.REJECTED, target_type="directory.service",
                                       target_id=str(change.service_id), target_label=change.service.name,
                                       summary=f"Did not accept the change from {change.submitted_by}: "
                                               f"{change.reason}"[:500], occurred_at=change.decided_on,
                                       payload={"change": change.pk, "reason": change.reason}))
    audit_record_many(events)


def write(*, on: date, rng: random.Random, size: str = "county") -> dict[str, int]:
    """Write the demo Local Offer into the county in the database. Returns counts."""
    with transaction.atomic():
        ctx = context()
        out = plan(ctx, on=on, rng=rng, size=size)
        store(out)
        audit(out)
    return out.counts()


__all__ = ["ACCEPTANCE_SERVICE", "KINDS", "ORGS", "Context", "Plan", "context", "plan", "store", "write"]
