"""The churn diagnostics page (with its XLSX export) and the head of department's dashboard."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from abonent.churn.choices import RequestStatus
from abonent.churn.models import DisconnectionRequest
from abonent.core.export import xlsx_response
from abonent.core.panels import dashboard_panels

from .diagnostics import ChurnDiagnostics, active_base, add_months, churn_diagnostics, month_start
from .forms import DiagnosticsForm

VIEW_DIAGNOSTICS = "churn.view_diagnostics"


class DiagnosticsPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = VIEW_DIAGNOSTICS


def request_list_url(**query) -> str | None:
    """The disconnection-request register filtered by `query`, or None while the register has no URL."""
    try:
        url = reverse("churn:disconnectionrequest_list")
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(query)}" if query else url


class DiagnosticsView(DiagnosticsPermissionMixin, TemplateView):
    """Churn diagnostics for a period and segment; `?export=xlsx` downloads the same numbers."""

    template_name = "analytics/diagnostics.html"

    def get(self, request, *args, **kwargs):
        form = DiagnosticsForm(request.GET)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, result=None))
        result = churn_diagnostics(
            form.cleaned_data["start"], form.cleaned_data["end"], form.segment, plan_annual_pct=form.plan_annual_pct
        )
        if request.GET.get("export") == "xlsx":
            return export_diagnostics(result, form)
        query = form.resolved_query()
        context = self.get_context_data(
            # Shown with the preset resolved into months, so the inputs say which period is on screen.
            form=DiagnosticsForm(query),
            result=result,
            export_query=urlencode({**query, "export": "xlsx"}),
            charts=chart_data(result),
            segment_label=segment_label(form),
        )
        return self.render_to_response(context)


def segment_label(form: DiagnosticsForm) -> str:
    data = form.cleaned_data
    parts = []
    for name in ("kind", "service_type"):
        if data.get(name):
            parts.append(str(dict(form.fields[name].choices)[data[name]]))
    parts += [data[name] for name in ("city", "district") if data.get(name)]
    if data.get("tariff"):
        parts.append(str(data["tariff"]))
    return ", ".join(parts) or _("Whole base")


def chart_data(result: ChurnDiagnostics) -> dict:
    """Series for the two Plotly charts: structure vs norm by group, churn vs inflow by month."""
    groups = [g.total for g in result.groups] + [result.not_established]
    return {
        "structure": {
            "labels": [row.group_name or row.reason_name for row in groups],
            "share": [round(row.share_pct, 2) for row in groups],
            "norm": [round(row.norm_pct, 2) if row.norm_pct is not None else None for row in groups],
            "over": [row.over_norm for row in groups],
            "share_label": _("Share of churn, %"),
            "norm_label": _("Norm, %"),
        },
        "flow": {
            "months": [f"{row.month:%Y-%m}" for row in result.by_month],
            "adds": [row.gross_adds for row in result.by_month],
            "churned": [row.churned for row in result.by_month],
            "net": [row.net_growth for row in result.by_month],
            "adds_label": _("Gross adds"),
            "churned_label": _("Churned"),
            "net_label": _("Net growth"),
        },
    }


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def export_diagnostics(result: ChurnDiagnostics, form: DiagnosticsForm):
    """The diagnostics as a workbook: Summary, Structure, Churn vs inflow (rounded to 2 decimals)."""
    summary = [
        (_("Period from"), f"{result.start:%Y-%m}"),
        (_("Period to"), f"{result.end:%Y-%m}"),
        (_("Months"), result.months),
        (_("Segment"), segment_label(form)),
        (_("Base at period start"), result.base_start),
        (_("Base at period end"), result.base_end),
        (_("Average active base"), _r(result.average_base)),
        (_("Gross adds"), result.gross_adds),
        (_("Churned"), result.churned),
        (_("Net growth"), result.net_growth),
        (_("Churn rate, % a month"), _r(result.monthly_churn_pct)),
        (_("Churn rate, % a year"), _r(result.annual_churn_pct)),
        (_("Managed churn"), result.managed_churned),
        (_("Unmanaged churn"), result.unmanaged_churned),
        (_("Managed churn rate, % a month"), _r(result.managed_monthly_pct)),
        (_("Unmanaged churn rate, % a month"), _r(result.unmanaged_monthly_pct)),
        (_("Requests received"), result.retention.received),
        (_("Requests kept"), result.retention.kept),
        (_("Requests disconnected"), result.retention.disconnected),
        (_("Kept share of requests worked to an end, %"), _r(result.retention.kept_pct)),
        (_("Plan of non-retention, % a month"), _r(result.plan_monthly_pct)),
        (_("Plan of non-retention, % a year"), _r(result.plan_annual_pct)),
        (_("Actual churn, % a month"), _r(result.actual_monthly_pct)),
        (_("Actual churn, % a year"), _r(result.actual_annual_pct)),
        (_("Plan fulfilment, %"), _r(result.plan_fulfilment_pct)),
        (_("Churn with no reason, share of churn in percent"), _r(result.not_established.share_pct)),
        (_("Achievable reduction, subscribers a month"), _r(result.achievable_reduction)),
        (_("Revenue of the achievable reduction, RUB a month"), _r(result.achievable_revenue)),
    ]
    levels = {"group": _("Group"), "reason": _("Reason"), "not_established": _("Reason not established")}
    structure = [
        (
            levels[row.level],
            row.group_name,
            row.reason_name,
            _("yes") if row.is_managed else _("no"),
            row.churned,
            _r(row.share_pct),
            _r(row.norm_pct),
            _r(row.deviation_pp),
            _("yes") if row.over_norm else "",
            _r(row.mean_arpu),
            _r(row.excess),
        )
        for row in result.structure_rows
    ]
    flow = [
        (f"{r.month:%Y-%m}", r.base_start, r.gross_adds, r.churned, r.net_growth, r.base_end, _r(r.churn_pct))
        for r in result.by_month
    ]
    sheets = [
        (_("Summary"), [_("Indicator"), _("Value")], summary),
        (
            _("Structure"),
            [
                _("Level"),
                _("Group"),
                _("Reason"),
                _("Managed"),
                _("Churned"),
                _("Share, %"),
                _("Norm, %"),
                _("Deviation, pp"),
                _("Over norm"),
                _("Mean ARPU"),
                _("Over norm, subscribers"),
            ],
            structure,
        ),
        (
            _("Churn vs inflow"),
            [
                _("Month"),
                _("Base at month start"),
                _("Gross adds"),
                _("Churned"),
                _("Net growth"),
                _("Base at month end"),
                _("Churn, % a month"),
            ],
            flow,
        ),
    ]
    return xlsx_response(f"churn-diagnostics-{result.start:%Y%m}-{result.end:%Y%m}.xlsx", sheets)


class DashboardView(DiagnosticsPermissionMixin, TemplateView):
    """The head of department's morning page: base, churn and inflow this month vs last, open requests,
    reasons over norm."""

    template_name = "analytics/dashboard.html"
    # Reasons over norm are judged on a quarter: one month is too few disconnections to read a structure.
    over_norm_months = 3  # at least 2: this month and the last come from the same rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        this_month = month_start(today)
        recent = churn_diagnostics(add_months(this_month, -(self.over_norm_months - 1)), this_month)
        # The quarter's month rows already hold this month and the last one: no second pass over the base.
        last_month, this = recent.by_month[-2:]
        counts = dict(
            DisconnectionRequest.objects.filter(status__in=RequestStatus.open_values())
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        open_requests = [
            {
                "status": status,
                "label": RequestStatus(status).label,
                "color": RequestStatus.colors()[status],
                "count": counts.get(status, 0),
                "url": request_list_url(status=status),
            }
            for status in RequestStatus.open_values()
        ]
        context.update(
            today=today,
            active_base=active_base(today),
            this_month=this,
            last_month=last_month,
            churn_delta=this.churned - last_month.churned,
            adds_delta=this.gross_adds - last_month.gross_adds,
            net_delta=this.net_growth - last_month.net_growth,
            open_requests=open_requests,
            open_total=sum(r["count"] for r in open_requests),
            requests_url=request_list_url(status="open"),  # the register's "any open status" choice
            recent=recent,
            reasons_over_norm=recent.reasons_over_norm,
            diagnostics_url=reverse("analytics:diagnostics"),
            panels=dashboard_panels(self.request),
        )
        return context
