"""Forms for the steps of an assessment. They collect and tidy what was typed; the rules live in the
services, whose ``ValidationError`` is shown against the same fields (``add_service_errors``)."""

from __future__ import annotations

from django import forms

from wayfinder.accounts.models import Role, Team, User
from wayfinder.people.codes import SENType
from wayfinder.people.models import LocalAuthority, Setting
from wayfinder.web.forms import GovukDateField

from . import content as plan_content
from .models import AdviceSource, ConsultationResponse, ExceptionKind, RequestSource


def _date(label: str, hint: str = "For example, 27 3 2026", *, what: str) -> GovukDateField:
    """A date question; ``what`` names the date in its error messages ("Enter the date the request was …")."""
    return GovukDateField(label=label, help_text=hint, error_label=what)


def _text(label: str, *, required: bool = True, rows: int = 4, hint: str = "", message: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=hint, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": message or f"Enter {label[0].lower()}{label[1:]}"})


class SettingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Setting) -> str:
        urn = f", URN {obj.urn}" if obj.urn else (f", UKPRN {obj.ukprn}" if obj.ukprn else "")
        return f"{obj.name}{urn}"


def _settings():
    return Setting.objects.filter(archived_on__isnull=True).order_by("name")


class RequestForm(forms.Form):
    received_on = _date("When was the request received?", "The 6-week and 20-week clocks start on this date. "
                        "For example, 27 3 2026", what="the date the request was received")
    request_source = forms.ChoiceField(label="Who made the request?", choices=RequestSource.choices,
                                       widget=forms.RadioSelect,
                                       error_messages={"required": "Select who made the request"})
    requested_by = forms.CharField(label="Name and role of the person who asked", max_length=200,
                                   error_messages={"required": "Enter who made the request"})
    requester_setting = SettingChoiceField(label="Setting that made the request (optional)", required=False,
                                           queryset=_settings(), empty_label="Not a setting")
    reasons = _text("Why is the assessment asked for?", rows=6,
                    hint="Summarise the evidence: what has been tried, for how long, and what difference it made",
                    message="Enter why the assessment is asked for")
    consent = forms.BooleanField(
        label="The parent, or the young person, agrees to the request and to information being shared",
        error_messages={"required": "Confirm the parent or young person agrees to the request and to information "
                                    "being shared"},
    )
    relevant_youth_accommodation = forms.BooleanField(
        label="The child or young person is in relevant youth accommodation", required=False)
    transferred_from = forms.ModelChoiceField(
        label="Transferred in from another local authority (optional)", required=False,
        queryset=LocalAuthority.objects.order_by("name"), empty_label="Not a transfer",
        help_text="An assessment the family's previous authority had started. The clocks run from the date "
                  "this authority became responsible (CAFA 2014 section 24): enter that as the date received.")
    evidence = forms.FileField(label="Evidence (optional)", required=False,
                               help_text="A PDF, Word document or image, up to 10 MB")


DECISION_ASSESS = [("assess", "Yes, carry out an EHC needs assessment"),
                   ("not_assess", "No, do not carry out an assessment")]
DECISION_ISSUE = [("issue", "Yes, issue an EHC plan: a draft plan is started"),
                  ("not_issue", "No, do not issue a plan")]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="What has been decided?", widget=forms.RadioSelect,
                                error_messages={"required": "Select the decision"})
    decided_on = _date("When was the decision sent to the family?", what="the date the decision was sent")
    reasons = _text("Reasons for the decision", rows=6,
                    hint="These go in the decision letter. Say what evidence the decision rests on.",
                    message="Enter the reasons for the decision")

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = DECISION_ASSESS if kind == "assess" else DECISION_ISSUE
        self.fields["outcome"].label = ("Will the authority carry out an EHC needs assessment?" if kind == "assess"
                                        else "Will the authority issue an EHC plan?")


class ProfessionalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        title = f", {obj.job_title}" if obj.job_title else ""
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()}{title})"


