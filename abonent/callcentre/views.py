"""Call-centre pages: the agent's "My callback" (htmx), the callback register and policy, and the reports.

Views parse input and render; the rules live in actions.py (task moves), queries.py (the queue), services.py
and reports.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import generic

from abonent.core.export import xlsx_response
from abonent.core.views import ObjectDetailView, ObjectEditView, ObjectListView, perm
from abonent.subscribers.services import show_phone

from . import actions, queries, reports, services
from .choices import Priority, TaskStatus
from .filtersets import CallbackAttemptFilterSet, CallbackTaskFilterSet
from .forms import (
    AttemptForm,
    CallbackPolicyForm,
    EconomicsForm,
    StaffingForm,
    StatisticsForm,
    WhatIfForm,
    WorkloadForm,
)
from .models import CallbackAttempt, CallbackPolicy, CallbackTask
from .tables import CallbackAttemptTable, CallbackTaskTable

REPORTS_PERM = "callcentre.view_callcentre_reports"
WORK_PERM = "callcentre.change_callbacktask"


def _next_url(request) -> str | None:
    """The page to return to from the form's `next`, only if it is on this site."""
    target = request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


# My callback -------------------------------------------------------------------------------------------------------


def card_context(request, task: CallbackTask | None, *, done: CallbackTask | None = None) -> dict:
    """What the agent's card shows: the task, the caller, their call history and earlier attempts, the queue size."""
    now = timezone.now()
    context = {"task": task, "done": done, "waiting": queries.queue(now).count(), "now": now}
    if task is not None:
        subscriber = task.subscriber
        context.update(
            phone=show_phone(request.user, task.phone),
            subscriber=subscriber,
            open_requests=list(
                subscriber.disconnection_requests.filter(status__in=["new", "reason_established", "offer_made"])
            )
            if subscriber
            else [],
            history=services.caller_history(task),
            attempts=list(task.attempt_set.select_related("user")),
            form=AttemptForm(),
            overdue=task.is_overdue(now),
            priority_color=Priority.color_of(task.priority),
            got_through=any(
                c.outcome == "answered" and c.started_at > task.last_missed_at for c in services.caller_history(task, 5)
            ),
        )
    return context


class MyCallbackView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    """The agent's page: the task in hand (or a "Next" button) and the queue size."""

    permission_required = WORK_PERM
    template_name = "callcentre/my_callback.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(card_context(self.request, actions.held_task(self.request.user)))
        return context


class CardMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = WORK_PERM
    http_method_names = ["post"]

    def card(self, task=None, done=None):
        from django.shortcuts import render

        if not self.request.htmx:
            return redirect("callcentre:my_callback")
        return render(self.request, "callcentre/_card.html", card_context(self.request, task, done=done))


class NextView(CardMixin, generic.View):
    def post(self, request, *args, **kwargs):
        task = actions.take_next(request.user)
        if task is None:
            messages.info(request, _("The callback queue is empty."))
        return self.card(task)


class AttemptView(CardMixin, generic.View):
    def post(self, request, pk):
        task = get_object_or_404(CallbackTask, pk=pk)
        form = AttemptForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the outcome of the call."))
            return self.card(task)
        try:
            actions.record_attempt(
                task,
                user=request.user,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                minutes=form.cleaned_data["minutes"] or 0,
            )
        except actions.TransitionError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.card(actions.held_task(request.user))
        messages.success(
            request,
            _("Attempt recorded: %(outcome)s.") % {"outcome": task.get_outcome_display() or _("will call again")},
        )
        if not request.htmx:
            return redirect(_next_url(request) or "callcentre:my_callback")
        return self.card(None, done=task)


class ReleaseView(CardMixin, generic.View):
    def post(self, request, pk):
        task = get_object_or_404(CallbackTask, pk=pk)
        try:
            actions.release(task, user=request.user, manager=request.user.has_perm("callcentre.manage_callbacktask"))
            messages.info(request, _("Task №%(pk)s returned to the queue.") % {"pk": task.pk})
        except actions.TransitionError as exc:
            messages.error(request, " ".join(exc.messages))
        if _next_url(request):
            return redirect(_next_url(request))
        return self.card(None)


