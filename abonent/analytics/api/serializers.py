"""Read-only serializers of the diagnostics dataclasses; they also document the responses in the OpenAPI schema."""

from rest_framework import serializers

from abonent.core.api.serializers import ValidatedModelSerializer
from abonent.subscribers.api.serializers import AsOfMixin, ServiceTypeField

from ..diagnostics import annualise
from ..models import CompetitorTariff


class SegmentSerializer(serializers.Serializer):
    kind = serializers.CharField(allow_null=True)
    service_type = serializers.CharField(allow_null=True)
    city = serializers.CharField(allow_null=True)
    district = serializers.CharField(allow_null=True)
    tariff_id = serializers.IntegerField(allow_null=True)
    saved_segment_id = serializers.IntegerField(allow_null=True)


class MonthRowSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="First day of the month")
    gross_adds = serializers.IntegerField()
    churned = serializers.IntegerField()
    net_growth = serializers.IntegerField()
    base_start = serializers.IntegerField(help_text="Active base at the end of the previous month")
    base_end = serializers.IntegerField(help_text="Active base at the end of the month")
    churn_pct = serializers.FloatField(allow_null=True, help_text="Churned / mean of the two bases, % a month")
    annual_pct = serializers.SerializerMethodField(help_text="The month's rate as a year: 1 − (1 − churn_pct)^12, %")

    def get_annual_pct(self, row) -> float | None:

        return annualise(row.churn_pct)


class ChurnVsInflowSerializer(AsOfMixin, serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    segment = SegmentSerializer()
    months = MonthRowSerializer(many=True)
    gross_adds = serializers.IntegerField()
    churned = serializers.IntegerField()
    net_growth = serializers.IntegerField()
    base_start = serializers.IntegerField()
    base_end = serializers.IntegerField()


class StructureRowSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["group", "reason", "not_established"])
    group_code = serializers.CharField()
    group_name = serializers.CharField()
    reason_code = serializers.CharField()
    reason_name = serializers.CharField()
    is_managed = serializers.BooleanField()
    churned = serializers.IntegerField()
    share_pct = serializers.FloatField(help_text="Share of all churn of the period, %")
    norm_pct = serializers.FloatField(allow_null=True, help_text="Norm, % of churn; null for churn with no reason")
    deviation_pp = serializers.FloatField(allow_null=True, help_text="Share − norm, percentage points")
    over_norm = serializers.BooleanField()
    mean_arpu = serializers.FloatField(allow_null=True)
    excess = serializers.FloatField(help_text="Subscribers over the norm in the period (managed reasons only)")
    excess_revenue = serializers.FloatField(help_text="Excess × mean ARPU, RUB (over the period's months)")


class GroupStructureSerializer(serializers.Serializer):
    total = StructureRowSerializer()
    reasons = StructureRowSerializer(many=True)


class RetentionWorkSerializer(serializers.Serializer):
    received = serializers.IntegerField(help_text="Disconnection requests received in the period")
    open = serializers.IntegerField()
    kept = serializers.IntegerField(help_text="Retained, suspended instead, or relocated")
    withdrawn = serializers.IntegerField()
    disconnected = serializers.IntegerField()
    kept_pct = serializers.FloatField(allow_null=True, help_text="kept / (kept + disconnected), %")
    by_status = serializers.DictField(child=serializers.IntegerField())


