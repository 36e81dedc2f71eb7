"""Call registers: the call log with its classification (one click on the card, bulk on the list), the call
types and mapping rules, cloud-PBX column mappings, and agents' logged-in intervals.

Views only parse input and render; classification is in actions.py, storing in services.py.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import generic

from abonent.core.filtersets import describe_selection
from abonent.core.views import ModelPermissionMixin, ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from abonent.subscribers.services import show_phone

from . import actions
from .filtersets import (
    AgentIntervalFilterSet,
    CallFilterSet,
    CallTypeFilterSet,
    CallTypeRuleFilterSet,
    PbxColumnMappingFilterSet,
    unclassified_answered,
)
from .forms import CallTypeForm, CallTypeRuleForm, PbxColumnMappingForm
from .models import AgentInterval, Call, CallType, CallTypeRule, PbxColumnMapping
from .tables import AgentIntervalTable, CallTable, CallTypeRuleTable, CallTypeTable, PbxColumnMappingTable

# Calls ------------------------------------------------------------------------------------------------------------


class CallListView(ObjectListView):
    """The call log; with `?classified=todo` it is the agents' to-do of answered calls without a type."""

    queryset = Call.objects.select_related("subscriber", "user", "call_type")
    table_class = CallTable
    filterset_class = CallFilterSet
    template_name = "calls/call_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["todo_count"] = unclassified_answered(Call.objects.all()).count()
        context["call_types"] = CallType.objects.filter(is_archived=False)
        context["can_classify"] = self.request.user.has_perm("calls.change_call")
        context["can_reapply"] = self.request.user.has_perm("calls.change_calltyperule")
        return context


class CallDetailView(ObjectDetailView):
    queryset = Call.objects.select_related("subscriber", "user", "call_type", "classified_user", "import_run")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(classify_context(self.object, self.request.user))
        context["timeline"] = timeline(self.object, self.request.user)
        context["numbers"] = {
            "caller": show_phone(self.request.user, self.object.caller) or "—",
            "callee": show_phone(self.request.user, self.object.callee) or "—",
        }
        return context


def classify_context(call: Call, user) -> dict:
    return {
        "call": call,
        "call_types": CallType.objects.filter(is_archived=False),
        "can_classify": user.has_perm("calls.change_call"),
    }


def timeline(call: Call, user) -> list[dict]:
    """The call's moments, from the sources that reported them; the queue entry is counted back from the wait."""
    from datetime import timedelta

    rows = [{"at": call.started_at, "what": _("Call started"), "detail": show_phone(user, call.caller) or "—"}]
    if call.queue:
        left = call.answered_at or call.ended_at
        entered = left - timedelta(seconds=call.wait_seconds) if left else call.started_at
        rows.append({"at": max(entered, call.started_at), "what": _("Entered queue"), "detail": call.queue})
    if call.answered_at:
        rows.append(
            {
                "at": call.answered_at,
                "what": _("Answered"),
                "detail": _("after %(s)s s by %(agent)s")
                % {"s": call.wait_seconds, "agent": call.user or call.agent or "—"},
            }
        )
    if call.ended_at:
        what = _("Ended") if call.outcome == "answered" else call.get_outcome_display()
        detail = (
            _("talk %(s)s s") % {"s": call.talk_seconds}
            if call.outcome == "answered"
            else _("waited %(s)s s") % {"s": call.wait_seconds}
        )
        if call.abandon_position:
            detail += ", " + _("position %(n)s") % {"n": call.abandon_position}
        rows.append({"at": call.ended_at, "what": what, "detail": detail})
    return sorted(rows, key=lambda r: r["at"])


