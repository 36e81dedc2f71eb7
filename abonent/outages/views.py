"""The outage register (declared once, core.registers) and the report: churn of affected against other buildings."""

import django_filters
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import generic

from abonent.core.registers import Register
from abonent.core.views import ModelPermissionMixin
from abonent.subscribers.services import data_as_of

from . import actions, services
from .api.serializers import WRITTEN, OutageSerializer
from .forms import OutageReportForm
from .models import Outage

outages = Register(
    Outage,
    "outages",
    columns=("started_at", "ended_at", "scope", "city", "district", "street", "building", "service_type", "cause"),
    filters=("scope", "cause", "service_type", "started_at"),
    extra_filters={
        "ongoing": django_filters.BooleanFilter(field_name="ended_at", lookup_expr="isnull", label=_("Going on"))
    },
    search=("city", "district", "street", "building", "description"),
    form=tuple(WRITTEN),
    serializer=OutageSerializer,
    create_action=actions.record_outage,
    related=("recorded_by",),
)


class OutageReportView(ModelPermissionMixin, generic.TemplateView):
    """Churn of the buildings that lived through outages in a period against the other buildings."""

    model = Outage
    template_name = "outages/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        as_of = data_as_of()
        form = OutageReportForm(self.request.GET or None, as_of=as_of)
        result = None
        if form.is_valid():
            data = form.cleaned_data
            result = services.churn_by_outages(
                data["start"], data["end"], min_outages=data["min_outages"], service_type=data["service_type"]
            )
        list_query = urlencode({"started_at_after": form.period[0], "started_at_before": form.period[1]})
        groups = []
        if result is not None:
            groups = [{"key": "affected", "row": result.affected}, {"key": "unaffected", "row": result.unaffected}]
        scale = max([g["row"].churn_pct or 0 for g in groups] + [0]) or 1
        context.update(form=form, result=result, groups=groups, scale=scale, as_of=as_of, list_query=list_query)
        return context
