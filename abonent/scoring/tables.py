import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import ChoiceBadgeColumn, NumberColumn, RegisterTable
from abonent.core.templatetags.abonent import pct

from .choices import RiskBand, RunStatus
from .learning import factor_text
from .models import RiskScore, ScoringModel, ScoringRun


class RiskScoreTable(RegisterTable):
    rank = tables.Column(verbose_name="№", attrs={"td": {"class": "num"}})
    account = tables.Column(
        verbose_name=_("Account number"),
        accessor="subscriber__external_id",
        linkify=lambda record: record.subscriber.get_absolute_url(),
    )
    subscriber_name = tables.Column(verbose_name=_("Subscriber"), accessor="subscriber__name")
    kind = tables.Column(verbose_name=_("Kind"), accessor="subscriber__kind")
    probability = tables.Column(verbose_name=_("Risk, 90 days"), attrs={"td": {"class": "num"}})
    probability_30 = tables.Column(verbose_name=_("Risk, 30 days"), attrs={"td": {"class": "num"}})
    band = ChoiceBadgeColumn(RiskBand)
    factors = tables.Column(verbose_name=_("Top factors"), orderable=False)
    arpu = NumberColumn()
    revenue_at_risk = tables.Column(
        verbose_name=_("Revenue at risk, a year"),
        accessor="revenue_at_risk",
        orderable=False,
        attrs={"td": {"class": "num"}},
    )
    actions = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta(RegisterTable.Meta):
        model = RiskScore
        fields = (
            "rank",
            "account",
            "subscriber_name",
            "kind",
            "probability",
            "probability_30",
            "band",
            "factors",
            "arpu",
            "revenue_at_risk",
            "actions",
        )

    accepts = ("user",)
    work_list = "risk"

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def render_kind(self, record):
        return record.subscriber.get_kind_display()

    def value_kind(self, record):
        return record.subscriber.get_kind_display()

    def render_probability(self, value):
        return pct(value * 100, 0)

    def render_probability_30(self, value):
        return pct(value * 100, 0)

    def value_probability(self, value):
        return value

    def value_probability_30(self, value):
        return value

    def render_factors(self, record):
        return factor_text(record)

    def value_factors(self, record):
        return factor_text(record)

    def render_actions(self, record):
        if self.user is None or not self.user.has_perm("worklists.add_workitem"):
            return ""
        return render_to_string(
            "scoring/_task_button.html",
            {"score": record, "work_list": self.work_list},
            request=getattr(self, "request", None),
        )


class HiddenChurnTable(RiskScoreTable):
    hidden_reason = tables.Column(verbose_name=_("Why hidden churn"), orderable=False)
    work_list = "hidden"

    class Meta(RiskScoreTable.Meta):
        fields = ("account", "subscriber_name", "kind", "hidden_reason", "probability", "band", "arpu", "actions")
        exclude = ("rank", "probability_30", "factors", "revenue_at_risk")


class ScoringModelTable(RegisterTable):
    version = tables.Column(linkify=True)
    auc = tables.Column(verbose_name="AUC", accessor="metrics__auc", orderable=False)
    lift = tables.Column(verbose_name=_("Top-decile lift"), accessor="metrics__top_decile_lift", orderable=False)
    base_rate = tables.Column(verbose_name=_("Base rate"), accessor="metrics__base_rate", orderable=False)

    class Meta(RegisterTable.Meta):
        model = ScoringModel
        fields = ("version", "horizon", "kind", "trained_at", "trained_by", "auc", "lift", "base_rate")


class ScoringRunTable(RegisterTable):
    id = tables.Column(verbose_name="№", linkify=True)
    status = ChoiceBadgeColumn(RunStatus)

    class Meta(RegisterTable.Meta):
        model = ScoringRun
        fields = (
            "id",
            "scored_on",
            "train",
            "status",
            "progress",
            "started_at",
            "finished_at",
            "user",
            "scored",
            "model",
            "message",
        )

    def render_progress(self, value):
        return format_html("{} %", value)
