from abonent.core.filtersets import DateFromToFilter, RegisterFilterSet

from .models import PromiseToPay


class PromiseToPayFilterSet(RegisterFilterSet):
    search_fields = ("subscriber__external_id", "subscriber__name")
    due = DateFromToFilter(field_name="due_date")

    class Meta:
        model = PromiseToPay
        fields = ["q", "status", "agent", "due"]