class AdviceRequestForm(forms.Form):
    source = forms.ChoiceField(label="What advice is needed?", choices=AdviceSource.choices,
                               widget=forms.RadioSelect, error_messages={"required": "Select the kind of advice"})
    professional = ProfessionalChoiceField(
        label="Professional to ask (optional if you choose a team or setting)", required=False,
        queryset=User.objects.filter(is_active=True, role__in=[
            Role.EDUCATIONAL_PSYCHOLOGIST, Role.HEALTH_PROFESSIONAL, Role.SOCIAL_CARE]).order_by("first_name"),
        empty_label="Not a named person",
    )
    team = forms.ModelChoiceField(label="Team to ask (optional)", required=False,
                                  queryset=Team.objects.filter(archived_on__isnull=True).order_by("name"),
                                  empty_label="Not a team")
    setting = SettingChoiceField(label="School, college or early years setting (educational advice only)",
                                 required=False, queryset=_settings(), empty_label="Not a setting")
    requested_on = _date("When did they receive the request?", "Their 6 weeks run from this date (reg 8). "
                         "For example, 27 3 2026", what="the date they received the request")
    questions = _text("What do you need to know? (optional)", required=False)


class AdviceResponseForm(forms.Form):
    received_on = _date("Date of your advice", what="the date of your advice")
    needs = _text("Needs you identified (optional if you upload a report)", required=False, rows=6)
    outcomes = _text("Outcomes you recommend (optional)", required=False)
    provision = _text("Provision you recommend (optional)", required=False,
                      hint="Say what, who, how often and for how long")
    no_needs_identified = forms.BooleanField(label="I identified no needs in my area", required=False)
    upload = forms.FileField(label="Upload your report (optional)", required=False,
                             help_text="A PDF, Word document or image, up to 10 MB")


