from django.urls import reverse
from django.utils.http import urlencode

from abonent.core.panels import subscriber_panels
from abonent.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RetireView,
    int_or_none,
)

from . import actions
from .filtersets import (
    PaymentFilterSet,
    SavedSegmentFilterSet,
    ServiceKindFilterSet,
    SubscriberFilterSet,
    TariffFilterSet,
)
from .forms import SavedSegmentForm, SegmentConditionsMixin, ServiceKindForm, TariffForm
from .models import Payment, SavedSegment, ServiceKind, Subscriber, Tariff
from .segments import describe_definition, segment_summary
from .service_kinds import is_used
from .services import data_as_of, show_phones
from .tables import PaymentTable, SavedSegmentTable, ServiceKindTable, SubscriberTable, TariffTable


class SubscriberListView(ObjectListView):
    queryset = Subscriber.objects.select_related("tariff", "churn_reason")
    table_class = SubscriberTable
    filterset_class = SubscriberFilterSet


class SubscriberDetailView(ObjectDetailView):
    queryset = Subscriber.objects.select_related("tariff", "churn_reason", "churn_reason__group")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        subscriber = self.object
        context["phones"] = show_phones(self.request.user, subscriber.phones)
        context["services"] = subscriber.services.select_related("tariff").order_by("-started_on")[:20]
        context["payments"] = subscriber.payments.order_by("-paid_at")[:12]
        context["charges"] = subscriber.charges.order_by("-month")[:12]
        context["requests"] = subscriber.disconnection_requests.select_related("reason").order_by("-received_at")
        panels = subscriber_panels(subscriber, self.request)
        context["main_panels"] = [p for p in panels if p.column == "main"]
        context["side_panels"] = [p for p in panels if p.column != "main"]
        return context


class TariffListView(ObjectListView):
    queryset = Tariff.objects.all()
    table_class = TariffTable
    filterset_class = TariffFilterSet


class TariffDetailView(ObjectDetailView):
    queryset = Tariff.objects.all()


class TariffEditView(ObjectEditView):
    queryset = Tariff.objects.all()
    form_class = TariffForm


# --- service types: the register behind every service_type field ---


class ServiceKindListView(ObjectListView):
    queryset = ServiceKind.objects.all()
    table_class = ServiceKindTable
    filterset_class = ServiceKindFilterSet


class ServiceKindDetailView(ObjectDetailView):
    queryset = ServiceKind.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["in_use"] = is_used(self.object.code)
        return context


class ServiceKindEditView(ObjectEditView):
    queryset = ServiceKind.objects.all()
    form_class = ServiceKindForm


class ServiceKindDeleteView(RetireView):
    queryset = ServiceKind.objects.all()
    retire = staticmethod(actions.retire_service_kind)


class PaymentListView(ObjectListView):
    queryset = Payment.objects.select_related("subscriber")
    table_class = PaymentTable
    filterset_class = PaymentFilterSet


# --- saved segments: a named slice of the base (seed 004, 3.2.4), a filter in every report and list ---


class SavedSegmentListView(ObjectListView):
    queryset = SavedSegment.objects.select_related("owner")
    table_class = SavedSegmentTable
    filterset_class = SavedSegmentFilterSet


class SavedSegmentDetailView(ObjectDetailView):
    queryset = SavedSegment.objects.select_related("owner")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        definition = self.object.definition
        query = urlencode([("saved_segment", self.object.pk)])
        context.update(
            conditions=describe_definition(definition),
            summary=segment_summary(definition, today=data_as_of()),
            subscribers_url=f"{reverse('subscribers:subscriber_list')}?segment={self.object.pk}",
            base_url=f"{reverse('analytics:base_analysis')}?{query}",
            survival_url=f"{reverse('analytics:survival')}?{query}",
            diagnostics_url=f"{reverse('analytics:diagnostics')}?{query}",
            copy_url=f"{reverse('subscribers:savedsegment_add')}?"
            + urlencode(SegmentConditionsMixin.query_from_definition(definition)),
        )
        return context


class SavedSegmentEditView(ObjectEditView):
    queryset = SavedSegment.objects.all()

    form_class = SavedSegmentForm

    def get_initial(self):
        initial = super().get_initial()
        if "pk" not in self.kwargs:
            # "Save as segment" from a report: the report's conditions arrive as GET parameters.
            for key in self.request.GET:
                values = self.request.GET.getlist(key)
                initial[key] = values if key in ("kind", "service_type", "status", "tariff") else values[-1]
        return initial

    def form_valid(self, form):
        if form.instance.owner_id is None:
            form.instance.owner = self.request.user
        return super().form_valid(form)


class SavedSegmentDeleteView(ObjectDeleteView):
    queryset = SavedSegment.objects.all()


class SubscriberInitialMixin:
    """A form that opens a record for a subscriber: `?subscriber=<pk>` fills in the account number field.

    The subscriber found is kept as `self.subscriber` (None when the parameter is missing or names nobody).
    """

    subscriber = None

    def get_initial(self):
        initial = super().get_initial()
        self.subscriber = Subscriber.objects.filter(pk=int_or_none(self.request.GET.get("subscriber"))).first()
        if self.subscriber is not None:
            initial["account"] = self.subscriber.external_id
        return initial

    def action_data(self, form) -> dict:
        """The form's account number field is the action's `subscriber`."""
        data = super().action_data(form)
        data["subscriber"] = data.pop("account")
        return data