class TakeView(CardMixin, generic.View):
    def post(self, request, pk):
        task = get_object_or_404(CallbackTask, pk=pk)
        held = actions.held_task(request.user)
        if held is not None and held.pk != task.pk:
            messages.error(request, _("Finish task №%(pk)s first.") % {"pk": held.pk})
            return redirect("callcentre:my_callback")
        try:
            actions.take(task, request.user)
        except actions.TransitionError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(task)
        return redirect("callcentre:my_callback")


class CancelView(LoginRequiredMixin, PermissionRequiredMixin, generic.View):
    permission_required = "callcentre.manage_callbacktask"
    http_method_names = ["post"]

    def post(self, request, pk):
        task = get_object_or_404(CallbackTask, pk=pk)
        try:
            actions.cancel(task, user=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("Task №%(pk)s cancelled.") % {"pk": task.pk})
        except actions.TransitionError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(task)


# Register ----------------------------------------------------------------------------------------------------------


class CallbackTaskListView(ObjectListView):
    queryset = CallbackTask.objects.select_related("subscriber", "call_type", "assigned_to")
    table_class = CallbackTaskTable
    filterset_class = CallbackTaskFilterSet


class CallbackTaskDetailView(ObjectDetailView):
    queryset = CallbackTask.objects.select_related("subscriber", "call_type", "assigned_to", "closed_by", "call")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task, user = self.object, self.request.user
        context.update(
            phone=show_phone(user, task.phone),
            attempts=list(task.attempt_set.select_related("user")),
            calls=services.caller_history(task),
            status_color=TaskStatus.color_of(task.status),
            overdue=task.is_overdue(),
            may_take=user.has_perm(WORK_PERM) and task.status == TaskStatus.OPEN,
            may_release=task.status == TaskStatus.ASSIGNED
            and (task.assigned_to_id == user.pk or user.has_perm("callcentre.manage_callbacktask")),
            may_cancel=task.is_active and user.has_perm("callcentre.manage_callbacktask"),
        )
        return context


class CallbackAttemptListView(ObjectListView):
    queryset = CallbackAttempt.objects.select_related("task", "user")
    table_class = CallbackAttemptTable
    filterset_class = CallbackAttemptFilterSet


class CallbackPolicyDetailView(ObjectDetailView):
    model = CallbackPolicy

    def get_object(self, queryset=None):
        return CallbackPolicy.current()


class CallbackPolicyEditView(ObjectEditView):
    model = CallbackPolicy
    form_class = CallbackPolicyForm

    def get_permission_required(self):
        return (perm(CallbackPolicy, "change"),)

    def get_object(self, queryset=None):
        return CallbackPolicy.current()

    def get_success_url(self):
        return CallbackPolicy.current().get_absolute_url()


# Reports -----------------------------------------------------------------------------------------------------------


class ReportView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    permission_required = REPORTS_PERM
    form_class = StatisticsForm

    def get_form(self):
        return self.form_class(self.request.GET or None)

    def get(self, request, *args, **kwargs):
        self.form = self.get_form()
        if self.form.is_bound and not self.form.is_valid():
            return self.render_to_response(self.get_context_data(form=self.form))
        self.values = self.form.values()
        self.result = self.compute()
        if request.GET.get("export") == "xlsx":
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            return xlsx_response(f"{self.export_name}-{stamp}.xlsx", self.sheets())
        return self.render_to_response(self.get_context_data(form=self.form, result=self.result))


class StatisticsView(ReportView):
    template_name = "callcentre/statistics.html"
    export_name = "call-statistics"

    def compute(self):
        v = self.values
        return reports.call_statistics(
            v["start"], v["end"], queue=v.get("queue") or "", agent=v.get("agent"), threshold=v.get("threshold") or 20
        )

    def sheets(self):
        return reports.statistics_sheets(self.result)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = kwargs.get("result")
        if result is not None:
            context["chart"] = {
                "hours": list(range(24)),
                "answered": [r["answered"] for r in result.by_hour],
                "abandoned": [r["abandoned"] for r in result.by_hour],
                "sl": [r["service_level_pct"] for r in result.by_hour],
                "days": [r["name"] for r in result.by_weekday],
                "day_answered": [r["answered"] for r in result.by_weekday],
                "day_abandoned": [r["abandoned"] for r in result.by_weekday],
                "labels": {"answered": _("Answered"), "abandoned": _("Abandoned"), "sl": _("Service level, %")},
            }
        return context


