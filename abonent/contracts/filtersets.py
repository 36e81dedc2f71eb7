import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from abonent.core.filtersets import DateFromToFilter, RegisterFilterSet
from abonent.retention.choices import ContractKind
from abonent.subscribers.models import Subscriber
from abonent.subscribers.segments import SegmentFilter

from .choices import AgitationAnswer, AgitationChannel, ContractService, ContractStatus
from .models import Agitation, AnnualContract, ContractOffer
from .services import terms_condition


def _users(request):
    return get_user_model().objects.filter(is_active=True).order_by("username")


class ContractOfferFilterSet(RegisterFilterSet):
    search_fields = ("name", "benefit")
    kind = django_filters.ChoiceFilter(choices=ContractKind.choices, label=_("Kind"))
    service = django_filters.ChoiceFilter(choices=ContractService.choices, label=_("Service"))

    class Meta:
        model = ContractOffer
        fields = ["q", "kind", "service", "is_active"]


class AgitationFilterSet(RegisterFilterSet):
    search_fields = ("subscriber__external_id", "subscriber__name", "decline_reason")
    offered = DateFromToFilter(field_name="offered_at", label=_("Offered"))
    answer = django_filters.ChoiceFilter(choices=AgitationAnswer.choices, label=_("Answer"))
    kind = django_filters.ChoiceFilter(field_name="terms__kind", choices=ContractKind.choices, label=_("Kind"))
    service = django_filters.ChoiceFilter(
        field_name="terms__service", choices=ContractService.choices, label=_("Service")
    )
    channel = django_filters.ChoiceFilter(choices=AgitationChannel.choices, label=_("Channel"))
    offered_by = django_filters.ModelChoiceFilter(queryset=_users, label=_("Offered by"))
    segment = SegmentFilter(prefix="subscriber__")

    class Meta:
        model = Agitation
        fields = ["q", "offered", "answer", "kind", "service", "channel", "offered_by", "segment"]


class AnnualContractFilterSet(RegisterFilterSet):
    search_fields = ("subscriber__external_id", "subscriber__name")
    status = django_filters.ChoiceFilter(
        choices=[("open", _("Draft, signed or active")), *ContractStatus.choices],
        method="filter_status",
        label=_("Status"),
    )
    kind = django_filters.ChoiceFilter(choices=ContractKind.choices, label=_("Kind"))
    service = django_filters.ChoiceFilter(choices=ContractService.choices, label=_("Service"))
    starts = DateFromToFilter(field_name="starts_on", label=_("Starts"))
    ends = DateFromToFilter(field_name="ends_on", label=_("Ends"))
    responsible = django_filters.ModelChoiceFilter(queryset=_users, label=_("Responsible"))
    segment = SegmentFilter(prefix="subscriber__")

    class Meta:
        model = AnnualContract
        fields = ["q", "status", "kind", "service", "starts", "ends", "responsible", "segment"]

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=ContractStatus.open_values())
        return queryset.filter(status=value)


class EligibleFilterSet(RegisterFilterSet):
    """Filters of the offer list (subscribers who may be offered a contract); `terms` applies one offer's rules."""

    search_fields = ("external_id", "name")
    terms = django_filters.ModelChoiceFilter(
        queryset=ContractOffer.objects.filter(is_active=True), method="filter_terms", label=_("Contract offer")
    )
    service = django_filters.ChoiceFilter(choices=ContractService.choices, method="filter_service", label=_("Service"))
    never_offered = django_filters.BooleanFilter(method="filter_never_offered", label=_("Never offered"))
    segment = SegmentFilter(prefix="")

    class Meta:
        model = Subscriber
        fields = ["q", "terms", "service", "never_offered", "segment"]

    def filter_terms(self, queryset, name, value):

        return queryset.filter(terms_condition(value, self.today)) if value else queryset

    def filter_service(self, queryset, name, value):
        return queryset.filter(service_type__in=ContractService.service_types(value)) if value else queryset

    def filter_never_offered(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(last_offered_at__isnull=value)

    @property
    def today(self):
        from django.utils import timezone

        return timezone.localdate()
