"""The ticket register, its SLA report, and the ticket steps; the rules live in actions.py and services.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import generic

from abonent.core.views import ModelPermissionMixin, ObjectDetailView, ObjectEditView, ObjectListView, perm
from abonent.subscribers.views import SubscriberInitialMixin

from . import actions, services
from .choices import TicketStatus
from .filtersets import TicketFilterSet
from .forms import TicketForm
from .models import Ticket
from .tables import TicketTable

STEP_LABELS = {
    TicketStatus.IN_PROGRESS: (_("Start work"), "primary"),
    TicketStatus.RESOLVED: (_("Resolved"), "success"),
    TicketStatus.CLOSED: (_("Close"), "secondary"),
    TicketStatus.CANCELLED: (_("Cancel"), "outline-secondary"),
}


class TicketListView(ObjectListView):
    queryset = Ticket.objects.select_related("subscriber", "responsible")
    table_class = TicketTable
    filterset_class = TicketFilterSet
    template_name = "tickets/ticket_list.html"


class TicketDetailView(ObjectDetailView):
    queryset = Ticket.objects.select_related("subscriber", "responsible", "disconnection_request")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        may_work = self.request.user.has_perm(perm(Ticket, "change"))
        context["steps"] = [
            (to, *STEP_LABELS.get(to, (to, "primary"))) for to in (actions.allowed(self.object) if may_work else [])
        ]
        context["status_color"] = TicketStatus.color_of(self.object.status)
        context["repeat_of"] = (
            services.find_repeat(self.object.subscriber_id, self.object.kind, self.object.opened_at, self.object.pk)
            if self.object.is_repeat
            else None
        )
        return context


class TicketEditView(SubscriberInitialMixin, ObjectEditView):
    queryset = Ticket.objects.all()
    form_class = TicketForm
    create_action = actions.open_ticket

    def form_valid(self, form):
        if self.object is not None:
            form.instance._history_user = self.request.user
        return super().form_valid(form)


class TicketStepView(TicketDetailView):
    action = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            actions.move_ticket(self.object, kwargs["to"], user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Ticket: %(status)s.") % {"status": self.object.get_status_display()})
        return redirect(self.object)


class SlaReportView(ModelPermissionMixin, generic.TemplateView):
    """Tickets with a deadline per responsible person: how many, how many missed the SLA, open and late now."""

    model = Ticket
    template_name = "tickets/sla_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = TicketFilterSet(self.request.GET or None, queryset=Ticket.objects.all(), request=self.request)
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else Ticket.objects.all()
        rows = services.sla_report(queryset)
        context.update(
            filter=filterset,
            rows=rows,
            total=sum(r.tickets for r in rows),
            total_overdue=sum(r.overdue for r in rows),
            late_now=services.overdue(queryset.filter(status__in=TicketStatus.open_values()))
            .select_related("subscriber", "responsible")
            .order_by("deadline")[:100],
        )
        return context
