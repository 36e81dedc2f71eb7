"""Churn registers: the reason classifier and its norms, the script library, and disconnection requests.

Views only parse input and render; the rules live in actions.py (state changes) and services.py (computations).
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from abonent.core.forms import add_validation_errors
from abonent.core.views import (
    ModelPermissionMixin,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RegisterContextMixin,
    RetireView,
    int_or_none,
    perm,
)
from abonent.subscribers.views import SubscriberInitialMixin

from . import actions, services
from .choices import NormSource, RequestStatus
from .filtersets import ChurnReasonFilterSet, DisconnectionRequestFilterSet, ReasonGroupFilterSet, ScriptFilterSet
from .forms import (
    BaselineForm,
    ChurnReasonForm,
    CloseRequestForm,
    DisconnectionRequestForm,
    EstablishReasonForm,
    MakeOfferForm,
    NormsForm,
    ReasonGroupForm,
    ScriptForm,
)
from .models import ChurnReason, DisconnectionRequest, ReasonGroup, Script
from .tables import ChurnReasonTable, DisconnectionRequestTable, ReasonGroupTable, ScriptTable

# Reason groups ----------------------------------------------------------------------------------------------------


class ReasonGroupListView(ObjectListView):
    queryset = ReasonGroup.objects.all()
    table_class = ReasonGroupTable
    filterset_class = ReasonGroupFilterSet


class ReasonGroupDetailView(ObjectDetailView):
    queryset = ReasonGroup.objects.prefetch_related("reasons", "scripts")


class ReasonGroupEditView(ObjectEditView):
    queryset = ReasonGroup.objects.all()
    form_class = ReasonGroupForm


class ReasonGroupDeleteView(RetireView):
    queryset = ReasonGroup.objects.all()
    retire = staticmethod(actions.retire_group)


# Churn reasons ----------------------------------------------------------------------------------------------------


class ChurnReasonListView(ObjectListView):
    queryset = ChurnReason.objects.select_related("group")
    table_class = ChurnReasonTable
    filterset_class = ChurnReasonFilterSet
    template_name = "churn/churnreason_list.html"


class ChurnReasonDetailView(ObjectDetailView):
    queryset = ChurnReason.objects.select_related("group")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["in_use"] = actions.is_reason_used(self.object)
        return context


class ChurnReasonEditView(ObjectEditView):
    queryset = ChurnReason.objects.all()
    form_class = ChurnReasonForm

    def get_initial(self):
        initial = super().get_initial()
        if "group" in self.request.GET:
            initial["group"] = self.request.GET["group"]
        return initial


class ChurnReasonDeleteView(RetireView):
    queryset = ChurnReason.objects.all()
    retire = staticmethod(actions.retire_reason)


class NormsView(ModelPermissionMixin, generic.TemplateView):
    """Every current reason's norm on one page, with the sum (it should be 100 %) and where each norm came from."""

    model = ChurnReason
    template_name = "churn/norms.html"

    def reasons(self):
        return list(ChurnReason.objects.filter(is_archived=False, group__is_archived=False).select_related("group"))

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        reasons = self.reasons()
        total = sum((r.norm_percent for r in reasons), Decimal(0))
        context.update(
            form=form or NormsForm(reasons=reasons),
            total=total,
            total_ok=total == 100,
            has_template=any(r.norm_source == NormSource.TEMPLATE for r in reasons),
            can_change=self.request.user.has_perm(perm(ChurnReason, "change")),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(perm(ChurnReason, "change")):
            raise PermissionDenied
        form = NormsForm(request.POST, reasons=self.reasons())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        changed = actions.save_norms(form.norms(), user=request.user, source=NormSource.MANUAL)
        messages.success(request, _("Norms saved: %(n)d changed.") % {"n": len(changed)})
        total = sum(form.norms().values(), Decimal(0))
        if total != 100:
            messages.warning(request, _("The norms sum to %(total)s %%, not 100 %%.") % {"total": total})
        return redirect("churn:norms")


class NormProposalsView(ModelPermissionMixin, generic.TemplateView):
    """Norms proposed from the operator's own churn over a baseline period; the head applies the ones chosen."""

    model = ChurnReason
    template_name = "churn/norm_proposals.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        start, end = services.default_baseline()
        form = BaselineForm(self.request.GET or None, initial={"start": start, "end": end})
        if form.is_bound and form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        proposals = services.propose_norms(start, end)
        churn = services.monthly_churn(start, end)
        context.update(
            form=form,
            start=start,
            end=end,
            proposals=proposals,
            months=[(month, sum(by_reason.values())) for month, by_reason in churn.items()],
            has_proposals=any(p.proposed is not None for p in proposals),
            proposed_total=sum((p.proposed or 0 for p in proposals), Decimal(0)),
            can_change=self.request.user.has_perm(perm(ChurnReason, "change")),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(perm(ChurnReason, "change")):
            raise PermissionDenied
        form = BaselineForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a valid baseline period."))
            return redirect("churn:norm_proposals")
        # Recomputed here rather than taken from the page, so what is applied is what the history says.
        selected = set(request.POST.getlist("apply"))
        proposals = services.propose_norms(form.cleaned_data["start"], form.cleaned_data["end"])
        norms = {p.reason_id: p.proposed for p in proposals if str(p.reason_id) in selected and p.proposed is not None}
        changed = actions.save_norms(norms, user=request.user, source=NormSource.HISTORY)
        messages.success(request, _("Proposals applied to %(n)d reasons.") % {"n": len(changed)})
        return redirect("churn:norms")


# Scripts ----------------------------------------------------------------------------------------------------------


class ScriptListView(ObjectListView):
    queryset = Script.objects.select_related("group")
    table_class = ScriptTable
    filterset_class = ScriptFilterSet


class ScriptDetailView(ObjectDetailView):
    queryset = Script.objects.select_related("group")


class ScriptEditView(ObjectEditView):
    queryset = Script.objects.all()
    form_class = ScriptForm


class ScriptPanelView(ModelPermissionMixin, generic.TemplateView):
    """The script of the chosen reason's group, loaded next to the reason form (htmx)."""

    model = Script
    template_name = "churn/_script_panel.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reason = (
            ChurnReason.objects.select_related("group").filter(pk=int_or_none(self.request.GET.get("reason"))).first()
        )
        context["script_reason"] = reason
        context["scripts"] = scripts_for(reason)
        return context


def scripts_for(reason: ChurnReason | None) -> list[Script]:
    if reason is None:
        return []
    return list(Script.objects.filter(group_id=reason.group_id).order_by("-is_default", "title"))


# Disconnection requests -------------------------------------------------------------------------------------------


class DisconnectionRequestListView(ObjectListView):
    queryset = DisconnectionRequest.objects.select_related("subscriber", "reason", "reason__group", "agent", "owner")
    table_class = DisconnectionRequestTable
    filterset_class = DisconnectionRequestFilterSet


class DisconnectionRequestCreateView(
    SubscriberInitialMixin, ModelPermissionMixin, RegisterContextMixin, generic.FormView
):
    """Receive a request: the subscriber by account number (or `?subscriber=<pk>`), the current user as agent."""

    model = DisconnectionRequest
    action = "add"
    form_class = DisconnectionRequestForm
    template_name = "churn/disconnectionrequest_add.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subscriber"] = self.subscriber
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            request = actions.register_request(
                data["account"],
                channel=data["channel"],
                user=self.request.user,
                received_at=data["received_at"],
                desired_date=data["desired_date"],
                service_type=data["service_type"],
                note=data["note"],
            )
        except ValidationError as exc:  # TransitionError included: the message says why the request is refused
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Request №%(pk)s registered.") % {"pk": request.pk})
        return redirect(request)


