from abonent.core.panels import subscriber_panels
from abonent.core.views import ObjectDetailView, ObjectEditView, ObjectListView

from .filtersets import PaymentFilterSet, SubscriberFilterSet, TariffFilterSet
from .forms import TariffForm
from .models import Payment, Subscriber, Tariff
from .services import show_phones
from .tables import PaymentTable, SubscriberTable, TariffTable


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


class PaymentListView(ObjectListView):
    queryset = Payment.objects.select_related("subscriber")
    table_class = PaymentTable
    filterset_class = PaymentFilterSet
