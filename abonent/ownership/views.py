"""The assignment rules register (declared once), the request card's hand-over step and "My work"."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from abonent.churn.models import DisconnectionRequest
from abonent.core.registers import Register
from abonent.core.views import ModelPermissionMixin

from . import actions, services
from .api.serializers import AssignmentRuleSerializer
from .choices import HandOverBy
from .forms import HandOverForm
from .models import AssignmentRule
from .tables import AssignmentRuleTable

rules = Register(
    AssignmentRule,
    "rules",
    columns=("priority", "name", "reason_group", "service_type", "subscriber_kind", "owner", "is_active"),
    filters=("is_active", "owner", "reason_group", "subscriber_kind"),
    search=("name", "note"),
    form=("name", "reason_group", "service_type", "subscriber_kind", "owner", "priority", "is_active", "note"),
    related=("owner", "reason_group"),
    table=AssignmentRuleTable,
    serializer=AssignmentRuleSerializer,
)


class HandOverView(ModelPermissionMixin, generic.View):
    """POST from the request card: hand the request over (ownership.actions.hand_over)."""

    model = AssignmentRule
    http_method_names = ["post"]

    def get_permission_required(self):
        return ("ownership.hand_over_request", "churn.view_disconnectionrequest")

    def post(self, request, pk):
        obj = get_object_or_404(DisconnectionRequest, pk=pk)
        form = HandOverForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect(obj)
        try:
            done = actions.hand_over(
                obj, user=request.user, to=form.cleaned_data["to"], due_on=form.cleaned_data["due_on"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(obj)
        name = done.owner.get_full_name() or done.owner.username
        if done.by == HandOverBy.RULE:
            text = _("Handed to %(owner)s by the rule «%(rule)s».") % {"owner": name, "rule": done.rule}
        elif done.by == HandOverBy.TURN:
            text = _("Handed to %(owner)s in turn (no rule matched).") % {"owner": name}
        else:
            text = _("Handed to %(owner)s.") % {"owner": name}
        messages.success(request, text)
        return redirect(obj)


class MyWorkView(LoginRequiredMixin, generic.TemplateView):
    """Everything the logged-in user owns, by due date: overdue first, highlighted and counted."""

    template_name = "ownership/my_work.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lines = services.my_work(self.request.user)
        context["lines"] = lines
        context["overdue"] = sum(1 for line in lines if line.overdue)
        context["today"] = timezone.localdate()
        return context
