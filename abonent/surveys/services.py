"""NPS arithmetic and the NPS report: by segment, by month, beside churn risk, and churn after the answer.

NPS = % promoters (9–10) − % detractors (0–6); passives (7–8) count in the base only. No answers means no NPS
(None, shown as "—"), never 0. Answers in a period are read in one query and grouped here: a survey period holds
thousands of answers, not millions.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abonent.subscribers.choices import SubscriberKind
from abonent.subscribers.models import SavedSegment
from abonent.subscribers.segments import apply_definition
from abonent.subscribers.service_kinds import service_type_labels

from .choices import NpsCategory
from .models import Response

# Below this many answers a group's NPS moves by tens of points with a few answers: the page says so.
SMALL_SAMPLE = 30
CHURN_WINDOW_DAYS = 90

DIMENSIONS = {
    "kind": gettext_lazy("Residential/business"),
    "service_type": gettext_lazy("Service type"),
    "tariff": gettext_lazy("Tariff"),
    "district": gettext_lazy("District"),
    "tenure": gettext_lazy("Tenure"),
    "segment": gettext_lazy("Saved segment"),
}

# Tenure bands at the moment of the answer: (upper bound in months, exclusive; label).
TENURE_BANDS = [
    (6, gettext_lazy("under 6 months")),
    (12, gettext_lazy("6–12 months")),
    (24, gettext_lazy("1–2 years")),
    (36, gettext_lazy("2–3 years")),
    (None, gettext_lazy("3 years and more")),
]


@dataclass
class Nps:
    """Counts of one group of answers and the NPS they give."""

    label: str = ""
    promoters: int = 0
    passives: int = 0
    detractors: int = 0

    def add(self, score: int) -> None:
        # The bounds of NpsCategory.of, inlined: this runs once per answer per group.
        if score >= 9:
            self.promoters += 1
        elif score >= 7:
            self.passives += 1
        else:
            self.detractors += 1

    @property
    def total(self) -> int:
        return self.promoters + self.passives + self.detractors

    def share(self, count: int) -> float | None:
        return 100 * count / self.total if self.total else None

    @property
    def promoters_pct(self) -> float | None:
        return self.share(self.promoters)

    @property
    def passives_pct(self) -> float | None:
        return self.share(self.passives)

    @property
    def detractors_pct(self) -> float | None:
        return self.share(self.detractors)

    @property
    def nps(self) -> float | None:
        """% promoters − % detractors, from −100 to +100; None when there are no answers."""
        if not self.total:
            return None
        return 100 * (self.promoters - self.detractors) / self.total

    @property
    def display(self) -> str:
        """The NPS as shown: signed whole points, "—" without answers."""
        if self.nps is None:
            return "—"
        value = round(self.nps)
        return f"{value:+d}" if value else "0"

    @property
    def margin(self) -> float | None:
        """Half-width of the 95 % confidence interval of the NPS, in points (normal approximation)."""
        if self.total < 2:
            return None
        p, d = self.promoters / self.total, self.detractors / self.total
        variance = p + d - (p - d) ** 2
        return 100 * 1.96 * math.sqrt(variance / self.total)

    @property
    def is_small(self) -> bool:
        return 0 < self.total < SMALL_SAMPLE


def nps_of(scores: Iterable[int], label: str = "") -> Nps:
    result = Nps(label=label)
    for score in scores:
        result.add(score)
    return result


@dataclass
class Answer:
    """One answer as the report needs it."""

    subscriber_id: int
    score: int
    answered_on: dt.date
    kind: str
    service_type: str
    tariff: str
    district: str
    connected_on: dt.date
    disconnected_on: dt.date | None


@dataclass
class NpsReport:
    start: dt.date
    end: dt.date
    dimension: str
    overall: Nps
    groups: list[Nps] = field(default_factory=list)
    months: list[tuple[dt.date, Nps]] = field(default_factory=list)
    rows: list[Answer] = field(default_factory=list, repr=False)


def answers(start: dt.date, end: dt.date, *, survey=None, segment=None) -> list[Answer]:
    """Answers given from `start` to `end` (local dates, inclusive), with the subscriber's attributes; one query."""
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    queryset = Response.objects.filter(answered_at__gte=since, answered_at__lt=until)
    if survey is not None:
        queryset = queryset.filter(survey=survey)
    if segment is not None:
        queryset = apply_definition(queryset, segment.definition, prefix="subscriber__")
    # The local date is computed by the database: converting tens of thousands of datetimes here costs seconds.
    rows = queryset.annotate(answered_on=TruncDate("answered_at", tzinfo=tz)).values_list(
        "subscriber_id",
        "score",
        "answered_on",
        "subscriber__kind",
        "subscriber__service_type",
        "subscriber__tariff__name",
        "subscriber__district",
        "subscriber__connected_on",
        "subscriber__disconnected_on",
    )
    return [
        Answer(
            subscriber_id=row[0],
            score=row[1],
            answered_on=row[2],
            kind=row[3],
            service_type=row[4] or "",
            tariff=row[5] or "",
            district=row[6] or "",
            connected_on=row[7],
            disconnected_on=row[8],
        )
        for row in rows
    ]


