"""The churn diagnostics page (with its XLSX export) and the head of department's dashboard."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from abonent.churn.choices import RequestStatus
from abonent.churn.models import DisconnectionRequest
from abonent.core.export import xlsx_response
from abonent.core.panels import dashboard_panels, diagnostics_panels
from abonent.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from abonent.subscribers.forms import SegmentConditionsMixin
from abonent.subscribers.services import data_as_of

from . import dashboard
from .base import METRICS, base_analysis
from .diagnostics import (
    ChurnDiagnostics,
    active_base,
    add_months,
    annualise,
    churn_diagnostics,
    churn_vs_inflow,
    churn_vs_inflow_by,
    month_end,
    month_start,
)
from .filtersets import CompetitorTariffFilterSet
from .forms import (
    BaseAnalysisForm,
    ChurnInflowForm,
    CohortForm,
    CompetitorTariffForm,
    DiagnosticsForm,
    SurvivalForm,
    TariffReportForm,
)
from .models import CompetitorTariff
from .survival import READ_AT_MONTHS, cohort_table, survival
from .tables import CompetitorTariffTable
from .tariffs import market_comparison, tariff_distribution, tariff_migrations

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
            form.cleaned_data["start"],
            form.cleaned_data["end"],
            form.segment,
            plan_annual_pct=form.plan_annual_pct,
            as_of=form.cleaned_data["as_of"],
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
            as_of=form.cleaned_data["as_of"],
            # Sections other apps add (core.panels), over the same days as the report.
            extra_panels=diagnostics_panels(
                request, result.start, min(month_end(result.end), data_as_of(form.cleaned_data["as_of"]))
            ),
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
    if data.get("saved_segment"):
        parts.append(str(data["saved_segment"]))
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
        (_("As of"), f"{form.cleaned_data['as_of']:%Y-%m-%d}"),
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
    """The head of department's morning page: base; churn and inflow this month to date against the same days of
    the last month, and the last full month; the trend of monthly churn against the plan of non-retention; open
    requests; reasons over norm (dashboard.py, docs/reports/dashboard.md)."""

    template_name = "analytics/dashboard.html"
    # Reasons over norm are judged on a quarter of full months: one month is too few disconnections to read a
    # structure, and a month to date read as a whole month would understate the rate (issue 12).
    over_norm_months = 3

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The morning page reads the base as of the latest imported data, as the reports do.
        today = data_as_of()
        this_month = month_start(today)
        recent = churn_diagnostics(
            add_months(this_month, -self.over_norm_months), add_months(this_month, -1), as_of=today
        )
        this = dashboard.flow(this_month, today)
        last_month = dashboard.flow(*dashboard.same_days_last_month(today))
        trend, last_full = dashboard.trend(today)
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
                "color": RequestStatus.color_of(status),
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
            last_full_month=last_full,
            churn_delta=this.churned - last_month.churned,
            adds_delta=this.gross_adds - last_month.gross_adds,
            net_delta=this.net_growth - last_month.net_growth,
            # Churn is better when lower, inflow and net growth when higher: each delta is coloured by that.
            deltas={
                "churn": dashboard.delta(this.churned, last_month.churned, more_is_better=False),
                "churn_pct": dashboard.delta(this.churn_pct, last_month.churn_pct, more_is_better=False),
                "adds": dashboard.delta(this.gross_adds, last_month.gross_adds, more_is_better=True),
                "net": dashboard.delta(this.net_growth, last_month.net_growth, more_is_better=True),
            },
            trend=trend,
            trend_chart=dashboard.trend_chart(
                trend,
                {
                    "churn_label": str(_("Churn, % a month")),
                    "plan_label": str(_("Plan of non-retention, % a month")),
                },
            ),
            open_requests=open_requests,
            open_total=sum(r["count"] for r in open_requests),
            requests_url=request_list_url(status="open"),  # the register's "any open status" choice
            recent=recent,
            reasons_over_norm=recent.reasons_over_norm,
            diagnostics_url=reverse("analytics:diagnostics"),
            panels=dashboard_panels(self.request),
        )
        return context


# --- base, tariff, churn-vs-inflow and survival reports -------------------------------------------------------------

VIEW_REPORTS = "analytics.view_reports"


class ReportPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = VIEW_REPORTS


class ReportView(ReportPermissionMixin, TemplateView):
    """A report page: a GET form, a result, `?export=xlsx` for the same numbers."""

    form_class = None

    def get(self, request, *args, **kwargs):
        form = self.form_class(request.GET or None)
        if request.GET and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, result=None))
        if not request.GET:
            form = self.form_class({})
            form.is_valid()
        result = self.compute(form)
        if request.GET.get("export") == "xlsx":
            return self.export(form, result)
        query = [(key, value) for key, values in request.GET.lists() if key != "export" for value in values]
        context = self.get_context_data(
            form=form,
            result=result,
            export_query=urlencode(query + [("export", "xlsx")]),
            as_of=form.cleaned_data["as_of"],
        )
        context.update(self.extra_context_for(form, result))
        return self.render_to_response(context)

    # Each report page defines these two; the base class only runs the form, the export switch and the context.
    def compute(self, form):
        raise ImproperlyConfigured(f"{type(self).__name__} must define compute(form)")

    def export(self, form, result):
        raise ImproperlyConfigured(f"{type(self).__name__} must define export(form, result)")

    def extra_context_for(self, form, result) -> dict:
        return {}


def _month_labels(months) -> list[str]:
    return [f"{m:%Y-%m}" for m in months]


class BaseAnalysisView(ReportView):
    """The active base by segment month by month (seed 004, 2.2.4), with "save as segment"."""

    template_name = "analytics/base_analysis.html"

    form_class = BaseAnalysisForm

    def compute(self, form):

        data = form.cleaned_data
        return base_analysis(
            data["start"],
            data["end"],
            data["dimension"],
            definitions=form.definitions(),
            arpu_bands=data.get("arpu_bands") or None,
            today=data["as_of"],
        )

    def extra_context_for(self, form, result) -> dict:

        metric = form.cleaned_data["metric"]
        definition = form.definition()
        saved = form.cleaned_data.get("saved_segment")
        if saved:
            definition = {**saved.definition, **definition}
        save_query = urlencode(SegmentConditionsMixin.query_from_definition(definition))
        rows = [(row, row.values(metric)) for row in result.rows]
        return {
            "metric": metric,
            "metric_label": dict(METRICS)[metric],
            "month_labels": _month_labels(result.months),
            "pivot": rows,
            "total_values": result.total.values(metric),
            "save_url": f"{reverse('subscribers:savedsegment_add')}?{save_query}",
            "can_save": self.request.user.has_perm("subscribers.add_savedsegment"),
            "chart": {
                "months": _month_labels(result.months),
                "series": [
                    {"name": row.label, "values": [None if v is None else round(v, 2) for v in values]}
                    for row, values in rows
                ],
                "stacked": metric != "arpu",
                "title": str(dict(METRICS)[metric]),
            },
        }

    def export(self, form, result):

        months = _month_labels(result.months)
        sheets = []
        for metric, label in METRICS:
            body = [
                [row.label, *[None if v is None else round(v, 2) for v in row.values(metric)]]
                for row in [*result.rows, result.total]
            ]
            sheets.append((str(label)[:31], [str(_("Segment")), *months], body))
        return xlsx_response(f"base-analysis-{result.start:%Y%m}-{result.end:%Y%m}.xlsx", sheets)


class TariffsView(ReportView):
    """Subscribers and revenue by tariff, tariff changes (up/down) and our tariffs against the market (2.2.5)."""

    template_name = "analytics/tariffs.html"

    form_class = TariffReportForm

    def compute(self, form):

        data = form.cleaned_data
        definitions = form.definitions()
        as_of = data["as_of"]
        return {
            "distribution": tariff_distribution(data["start"], data["end"], definitions=definitions, today=as_of),
            "migrations": tariff_migrations(
                data["start"], data["end"], window=data["window"], definitions=definitions, today=as_of
            ),
            "market": market_comparison(),
        }

    def extra_context_for(self, form, result) -> dict:
        distribution, migrations = result["distribution"], result["migrations"]
        return {
            "month_labels": _month_labels(distribution.months),
            "matrix": [
                (source, [migrations.cell(source, target) for target in migrations.tariffs])
                for source in migrations.tariffs
            ],
            "competitors_url": reverse("analytics:competitortariff_list"),
            "chart": {
                "months": _month_labels(distribution.months),
                "series": [{"name": r.tariff.name, "values": r.services} for r in distribution.rows],
                "up": [m.up for m in migrations.months],
                "down": [m.down for m in migrations.months],
                "migration_months": _month_labels([m.month for m in migrations.months]),
                "up_label": str(_("Up-sell")),
                "down_label": str(_("Down-sell")),
            },
        }

    def export(self, form, result):
        distribution, migrations = result["distribution"], result["migrations"]
        months = _month_labels(distribution.months)
        services = [[r.tariff.code, r.tariff.name, *r.services] for r in distribution.rows]
        revenue = [[r.tariff.code, r.tariff.name, *r.revenue] for r in distribution.rows]
        matrix = [
            [source.code, *[migrations.cell(source, target) for target in migrations.tariffs]]
            for source in migrations.tariffs
        ]
        monthly = [[f"{m.month:%Y-%m}", m.up, m.down, m.lateral] for m in migrations.months]
        market = [
            [
                row.tariff.code,
                row.tariff.name,
                row.band,
                float(row.tariff.monthly_fee),
                row.offers,
                row.market_min,
                row.market_median,
                _r(row.difference_pct),
                _r(row.our_per_mbps),
                _r(row.market_per_mbps),
            ]
            for row in result["market"]
        ]
        sheets = [
            (_("Services"), [_("Code"), _("Tariff"), *months], services),
            (_("List revenue"), [_("Code"), _("Tariff"), *months], revenue),
            (_("Changes matrix"), [_("From → to"), *[t.code for t in migrations.tariffs]], matrix),
            (_("Changes by month"), [_("Month"), _("Up-sell"), _("Down-sell"), _("Same fee")], monthly),
            (
                _("Market"),
                [
                    _("Code"),
                    _("Tariff"),
                    _("Speed band"),
                    _("Our fee"),
                    _("Offers"),
                    _("Market minimum"),
                    _("Market median"),
                    _("Against median, %"),
                    _("Our RUB per Mbit/s"),
                    _("Market RUB per Mbit/s"),
                ],
                market,
            ),
        ]
        return xlsx_response(f"tariffs-{distribution.start:%Y%m}-{distribution.end:%Y%m}.xlsx", sheets)


class ChurnInflowView(ReportView):
    """Churn against inflow by month and segment (2.2.6), monthly and annual rates side by side."""

    template_name = "analytics/churn_inflow.html"
    form_class = ChurnInflowForm
    dimensions = [
        ("kind", _("Residential / business")),
        ("service_type", _("Service type")),
        ("tariff", _("Tariff")),
        ("district", _("District")),
    ]

    def breakdown(self) -> str:
        value = self.request.GET.get("by", "kind")
        return value if value in dict(self.dimensions) else "kind"

    def compute(self, form):

        data = form.cleaned_data
        flow = churn_vs_inflow(data["start"], data["end"], form.segment, as_of=data["as_of"])
        months = len(flow.months)
        average = sum((r.base_start + r.base_end) / 2 for r in flow.months) / months
        monthly = flow.churned / average / months * 100 if average > 0 else None
        adds_monthly = flow.gross_adds / average / months * 100 if average > 0 else None
        rows = [
            {
                "row": r,
                "annual_pct": annualise(r.churn_pct),
                "adds_pct": r.gross_adds / ((r.base_start + r.base_end) / 2) * 100
                if (r.base_start + r.base_end) > 0
                else None,
            }
            for r in flow.months
        ]
        return {
            "flow": flow,
            "rows": rows,
            "average_base": average,
            "monthly_pct": monthly,
            "annual_pct": annualise(monthly),
            "adds_monthly_pct": adds_monthly,
            "by": churn_vs_inflow_by(data["start"], data["end"], self.breakdown(), form.segment, as_of=data["as_of"]),
        }

    def extra_context_for(self, form, result) -> dict:
        flow = result["flow"]
        return {
            "segment_label": segment_label(form),
            "dimensions": self.dimensions,
            "by": self.breakdown(),
            "by_label": dict(self.dimensions)[self.breakdown()],
            "query_without_by": urlencode([(k, v) for k, v in self.request.GET.items() if k not in ("by", "export")]),
            "chart": {
                "months": _month_labels([r.month for r in flow.months]),
                "adds": [r.gross_adds for r in flow.months],
                "churned": [r.churned for r in flow.months],
                "net": [r.net_growth for r in flow.months],
                "churn_pct": [_r(r.churn_pct) for r in flow.months],
                "adds_label": str(_("Gross adds")),
                "churned_label": str(_("Churned")),
                "net_label": str(_("Net growth")),
                "rate_label": str(_("Churn, % a month")),
            },
        }

    def export(self, form, result):
        flow = result["flow"]
        months = [
            [
                f"{item['row'].month:%Y-%m}",
                item["row"].base_start,
                item["row"].gross_adds,
                item["row"].churned,
                item["row"].net_growth,
                item["row"].base_end,
                _r(item["row"].churn_pct),
                _r(item["annual_pct"]),
            ]
            for item in result["rows"]
        ]
        by = [
            [
                r.label,
                r.base_start,
                r.gross_adds,
                r.churned,
                r.net_growth,
                r.base_end,
                _r(r.monthly_churn_pct),
                _r(r.annual_churn_pct),
            ]
            for r in result["by"]
        ]
        header = [
            _("Base at start"),
            _("Gross adds"),
            _("Churned"),
            _("Net growth"),
            _("Base at end"),
            _("Churn, % a month"),
            _("Annual equivalent, %"),
        ]
        sheets = [
            (_("By month"), [_("Month"), *header], months),
            (_("By segment"), [_("Segment"), *header], by),
        ]
        return xlsx_response(f"churn-vs-inflow-{flow.start:%Y%m}-{flow.end:%Y%m}.xlsx", sheets)


class SurvivalView(ReportView):
    """Kaplan–Meier retention curves by segment, log-rank, expected lifetime and lifetime value."""

    template_name = "analytics/survival.html"

    form_class = SurvivalForm

    def compute(self, form):

        data = form.cleaned_data
        margin = data.get("margin")
        return survival(
            data["split"],
            definitions=form.definitions(),
            split_segment=data.get("split_segment"),
            connected_from=data.get("connected_from"),
            connected_to=data.get("connected_to"),
            horizon_months=data["horizon"],
            margin_pct=float(margin) if margin is not None else None,
            today=data["as_of"],
        )

    def extra_context_for(self, form, result) -> dict:

        return {
            "read_at": READ_AT_MONTHS,
            "chart": {
                "curves": [
                    {"name": c.label, "t": c.times, "s": c.survival, "lo": c.lower, "hi": c.upper}
                    for c in result.curves
                ],
                "x_label": str(_("Months since connection")),
                "y_label": str(_("Share still connected")),
            },
        }

    def export(self, form, result):

        header = [
            _("Group"),
            _("Subscribers"),
            _("Disconnected"),
            _("Median lifetime, months"),
            _("Expected lifetime, months"),
            _("Mean ARPU"),
            _("Lifetime value, RUB"),
            *[_("Survival at %(m)s months") % {"m": m} for m in READ_AT_MONTHS],
        ]
        body = [
            [
                c.label,
                c.subscribers,
                c.events,
                _r(c.median_months),
                _r(c.rmst_months),
                _r(c.mean_arpu),
                _r(c.lifetime_value),
                *[_r(c.at.get(m), 4) for m in READ_AT_MONTHS],
            ]
            for c in result.curves
        ]
        curve_rows = []
        for c in result.curves:
            curve_rows += [
                [c.label, t, s, lo, hi] for t, s, lo, hi in zip(c.times, c.survival, c.lower, c.upper, strict=True)
            ]
        sheets = [
            (_("Groups"), header, body),
            (_("Curves"), [_("Group"), _("Months"), _("Survival"), _("Lower 95 %"), _("Upper 95 %")], curve_rows),
        ]
        return xlsx_response(f"survival-{result.today:%Y%m%d}.xlsx", sheets)


class CohortsView(ReportView):
    """Cohort retention: acquisition month × months since, the share still active."""

    template_name = "analytics/cohorts.html"

    form_class = CohortForm

    def compute(self, form):

        data = form.cleaned_data
        return cohort_table(data["start"], data["end"], definitions=form.definitions(), today=data["as_of"])

    def export(self, form, result):
        header = [_("Acquisition month"), _("Subscribers"), *[str(k) for k in result.months_since]]
        body = [[f"{r.month:%Y-%m}", r.size, *[_r(s, 4) for s in r.shares]] for r in result.rows]
        return xlsx_response(f"cohorts-{result.start:%Y%m}-{result.end:%Y%m}.xlsx", [(_("Cohorts"), header, body)])


# --- registers: competitor tariffs (saved segments are in subscribers) ---


class CompetitorTariffListView(ObjectListView):
    queryset = CompetitorTariff.objects.all()
    table_class = CompetitorTariffTable
    filterset_class = CompetitorTariffFilterSet


class CompetitorTariffDetailView(ObjectDetailView):
    queryset = CompetitorTariff.objects.all()


class CompetitorTariffEditView(ObjectEditView):
    queryset = CompetitorTariff.objects.all()
    form_class = CompetitorTariffForm


class CompetitorTariffDeleteView(ObjectDeleteView):
    queryset = CompetitorTariff.objects.all()
