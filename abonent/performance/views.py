"""The per-manager performance page: the head and the analyst see every manager, a manager their own row."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from . import services
from .forms import PerformanceForm

VIEW_PERMISSION = "retention.view_costs"
# Who sees every manager's row: those who see the plans and the bonuses the figures feed (head, analyst). Others
# see their own row beside the team's total, since a colleague's figures are their pay's basis.
ALL_PERMISSION = "retention.view_retentionplan"

SORT_KEYS = {
    "name": lambda row: row.name.lower(),
    "requests": lambda row: row.requests,
    "reasons": lambda row: row.reasons,
    "offers": lambda row: row.offers,
    "saves": lambda row: row.saves,
    "save_rate": lambda row: row.save_rate,
    "cost_per_save": lambda row: row.cost_per_save,
    "overdue": lambda row: row.overdue,
    "callbacks": lambda row: row.callbacks,
    "sla_share": lambda row: row.sla_share,
    "plan": lambda row: row.plan,
    "plan_pct": lambda row: row.plan_pct,
}


def visible_rows(user, rows: list[services.Row]) -> list[services.Row]:
    return rows if user.has_perm(ALL_PERMISSION) else [row for row in rows if row.user_id == user.pk]


def sort_rows(rows: list[services.Row], sort: str) -> list[services.Row]:
    """Rows by a column (`-column`: descending); an empty figure sorts last either way."""
    key = SORT_KEYS.get(sort.removeprefix("-"))
    if key is None:
        return rows
    known = [row for row in rows if key(row) is not None]
    unknown = [row for row in rows if key(row) is None]
    return sorted(known, key=key, reverse=sort.startswith("-")) + unknown


class ManagerPerformanceView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = VIEW_PERMISSION
    template_name = "performance/managers.html"

    def get(self, request, *args, **kwargs):
        form = PerformanceForm(request.GET)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, rows=None))
        data = form.cleaned_data
        every = services.manager_performance(data["first"], data["last"], as_of=data["as_of"])
        sort = request.GET.get("sort", "")
        rows = sort_rows(visible_rows(request.user, every), sort)
        query = request.GET.copy()
        query.pop("sort", None)
        columns = [
            (key, label, f"-{key}" if sort == key else key, sort.removeprefix("-") == key) for key, label in COLUMNS
        ]
        context = self.get_context_data(
            form=form,
            rows=rows,
            total=services.totals(every),
            sees_all=request.user.has_perm(ALL_PERMISSION),
            first=data["first"],
            last=data["last"],
            as_of=data["as_of"],
            period=data["period"],
            columns=columns,
            base_query=query.urlencode(),
        )
        return self.render_to_response(context)


COLUMNS = [
    ("name", _("Manager")),
    ("requests", _("Requests")),
    ("reasons", _("Reasons established")),
    ("offers", _("Offers made")),
    ("saves", _("Saves")),
    ("save_rate", _("Save rate")),
    ("cost_per_save", _("Cost per save")),
    ("overdue", _("Overdue tasks")),
    ("callbacks", _("Callbacks made")),
    ("sla_share", _("Callbacks within SLA")),
    ("plan", _("Plan")),
    ("plan_pct", _("% of plan")),
]