class ExceptionForm(forms.Form):
    kind = forms.ChoiceField(label="What happened?", choices=ExceptionKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select what happened"})
    source = forms.ChoiceField(
        label="Whose time limit does it affect?", required=False,
        choices=[("", "The authority's own time limits (6, 16 and 20 weeks)"), *AdviceSource.choices],
        help_text="Choose an advice source for an exception to that body's 6 weeks (reg 8(2))",
    )
    start = _date("When did it start?", "For a missed appointment, the date of the appointment",
                  what="the date it started")
    end = GovukDateField(label="When did it end? (optional)", required=False,
                         help_text="Leave blank if it was one day", error_label="the date it ended")
    reason = _text("Why did it make keeping to the time limit impractical?",
                   hint="You are the named approver of this exception. The due date does not move.",
                   message="Enter why the circumstance made keeping to the time limit impractical")


class TextSectionForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, section: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = plan_content.TEXT_SECTIONS[section]
        if section in ("c", "d", "g", "h1", "h2"):
            self.fields["text"].help_text = ("If there are none, say so and whose advice that is based on, for "
                                             "example: No health needs identified, based on advice from …")


ITEM_FIELDS = {
    "needs": (("text", "Need", "textarea"), ("sen_type", "Type of need", "sen_type"), ("rank", "Rank", "rank")),
    "outcomes": (("text", "Outcome", "textarea"), ("by_when", "By when", "input"),
                 ("measure", "How we will know", "input"), ("pfa", "Preparing for adulthood outcome", "bool")),
    "provision": (("what", "What", "textarea"), ("need_refs", "Needs it meets", "need_refs"),
                  ("who", "Who provides it", "input"), ("frequency", "How often", "input"),
                  ("duration", "For how long", "input"), ("group_size", "Group size", "input"),
                  ("review", "When it is reviewed", "input")),
}
ITEM_NAMES = {"needs": "need", "outcomes": "outcome", "provision": "provision"}


class ItemsForm(forms.Form):
    """Every item of section B, E or F on one page, plus one blank item to add (no JavaScript needed)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, section: str, items: list[dict], need_refs: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        self.count = len(items) + 1
        name = ITEM_NAMES[section]
        for i in range(1, self.count + 1):
            item = items[i - 1] if i <= len(items) else {}
            for key, label, kind in ITEM_FIELDS[section]:
                field_name = f"{i}_{key}"
                self.fields[field_name] = self._field(kind, label, need_refs)
                self.initial[field_name] = item.get(key, "" if kind != "rank" else i)
            if i <= len(items):
                self.fields[f"{i}_remove"] = forms.BooleanField(label=f"Remove this {name}", required=False)

    @staticmethod
    def _field(kind: str, label: str, need_refs):
        if kind == "textarea":
            return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}))
        if kind == "sen_type":
            return forms.ChoiceField(label=label, required=False, choices=[("", "Not recorded"), *SENType.choices])
        if kind == "rank":
            return forms.IntegerField(label=label, required=False, min_value=1, max_value=20,
                                      widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}))
        if kind == "bool":
            return forms.BooleanField(label=label, required=False)
        if kind == "need_refs":
            return forms.MultipleChoiceField(label=label, required=False, choices=need_refs,
                                             widget=forms.CheckboxSelectMultiple(
                                                 attrs={"class": "govuk-checkboxes--small"}))
        return forms.CharField(label=label, required=False)

    def groups(self):
        """(number, bound fields) for each item, for the template's fieldsets."""
        for i in range(1, self.count + 1):
            names = [f"{i}_{key}" for key, _label, _kind in ITEM_FIELDS[self.section]]
            if f"{i}_remove" in self.fields:
                names.append(f"{i}_remove")
            yield i, [self[n] for n in names]

    def items(self) -> list[dict]:
        out = []
        main = ITEM_FIELDS[self.section][0][0]
        for i in range(1, self.count + 1):
            if self.cleaned_data.get(f"{i}_remove"):
                continue
            item = {key: self.cleaned_data.get(f"{i}_{key}") for key, _l, _k in ITEM_FIELDS[self.section]}
            if not (item.get(main) or "").strip():
                continue
            out.append(item)
        return out


class PlacementForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    setting = SettingChoiceField(label="Setting named in section I (optional)", required=False, queryset=_settings(),
                                 empty_label="No setting named yet")
    setting_type = forms.CharField(label="Type of setting", required=False, max_length=200,
                                   help_text="For example, mainstream primary school with resourced provision")
    personal_budget = _text("J: personal budget (optional)", required=False)


class DateForm(forms.Form):
    def __init__(self, *args, label: str, what: str, hint: str = "For example, 27 3 2026", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"] = GovukDateField(label=label, help_text=hint, error_label=what)


class ConsultForm(forms.Form):
    setting = SettingChoiceField(label="Setting to consult", queryset=_settings(),
                                 error_messages={"required": "Select the setting to consult"})
    family_preference = forms.BooleanField(label="The family asked for this setting", required=False)
    sent_on = _date("When was the consultation sent?", "The setting should respond within 15 days",
                    what="the date the consultation was sent")


class ConsultationResponseForm(forms.Form):
    response = forms.ChoiceField(label="Your response", choices=ConsultationResponse.choices,
                                 widget=forms.RadioSelect, error_messages={"required": "Select your response"})
    response_text = _text("Your reasons (needed unless you agree)", required=False)
    responded_on = _date("Date of your response", what="the date of your response")


class RepresentationForm(forms.Form):
    comments = _text("Your comments on the draft plan (optional)", required=False, rows=8,
                     hint="Say what is missing, wrong, or not clear enough")
    preferred_setting = SettingChoiceField(
        label="School, college or setting you would like named in the plan (optional)", required=False,
        queryset=_settings(), empty_label="No preference")
    wants_meeting = forms.BooleanField(label="I would like a meeting with an officer to discuss the draft",
                                       required=False)


class WithdrawForm(forms.Form):
    withdrawn_on = _date("When was the request withdrawn?", what="the date the request was withdrawn")
    reason = forms.CharField(label="Why?", max_length=500,
                             error_messages={"required": "Enter why the request was withdrawn"})
