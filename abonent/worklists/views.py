"""Work lists: one register of work items with list views (hot, warm, my work), the item card with its script and
outcome buttons, and win-back campaigns with their report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from abonent.churn.services import subscriber_summary
from abonent.core.actions import TransitionError
from abonent.core.views import (
    ModelPermissionMixin,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RegisterContextMixin,
    perm,
)

from . import actions, services
from .choices import WorkItemStatus, WorkList
from .filtersets import CampaignFilterSet, WorkItemFilterSet
from .forms import AddWorkItemForm, OutcomeForm, WinbackCampaignForm, WorkItemForm
from .models import Campaign, WorkItem
from .tables import CampaignTable, WorkItemTable

ITEMS = WorkItem.objects.select_related("subscriber", "assigned_to", "campaign")


class WorkItemListView(ObjectListView):
    keep_queryset_order = True
    queryset = ITEMS
    table_class = WorkItemTable
    filterset_class = WorkItemFilterSet
    template_name = "worklists/workitem_list.html"
    title = None
    refresh_list = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.title:
            context["verbose_name_plural"] = self.title
        context["refresh_list"] = self.refresh_list
        context["can_refresh"] = self.refresh_list and self.request.user.has_perm(perm(WorkItem, "add"))
        return context


class HotListView(WorkItemListView):
    refresh_list = WorkList.HOT

    @property
    def title(self):
        return _("Hot churn")

    def get_queryset(self):
        return ITEMS.filter(work_list=WorkList.HOT, status__in=WorkItemStatus.open_values())


class WarmListView(HotListView):
    refresh_list = WorkList.WARM

    @property
    def title(self):
        return _("Warm churn")

    def get_queryset(self):
        return ITEMS.filter(work_list=WorkList.WARM, status__in=WorkItemStatus.open_values())


class MyWorkView(WorkItemListView):
    """The logged-in user's open items due today or earlier, oldest due first."""

    @property
    def title(self):
        return _("My work today")

    def get_queryset(self):
        return ITEMS.filter(
            assigned_to=self.request.user,
            status__in=WorkItemStatus.open_values(),
            next_action_on__lte=timezone.localdate(),
        ).order_by("next_action_on", "pk")


class RefreshListView(ModelPermissionMixin, generic.View):
    """POST: recompute the hot or warm list from live data (services.refresh_list)."""

    model = WorkItem
    action = "add"

    def post(self, request, work_list):
        if work_list not in (WorkList.HOT, WorkList.WARM):
            raise PermissionDenied
        result = services.refresh_list(work_list, user=request.user)
        messages.success(
            request,
            _("List refreshed: %(added)d added, %(kept)d already on it, %(cancelled)d no longer on it.")
            % {"added": result.added, "kept": result.kept, "cancelled": result.cancelled},
        )
        return redirect(f"worklists:{work_list}")


class WorkItemDetailView(ObjectDetailView):
    queryset = ITEMS.select_related("script", "closed_by", "created_by", "subscriber__tariff")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        context["summary"] = subscriber_summary(obj.subscriber, self.request.user)
        context["source_url"] = _source_url(obj)
        context["can_change"] = context["can_change"] and services.may_work(self.request.user, obj)
        if obj.is_open and context["can_change"]:
            context.setdefault("outcome_form", OutcomeForm())
        context["other_items"] = obj.subscriber.work_items.exclude(pk=obj.pk).order_by("-created_at")[:10]
        return context


def _source_url(item: WorkItem) -> str | None:
    try:
        source = item.source
    except Exception:  # a source of a model since removed
        return None
    return source.get_absolute_url() if source is not None and hasattr(source, "get_absolute_url") else None


class RecordOutcomeView(WorkItemDetailView):
    action = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not services.may_work(request.user, self.object):
            raise PermissionDenied
        form = OutcomeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(outcome_form=form))
        try:
            actions.record_outcome(
                self.object,
                outcome=form.cleaned_data["outcome"],
                user=request.user,
                note=form.cleaned_data["note"],
                next_action_on=form.cleaned_data["next_action_on"],
            )
        except TransitionError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Outcome recorded: %(outcome)s.") % {"outcome": self.object.get_outcome_display()}
            )
        return redirect(self.object)


class WorkItemCreateView(ModelPermissionMixin, RegisterContextMixin, generic.FormView):
    model = WorkItem
    action = "add"
    form_class = AddWorkItemForm
    template_name = "core/object_edit.html"

    def get_initial(self):
        initial = super().get_initial()
        initial.update({k: v for k, v in self.request.GET.items() if k in ("account", "work_list")})
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        item, created = services.add_to_work_list(
            data["account"],
            data["work_list"],
            user=self.request.user,
            assigned_to=data["assigned_to"],
            reason=data["reason"],
            script=data["script"],
            next_action_on=data["next_action_on"],
        )
        if not created:
            messages.info(self.request, _("The subscriber is already on this list."))
        return redirect(item)


class WorkItemEditView(ObjectEditView):
    """An item's responsible, date, reason and script: for who may work it (services.may_work)."""

    queryset = WorkItem.objects.all()
    form_class = WorkItemForm

    def get_object(self, queryset=None):
        item = super().get_object(queryset)
        if not services.may_work(self.request.user, item):
            raise PermissionDenied
        return item

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        form.instance._history_user = self.request.user
        return super().form_valid(form)


# Campaigns -------------------------------------------------------------------------------------------------------


class CampaignListView(ObjectListView):
    keep_queryset_order = True
    queryset = Campaign.objects.select_related("created_by").annotate(item_count=Count("items")).order_by("-created_at")
    table_class = CampaignTable
    filterset_class = CampaignFilterSet


class CampaignDetailView(ObjectDetailView):
    queryset = Campaign.objects.select_related("script", "segment", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = services.campaign_report(self.object)
        context["items_table"] = WorkItemTable(ITEMS.filter(campaign=self.object)[:500], orderable=False)
        context["items_url"] = f"{_list_url()}?campaign={self.object.pk}"
        return context


def _list_url():
    from django.urls import reverse

    return reverse("worklists:workitem_list")


class WinbackCampaignCreateView(ModelPermissionMixin, RegisterContextMixin, generic.FormView):
    model = Campaign
    action = "add"
    form_class = WinbackCampaignForm
    template_name = "core/object_edit.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            campaign = services.create_winback_campaign(
                name=data["name"],
                period_from=data["period_from"],
                period_to=data["period_to"],
                reason_groups=data["reason_groups"],
                segment=data["segment"],
                assignees=data["assignees"],
                note=data["note"],
                user=self.request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Campaign created with %(n)d subscribers.") % {"n": campaign.items.count()})
        return redirect(campaign)
