import django_filters
from django.utils.translation import gettext_lazy as _

from abonent.core.filtersets import RegisterFilterSet
from abonent.subscribers.service_kinds import service_type_choices

from .models import CompetitorTariff


class CompetitorTariffFilterSet(RegisterFilterSet):
    search_fields = ("competitor", "name", "area")
    service_type = django_filters.ChoiceFilter(choices=service_type_choices, label=_("Service type"))
    competitor = django_filters.CharFilter(lookup_expr="iexact", label=_("Competitor"))
    speed_mbps = django_filters.RangeFilter(label=_("Speed, Mbit/s"))
    checked_on = django_filters.DateFromToRangeFilter(label=_("Checked"))

    class Meta:
        model = CompetitorTariff
        fields = ["q", "competitor", "service_type", "speed_mbps", "is_archived"]