def tenure_months(connected_on: dt.date, on: dt.date) -> int:
    months = (on.year - connected_on.year) * 12 + on.month - connected_on.month
    return months - (1 if on.day < connected_on.day else 0)


def tenure_index(connected_on: dt.date, on: dt.date) -> int:
    months = tenure_months(connected_on, on)
    for index, (upper, _label) in enumerate(TENURE_BANDS):
        if upper is None or months < upper:
            return index
    return len(TENURE_BANDS) - 1


def tenure_band(connected_on: dt.date, on: dt.date) -> str:
    return str(TENURE_BANDS[tenure_index(connected_on, on)][1])


def _group_key(answer: Answer, dimension: str, labels: dict | None = None) -> str:
    if dimension == "kind":
        labels = labels if labels is not None else {k: str(v) for k, v in SubscriberKind.choices}
        return labels.get(answer.kind, answer.kind)
    if dimension == "service_type":
        if not answer.service_type:
            return "—"  # no type: nothing to look up in the register
        labels = labels if labels is not None else service_type_labels()
        return labels.get(answer.service_type, answer.service_type)
    if dimension == "tariff":
        return answer.tariff or "—"
    if dimension == "district":
        return answer.district or "—"
    if dimension == "tenure":
        if labels is not None:
            return labels[tenure_index(answer.connected_on, answer.answered_on)]
        return tenure_band(answer.connected_on, answer.answered_on)
    raise ValueError(f"unknown dimension {dimension!r}")


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def by_dimension(rows: list[Answer], dimension: str) -> list[Nps]:
    # Choice labels are resolved once: a lazy translation per answer would cost seconds on a year of answers.
    labels = {
        "kind": {k: str(v) for k, v in SubscriberKind.choices},
        "service_type": service_type_labels(),
        "tenure": [str(label) for _upper, label in TENURE_BANDS],
    }.get(dimension)
    groups: dict[str, Nps] = {}
    for row in rows:
        key = _group_key(row, dimension, labels)
        groups.setdefault(key, Nps(label=key)).add(row.score)
    if dimension == "tenure":
        order = [str(label) for _upper, label in TENURE_BANDS]
        return sorted(groups.values(), key=lambda g: order.index(g.label))
    return sorted(groups.values(), key=lambda g: (-g.total, g.label))


def by_saved_segment(start: dt.date, end: dt.date, *, survey=None) -> list[Nps]:
    """NPS of every saved segment (one query each; segments are a handful)."""

    result = []
    for segment in SavedSegment.objects.all()[:50]:
        result.append(nps_of((a.score for a in answers(start, end, survey=survey, segment=segment)), segment.name))
    return result


def by_month(rows: list[Answer], start: dt.date, end: dt.date) -> list[tuple[dt.date, Nps]]:
    """Every month of the period, an empty month included (its NPS is None)."""
    months: dict[dt.date, Nps] = {}
    month = month_of(start)
    while month <= end:
        months[month] = Nps(label=f"{month:%Y-%m}")
        month = (month + dt.timedelta(days=32)).replace(day=1)
    for row in rows:
        months.setdefault(month_of(row.answered_on), Nps(label=f"{row.answered_on:%Y-%m}")).add(row.score)
    return sorted(months.items())