class ChurnDiagnosticsSerializer(AsOfMixin, serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    months = serializers.IntegerField()
    segment = SegmentSerializer()
    churned = serializers.IntegerField()
    gross_adds = serializers.IntegerField()
    net_growth = serializers.IntegerField()
    base_start = serializers.IntegerField()
    base_end = serializers.IntegerField()
    average_base = serializers.FloatField()
    monthly_churn_pct = serializers.FloatField(allow_null=True)
    annual_churn_pct = serializers.FloatField(allow_null=True, help_text="1 − (1 − monthly)^12")
    managed_churned = serializers.IntegerField()
    unmanaged_churned = serializers.IntegerField()
    managed_monthly_pct = serializers.FloatField(allow_null=True)
    managed_annual_pct = serializers.FloatField(allow_null=True)
    unmanaged_monthly_pct = serializers.FloatField(allow_null=True)
    unmanaged_annual_pct = serializers.FloatField(allow_null=True)
    plan_is_set = serializers.BooleanField(help_text="False: the plan is the period's unmanaged churn rate")
    plan_monthly_pct = serializers.FloatField(allow_null=True)
    plan_annual_pct = serializers.FloatField(allow_null=True)
    actual_monthly_pct = serializers.FloatField(allow_null=True)
    actual_annual_pct = serializers.FloatField(allow_null=True)
    plan_fulfilment_pct = serializers.FloatField(allow_null=True, help_text="Plan / actual × 100 (monthly rates)")
    groups = GroupStructureSerializer(many=True)
    not_established = StructureRowSerializer()
    not_established_warning = serializers.BooleanField()
    achievable_reduction = serializers.FloatField(help_text="Subscribers a month")
    achievable_revenue = serializers.FloatField(help_text="RUB a month")
    by_month = MonthRowSerializer(many=True)
    retention = RetentionWorkSerializer()


# --- registers ------------------------------------------------------------------------------------------------------


class CompetitorTariffSerializer(ValidatedModelSerializer):
    service_type = ServiceTypeField()

    class Meta:
        model = CompetitorTariff
        fields = [
            "id",
            "competitor",
            "name",
            "service_type",
            "speed_mbps",
            "price",
            "area",
            "source",
            "checked_on",
            "is_archived",
        ]
        extra_kwargs = {"price": {"min_value": 0}}


# --- reports --------------------------------------------------------------------------------------------------------


class PivotRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    subscribers = serializers.ListField(child=serializers.IntegerField(), help_text="Active base at each month's end")
    charged = serializers.ListField(child=serializers.IntegerField(), help_text="Subscribers charged in the month")
    revenue = serializers.ListField(child=serializers.FloatField(), help_text="Charges of the month, RUB")
    arpu = serializers.ListField(child=serializers.FloatField(allow_null=True), help_text="Revenue / charged")


class BaseAnalysisSerializer(AsOfMixin, serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    dimension = serializers.CharField()
    months = serializers.ListField(child=serializers.DateField())
    rows = PivotRowSerializer(many=True)
    total = PivotRowSerializer()
    arpu_bands = serializers.ListField(child=serializers.FloatField())


class TariffRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    service_type = serializers.CharField()
    monthly_fee = serializers.DecimalField(max_digits=12, decimal_places=2)
    speed_mbps = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class TariffRowSerializer(serializers.Serializer):
    tariff = TariffRefSerializer()
    services = serializers.ListField(child=serializers.IntegerField())
    revenue = serializers.ListField(child=serializers.FloatField(), help_text="Services × fee, RUB")
    share_pct = serializers.FloatField()


class MigrationMonthSerializer(serializers.Serializer):
    month = serializers.DateField()
    up = serializers.IntegerField()
    down = serializers.IntegerField()
    lateral = serializers.IntegerField()


class MigrationCellSerializer(serializers.Serializer):
    source = serializers.IntegerField(help_text="From tariff id")
    target = serializers.IntegerField(help_text="To tariff id")
    changes = serializers.IntegerField()


class MarketRowSerializer(serializers.Serializer):
    tariff = TariffRefSerializer()
    band = serializers.CharField()
    offers = serializers.IntegerField()
    market_min = serializers.FloatField(allow_null=True)
    market_median = serializers.FloatField(allow_null=True)
    difference_pct = serializers.FloatField(allow_null=True)
    our_per_mbps = serializers.FloatField(allow_null=True)
    market_per_mbps = serializers.FloatField(allow_null=True)
    competitors = CompetitorTariffSerializer(many=True)


class TariffReportSerializer(AsOfMixin, serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    months = serializers.ListField(child=serializers.DateField())
    rows = TariffRowSerializer(many=True)
    total_services = serializers.ListField(child=serializers.IntegerField())
    total_revenue = serializers.ListField(child=serializers.FloatField())
    migrations = MigrationMonthSerializer(many=True)
    matrix = MigrationCellSerializer(many=True)
    up = serializers.IntegerField()
    down = serializers.IntegerField()
    lateral = serializers.IntegerField()
    market = MarketRowSerializer(many=True)


class CurveSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    subscribers = serializers.IntegerField()
    events = serializers.IntegerField(help_text="Disconnected")
    times = serializers.ListField(
        child=serializers.FloatField(), help_text="Whole calendar months since connection (0, 1, 2, …)"
    )
    survival = serializers.ListField(child=serializers.FloatField())
    lower = serializers.ListField(child=serializers.FloatField(), help_text="95 % band")
    upper = serializers.ListField(child=serializers.FloatField())
    median_months = serializers.FloatField(allow_null=True)
    rmst_months = serializers.FloatField(help_text="Expected lifetime up to the horizon")
    mean_arpu = serializers.FloatField(allow_null=True)
    lifetime_value = serializers.FloatField(allow_null=True)
    at = serializers.DictField(child=serializers.FloatField(allow_null=True), help_text="Survival at 3…36 months")


class SurvivalSerializer(AsOfMixin, serializers.Serializer):
    split = serializers.CharField()
    today = serializers.DateField(help_text="The as-of date (as `as_of`)")
    horizon_months = serializers.IntegerField()
    margin_pct = serializers.FloatField(allow_null=True)
    curves = CurveSerializer(many=True)
    logrank_p = serializers.FloatField(allow_null=True)
    logrank_statistic = serializers.FloatField(allow_null=True)
    groups_total = serializers.IntegerField()


class CohortRowSerializer(serializers.Serializer):
    month = serializers.DateField()
    size = serializers.IntegerField()
    shares = serializers.ListField(child=serializers.FloatField(allow_null=True))


class CohortTableSerializer(AsOfMixin, serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    months_since = serializers.ListField(child=serializers.IntegerField())
    rows = CohortRowSerializer(many=True)