class StaffingView(ReportView):
    template_name = "callcentre/staffing.html"
    form_class = StaffingForm
    export_name = "staffing"

    def compute(self):
        v = self.values
        return reports.staffing_report(
            v["start"],
            v["end"],
            queue=v.get("queue") or "",
            params=self.form.staffing_params(),
            day=v.get("day"),
        )

    def sheets(self):
        headers = [
            _("Day"),
            _("Interval"),
            _("Calls"),
            _("AHT, s"),
            _("Load, erlangs"),
            _("Agents needed"),
            _("Agents to schedule"),
            _("Occupancy, %"),
            _("Logged in"),
            _("Service level with them, %"),
            _("Staffing"),
            _("Service level at the agents needed, %"),
            _("ASA at the agents needed, s"),
            _("P(wait) at the agents needed, %"),
        ]
        rows = [
            [
                s.weekday_name,
                s.label,
                s.calls,
                s.aht,
                s.load,
                s.needed,
                s.scheduled,
                s.occupancy,
                s.logged_in,
                s.service_level_logged,
                s.status,
                s.service_level,
                s.asa,
                s.prob_wait,
            ]
            for s in self.result.slots
        ]
        return [(_("Staffing"), headers, rows)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["what_if_form"] = WhatIfForm()
        result = kwargs.get("result")
        if result is not None:
            context["chart"] = {
                "x": [f"{s.weekday_name} {s.label}" for s in result.slots],
                "needed": [s.needed for s in result.slots],
                "logged": [s.logged_in for s in result.slots],
                "labels": {"needed": _("Agents needed"), "logged": _("Logged in")},
            }
        return context


class WorkloadView(ReportView):
    template_name = "callcentre/workload.html"
    form_class = WorkloadForm
    export_name = "workload"

    def compute(self):
        return reports.workload(self.values["start"], self.values["end"])

    def sheets(self):
        headers = [
            _("Employee"),
            _("Position"),
            _("Calls"),
            _("Phone, h"),
            _("Offline, h"),
            _("Of it callbacks, h"),
            _("Total, h"),
            _("Paid, h"),
            _("Load, %"),
        ]
        rows = [
            [
                r["name"],
                r["position"],
                r["calls"],
                r["phone_hours"],
                r["offline_hours"],
                r["callback_hours"],
                r["total_hours"],
                r["paid_hours"],
                r["load_pct"],
            ]
            for r in self.result
        ]
        return [(_("Workload"), headers, rows)]


class MissedCallsView(ReportView):
    template_name = "callcentre/missed_calls.html"
    form_class = EconomicsForm
    export_name = "missed-calls"

    def compute(self):
        v = self.values
        return reports.missed_call_economics(v["start"], v["end"], self.form.economics_params())

    def sheets(self):
        r = self.result
        summary = [
            [_("Missed calls"), r["missed"]],
            [_("Missed, percent of offered"), r["missed_pct"]],
            [_("Missed a day"), r["missed_per_day"]],
            [_("Never reached"), r["never_reached"]],
            [_("Never reached, %"), r["never_reached_pct"]],
            [_("Churn «could not get through»"), r["churn_reason"]],
            [_("Churn of the group «customer service»"), r["churn_group"]],
            [_("Revenue lost a month"), r["lost_month"]],
            [_("Revenue lost, a year of it"), r["lost_year"]],
            [_("Extra agents (FTE)"), r["extra_fte"]],
            [_("Extra staff cost a month"), r["extra_cost"]],
        ]
        return [
            (_("How bad is it"), [_("Figure"), _("Value")], summary),
            (_("Missed a day"), [_("Date"), _("Missed")], r["daily"]),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["what_if_form"] = WhatIfForm()
        result = kwargs.get("result")
        if result is not None:
            context["chart"] = {
                "x": [d.isoformat() for d, _n in result["daily"]],
                "y": [n for _d, n in result["daily"]],
                "label": _("Missed calls"),
            }
        return context


class WhatIfView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    """The staffing page's calculator (htmx): arrivals, AHT, target and agents → SL, ASA, occupancy."""

    permission_required = REPORTS_PERM
    template_name = "callcentre/_what_if.html"

    def get(self, request, *args, **kwargs):
        form = WhatIfForm(request.GET or None)
        result = form.result() if form.is_bound and form.is_valid() else None
        return self.render_to_response({"what_if_form": form, "what_if": result})
