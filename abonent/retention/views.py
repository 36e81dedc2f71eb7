"""Retention registers (measures, matrix, offers, holdout, plans, bonus schemes), the retention step on a request,
and the effectiveness, economics and bonus reports. Views parse input and render; rules live in services.py and
computations in reports.py."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from abonent.churn.choices import RequestStatus
from abonent.churn.models import ChurnReason, DisconnectionRequest
from abonent.churn.services import month_start
from abonent.core.export import xlsx_response
from abonent.core.views import ModelPermissionMixin, ObjectDetailView, ObjectEditView, ObjectListView, perm
from abonent.subscribers.services import FeeChangeUnconfirmed

from . import actions, reports, services
from .filtersets import (
    BonusSchemeFilterSet,
    HoldoutPolicyFilterSet,
    MatrixEntryFilterSet,
    MeasureFilterSet,
    RetentionAssignmentFilterSet,
    RetentionOfferFilterSet,
    RetentionPlanFilterSet,
)
from .forms import (
    AnswerOfferForm,
    BonusSchemeForm,
    EffectivenessForm,
    HoldoutPolicyForm,
    MatrixEntryForm,
    MeasureForm,
    MonthForm,
    OfferForm,
    PeriodForm,
    RetentionPlanForm,
)
from .models import BonusScheme, HoldoutPolicy, MatrixEntry, Measure, RetentionAssignment, RetentionOffer, RetentionPlan
from .signals import offer_records
from .tables import (
    BonusSchemeTable,
    HoldoutPolicyTable,
    MatrixEntryTable,
    MeasureTable,
    RetentionAssignmentTable,
    RetentionOfferTable,
    RetentionPlanTable,
)

# Registers --------------------------------------------------------------------------------------------------------


class MeasureListView(ObjectListView):
    queryset = Measure.objects.all()
    table_class = MeasureTable
    filterset_class = MeasureFilterSet


class MeasureDetailView(ObjectDetailView):
    queryset = Measure.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = self.object.matrix_entries.select_related("reason", "reason__group")
        return context


class MeasureEditView(ObjectEditView):
    queryset = Measure.objects.all()
    form_class = MeasureForm


class MatrixEntryListView(ObjectListView):
    queryset = MatrixEntry.objects.select_related("reason", "reason__group", "measure")
    table_class = MatrixEntryTable
    filterset_class = MatrixEntryFilterSet


class MatrixEntryDetailView(ObjectDetailView):
    queryset = MatrixEntry.objects.select_related("reason", "measure")


class MatrixEntryEditView(ObjectEditView):
    queryset = MatrixEntry.objects.all()
    form_class = MatrixEntryForm


class RetentionOfferListView(ObjectListView):
    queryset = RetentionOffer.objects.select_related("subscriber", "measure", "made_by", "request__reason")
    table_class = RetentionOfferTable
    filterset_class = RetentionOfferFilterSet


class RetentionOfferDetailView(ObjectDetailView):
    queryset = RetentionOffer.objects.select_related("subscriber", "measure", "made_by", "request__reason")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offer = self.object
        if (
            offer.answer in ("", "thinking")
            and self.request.user.has_perm("retention.add_retentionoffer")
            and self.request.user.has_perm("churn.change_disconnectionrequest")
        ):
            context["answer_form"] = AnswerOfferForm()
        context["records"] = process_records(offer)
        return context


def process_records(offer: RetentionOffer) -> list:
    """Records the processes created from this offer (tariff change, suspension, annual contract…).

    The apps that make them (processes, contracts) sit above retention and answer `offer_records`.
    """
    answers = offer_records.send(sender=RetentionOffer, offer=offer)
    return [record for _receiver, records in answers for record in records]


class HoldoutPolicyListView(ObjectListView):
    queryset = HoldoutPolicy.objects.select_related("standard_measure")
    table_class = HoldoutPolicyTable
    filterset_class = HoldoutPolicyFilterSet
    template_name = "retention/holdoutpolicy_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["active_policy"] = services.active_policy(timezone.localdate())
        return context


class HoldoutPolicyDetailView(ObjectDetailView):
    queryset = HoldoutPolicy.objects.select_related("standard_measure")


class HoldoutPolicyEditView(ObjectEditView):
    queryset = HoldoutPolicy.objects.all()
    form_class = HoldoutPolicyForm


class RetentionAssignmentListView(ObjectListView):
    queryset = RetentionAssignment.objects.select_related("request__subscriber", "policy")
    table_class = RetentionAssignmentTable
    filterset_class = RetentionAssignmentFilterSet


class RetentionPlanListView(ObjectListView):
    queryset = RetentionPlan.objects.all()
    table_class = RetentionPlanTable
    filterset_class = RetentionPlanFilterSet


class RetentionPlanDetailView(ObjectDetailView):
    queryset = RetentionPlan.objects.all()


class RetentionPlanEditView(ObjectEditView):
    queryset = RetentionPlan.objects.all()
    form_class = RetentionPlanForm


class BonusSchemeListView(ObjectListView):
    queryset = BonusScheme.objects.all()
    table_class = BonusSchemeTable
    filterset_class = BonusSchemeFilterSet


class BonusSchemeDetailView(ObjectDetailView):
    queryset = BonusScheme.objects.all()


class BonusSchemeEditView(ObjectEditView):
    queryset = BonusScheme.objects.all()
    form_class = BonusSchemeForm


# The matrix page --------------------------------------------------------------------------------------------------


class MatrixView(ModelPermissionMixin, generic.TemplateView):
    """Reasons × measures: each cell holds the order the measure is offered in for the reason (empty = not offered)."""

    model = MatrixEntry
    template_name = "retention/matrix.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reasons = list(ChurnReason.objects.filter(is_archived=False, group__is_archived=False).select_related("group"))
        measures = list(Measure.objects.filter(is_active=True))
        cells = {(e.reason_id, e.measure_id): e.order for e in MatrixEntry.objects.all()}
        context.update(
            measures=measures,
            rows=[
                {"reason": reason, "cells": [(m.pk, cells.get((reason.pk, m.pk))) for m in measures]}
                for reason in reasons
            ],
            can_change=self.request.user.has_perm(perm(MatrixEntry, "change"))
            and self.request.user.has_perm(perm(MatrixEntry, "add")),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not (request.user.has_perm(perm(MatrixEntry, "change")) and request.user.has_perm(perm(MatrixEntry, "add"))):
            raise PermissionDenied
        cells = {}
        for key, value in request.POST.items():
            if not key.startswith("cell_"):
                continue
            try:
                _prefix, reason_id, measure_id = key.split("_")
                cells[(int(reason_id), int(measure_id))] = int(value) if value.strip() else None
            except ValueError:
                messages.error(request, _("An order is a whole number (1 = offer first)."))
                return redirect("retention:matrix")
        changed = services.save_matrix(cells, user=request.user)
        messages.success(request, _("Retention matrix saved: %(n)d cells changed.") % {"n": changed})
        return redirect("retention:matrix")


# The retention step on a request ----------------------------------------------------------------------------------


class RequestStepMixin(ModelPermissionMixin):
    model = DisconnectionRequest
    action = "change"
    http_method_names = ["post"]

    def get_permission_required(self):
        return ("churn.change_disconnectionrequest", "retention.add_retentionoffer")

    def done(self, request_obj):
        return redirect(request_obj.get_absolute_url())


class RecordOfferView(RequestStepMixin, generic.View):
    def post(self, request, pk):
        obj = get_object_or_404(DisconnectionRequest.objects.select_related("reason", "subscriber__tariff"), pk=pk)
        actions.ensure_assignment(obj)
        options = services.offers_for(obj, request.user)
        form = OfferForm(request.POST, options=options, subscriber=obj.subscriber)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
            return self.done(obj)
        data = form.cleaned_data
        try:
            result = actions.record_offer(
                obj,
                measure=data["measure"],
                user=request.user,
                answer=data["answer"],
                details=form.details(),
                note=data["note"],
                close=data["close"],
                confirm_fee_change=data["confirm_fee_change"],
                call_back_on=data["call_back_on"],
            )
        except FeeChangeUnconfirmed as exc:
            # Nothing was recorded: the user reads the change and records again with the box ticked.
            messages.warning(request, " ".join(exc.messages))
            return self.done(obj)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.done(obj)
        messages.success(request, _("Offer recorded: %(measure)s.") % {"measure": data["measure"]})
        for record in result.records:
            messages.info(request, _("Created: %(record)s") % {"record": record})
        if result.closed_as:
            messages.success(
                request,
                _("Request closed: %(outcome)s.") % {"outcome": RequestStatus(result.closed_as).label},
            )
        return self.done(obj)


class RecordControlView(RequestStepMixin, generic.View):
    def post(self, request, pk):
        obj = get_object_or_404(DisconnectionRequest, pk=pk)
        try:
            actions.record_control(obj, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Recorded: no offer (holdout control group)."))
        return self.done(obj)


class AnswerOfferView(RequestStepMixin, generic.View):
    def post(self, request, pk):
        offer = get_object_or_404(RetentionOffer.objects.select_related("request"), pk=pk)
        form = AnswerOfferForm(request.POST)
        target = offer.request or offer
        if not form.is_valid():
            messages.error(request, _("Choose the answer."))
            return redirect(target.get_absolute_url())
        try:
            result = actions.answer_offer(
                offer,
                answer=form.cleaned_data["answer"],
                user=request.user,
                close=form.cleaned_data["close"],
                call_back_on=form.cleaned_data["call_back_on"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Answer recorded: %(answer)s.") % {"answer": result.offer.get_answer_display()})
            for record in result.records:
                messages.info(request, _("Created: %(record)s") % {"record": record})
        return redirect(target.get_absolute_url())


def retention_step_context(request_obj: DisconnectionRequest, user) -> dict:
    """What the request card shows for the retention step; the churn request card includes it."""
    if not user.has_perm("retention.view_retentionoffer"):
        return {}
    context = {
        "retention_offers": list(
            request_obj.retention_offers.select_related("measure", "made_by").order_by("made_at", "pk")
        ),
        "retention_history": services.subscriber_history(request_obj.subscriber),
        "retention_previous_offers": list(
            RetentionOffer.objects.filter(subscriber_id=request_obj.subscriber_id)
            .exclude(request=request_obj)
            .select_related("measure")[:10]
        ),
    }
    for offer in context["retention_offers"]:
        offer.records = process_records(offer)
    may_work = user.has_perm("churn.change_disconnectionrequest") and user.has_perm("retention.add_retentionoffer")
    if services.at_offer_step(request_obj):
        assignment = services.planned_assignment(request_obj)
        context["retention_assignment"] = assignment
        options = services.offers_for(request_obj, user)
        context["retention_options"] = options
        if may_work and request_obj.is_open:
            context["retention_offer_form"] = OfferForm(options=options, subscriber=request_obj.subscriber)
            context["retention_may_work"] = True
    elif request_obj.pk:
        context["retention_assignment"] = getattr(request_obj, "retention_assignment", None)
    return context


# Reports ----------------------------------------------------------------------------------------------------------


def _period(request, form_class=PeriodForm) -> tuple[PeriodForm, dt.date, dt.date]:
    today = timezone.localdate()
    start, end = (month_start(today) - dt.timedelta(days=365)).replace(day=1), today
    form = form_class(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, end


def _pct(value):
    return None if value is None else float(value)


class EffectivenessView(ModelPermissionMixin, generic.TemplateView):
    """Retention tool effectiveness (4.5.5): per measure and per reason, with the holdout uplift."""

    model = RetentionOffer
    permission_required = ("retention.view_retentionoffer", "retention.view_costs")
    template_name = "retention/effectiveness.html"

    def get(self, request, *args, **kwargs):
        form, start, end = _period(request, EffectivenessForm)
        days = (form.cleaned_data.get("holdout_days") if form.is_bound and form.is_valid() else None) or 30
        report = reports.effectiveness(start, end, holdout_days=days)
        if request.GET.get("export") == "xlsx":
            return xlsx_response(f"retention-effectiveness-{start}-{end}.xlsx", effectiveness_sheets(report))
        return self.render_to_response(self.get_context_data(form=form, report=report, horizons=reports.HORIZONS))


def _effect_headers() -> list[str]:
    headers = [_("Offers"), _("Accepted"), _("Accepted, %")]
    for days in reports.HORIZONS:
        headers += [
            _("Active after %(d)s days") % {"d": days},
            _("Mature for %(d)s days") % {"d": days},
            _("Active after %(d)s days, %%") % {"d": days},
        ]
    return headers + [
        _("Kept so far"),
        _("Cost, RUB"),
        _("Cost per kept, RUB"),
        _("Revenue kept, RUB"),
        _("Return on cost"),
    ]


def _effect_values(row) -> list:
    values = [row.offers, row.accepted, _pct(row.accept_rate)]
    for days in reports.HORIZONS:
        values += [row.active[days], row.mature[days], _pct(row.active_rate(days))]
    return values + [row.kept, row.cost, row.cost_per_kept, row.revenue, row.return_on_cost]


def effectiveness_sheets(report) -> list:
    headers = _effect_headers()
    by_measure = [[r.label, *_effect_values(r)] for r in report.by_measure]
    by_measure.append([_("Total"), *_effect_values(report.total)])
    by_reason = [[r.label, *_effect_values(r)] for r in report.by_reason]
    u = report.uplift
    d = u.display
    uplift = [
        [_("Horizon, days"), u.horizon],
        [_("Treatment requests"), u.treatment_n],
        [_("Treatment kept"), u.treatment_kept],
        [_("Control requests"), u.control_n],
        [_("Control kept"), u.control_kept],
        [_("Kept rate, treatment, %"), d["treatment_rate"]],
        [_("Kept rate, control, %"), d["control_rate"]],
        [_("Uplift, percentage points"), d["difference"]],
        [_("95 percent interval, low"), d["low"]],
        [_("95 percent interval, high"), d["high"]],
        [_("Incremental subscribers kept"), d["incremental_kept"]],
        [_("Cost per incremental subscriber, RUB"), u.cost_per_incremental],
        [_("Not yet mature"), u.not_mature],
        [_("Causal"), _("yes") if u.is_causal else _("no: no holdout or too small a control group")],
    ]
    return [
        (_("By measure"), [_("Measure"), *headers], by_measure),
        (_("By reason"), [_("Reason"), *headers], by_reason),
        (_("Holdout"), [_("Figure"), _("Value")], uplift),
    ]


class EconomicsView(ModelPermissionMixin, generic.TemplateView):
    """The planned economics of the retention service (section 7), month by month against the plan."""

    model = RetentionPlan
    template_name = "retention/economics.html"

    def get(self, request, *args, **kwargs):
        form, start, end = _period(request)
        months = reports.economics(start, end)
        if request.GET.get("export") == "xlsx":
            return xlsx_response(f"retention-economics-{start}-{end}.xlsx", economics_sheets(months))
        return self.render_to_response(self.get_context_data(form=form, months=months))


def economics_sheets(months) -> list:
    headers = [
        _("Month"),
        _("Retention staff"),
        _("Payroll, RUB"),
        _("Measures' cost, RUB"),
        _("Total cost, RUB"),
        _("Kept"),
        _("Plan: kept"),
        _("Fulfilment, %"),
        _("Revenue kept, RUB"),
        _("Cost of one kept subscriber, RUB"),
        _("Budget, RUB"),
        _("Budget used, %"),
        _("Disconnected"),
        _("Plan of non-retention"),
    ]
    rows = [
        [
            m.month.strftime("%m.%Y"),
            m.staff,
            m.payroll,
            m.measures_cost,
            m.total_cost,
            m.kept,
            m.plan.kept_target if m.plan else None,
            m.fulfilment,
            m.revenue_kept,
            m.cost_per_kept,
            m.plan.budget if m.plan else None,
            m.budget_used,
            m.disconnected,
            m.plan.non_retention_plan if m.plan else None,
        ]
        for m in months
    ]
    return [(_("Economics"), headers, rows)]


class BonusView(ModelPermissionMixin, generic.TemplateView):
    """Each retention employee's bonus for a month with the formula's inputs (section 6)."""

    model = BonusScheme
    template_name = "retention/bonuses.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        default = month_start(month_start(today) - dt.timedelta(days=1))
        form = MonthForm(request.GET or None, initial={"month": default})
        month = form.cleaned_data["month"] if form.is_bound and form.is_valid() else default
        month = month_start(month)
        lines = reports.bonuses(month)
        if request.GET.get("export") == "xlsx":
            return xlsx_response(f"retention-bonuses-{month:%Y-%m}.xlsx", bonus_sheets(lines, month))
        return self.render_to_response(
            self.get_context_data(
                form=form, month=month, lines=lines, plan=RetentionPlan.objects.filter(month=month).first()
            )
        )


def bonus_sheets(lines, month) -> list:
    headers = [
        _("Employee"),
        _("Role"),
        _("Scheme"),
        _("Kept"),
        _("Target"),
        _("Fulfilment, %"),
        _("Coefficient"),
        _("Base bonus, RUB"),
        _("Above plan"),
        _("Per kept above plan, RUB"),
        _("Bonus, RUB"),
    ]
    rows = [
        [
            str(line.employee),
            line.scheme.get_role_display(),
            line.scheme.name,
            line.kept,
            line.target,
            line.fulfilment,
            line.coefficient,
            line.scheme.base_bonus,
            line.above_plan,
            line.scheme.per_kept_above_plan,
            line.bonus,
        ]
        for line in lines
    ]
    return [(month.strftime("%m.%Y"), headers, rows)]
