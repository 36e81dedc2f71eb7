"""Turning scores into work: a retention task for one subscriber, a campaign of a selection, the hidden-churn list."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.churn.models import ReasonGroup, Script
from abonent.staff.roles import group_name
from abonent.worklists.models import Campaign
from abonent.worklists.services import add_to_work_list

from . import data
from .models import RiskScore
from .services import factor_text


def _reason(score: RiskScore) -> str:
    return _("risk %(p)s: %(factors)s") % {"p": f"{score.probability:.2f}", "factors": factor_text(score)}


def create_retention_task(score: RiskScore, *, user, campaign=None, assigned_to=None):
    """Put the scored subscriber on the "risk" list (or "b2b" for business subscribers in a campaign)."""
    return add_to_work_list(
        score.subscriber,
        "risk",
        user=user,
        assigned_to=assigned_to,
        reason=_reason(score),
        source=score,
        campaign=campaign,
    )


def b2b_managers() -> list:

    return list(get_user_model().objects.filter(groups__name=group_name("b2b_manager"), is_active=True).order_by("pk"))


@transaction.atomic
def make_campaign(scores, *, user, name: str = "", segment=None) -> tuple[Campaign, int]:
    """A campaign of the selected scores: residential subscribers on the "risk" list, business ones on "b2b",
    shared round-robin between the B2B managers. Returns (campaign, items created)."""
    scores = list(scores.select_related("subscriber"))
    campaign = Campaign.objects.create(
        name=name or _("Churn risk %(date)s") % {"date": timezone.localdate().strftime("%d.%m.%Y")},
        work_list="risk",
        segment=segment,
        note=_("%(n)d subscribers from the risk list") % {"n": len(scores)},
        created_by=user,
    )
    managers = b2b_managers()
    created = 0
    for i, score in enumerate(scores):
        if score.subscriber.kind == "business":
            manager = managers[i % len(managers)] if managers else None
            _item, new = add_to_work_list(
                score.subscriber,
                "b2b",
                user=user,
                assigned_to=manager,
                reason=_reason(score),
                source=score,
                campaign=campaign,
            )
        else:
            _item, new = create_retention_task(score, user=user, campaign=campaign)
        created += new
    return campaign, created


def hidden_churn_script() -> Script:
    """The shipped hidden-churn script (data.HIDDEN_SCRIPT), created in the service-quality group on first use."""
    script = Script.objects.filter(title=data.HIDDEN_SCRIPT_TITLE).first()
    if script is not None:
        return script
    group = ReasonGroup.objects.filter(code="quality").first() or ReasonGroup.objects.order_by("order").first()
    if group is None:
        group = ReasonGroup.objects.create(code="quality", name_ru="Качество услуги", name_en="Quality of the service")
    return Script.objects.create(
        group=group,
        title=data.HIDDEN_SCRIPT_TITLE,
        title_en=data.HIDDEN_SCRIPT_TITLE_EN,
        body_ru=data.HIDDEN_SCRIPT,
        body_en=data.HIDDEN_SCRIPT_EN,
    )


def put_on_hidden_list(score: RiskScore, *, user, campaign=None):
    reason = score.hidden_reason or factor_text(score)
    return add_to_work_list(
        score.subscriber,
        "hidden",
        user=user,
        reason=_("hidden churn: %(reason)s") % {"reason": reason},
        source=score,
        campaign=campaign,
        script=hidden_churn_script(),
    )