class CallClassifyView(ModelPermissionMixin, generic.View):
    """One click on the card: POST call_type; htmx gets the buttons back, a plain form the card."""

    model = Call
    action = "change"

    def post(self, request, pk: int):
        call = get_object_or_404(Call, pk=pk)
        call_type = get_object_or_404(CallType, pk=request.POST.get("call_type"))
        try:
            call = actions.classify(call, call_type, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        if request.htmx:
            call = Call.objects.select_related("call_type", "classified_user").get(pk=call.pk)
            return render(request, "calls/_classify.html", classify_context(call, request.user))
        return redirect(call.get_absolute_url())


class CallBulkClassifyView(ModelPermissionMixin, generic.View):
    """Classify the ticked calls, or (`scope=filtered`) every call the list's filter shows."""

    model = Call
    action = "change"

    def post(self, request):
        call_type = CallType.objects.filter(pk=request.POST.get("call_type") or 0).first()
        query = request.POST.get("query", "")
        back = reverse("calls:call_list") + (f"?{query}" if query else "")
        if call_type is None:
            messages.error(request, _("Choose a call type."))
            return redirect(back)
        if request.POST.get("scope") == "filtered":
            filterset = CallFilterSet(QueryDict(query), queryset=Call.objects.all(), request=request)
            calls = filterset.qs if filterset.is_valid() else Call.objects.none()
            if not request.POST.get("confirmed"):
                return self.confirm(request, filterset, calls.count(), call_type, back)
        else:
            ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
            calls = Call.objects.filter(pk__in=ids)
        try:
            changed = actions.bulk_classify(calls, call_type, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        messages.success(request, _("%(n)s calls classified as «%(type)s».") % {"n": changed, "type": call_type})
        return redirect(back)

    def confirm(self, request, filterset, total: int, call_type, back: str):
        """Every call the filter shows is a bulk change: the count and the filter first, then the confirmed POST."""
        question = ngettext(
            "%(n)s call of the filter will be classified as «%(type)s».",
            "%(n)s calls of the filter will be classified as «%(type)s».",
            total,
        ) % {"n": number_format(total, force_grouping=True), "type": call_type}
        carry = [(name, request.POST[name]) for name in ("call_type", "query", "scope")]
        context = {
            "title": _("Classify the calls of the filter"),
            "question": question,
            "selection": describe_selection(filterset),
            "action": request.path,
            "carry": carry,
            "confirm_label": _("Classify"),
            "back": back,
        }
        return render(request, "core/confirm_bulk.html", context)


class ReapplyRulesView(ModelPermissionMixin, generic.View):
    """Classify past calls again by the current rules (calls an agent classified keep their type)."""

    model = CallTypeRule
    action = "change"

    def post(self, request):
        changed = actions.reapply_rules()
        messages.success(request, _("Rules applied again: %(n)s calls changed type.") % {"n": changed})
        target = request.POST.get("next")
        if not (target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})):
            target = reverse("calls:calltyperule_list")
        return redirect(target)


class CallTodoView(ModelPermissionMixin, generic.View):
    """The to-do of unclassified answered calls is the call list with that filter."""

    model = Call

    def get(self, request):
        return redirect(reverse("calls:call_list") + "?" + urlencode({"classified": "todo"}))


# Call types and rules -----------------------------------------------------------------------------------------


class CallTypeListView(ObjectListView):
    queryset = CallType.objects.all()
    table_class = CallTypeTable
    filterset_class = CallTypeFilterSet


class CallTypeDetailView(ObjectDetailView):
    queryset = CallType.objects.all()


class CallTypeEditView(ObjectEditView):
    queryset = CallType.objects.all()
    form_class = CallTypeForm


class CallTypeDeleteView(ObjectDeleteView):
    queryset = CallType.objects.all()

    def form_valid(self, form):
        if actions.retire_call_type(self.object, user=self.request.user) == "archived":
            messages.warning(
                self.request, _("«%(obj)s» is in use, so it was archived instead of deleted.") % {"obj": self.object}
            )
            return redirect(self.object.get_absolute_url())
        return redirect(self.get_success_url())


class CallTypeRuleListView(ObjectListView):
    queryset = CallTypeRule.objects.select_related("call_type")
    table_class = CallTypeRuleTable
    filterset_class = CallTypeRuleFilterSet
    template_name = "calls/calltyperule_list.html"


class CallTypeRuleDetailView(ObjectDetailView):
    queryset = CallTypeRule.objects.select_related("call_type")


class CallTypeRuleEditView(ObjectEditView):
    queryset = CallTypeRule.objects.all()
    form_class = CallTypeRuleForm


class CallTypeRuleDeleteView(ObjectDeleteView):
    queryset = CallTypeRule.objects.all()


# Cloud-PBX column mappings ------------------------------------------------------------------------------------


class PbxColumnMappingListView(ObjectListView):
    queryset = PbxColumnMapping.objects.all()
    table_class = PbxColumnMappingTable
    filterset_class = PbxColumnMappingFilterSet


class PbxColumnMappingDetailView(ObjectDetailView):
    queryset = PbxColumnMapping.objects.all()


class PbxColumnMappingEditView(ObjectEditView):
    queryset = PbxColumnMapping.objects.all()
    form_class = PbxColumnMappingForm

    def form_valid(self, form):
        if form.instance.created_by_id is None and self.request.user.is_authenticated:
            form.instance.created_by = self.request.user
        return super().form_valid(form)


class PbxColumnMappingDeleteView(ObjectDeleteView):
    queryset = PbxColumnMapping.objects.all()


# Agent intervals ----------------------------------------------------------------------------------------------


class AgentIntervalListView(ObjectListView):
    queryset = AgentInterval.objects.select_related("user")
    table_class = AgentIntervalTable
    filterset_class = AgentIntervalFilterSet
