"""Forms for the steps of a review. They collect and tidy what was typed; the rules live in the services,
whose ``ValidationError`` is shown against the same fields (``add_service_errors``)."""

from __future__ import annotations

from django import forms

from wayfinder.ehc.models import AdviceSource
from wayfinder.web.forms import GovukDateField

from .models import CeaseReason, InviteeKind, ReviewKind, ReviewOutcome

EXTRA_INVITEES = 3


def _date(label: str, hint: str = "For example, 27 3 2026", *, what: str, required: bool = True) -> GovukDateField:
    return GovukDateField(label=label, help_text=hint, error_label=what, required=required)


def _text(label: str, *, required: bool = True, rows: int = 4, hint: str = "", message: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=hint, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": message or f"Enter {label[0].lower()}{label[1:]}"})


class StartForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of review is it?", choices=ReviewKind.choices,
                             widget=forms.RadioSelect, initial=ReviewKind.ANNUAL,
                             help_text="A phase transfer review is for a child moving to their next school or "
                                       "college next September: the plan must be amended by 15 February (31 March "
                                       "from secondary school to post-16)",
                             error_messages={"required": "Select the kind of review"})
    reason = _text("Why is it held early? (for an interim or emergency review)", required=False, rows=3)


class ArrangeForm(forms.Form):
    meeting_on = _date("Date of the meeting", "Invitations and advice must go out at least 2 weeks before it. "
                       "For example, 27 3 2026", what="the date of the meeting")
    place = forms.CharField(label="Where is the meeting?", max_length=300,
                            help_text="For example, the school's meeting room, or an online call",
                            error_messages={"required": "Enter where the meeting is"})


class InviteForm(forms.Form):
    """Tick the people the records know; add others by name."""

    sent_on = _date("When were the invitations sent?", what="the date the invitations were sent")

    def __init__(self, *args, candidates: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["known"] = forms.MultipleChoiceField(
            label="Who is invited?", required=False, widget=forms.CheckboxSelectMultiple,
            choices=[(str(i), f"{c['name']} ({InviteeKind(c['kind']).label})") for i, c in enumerate(candidates)],
            help_text="The law says the parent or young person, the setting, a health and a social care "
                      "professional, and the authority's officer (reg 20(2))")
        for n in range(1, EXTRA_INVITEES + 1):
            self.fields[f"name_{n}"] = forms.CharField(label=f"Someone else ({n}): name (optional)", required=False,
                                                       max_length=200)
            self.fields[f"kind_{n}"] = forms.ChoiceField(label=f"Someone else ({n}): who they are", required=False,
                                                         choices=[("", "Choose"), *InviteeKind.choices])
            self.fields[f"email_{n}"] = forms.EmailField(label=f"Someone else ({n}): email (optional)",
                                                         required=False)

    def invitees(self) -> list[dict]:
        data = self.cleaned_data
        people = [self.candidates[int(i)] for i in data.get("known", [])]
        for n in range(1, EXTRA_INVITEES + 1):
            if data.get(f"name_{n}") or data.get(f"kind_{n}"):
                people.append({"kind": data.get(f"kind_{n}"), "name": data.get(f"name_{n}", ""),
                               "email": data.get(f"email_{n}", "")})
        return people


class AdviceForm(forms.Form):
    source = forms.ChoiceField(label="What kind of advice is it?", choices=AdviceSource.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Select what kind of advice this is"})
    from_name = forms.CharField(label="Who is it from?", max_length=200,
                                help_text="Name and role, for example Dr Amal Haddad, community paediatrician",
                                error_messages={"required": "Enter who gave the advice"})
    received_on = _date("Date of the advice", what="the date of the advice")
    advice = _text("The advice", rows=6, hint="What they say about progress, needs and provision",
                   message="Enter the advice")


class CirculateForm(forms.Form):
    circulated_on = _date("When was the advice sent to everyone invited?", what="the date the advice was circulated")


class MeetingForm(forms.Form):
    held_on = _date("When was the meeting held?", "The report is due 2 weeks after it and the decision 4 weeks "
                    "after it. For example, 27 3 2026", what="the date the meeting was held")


class ReportForm(forms.Form):
    views = _text("The child's and family's views", rows=5, message="Enter the child's and family's views")
    progress = _text("Progress towards the outcomes in section E", rows=5,
                     message="Enter the progress made towards the outcomes")
    provision = _text("Is the provision in the plan being made, and is it working?", rows=5,
                      message="Enter whether the provision is being made and is working")
    recommendation = forms.ChoiceField(label="What does the meeting recommend?", choices=ReviewOutcome.choices,
                                       widget=forms.RadioSelect,
                                       error_messages={"required": "Select what the meeting recommends"})
    recommended_changes = _text("Changes recommended to the plan (if amending)", required=False, rows=5)
    sent_on = _date("When was the report sent?", "It goes to everyone invited, within 2 weeks of the meeting",
                    what="the date the report was sent")


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What has the authority decided?", widget=forms.RadioSelect, required=False,
        choices=[(ReviewOutcome.MAINTAIN, "Maintain the plan as it is"),
                 (ReviewOutcome.AMEND, "Amend the plan: the proposed amendments go with this decision"),
                 (ReviewOutcome.CEASE, "Cease to maintain the plan")])
    reasons = _text("Reasons for the decision", rows=6, hint="These go in the decision letter to the family",
                    message="Enter the reasons for the decision")
    decided_on = _date("When was the decision letter sent?", "Within 4 weeks of the meeting. For example, 27 3 2026",
                       what="the date the decision letter was sent")
    cease_reason = forms.ChoiceField(label="If ceasing: the reason", required=False,
                                     choices=[("", "Choose a reason"), *CeaseReason.choices])
    family_consulted_on = _date("If ceasing: when was the family told and consulted? (reg 31(1))",
                                what="the date the family was told and consulted", required=False)
    setting_consulted_on = _date("If ceasing: when was the head or principal consulted? (optional)",
                                 what="the date the head or principal was consulted", required=False)


class IssueForm(forms.Form):
    issued_on = _date("When was the amended plan issued?", "After the family's 15 days and within 8 weeks of the "
                      "proposals. For example, 27 3 2026", what="the date the amended plan was issued")


class NotAmendForm(forms.Form):
    decided_on = _date("When was the family told?", what="the date the family was told")
    reasons = _text("Why will the plan not be amended?", message="Enter why the plan will not be amended")
