from abonent.core.views import ObjectDetailView, ObjectEditView, ObjectListView
from abonent.subscribers.views import SubscriberInitialMixin

from . import actions
from .filtersets import PromiseToPayFilterSet
from .forms import PromiseToPayForm
from .models import PromiseToPay
from .tables import PromiseToPayTable


class PromiseToPayListView(ObjectListView):
    queryset = PromiseToPay.objects.select_related("subscriber", "agent")
    table_class = PromiseToPayTable
    filterset_class = PromiseToPayFilterSet


class PromiseToPayDetailView(ObjectDetailView):
    queryset = PromiseToPay.objects.select_related("subscriber", "agent")


class PromiseToPayCreateView(SubscriberInitialMixin, ObjectEditView):
    queryset = PromiseToPay.objects.all()
    form_class = PromiseToPayForm
    create_action = actions.record_promise
