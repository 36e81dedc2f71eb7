import django_filters
from django.utils.translation import gettext_lazy as _

from abonent.core.filtersets import DateFromToFilter, RegisterFilterSet
from abonent.subscribers.segments import SegmentFilter

from .choices import SubscriberKind, SubscriberStatus
from .models import Payment, SavedSegment, ServiceKind, Subscriber, Tariff
from .service_kinds import service_type_choices


class SubscriberFilterSet(RegisterFilterSet):
    search_fields = ("external_id", "name", "street", "phones")
    kind = django_filters.ChoiceFilter(choices=SubscriberKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=SubscriberStatus.choices, label=_("Status"))
    service_type = django_filters.ChoiceFilter(choices=service_type_choices, label=_("Service type"))
    city = django_filters.CharFilter(lookup_expr="iexact", label=_("City"))
    district = django_filters.CharFilter(lookup_expr="iexact", label=_("District"))
    tariff = django_filters.ModelChoiceFilter(queryset=Tariff.objects.all(), label=_("Tariff"))
    connected_on = DateFromToFilter(label=_("Connected"))
    disconnected_on = DateFromToFilter(label=_("Disconnected"))
    segment = SegmentFilter()

    class Meta:
        model = Subscriber
        fields = ["q", "kind", "status", "service_type", "city", "district", "tariff", "churn_reason"]


class TariffFilterSet(RegisterFilterSet):
    search_fields = ("code", "name")
    service_type = django_filters.ChoiceFilter(choices=service_type_choices, label=_("Service type"))

    class Meta:
        model = Tariff
        fields = ["q", "service_type", "kind", "is_archived"]


class ServiceKindFilterSet(RegisterFilterSet):
    search_fields = ("code", "name_ru", "name_en", "aliases")

    class Meta:
        model = ServiceKind
        fields = ["q", "is_archived"]


class PaymentFilterSet(RegisterFilterSet):
    search_fields = ("subscriber__external_id", "external_id")
    paid_at = django_filters.DateFromToRangeFilter(label=_("Paid"))

    class Meta:
        model = Payment
        fields = ["q", "subscriber", "channel"]


class SavedSegmentFilterSet(RegisterFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = SavedSegment
        fields = ["q", "owner"]
