import django_filters
from django.utils.translation import gettext_lazy as _

from abonent.core.filtersets import RegisterFilterSet
from abonent.subscribers.choices import SubscriberKind
from abonent.subscribers.segments import SegmentFilter
from abonent.subscribers.service_kinds import service_type_choices

from .choices import Horizon, RiskBand, RunStatus
from .models import RiskScore, ScoringModel, ScoringRun


class RiskScoreFilterSet(RegisterFilterSet):
    search_fields = ("subscriber__external_id", "subscriber__name")
    band = django_filters.MultipleChoiceFilter(choices=RiskBand.choices, label=_("Risk band"))
    segment = SegmentFilter(prefix="subscriber__")
    kind = django_filters.ChoiceFilter(field_name="subscriber__kind", choices=SubscriberKind.choices, label=_("Kind"))
    service_type = django_filters.ChoiceFilter(
        field_name="subscriber__service_type", choices=service_type_choices, label=_("Service type")
    )
    district = django_filters.CharFilter(field_name="subscriber__district", lookup_expr="iexact", label=_("District"))
    hidden = django_filters.BooleanFilter(method="filter_hidden", label=_("Hidden churn"))

    class Meta:
        model = RiskScore
        fields = ["q", "band", "segment", "kind", "service_type", "district", "hidden"]

    def filter_hidden(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(hidden_reason="") if value else queryset.filter(hidden_reason="")


class ScoringModelFilterSet(RegisterFilterSet):
    horizon = django_filters.ChoiceFilter(choices=Horizon.choices, label=_("Horizon"))

    class Meta:
        model = ScoringModel
        fields = ["q", "horizon"]


class ScoringRunFilterSet(RegisterFilterSet):
    status = django_filters.ChoiceFilter(choices=RunStatus.choices, label=_("Status"))

    class Meta:
        model = ScoringRun
        fields = ["q", "status", "train"]
