import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abonent.analytics.segments import SegmentFilter
from abonent.core.filtersets import DateFromToFilter, RegisterFilterSet

from .choices import InvitationChannel, NpsCategory, QuestionKind, ResponseChannel
from .models import Invitation, Question, Response, Survey

CATEGORY_SCORES = {
    NpsCategory.PROMOTER: Q(score__gte=9),
    NpsCategory.PASSIVE: Q(score__gte=7, score__lte=8),
    NpsCategory.DETRACTOR: Q(score__lte=6),
}


class SurveyFilterSet(RegisterFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Survey
        fields = ["q", "is_active"]


class QuestionFilterSet(RegisterFilterSet):
    search_fields = ("text",)
    survey = django_filters.ModelChoiceFilter(queryset=Survey.objects.all(), label=_("Survey"))
    kind = django_filters.ChoiceFilter(choices=QuestionKind.choices, label=_("Kind"))

    class Meta:
        model = Question
        fields = ["q", "survey", "kind"]


class InvitationFilterSet(RegisterFilterSet):
    search_fields = ("subscriber__external_id", "subscriber__name")
    survey = django_filters.ModelChoiceFilter(queryset=Survey.objects.all(), label=_("Survey"))
    channel = django_filters.ChoiceFilter(choices=InvitationChannel.choices, label=_("Channel"))
    answered = django_filters.BooleanFilter(
        field_name="answered_at", lookup_expr="isnull", exclude=True, label=_("Answered")
    )
    sent = django_filters.BooleanFilter(field_name="sent_at", lookup_expr="isnull", exclude=True, label=_("Sent"))
    created = DateFromToFilter(field_name="created_at", label=_("Created"))
    segment = SegmentFilter(prefix="subscriber__")

    class Meta:
        model = Invitation
        fields = ["q", "survey", "channel", "answered", "sent", "created", "segment"]


class ResponseFilterSet(RegisterFilterSet):
    search_fields = ("subscriber__external_id", "subscriber__name", "comment")
    survey = django_filters.ModelChoiceFilter(queryset=Survey.objects.all(), label=_("Survey"))
    category = django_filters.ChoiceFilter(choices=NpsCategory.choices, method="filter_category", label=_("Category"))
    channel = django_filters.ChoiceFilter(choices=ResponseChannel.choices, label=_("Channel"))
    answered = DateFromToFilter(field_name="answered_at", label=_("Answered"))
    segment = SegmentFilter(prefix="subscriber__")

    class Meta:
        model = Response
        fields = ["q", "survey", "category", "channel", "answered", "segment"]

    def filter_category(self, queryset, name, value):
        return queryset.filter(CATEGORY_SCORES[value]) if value in CATEGORY_SCORES else queryset
