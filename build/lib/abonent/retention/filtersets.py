import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from abonent.analytics.segments import SegmentFilter
from abonent.churn.choices import OfferAnswer
from abonent.churn.models import ChurnReason, ReasonGroup
from abonent.core.filtersets import DateFromToFilter, RegisterFilterSet

from .choices import MeasureProcess, RoleChoice
from .models import BonusScheme, HoldoutPolicy, MatrixEntry, Measure, RetentionAssignment, RetentionOffer, RetentionPlan


class MeasureFilterSet(RegisterFilterSet):
    search_fields = ("code", "name_ru", "name_en")
    process = django_filters.ChoiceFilter(choices=MeasureProcess.choices, label=_("Process"))
    grant_role = django_filters.ChoiceFilter(choices=RoleChoice.choices, label=_("Granted by role"))

    class Meta:
        model = Measure
        fields = ["q", "process", "grant_role", "is_active"]


class MatrixEntryFilterSet(RegisterFilterSet):
    search_fields = ("reason__name_ru", "measure__name_ru", "reason__code", "measure__code")
    reason = django_filters.ModelChoiceFilter(queryset=ChurnReason.objects.all(), label=_("Reason"))
    measure = django_filters.ModelChoiceFilter(queryset=Measure.objects.all(), label=_("Measure"))

    class Meta:
        model = MatrixEntry
        fields = ["q", "reason", "measure"]


def _users(request):
    return get_user_model().objects.filter(is_active=True).order_by("username")


class RetentionOfferFilterSet(RegisterFilterSet):
    search_fields = ("subscriber__external_id", "subscriber__name")
    measure = django_filters.ModelChoiceFilter(queryset=Measure.objects.all(), label=_("Measure"))
    answer = django_filters.ChoiceFilter(choices=OfferAnswer.choices, label=_("Answer"))
    reason = django_filters.ModelChoiceFilter(
        field_name="request__reason", queryset=ChurnReason.objects.all(), label=_("Reason")
    )
    reason_group = django_filters.ModelChoiceFilter(
        field_name="request__reason__group", queryset=ReasonGroup.objects.all(), label=_("Reason group")
    )
    made = DateFromToFilter(field_name="made_at", label=_("Made"))
    made_by = django_filters.ModelChoiceFilter(queryset=_users, label=_("Made by"))
    request = django_filters.NumberFilter(field_name="request", label=_("Request №"))
    subscriber = django_filters.NumberFilter(field_name="subscriber", label=_("Subscriber id"))
    segment = SegmentFilter(prefix="subscriber__")

    class Meta:
        model = RetentionOffer
        fields = ["q", "measure", "answer", "reason_group", "reason", "made", "made_by", "request", "subscriber"]


class HoldoutPolicyFilterSet(RegisterFilterSet):
    search_fields = ("name", "note")

    class Meta:
        model = HoldoutPolicy
        fields = ["q", "control"]


class RetentionAssignmentFilterSet(RegisterFilterSet):
    search_fields = ("request__subscriber__external_id",)
    assigned = DateFromToFilter(field_name="assigned_at", label=_("Assigned"))

    class Meta:
        model = RetentionAssignment
        fields = ["q", "policy", "group", "assigned"]


class RetentionPlanFilterSet(RegisterFilterSet):
    search_fields = ("note",)
    month = DateFromToFilter(field_name="month", label=_("Month"))

    class Meta:
        model = RetentionPlan
        fields = ["q", "month"]


class BonusSchemeFilterSet(RegisterFilterSet):
    search_fields = ("name",)

    class Meta:
        model = BonusScheme
        fields = ["q", "role", "is_active"]
