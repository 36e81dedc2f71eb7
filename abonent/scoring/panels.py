from django.utils.translation import gettext as _

from abonent.core.panels import Panel

from . import learning
from .choices import RiskBand
from .models import RiskScore
from .services import explain_score, floors, latest_run, track_record_alerts


def panels(subscriber, request) -> list[Panel]:
    """The subscriber's latest risk score, its band and factors, with a "create retention task" button."""
    if not request.user.has_perm("scoring.view_riskscore"):
        return []
    run = latest_run()
    score = RiskScore.objects.filter(run=run, subscriber=subscriber).select_related("model").first() if run else None
    factors = [
        {"text": learning.describe(f["feature"], f["value"]), "contribution": f["contribution"]}
        for f in (explain_score(score) if score else [])
    ]
    context = {
        "score": score,
        "factors": factors,
        "band_color": RiskBand.color_of(score.band) if score else "secondary",
        "can_task": request.user.has_perm("worklists.add_workitem"),
        "next": request.get_full_path(),
    }
    return [Panel(_("Churn risk"), "scoring/_panel.html", context, order=30, column="side")]


def dashboard_panels(request) -> list[Panel]:
    """The risk model's track record alerts: the latest evaluated run's figures below the floors."""
    if not request.user.has_perm("scoring.view_scoringmodel"):
        return []
    alerts = track_record_alerts()
    if not alerts:
        return []
    context = {"alerts": alerts, "floors": floors()}
    return [Panel(_("Risk model track record"), "scoring/_track_record_panel.html", context, order=60)]
