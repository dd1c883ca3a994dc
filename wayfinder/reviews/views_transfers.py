"""Pages for phase transfers (SEND Regs 2014 reg 18) and transfers of plans between authorities (reg 15).

Staff (namespace ``staff``):

* ``phase-cohort`` ``/staff/reviews/phase-transfers/``: the coming transfer cohort, filtered by locality,
  kind of move and risk with a plain GET form (no JavaScript), with the counts;
* ``plan-transfers`` ``/staff/transfers/``: every transfer the user may see, with its clocks;
* ``plan-transfer-out`` ``/staff/plans/<plan_pk>/transfer-out/``: record a move and the transfer of the plan;
* ``plan-transfer-detail`` ``/staff/transfers/<pk>/`` and ``plan-transfer-sent`` ``/staff/transfers/<pk>/sent/``;
* ``plan-transfer-in`` ``/staff/children/<child_pk>/transfer-in/``: record a plan transferred in from another
  authority (reg 15), reached from the child's page; ``plan-transfer-informed``
  ``/staff/transfers/<pk>/informed/``: the day the family was told (``XFER-INFORM-6W``, reg 15(4)).

Setting (namespace ``setting``): ``phase-cohort`` ``/setting/phase-transfers/``, the setting's own pupils in
the coming cohort. Thin views: selectors read, services change, and every page of a child's data writes an
access event (a list writes one event naming how many children it showed).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from wayfinder.audit.models import Verb
from wayfinder.audit.services import audit_record, record_access
from wayfinder.core.dates import today
from wayfinder.ehc.forms import SettingChoiceField
from wayfinder.ehc.views_staff import submitted
from wayfinder.people.models import LocalAuthority, Locality, Setting
from wayfinder.people.policies import CASEWORK_ROLES, SETTING_ROLES, ChildPolicy
from wayfinder.web.forms import GovukDateField
from wayfinder.web.views_setting import setting_required
from wayfinder.web.views_staff import staff_required

from . import phase, transfers
from .models import PlanTransfer
from .policies import PlanTransferPolicy

# --------------------------------------------------------------------------------------------- forms


def _date(label: str, hint: str, *, what: str, required: bool = True) -> GovukDateField:
    return GovukDateField(label=label, help_text=hint, error_label=what, required=required)


class TransferOutForm(forms.Form):
    other_la = forms.ModelChoiceField(
        label="Which authority is the child or young person moving to?", queryset=LocalAuthority.objects.none(),
        empty_label="Select an authority",
        error_messages={"required": "Select the authority the child or young person is moving to"})
    move_on = _date("When did they move, or when will they move?",
                    "The plan must be transferred on the day of the move (regulation 15(2)). For example, 27 3 2026",
                    what="the date of the move")
    old_la_aware_on = _date("When did this authority know of the move?",
                            "If it was less than 15 working days before the move, the plan must be transferred "
                            "within 15 working days of this date. For example, 27 3 2026",
                            what="the date this authority knew of the move")
    transferred_on = _date("When was the plan transferred? (optional)",
                           "Leave blank if it has not been sent yet. The plan ends here on this date.",
                           what="the date the plan was transferred", required=False)
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other_la"].queryset = (LocalAuthority.objects.exclude(code=settings.WAYFINDER_LA_CODE)
                                            .order_by("name"))


class TransferInForm(forms.Form):
    other_la = forms.ModelChoiceField(
        label="Which authority transferred the plan?", queryset=LocalAuthority.objects.none(),
        empty_label="Select an authority",
        error_messages={"required": "Select the authority the plan was transferred from"})
    move_on = _date("When did the child or young person move into this area?", "For example, 27 3 2026",
                    what="the date of the move")
    transferred_on = _date("When did this authority receive the plan?",
                           "The date of transfer. The family must be told within 6 weeks of it (regulation 15(4)). "
                           "For example, 27 3 2026", what="the date the plan was transferred")
    made_on = _date("When did the other authority make the plan?",
                    "The plan is treated as made by this authority on this date (regulation 15(3)(a)). "
                    "For example, 27 3 2026", what="the date the old authority made the plan")
    last_reviewed_on = _date("When did the other authority last review it?",
                             "The date of its last review decision. If it was never reviewed, enter the date it was "
                             "made. The review here is due by the later of 12 months from this date and 3 months "
                             "from the transfer (regulation 15(5)).",
                             what="the date the plan was made or last reviewed")
    setting = SettingChoiceField(label="Setting named in section I", required=False,
                                 queryset=Setting.objects.none(), empty_label="No setting named")
    setting_type = forms.CharField(label="Or the type of setting it names", required=False, max_length=200,
                                   help_text="For example, mainstream primary school with resourced provision")
    plan_document = forms.FileField(label="The plan the other authority sent (optional)", required=False,
                                    help_text="A PDF, Word document (DOC or DOCX), PNG or JPG")
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other_la"].queryset = (LocalAuthority.objects.exclude(code=settings.WAYFINDER_LA_CODE)
                                            .order_by("name"))
        self.fields["setting"].queryset = Setting.objects.filter(archived_on__isnull=True).order_by("name")


class FamilyInformedForm(forms.Form):
    informed_on = _date("When did this authority tell the family?",
                        "The letter says the plan has been transferred, whether this authority will assess and when "
                        "it will review the plan (regulation 15(4)). For example, 27 3 2026",
                        what="the date the family was told")


class TransferSentForm(forms.Form):
    transferred_on = _date("When was the plan transferred?", "For example, 27 3 2026",
                           what="the date the plan was transferred")


# --------------------------------------------------------------------------------------------- phase cohort


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _cohort_viewed(request: HttpRequest, cohort: phase.Cohort) -> None:
    audit_record(actor=request.user, verb=Verb.VIEWED, target_type="reviews.review",
                 summary=f"Viewed the phase transfer cohort for {cohort.transfer_on:%B %Y} "
                         f"({len(cohort.rows)} children)",
                 payload={"children": [r.child.pk for r in cohort.rows[:500]], "shown": len(cohort.rows)})


COHORT_PAGE = 100


@staff_required
@require_GET
def phase_cohort(request: HttpRequest) -> HttpResponse:
    """The coming phase transfer cohort (reg 18): who has a next-phase setting named, who is being consulted,
    and who is at risk of missing 15 February (14 February, strictly) or 31 March (30 March)."""
    if request.user.role not in CASEWORK_ROLES:
        raise PermissionDenied("The phase transfer cohort is for casework staff.")
    locality = request.GET.get("locality") or ""
    kind = request.GET.get("kind") or ""
    risk = request.GET.get("risk") or ""
    cohort = phase.transfer_cohort(user=request.user, as_of=today(), locality_id=_int(locality),
                                   kind=kind or None, risk=risk or None)
    _cohort_viewed(request, cohort)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reviews/phase/cohort.html", {
        "cohort": cohort, "locality": locality, "kind": kind, "risk": risk,
        "page": Paginator(cohort.rows, COHORT_PAGE).get_page(request.GET.get("page")), "query": query.urlencode(),
        "localities": Locality.objects.filter(archived_on__isnull=True).order_by("name"),
        "kinds": phase.MOVE_KINDS.items(), "risks": [(k, label) for k, (label, _c) in phase.RISKS.items()],
        "risk_counts": [(k, label, colour, cohort.by_risk[k]) for k, (label, colour) in phase.RISKS.items()],
        "child_url": "staff:child-detail",
    })


@setting_required
@require_GET
def setting_phase_cohort(request: HttpRequest) -> HttpResponse:
    """A SENCO's own pupils in the coming transfer cohort (the pupils on the setting's roll, ``ChildPolicy``)."""
    if request.user.role not in SETTING_ROLES:
        raise PermissionDenied("These pages are for settings.")
    cohort = phase.transfer_cohort(user=request.user, as_of=today())
    _cohort_viewed(request, cohort)
    return render(request, "reviews/phase/setting_cohort.html", {
        "cohort": cohort, "setting": request.user.setting, "child_url": "setting:child-detail"})


# --------------------------------------------------------------------------------------------- transfers


def _need_record(request: HttpRequest) -> None:
    if not PlanTransferPolicy.can(request.user, "record"):
        raise PermissionDenied("You cannot record transfers of plans.")


@staff_required
@require_GET
def transfer_list(request: HttpRequest) -> HttpResponse:
    if request.user.role not in CASEWORK_ROLES:
        raise PermissionDenied("Transfers are for casework staff.")
    rows = transfers.transfers_for(user=request.user)
    if rows:
        audit_record(actor=request.user, verb=Verb.VIEWED, target_type="reviews.plantransfer",
                     summary=f"Viewed the list of transfers of plans ({len(rows)})")
    return render(request, "reviews/transfers/list.html", {"rows": rows})


@staff_required
@require_http_methods(["GET", "POST"])
def transfer_out(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = transfers.visible_plan(request.user, plan_pk)
    _need_record(request)
    record_access(actor=request.user, target=plan, child=plan.child, summary="Opened the transfer of the plan")
    form = TransferOutForm(request.POST or None)
    transfer = submitted(
        request, form,
        lambda data: transfers.plan_transfer_out(actor=request.user, plan=plan, **data),
        lambda t: (f"Plan transferred to {t.other_la.name}" if t.transferred_on
                   else f"Move to {t.other_la.name} recorded: send the plan by the date below"))
    if transfer:
        return redirect("staff:plan-transfer-detail", pk=transfer.pk)
    return render(request, "reviews/transfers/form.html", {
        "form": form, "plan": plan, "child": plan.child, "title": "Transfer the plan to another authority",
        "button": "Record the transfer"})


@staff_required
@require_http_methods(["GET", "POST"])
def transfer_in(request: HttpRequest, child_pk: int) -> HttpResponse:
    """Record a plan transferred in from another authority (reg 15) and this authority's duties."""
    child = ChildPolicy.get_or_404(request.user, pk=child_pk)
    _need_record(request)
    record_access(actor=request.user, target=child, child=child, summary="Opened the transfer in of a plan")
    form = TransferInForm(request.POST or None, request.FILES or None)
    transfer = submitted(
        request, form, lambda data: transfers.plan_transfer_in(actor=request.user, child=child, **data),
        lambda t: f"Plan transferred in from {t.other_la.name} recorded: tell the family and review by the dates "
                  "below")
    if transfer:
        return redirect("staff:plan-transfer-detail", pk=transfer.pk)
    return render(request, "reviews/transfers/form.html", {
        "form": form, "child": child, "title": "Record a plan transferred from another authority",
        "button": "Record the plan", "direction": "in", "multipart": True})


