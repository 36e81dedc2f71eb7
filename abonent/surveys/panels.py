from django.utils.translation import gettext as _

from abonent.core.panels import Panel
from abonent.worklists.choices import WorkItemStatus
from abonent.worklists.models import WorkItem

from . import services


def panels(subscriber, request) -> list[Panel]:
    if not request.user.has_perm("surveys.view_response"):
        return []
    context = services.subscriber_summary(subscriber)
    context["subscriber"] = subscriber
    context["can_answer"] = request.user.has_perm("surveys.add_response")
    return [Panel(_("NPS and surveys"), "surveys/_subscriber_panel.html", context, order=70)]


def dashboard_panels(request) -> list[Panel]:
    """The morning dashboard: NPS of the last 90 days and the detractors still waiting for a call."""
    if not request.user.has_perm("surveys.view_nps_report"):
        return []
    import datetime as dt

    from django.utils import timezone

    end = timezone.localdate()
    start = end - dt.timedelta(days=89)
    rows = services.answers(start, end)
    context = {
        "nps": services.nps_of(r.score for r in rows),
        "start": start,
        "end": end,
        "open_detractors": WorkItem.objects.filter(
            work_list="detractor", status__in=WorkItemStatus.open_values()
        ).count(),
    }
    return [Panel(_("NPS, last 90 days"), "surveys/_dashboard_panel.html", context, order=80)]