class DisconnectionRequestDetailView(ObjectDetailView):
    """The request card: subscriber summary, state, the steps this user may take now, the script, the history."""

    queryset = DisconnectionRequest.objects.select_related(
        "subscriber",
        "subscriber__tariff",
        "reason",
        "reason__group",
        "agent",
        "reason_established_by",
        "offer_made_by",
        "closed_by",
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        may_work = self.request.user.has_perm(perm(DisconnectionRequest, "change"))
        context["summary"] = services.subscriber_summary(obj.subscriber, self.request.user)
        context["status_color"] = RequestStatus.color_of(obj.status)
        context["other_requests"] = (
            obj.subscriber.disconnection_requests.exclude(pk=obj.pk).select_related("reason").order_by("-received_at")
        )
        if may_work and actions.can_establish_reason(obj):
            context.setdefault(
                "reason_form", EstablishReasonForm(initial={"reason": obj.reason_id, "comment": obj.reason_comment})
            )
        if may_work and obj.is_open and actions.can_make_offer(obj):
            context.setdefault("offer_form", MakeOfferForm(initial={"offer": obj.offer, "answer": obj.offer_answer}))
        outcomes = actions.allowed_outcomes(obj) if may_work else []
        if outcomes:
            context.setdefault("close_form", CloseRequestForm(outcomes=outcomes))
        context["managed_needs_offer"] = (
            obj.status == RequestStatus.REASON_ESTABLISHED and obj.reason_id and obj.reason.is_managed
        )
        context["script_reason"] = obj.reason
        context["scripts"] = scripts_for(obj.reason)
        # The retention step (matrix offers, holdout, the subscriber's history) is retention's card contribution.
        return context


class RequestStepView(DisconnectionRequestDetailView):
    """A step on a request (POST only); an invalid form re-renders the card with the errors."""

    action = "change"
    http_method_names = ["post"]
    form_class = None
    form_name = ""
    done_message = ""

    def get_form(self):
        return self.form_class(self.request.POST)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**{self.form_name: form}))
        try:
            self.perform(form)
        except actions.TransitionError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, self.done_message)
        return redirect(reverse("churn:disconnectionrequest_detail", args=[self.object.pk]))


class EstablishReasonView(RequestStepView):
    form_class = EstablishReasonForm
    form_name = "reason_form"

    def perform(self, form):
        actions.establish_reason(
            self.object,
            reason=form.cleaned_data["reason"],
            user=self.request.user,
            comment=form.cleaned_data["comment"],
        )
        self.done_message = _("Reason established: %(reason)s.") % {"reason": form.cleaned_data["reason"]}


class MakeOfferView(RequestStepView):
    form_class = MakeOfferForm
    form_name = "offer_form"

    def perform(self, form):
        actions.make_free_offer(
            self.object,
            offer=form.cleaned_data["offer"],
            user=self.request.user,
            answer=form.cleaned_data["answer"],
            call_back_on=form.cleaned_data["call_back_on"],
        )
        self.done_message = _("Retention offer recorded.")


class CloseRequestView(RequestStepView):
    form_name = "close_form"

    def get_form(self):
        # Every outcome is accepted by the form; actions.close_request decides which one the state allows.
        return CloseRequestForm(self.request.POST, outcomes=RequestStatus.closed_values())

    def perform(self, form):
        actions.close_request(
            self.object,
            outcome=form.cleaned_data["outcome"],
            user=self.request.user,
            note=form.cleaned_data["note"],
            on_date=form.cleaned_data.get("on_date"),
            outcome_detail=form.cleaned_data.get("outcome_detail", ""),
        )
        self.done_message = _("Request closed: %(outcome)s.") % {"outcome": self.object.get_status_display()}