def nps_report(start: dt.date, end: dt.date, *, dimension: str = "kind", survey=None, segment=None) -> NpsReport:
    rows = answers(start, end, survey=survey, segment=segment)
    if dimension == "segment":
        groups = by_saved_segment(start, end, survey=survey)
    else:
        groups = by_dimension(rows, dimension)
    return NpsReport(
        start=start,
        end=end,
        dimension=dimension,
        overall=nps_of((r.score for r in rows), _("All answers")),
        groups=groups,
        months=by_month(rows, start, end),
        rows=rows,
    )


# NPS beside churn risk -------------------------------------------------------------------------------------------

RISK_BANDS = [
    ("high", gettext_lazy("High risk")),
    ("medium", gettext_lazy("Medium risk")),
    ("low", gettext_lazy("Low risk")),
]


def risk_scores(subscriber_ids: list[int]) -> dict:
    """The risk model's latest scores by subscriber, or {} while no model has been trained (or the app is absent)."""
    try:  # scoring is an optional app (and loads lightgbm): imported where used, absent when not installed
        from abonent.scoring.services import latest_scores
    except ImportError:
        return {}
    try:
        return latest_scores(subscriber_ids) or {}
    except Exception:  # a scoring app without a trained model must not break the NPS page
        return {}


@dataclass
class RiskRow:
    band: str
    label: str
    nps: Nps
    mean_probability: float | None


def nps_by_risk(rows: list[Answer]) -> list[RiskRow] | None:
    """NPS of the answers by the subscriber's current risk band; None when there are no risk scores at all."""
    latest = _latest_per_subscriber(rows)
    scores = risk_scores(list(latest))
    if not scores:
        return None
    result = []
    for band, label in RISK_BANDS:
        group = Nps(label=str(label))
        probabilities = []
        for subscriber_id, answer in latest.items():
            score = scores.get(subscriber_id)
            if score is not None and score.band == band:
                group.add(answer.score)
                probabilities.append(score.probability)
        mean = sum(probabilities) / len(probabilities) if probabilities else None
        result.append(RiskRow(band=band, label=str(label), nps=group, mean_probability=mean))
    unscored = Nps(label=_("Not scored"))
    for subscriber_id, answer in latest.items():
        if subscriber_id not in scores:
            unscored.add(answer.score)
    if unscored.total:
        result.append(RiskRow(band="", label=unscored.label, nps=unscored, mean_probability=None))
    return result


def _latest_per_subscriber(rows: list[Answer]) -> dict[int, Answer]:
    latest: dict[int, Answer] = {}
    for row in rows:
        if row.subscriber_id not in latest or row.answered_on >= latest[row.subscriber_id].answered_on:
            latest[row.subscriber_id] = row
    return latest


@dataclass
class ChurnAfterRow:
    category: str
    label: str
    subscribers: int
    churned: int
    churned_in_window: int

    @property
    def churn_pct(self) -> float | None:
        return 100 * self.churned / self.subscribers if self.subscribers else None

    @property
    def window_pct(self) -> float | None:
        return 100 * self.churned_in_window / self.subscribers if self.subscribers else None


def churn_after_answer(rows: list[Answer], window_days: int = CHURN_WINDOW_DAYS) -> list[ChurnAfterRow]:
    """Of the subscribers in each category (by their latest answer), how many disconnected after answering,
    and how many within `window_days` of the answer."""
    result = {c: ChurnAfterRow(c, str(label), 0, 0, 0) for c, label in NpsCategory.choices}
    for answer in _latest_per_subscriber(rows).values():
        row = result[NpsCategory.of(answer.score)]
        row.subscribers += 1
        gone = answer.disconnected_on
        if gone is not None and gone >= answer.answered_on:
            row.churned += 1
            if (gone - answer.answered_on).days <= window_days:
                row.churned_in_window += 1
    return list(result.values())


def subscriber_summary(subscriber) -> dict:
    """The card panel: the subscriber's answers, newest first, and the category of the latest one."""
    responses = list(subscriber.survey_responses.select_related("survey", "answered_by").order_by("-answered_at")[:10])
    latest = responses[0] if responses else None
    return {
        "responses": responses,
        "latest": latest,
        "category": latest.category if latest else None,
        "category_label": latest.get_category_display() if latest else None,
        "color": NpsCategory.color_of(latest.category) if latest else None,
        "pending": list(
            subscriber.survey_invitations.filter(answered_at__isnull=True)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate()))
            .select_related("survey")[:5]
        ),
    }
