"""Read-only serializers of the diagnostics dataclasses; they also document the responses in the OpenAPI schema."""

from rest_framework import serializers


class SegmentSerializer(serializers.Serializer):
    kind = serializers.CharField(allow_null=True)
    service_type = serializers.CharField(allow_null=True)
    city = serializers.CharField(allow_null=True)
    district = serializers.CharField(allow_null=True)
    tariff_id = serializers.IntegerField(allow_null=True)


class MonthRowSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="First day of the month")
    gross_adds = serializers.IntegerField()
    churned = serializers.IntegerField()
    net_growth = serializers.IntegerField()
    base_start = serializers.IntegerField(help_text="Active base at the end of the previous month")
    base_end = serializers.IntegerField(help_text="Active base at the end of the month")
    churn_pct = serializers.FloatField(allow_null=True, help_text="Churned / mean of the two bases, % a month")


class ChurnVsInflowSerializer(serializers.Serializer):
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


class ChurnDiagnosticsSerializer(serializers.Serializer):
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
