"""State changes of scoring: turning scores into work (a retention task, a campaign, the hidden-churn list) and a
scoring run's own bookkeeping (start, succeed, fail), which nothing else assigns."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.churn.models import Script
from abonent.core.actions import TransitionError
from abonent.staff.roles import group_name
from abonent.worklists.models import Campaign
from abonent.worklists.services import add_to_work_list

from .choices import RunStatus
from .defaults import HIDDEN_SCRIPT, HIDDEN_SCRIPT_TITLE, shipped_hidden_script
from .learning import factor_text
from .models import RiskScore, ScoringRun


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


def shipped_hidden_churn_script() -> Script:
    """The hidden-churn script to show: the operator's copy, or the shipped text unsaved (a page must not write)."""
    script = Script.objects.filter(title=HIDDEN_SCRIPT_TITLE).order_by("pk").first()
    if script is None:
        row = shipped_hidden_script()
        script = Script(title=row["title"], title_en=row["title_en"], body_ru=row["body_ru"], body_en=row["body_en"])
    return script


def hidden_churn_script() -> Script:
    """The hidden-churn script (scoring/data/hidden_script.yaml), created in its reason group on first use."""
    script = Script.objects.filter(title=HIDDEN_SCRIPT_TITLE).order_by("pk").first()
    if script is None:
        HIDDEN_SCRIPT.load()
        script = Script.objects.get(title=HIDDEN_SCRIPT_TITLE)
    return script


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


# --- a scoring run: pending ──start──▶ running ──succeed──▶ succeeded | ──fail──▶ failed -----------------------------


def start_run(run: ScoringRun) -> ScoringRun:
    """The run begins in this process; only a pending run (or one re-run by its own worker) starts."""
    if run.status not in (RunStatus.PENDING, RunStatus.RUNNING):
        raise TransitionError(_("This scoring run has already ended."))
    run.status, run.started_at = RunStatus.RUNNING, timezone.now()
    ScoringRun.objects.filter(pk=run.pk).update(status=run.status, started_at=run.started_at)
    return run


def succeed_run(run: ScoringRun, *, scored: int) -> ScoringRun:
    """The base is scored: the count, and a message naming the model and its AUC."""
    run.status, run.scored, run.finished_at = RunStatus.SUCCEEDED, scored, timezone.now()
    run.message = f"{scored} scored; model v{run.model.version}, AUC {run.model.metrics.get('auc')}"
    run.save(update_fields=[*RUN_FIELDS])
    return run


def fail_run(run: ScoringRun, *, message: str) -> ScoringRun:
    """The run stopped on an error; the message says why (the scores of a failed run are not used)."""
    run.status, run.message, run.finished_at = RunStatus.FAILED, message[:2000], timezone.now()
    run.save(update_fields=[*RUN_FIELDS])
    return run


RUN_FIELDS = ("status", "finished_at", "message", "scored", "model", "model_30", "progress", "stage")
