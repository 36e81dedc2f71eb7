import django_filters
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.analytics.segments import SegmentFilter
from abonent.core.filtersets import DateFromToFilter, RegisterFilterSet

from .choices import FormKind
from .models import PROCESS_MODELS, FormTemplate


def _users(request):
    return get_user_model().objects.filter(is_active=True).order_by("username")


class ProcessFilterSet(RegisterFilterSet):
    """Filters every process register shares: status (or any open one), responsible, overdue, subscriber, period.

    `q` finds records by the subscriber's account number or name.
    """

    search_fields = ("subscriber__external_id", "subscriber__name")
    status = django_filters.ChoiceFilter(method="filter_status", label=_("Status"))
    responsible = django_filters.ModelChoiceFilter(queryset=_users, label=_("Responsible"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    created = DateFromToFilter(field_name="created_at", label=_("Created"))
    deadline = DateFromToFilter(field_name="deadline", label=_("Deadline"))
    segment = SegmentFilter(prefix="subscriber__")

    FIELDS = ["q", "status", "responsible", "overdue", "created", "deadline", "segment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["status"].extra["choices"] = [("open", _("Open (any)")), *self._meta.model.STATUS.choices]
        self.form.fields["status"].choices = [("", "---------"), *self.filters["status"].extra["choices"]]

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.exclude(status__in=self._meta.model.CLOSED)
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        late = queryset.exclude(status__in=self._meta.model.CLOSED).filter(deadline__lt=timezone.localdate())
        if value is None:
            return queryset
        return late if value else queryset.exclude(pk__in=late.values("pk"))


def _filterset_for(model) -> type[ProcessFilterSet]:
    meta = type("Meta", (), {"model": model, "fields": ProcessFilterSet.FIELDS})
    return type(f"{model.__name__}FilterSet", (ProcessFilterSet,), {"Meta": meta, "__module__": __name__})


FILTERSETS: dict = {model: _filterset_for(model) for model in PROCESS_MODELS}
for _model, _filterset in FILTERSETS.items():
    globals()[_filterset.__name__] = _filterset


class FormTemplateFilterSet(RegisterFilterSet):
    search_fields = ("title", "body")
    kind = django_filters.ChoiceFilter(choices=FormKind.choices, label=_("Kind"))

    class Meta:
        model = FormTemplate
        fields = ["q", "kind", "is_default"]
