import django_filters
from django.contrib.auth import get_user_model
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from abonent.core.filtersets import DateFromToFilter, RegisterFilterSet

from .choices import ImportStatus
from .kinds import kind_choices
from .models import ImportRun


class ImportRunFilterSet(RegisterFilterSet):
    search_fields = ("file_name", "message")
    kind = django_filters.ChoiceFilter(choices=CallableChoiceIterator(kind_choices), label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=ImportStatus.choices, label=_("Status"))
    user = django_filters.ModelChoiceFilter(queryset=get_user_model().objects.order_by("username"), label=_("User"))
    source = django_filters.ChoiceFilter(
        choices=[("ui", "ui"), ("cli", "cli"), ("api", "api"), ("demo", "demo")], label=_("Source")
    )
    started_at = DateFromToFilter(label=_("Started"))

    class Meta:
        model = ImportRun
        fields = ["q", "kind", "status", "user", "source", "started_at"]
