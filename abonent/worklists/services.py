"""Putting subscribers on work lists and closing items; every app that hands work to people goes through here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from abonent.calls.models import Call
from abonent.churn.choices import RequestStatus
from abonent.churn.models import DisconnectionRequest, Script
from abonent.subscribers.choices import SubscriberStatus
from abonent.subscribers.models import MonthlyCharge, Payment, Subscriber
from abonent.subscribers.segments import apply_definition

from . import actions
from .choices import WorkItemStatus, WorkList, WorkOutcome
from .defaults import WARM_TITLE, WINBACK_TITLE, shipped_script
from .models import Campaign, WorkItem

MANAGE = "worklists.manage_workitem"


def may_work(user, item: WorkItem) -> bool:
    """Whether the user may work the item (outcome, date, taking it): change_workitem and the list's work_<list>, and
    the item is the user's own or nobody's, unless the user may manage any item (manage_workitem)."""
    if not (user.has_perm("worklists.change_workitem") and user.has_perm(f"worklists.work_{item.work_list}")):
        return False
    return user.has_perm(MANAGE) or item.assigned_to_id in (None, user.pk)


def may_assign(user, item: WorkItem, assigned_to) -> bool:
    """Whether the user may make `assigned_to` (a user or None) responsible for the item: anyone with manage_workitem;
    anyone else only takes an item for themselves or gives back their own, never takes one from someone else."""
    if not may_work(user, item):
        return False
    wanted = getattr(assigned_to, "pk", assigned_to)
    return user.has_perm(MANAGE) or wanted in (None, user.pk)


def add_to_work_list(
    subscriber,
    work_list: str,
    *,
    user=None,
    assigned_to=None,
    reason: str = "",
    source=None,
    campaign: Campaign | None = None,
    script=None,
    next_action_on: dt.date | None = None,
) -> tuple[WorkItem, bool]:
    """The subscriber's open item on that list, created if there is none; returns (item, created).

    One open item per subscriber and list, so a subscriber flagged twice (two risk runs, two surveys) is worked once.
    """
    existing = WorkItem.objects.filter(
        subscriber=subscriber, work_list=work_list, status__in=WorkItemStatus.open_values()
    ).first()
    if existing is not None:
        return existing, False
    item = WorkItem(
        subscriber=subscriber,
        work_list=work_list,
        campaign=campaign,
        reason=reason[:255],
        script=script,
        assigned_to=assigned_to,
        next_action_on=next_action_on or timezone.localdate(),
        created_by=user,
    )
    if source is not None:
        item.source_type = ContentType.objects.get_for_model(source)
        item.source_id = source.pk
    item._history_user = user
    item.save()
    return item, True


# Hot and warm churn: computed from live data, put on the lists by a refresh -------------------------------------

HOT_CALL_DAYS = 14
HOT_ANSWER_DAYS = 30
WARM_NO_PAYMENT_DAYS = 60


@dataclass
class Candidate:
    """A subscriber who belongs on a list now, why, the record that says so, and the script to work them with."""

    subscriber_id: int
    reason: str
    source: object = None
    script: object = None


def hot_candidates(today: dt.date | None = None) -> dict[int, Candidate]:
    """Hot churn (seed 004): subscribers about to leave.

    - an open disconnection request (script: its reason group's);
    - said they will leave: answered "will think" to a retention offer within HOT_ANSWER_DAYS days, a work item
      on another list closed "left anyway" within HOT_ANSWER_DAYS days while the subscriber is still connected;
    - called about leaving: a call of a churn call type (callback priority 2) within HOT_CALL_DAYS days.
    The first reason found wins; disconnected subscribers are never hot.
    """

    today = today or timezone.localdate()
    found: dict[int, Candidate] = {}
    scripts: dict[int, Script] = {}
    for script in Script.objects.order_by("-is_default", "title"):
        scripts.setdefault(script.group_id, script)
    requests = DisconnectionRequest.objects.filter(status__in=RequestStatus.open_values()).select_related("reason")
    for request in requests.order_by("received_at"):
        found.setdefault(
            request.subscriber_id,
            Candidate(
                request.subscriber_id,
                _("Open disconnection request №%(pk)s") % {"pk": request.pk},
                request,
                scripts.get(request.reason.group_id) if request.reason_id else None,
            ),
        )
    since = today - dt.timedelta(days=HOT_ANSWER_DAYS)
    offer_model = _retention_offer_model()
    if offer_model is not None:
        for offer in offer_model.objects.filter(answer="thinking", made_at__date__gte=since).order_by("made_at"):
            found.setdefault(
                offer.subscriber_id,
                Candidate(offer.subscriber_id, _("Answered «will think» to a retention offer"), offer),
            )
    left = WorkItem.objects.filter(outcome=WorkOutcome.LEFT, closed_at__date__gte=since).exclude(work_list="hot")
    for item in left.order_by("closed_at"):
        found.setdefault(item.subscriber_id, Candidate(item.subscriber_id, _("Said they will leave"), item))
    calls = Call.objects.filter(
        subscriber__isnull=False,
        call_type__callback_priority=2,
        started_at__date__gte=today - dt.timedelta(days=HOT_CALL_DAYS),
    )
    for call in calls.order_by("started_at").only("pk", "subscriber_id"):
        found.setdefault(call.subscriber_id, Candidate(call.subscriber_id, _("Called about disconnecting"), call))
    gone = set(
        Subscriber.objects.filter(pk__in=list(found), status=SubscriberStatus.DISCONNECTED).values_list("pk", flat=True)
    )
    return {pk: c for pk, c in found.items() if pk not in gone}


def _retention_offer_model():
    from django.apps import apps

    try:
        model = apps.get_model("retention", "RetentionOffer")
    except LookupError:
        return None
    names = {f.name for f in model._meta.get_fields()}
    return model if {"subscriber", "answer", "made_at"} <= names else None


def stopped_paying(today: dt.date | None = None, days: int = WARM_NO_PAYMENT_DAYS):
    """Active subscribers who stopped paying: charged in the last two months, no payment for `days` days, and a
    negative balance at the end of their latest charged month. Returns a queryset annotated with `balance`.
    """
    from django.db.models import DecimalField, Exists, OuterRef, Subquery

    today = today or timezone.localdate()
    previous_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time()))
    latest = MonthlyCharge.objects.filter(subscriber=OuterRef("pk")).order_by("-month")
    # EXISTS / NOT EXISTS rather than IN / NOT IN: PostgreSQL plans NOT IN (subquery) over a large payments table
    # as a scan per subscriber (minutes on a million accounts); the anti-join takes seconds.
    charged = MonthlyCharge.objects.filter(subscriber=OuterRef("pk"), month__gte=previous_month, charged__gt=0)
    paid = Payment.objects.filter(subscriber=OuterRef("pk"), paid_at__gte=since)
    return (
        Subscriber.objects.filter(status=SubscriberStatus.ACTIVE, connected_on__lte=today - dt.timedelta(days=days))
        .filter(Exists(charged))
        .filter(~Exists(paid))
        .annotate(
            balance=Subquery(latest.values("balance")[:1], output_field=DecimalField(max_digits=12, decimal_places=2))
        )
        .filter(balance__lt=0)
    )


def warm_candidates(today: dt.date | None = None, days: int = WARM_NO_PAYMENT_DAYS) -> dict[int, Candidate]:
    """Warm churn (seed 004): suspended or blocked subscribers, and active ones who stopped paying (stopped_paying)."""

    warm_script = shipped_script(WARM_TITLE)
    found: dict[int, Candidate] = {}
    for subscriber in Subscriber.objects.filter(status__in=[SubscriberStatus.SUSPENDED, SubscriberStatus.BLOCKED]).only(
        "pk", "status"
    ):
        found[subscriber.pk] = Candidate(subscriber.pk, str(subscriber.get_status_display()), subscriber, warm_script)
    for subscriber in stopped_paying(today, days).only("pk"):
        found.setdefault(
            subscriber.pk,
            Candidate(
                subscriber.pk,
                _("No payment for %(days)s days, balance %(balance)s")
                % {"days": days, "balance": f"{subscriber.balance:.2f}"},
                subscriber,
                warm_script,
            ),
        )
    return found


@dataclass
class RefreshResult:
    added: int = 0
    kept: int = 0
    cancelled: int = 0


def refresh_list(work_list: str, *, user=None, today: dt.date | None = None, assign_to=None) -> RefreshResult:
    """Put today's hot or warm subscribers on the list; cancel untouched items of subscribers no longer on it.

    New items go to `assign_to` (nobody when None). Idempotent: a subscriber already on the list keeps their item
    (one open item per list). Only items the refresh
    itself made (with a source record) and nobody has worked yet (status open, no outcome) are cancelled.
    """
    with translation.override(settings.LANGUAGE_CODE):  # the reasons are stored: in the operator's language
        candidates = {"hot": hot_candidates, "warm": warm_candidates}[work_list](today)
    result = RefreshResult()
    now = timezone.now()
    with transaction.atomic():
        # The same rule as add_to_work_list (one open item per subscriber and list), in bulk: a warm list of a large
        # base holds tens of thousands of subscribers.
        open_items = WorkItem.objects.filter(work_list=work_list, status__in=WorkItemStatus.open_values())
        existing = set(open_items.values_list("subscriber_id", flat=True))
        new = []
        for pk, candidate in candidates.items():
            if pk in existing:
                result.kept += 1
                continue
            item = WorkItem(
                subscriber_id=pk,
                work_list=work_list,
                reason=candidate.reason[:255],
                script=candidate.script,
                assigned_to=assign_to,
                next_action_on=today or timezone.localdate(),
                created_at=now,
                created_by=user,
            )
            if candidate.source is not None:
                item.source_type = ContentType.objects.get_for_model(candidate.source)
                item.source_id = candidate.source.pk
            item._history_user = user
            new.append(item)
        WorkItem.objects.bulk_create(new, batch_size=2000)
        WorkItem.history.bulk_history_create(new, batch_size=2000, default_date=now)
        result.added = len(new)
        untouched = open_items.filter(status=WorkItemStatus.OPEN, outcome="", source_type__isnull=False)
        # Filtered here rather than with exclude(subscriber_id__in=…): SQLite limits the parameters of a query.
        stale = [item for item in untouched.select_for_update() if item.subscriber_id not in candidates]
        with translation.override(settings.LANGUAGE_CODE):
            note = _("No longer on the list at the refresh of %(date)s") % {
                "date": (today or timezone.localdate()).strftime("%d.%m.%Y")
            }
        actions.cancel_items(stale, note=note, user=user, now=now)
        result.cancelled = len(stale)
    return result


# Win-back campaigns --------------------------------------------------------------------------------------------

REACHED_OUTCOMES = [
    WorkOutcome.KEPT,
    WorkOutcome.PROMISED,
    WorkOutcome.DECLINED,
    WorkOutcome.RECONNECTED,
    WorkOutcome.LEFT,
]
AGREED_OUTCOMES = [WorkOutcome.KEPT, WorkOutcome.PROMISED, WorkOutcome.RECONNECTED]


def winback_subscribers(period_from: dt.date, period_to: dt.date, reason_groups=(), segment=None):
    """Subscribers disconnected from `period_from` to `period_to` (inclusive), of the reason groups (any if none)."""

    qs = Subscriber.objects.filter(
        status=SubscriberStatus.DISCONNECTED, disconnected_on__gte=period_from, disconnected_on__lte=period_to
    )
    if reason_groups:
        qs = qs.filter(churn_reason__group__in=list(reason_groups))
    if segment is not None:
        qs = apply_definition(qs, segment.definition)
    return qs


@transaction.atomic
def create_winback_campaign(
    *,
    name: str,
    period_from: dt.date,
    period_to: dt.date,
    user,
    reason_groups=(),
    segment=None,
    assignees=(),
    script=None,
    note: str = "",
) -> Campaign:
    """A win-back campaign: every churned subscriber of the period and groups on the "winback" list with the
    win-back script, shared in turn among `assignees` (unassigned if none). A subscriber already on the win-back
    list (an open item of an earlier campaign) stays there and is not added again.
    """

    script = script or shipped_script(WINBACK_TITLE)
    campaign = Campaign(
        name=name,
        work_list=WorkList.WINBACK,
        script=script,
        period_from=period_from,
        period_to=period_to,
        segment=segment,
        note=note,
        created_by=user,
    )
    campaign._history_user = user
    campaign.save()
    campaign.reason_groups.set(list(reason_groups))
    assignees = list(assignees)
    subscribers = winback_subscribers(period_from, period_to, reason_groups, segment).select_related("churn_reason")
    # add_to_work_list's rule (one open item per subscriber and list), in bulk: a quarter's churn is thousands.
    already = set(
        WorkItem.objects.filter(work_list=WorkList.WINBACK, status__in=WorkItemStatus.open_values()).values_list(
            "subscriber_id", flat=True
        )
    )
    now = timezone.now()
    items = []
    with translation.override(settings.LANGUAGE_CODE):  # the reason is stored: in the operator's language
        for subscriber in subscribers.order_by("disconnected_on", "pk"):
            if subscriber.pk in already:
                continue
            reason = _("Left %(date)s: %(reason)s") % {
                "date": subscriber.disconnected_on.strftime("%d.%m.%Y"),
                "reason": subscriber.churn_reason or "—",
            }
            item = WorkItem(
                subscriber=subscriber,
                work_list=WorkList.WINBACK,
                campaign=campaign,
                reason=reason[:255],
                script=script,
                assigned_to=assignees[len(items) % len(assignees)] if assignees else None,
                next_action_on=timezone.localdate(),
                created_at=now,
                created_by=user,
            )
            item._history_user = user
            items.append(item)
    WorkItem.objects.bulk_create(items, batch_size=2000)
    WorkItem.history.bulk_history_create(items, batch_size=2000, default_date=now)
    return campaign


def reconnected(campaign: Campaign):
    """The campaign's subscribers connected again after it started: no longer disconnected, and a service started
    (or the account connected) on or after the campaign's day.
    """
    from django.db.models import Q

    since = timezone.localdate(campaign.created_at)
    return (
        Subscriber.objects.filter(work_items__campaign=campaign)
        .exclude(status=SubscriberStatus.DISCONNECTED)
        .filter(Q(services__started_on__gte=since) | Q(connected_on__gte=since))
        .distinct()
    )


@dataclass
class CampaignReport:
    items: int
    called: int
    reached: int
    agreed: int
    reconnected: int
    revenue: Decimal

    def rate(self, part: int) -> float | None:
        return 100 * part / self.items if self.items else None


def campaign_report(campaign: Campaign) -> CampaignReport:
    """Called = an outcome was recorded; reached = spoke to the subscriber (not no answer / wrong number); agreed =
    kept, promised or re-connected; re-connected = `reconnected()`; revenue regained = their charges since the
    campaign's month.
    """
    from django.db.models import Sum

    items = campaign.items.all()
    back = list(reconnected(campaign).values_list("pk", flat=True))
    month = timezone.localdate(campaign.created_at).replace(day=1)
    revenue = MonthlyCharge.objects.filter(subscriber_id__in=back, month__gte=month).aggregate(s=Sum("charged"))["s"]
    return CampaignReport(
        items=items.count(),
        called=items.exclude(outcome="").count(),
        reached=items.filter(outcome__in=REACHED_OUTCOMES).count(),
        agreed=items.filter(outcome__in=AGREED_OUTCOMES).count(),
        reconnected=len(back),
        revenue=revenue or Decimal(0),
    )


def list_sizes(today: dt.date | None = None) -> dict[str, dict[str, int]]:
    """Open items per list: total and overdue (next action before today)."""
    from django.db.models import Count, Q

    today = today or timezone.localdate()
    rows = (
        WorkItem.objects.filter(status__in=WorkItemStatus.open_values())
        .values("work_list")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(next_action_on__lt=today)))
    )
    return {row["work_list"]: {"open": row["open"], "overdue": row["overdue"]} for row in rows}
