import django_filters
from django.utils.translation import gettext_lazy as _

from abonent.core.filtersets import RegisterFilterSet

from .choices import Direction
from .models import AuditTarget


class AuditTargetFilterSet(RegisterFilterSet):
    search_fields = ("code", "note")
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("Direction"))

    class Meta:
        model = AuditTarget
        fields = ["q", "direction"]
