"""Annual contracts: the terms, the offer list, the agitation register, the contracts with their steps, renewals,
and the contracts report."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from abonent.churn.services import subscriber_summary
from abonent.core.forms import add_validation_errors
from abonent.core.views import (
    ModelPermissionMixin,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RegisterContextMixin,
    perm,
)
from abonent.subscribers.models import Subscriber
from abonent.subscribers.views import SubscriberInitialMixin

from . import actions, services
from .choices import ContractStatus
from .filtersets import AgitationFilterSet, AnnualContractFilterSet, ContractOfferFilterSet, EligibleFilterSet
from .forms import (
    AgitationForm,
    AnnualContractForm,
    ContractOfferForm,
    ContractStepForm,
    DraftContractForm,
    PeriodForm,
)
from .models import Agitation, AnnualContract, ContractOffer
from .tables import AgitationTable, AnnualContractTable, ContractOfferTable, EligibleTable, RenewalTable

# Terms -----------------------------------------------------------------------------------------------------------


class ContractOfferListView(ObjectListView):
    queryset = ContractOffer.objects.all()
    table_class = ContractOfferTable
    filterset_class = ContractOfferFilterSet


class ContractOfferDetailView(ObjectDetailView):
    queryset = ContractOffer.objects.all()


class ContractOfferEditView(ObjectEditView):
    queryset = ContractOffer.objects.all()
    form_class = ContractOfferForm


# Offer list ------------------------------------------------------------------------------------------------------


class EligibleListView(ObjectListView):
    """Active subscribers who may be offered a contract now, with when they were last offered one."""

    keep_queryset_order = True
    table_class = EligibleTable
    filterset_class = EligibleFilterSet
    permission_required = ("contracts.add_agitation",)
    model = Subscriber

    def get_queryset(self):
        return services.eligible_subscribers().order_by("last_offered_at", "connected_on")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(verbose_name_plural=_("Offer list: who may be offered an annual contract"), can_add=False)
        return context


# Agitation -------------------------------------------------------------------------------------------------------


class AgitationListView(ObjectListView):
    queryset = Agitation.objects.select_related("subscriber", "terms", "offered_by")
    table_class = AgitationTable
    filterset_class = AgitationFilterSet


class AgitationDetailView(ObjectDetailView):
    queryset = Agitation.objects.select_related("subscriber", "terms", "offered_by")


class AgitationCreateView(SubscriberInitialMixin, ModelPermissionMixin, RegisterContextMixin, generic.FormView):
    """Record an offer of a contract; with ?subscriber=<pk> the account is filled in.

    Whoever may record agitation may record an acceptance: it opens a draft, which only those who may change
    contracts sign.
    """

    model = Agitation
    action = "add"
    form_class = AgitationForm
    template_name = "contracts/agitation_add.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subscriber"] = self.subscriber
        context["offers"] = ContractOffer.objects.filter(is_active=True)
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            agitation, contract = actions.record_agitation(
                data["account"],
                terms=data["terms"],
                answer=data["answer"],
                user=self.request.user,
                channel=data["channel"],
                decline_reason=data["decline_reason"],
                follow_up_on=data["follow_up_on"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        if contract is not None:
            messages.success(self.request, _("Accepted: draft %(contract)s created.") % {"contract": contract})
            return redirect(contract)
        messages.success(self.request, _("Offer recorded."))
        return redirect(agitation)


# Contracts -------------------------------------------------------------------------------------------------------


class AnnualContractListView(ObjectListView):
    queryset = AnnualContract.objects.select_related("subscriber", "responsible")
    table_class = AnnualContractTable
    filterset_class = AnnualContractFilterSet


class RenewalListView(AnnualContractListView):
    """Active contracts ending within the notice period (30 days), soonest first."""

    keep_queryset_order = True
    table_class = RenewalTable

    def get_queryset(self):
        days = int(self.request.GET.get("days") or services.RENEWAL_NOTICE_DAYS)
        return services.due_for_renewal(days=days)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(verbose_name_plural=_("Contracts due for renewal"), can_add=False)
        return context


class AnnualContractCreateView(SubscriberInitialMixin, ModelPermissionMixin, RegisterContextMixin, generic.FormView):
    """A draft contract for a subscriber (signing follows on its card)."""

    model = AnnualContract
    action = "add"
    form_class = DraftContractForm
    template_name = "core/object_edit.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            contract = actions.create_draft(
                data["account"],
                user=self.request.user,
                terms=data["terms"],
                starts_on=data["starts_on"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Draft %(contract)s created.") % {"contract": contract})
        return redirect(contract)


class AnnualContractEditView(ObjectEditView):
    queryset = AnnualContract.objects.all()
    form_class = AnnualContractForm

    def form_valid(self, form):
        form.instance._history_user = self.request.user
        return super().form_valid(form)


STEP_LABELS = {
    "sign": gettext_lazy("Sign"),
    "activate": gettext_lazy("Enter into the register (activate)"),
    "renew": gettext_lazy("Renew for 12 months"),
    "end": gettext_lazy("End (term over)"),
    "terminate": gettext_lazy("Terminate early"),
    "cancel": gettext_lazy("Cancel the contract"),
}


class AnnualContractDetailView(ObjectDetailView):
    queryset = AnnualContract.objects.select_related(
        "subscriber",
        "subscriber__tariff",
        "terms",
        "responsible",
        "agitation",
        "renewal_of",
        "signed_by",
        "closed_by",
        "retention_offer",
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        may_work = self.request.user.has_perm(perm(AnnualContract, "change"))
        context["summary"] = subscriber_summary(obj.subscriber, self.request.user)
        context["status_color"] = ContractStatus.color_of(obj.status)
        context["steps"] = [(s, STEP_LABELS[s]) for s in actions.allowed_actions(obj)] if may_work else []
        context["step_form"] = ContractStepForm(initial={"terms": obj.terms_id})
        context["renewals"] = obj.renewals.all()
        context["agitations"] = obj.subscriber.contract_agitations.select_related("terms", "offered_by")[:20]
        return context


class ContractStepView(ModelPermissionMixin, generic.View):
    """POST /contracts/<pk>/<step>/: one transition; a refused one returns to the card with the reason."""

    model = AnnualContract
    action = "change"

    def post(self, request, pk, step):
        contract = get_object_or_404(AnnualContract, pk=pk)
        form = ContractStepForm(request.POST)
        form.is_valid()
        data = form.cleaned_data
        user = request.user
        try:
            if step == "sign":
                actions.sign(contract, user=user, starts_on=data.get("on_date"))
            elif step == "activate":
                actions.activate(contract, user=user)
            elif step == "cancel":
                actions.cancel(contract, user=user, reason=data.get("reason") or "")
            elif step == "end":
                actions.end(contract, user=user)
            elif step == "terminate":
                actions.terminate(contract, user=user, reason=data.get("reason") or "", on=data.get("on_date"))
            elif step == "renew":
                new = actions.renew(contract, user=user, terms=data.get("terms"))
                messages.success(request, _("Renewed: %(contract)s signed.") % {"contract": new})
                return redirect(new)
            else:
                raise actions.TransitionError(_("Unknown step."))
        except actions.TransitionError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(contract)s: %(status)s.") % {"contract": contract, "status": contract.get_status_display()},
            )
        return redirect(contract)


# Report ----------------------------------------------------------------------------------------------------------


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last twelve whole months."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    start = dt.date(end.year - 1, end.month, 1) + dt.timedelta(days=32)
    return start.replace(day=1), end


class ContractReportView(ModelPermissionMixin, generic.TemplateView):
    """Contracts in numbers, and churn of subscribers under contract against those without (not causal)."""

    model = AnnualContract
    template_name = "contracts/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        start, end = default_period(today)
        form = PeriodForm(self.request.GET or None, initial={"start": start, "end": end})
        if form.is_bound and form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        context.update(
            form=form,
            start=start,
            end=end,
            counts=services.contract_counts(start, end, today),
            comparison=services.churn_under_contract(start, end),
        )
        return context
