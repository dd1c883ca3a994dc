"""Official code lists (values are the DfE codes; see docs/glossary.md and the SEN2 guide)."""

from django.db import models


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    """The 20 main DfE ethnicity codes used by SEN2, CIN and the Annex A lists."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Caribbean"
    BAFR = "BAFR", "African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class SENType(models.TextChoices):
    """Primary / secondary type of need (SEN2 SENtype, school census)."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    OTH = "OTH", "Other difficulty or disability"


class SENStatus(models.TextChoices):
    """School census SEN provision codes."""

    NONE = "N", "No special educational need recorded"
    SEN_SUPPORT = "K", "SEN support"
    EHC_PLAN = "E", "Education, health and care plan"


class UPNUnknown(models.TextChoices):
    """SEN2 UPNunknown reasons."""

    UN1 = "UN1", "Under 6 and no UPN assigned yet"
    UN2 = "UN2", "Never attended a state-funded school in England"
    UN3 = "UN3", "Educated outside England"
    UN5 = "UN5", "Records disagree on name or date of birth"
    UN8 = "UN8", "New to the local authority, UPN or ULN not yet known"
    UN9 = "UN9", "Young person never attended a state-funded school or FE setting in England"
    UN10 = "UN10", "Request ended before a UPN or ULN was known"


class SettingType(models.TextChoices):
    NURSERY = "nursery", "Nursery school"
    PRIMARY = "primary", "Primary school"
    SECONDARY = "secondary", "Secondary school"
    ALL_THROUGH = "all_through", "All-through school"
    SPECIAL = "special", "Special school"
    AP = "ap", "Alternative provision or pupil referral unit"
    FE_COLLEGE = "fe_college", "Further education college"
    SPECIALIST_POST16 = "specialist_post16", "Specialist post-16 institution"
    INDEPENDENT = "independent", "Independent school"
    EARLY_YEARS = "early_years", "Early years provider"


class Phase(models.TextChoices):
    EARLY_YEARS = "early_years", "Early years"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    POST16 = "post16", "16 plus"
    NOT_APPLICABLE = "na", "Not applicable"


class ProvisionKind(models.TextChoices):
    RESOURCED = "resourced", "Resourced provision (enhanced resource)"
    SEN_UNIT = "sen_unit", "SEN unit"


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    GRANDPARENT = "grandparent", "Grandparent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    SPECIAL_GUARDIAN = "special_guardian", "Special guardian"
    CORPORATE_PARENT = "corporate_parent", "Local authority (corporate parent)"
    SIBLING = "sibling", "Sibling"
    OTHER_RELATIVE = "other_relative", "Other relative"
    OTHER = "other", "Other"


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    POST = "post", "Post"
    PHONE = "phone", "Phone call"