def _transfer(request: HttpRequest, pk: int) -> PlanTransfer:
    return PlanTransferPolicy.get_or_404(request.user, pk=pk)


@staff_required
@require_GET
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    record_access(actor=request.user, target=transfer, child=transfer.plan.child,
                  summary=f"Viewed the transfer of the plan ({transfer})")
    row = transfers.plan_transfers(request.user, transfer.plan)
    this = next(r for r in row if r.transfer.pk == transfer.pk)
    made_on = transfers.plan_made_on(transfer.plan) if transfer.direction == "in" else None
    return render(request, "reviews/transfers/detail.html", {
        "row": this, "transfer": transfer, "child": transfer.plan.child, "made_on": made_on,
        "can_record": PlanTransferPolicy.can(request.user, "record")})


@staff_required
@require_http_methods(["GET", "POST"])
def transfer_informed(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the day the family was told of the transfer in (``XFER-INFORM-6W``, reg 15(4))."""
    transfer = _transfer(request, pk)
    _need_record(request)
    form = FamilyInformedForm(request.POST or None)
    if submitted(request, form,
                 lambda data: transfers.plan_transfer_family_informed(actor=request.user, transfer=transfer, **data),
                 "Recorded: the family has been told"):
        return redirect("staff:plan-transfer-detail", pk=transfer.pk)
    return render(request, "reviews/transfers/form.html", {
        "form": form, "plan": transfer.plan, "child": transfer.plan.child, "transfer": transfer, "direction": "in",
        "title": "Record that the family was told", "button": "Save"})


@staff_required
@require_http_methods(["GET", "POST"])
def transfer_sent(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer(request, pk)
    _need_record(request)
    form = TransferSentForm(request.POST or None)
    if submitted(request, form,
                 lambda data: transfers.plan_transfer_sent(actor=request.user, transfer=transfer, **data),
                 "Transfer recorded: the plan has ended here"):
        return redirect("staff:plan-transfer-detail", pk=transfer.pk)
    return render(request, "reviews/transfers/form.html", {
        "form": form, "plan": transfer.plan, "child": transfer.plan.child, "transfer": transfer,
        "title": f"Record the transfer to {transfer.other_la.name}", "button": "Record the transfer"})


staff_urls = [
    path("reviews/phase-transfers/", phase_cohort, name="phase-cohort"),
    path("transfers/", transfer_list, name="plan-transfers"),
    path("transfers/<int:pk>/", transfer_detail, name="plan-transfer-detail"),
    path("transfers/<int:pk>/sent/", transfer_sent, name="plan-transfer-sent"),
    path("transfers/<int:pk>/informed/", transfer_informed, name="plan-transfer-informed"),
    path("plans/<int:plan_pk>/transfer-out/", transfer_out, name="plan-transfer-out"),
    path("children/<int:child_pk>/transfer-in/", transfer_in, name="plan-transfer-in"),
]
setting_urls = [
    path("phase-transfers/", setting_phase_cohort, name="phase-cohort"),
]
family_urls: list = []
