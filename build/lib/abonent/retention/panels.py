"""The subscriber card's panel of retention offers made to the subscriber and their answers."""

from django.utils.translation import gettext as _

from abonent.core.panels import Panel

from .models import RetentionOffer


def panels(subscriber, request) -> list[Panel]:
    if not request.user.has_perm("retention.view_retentionoffer"):
        return []
    offers = list(
        RetentionOffer.objects.filter(subscriber=subscriber).select_related("measure", "made_by", "request")[:20]
    )
    return [Panel(_("Retention offers"), "retention/_subscriber_panel.html", {"offers": offers}, order=40)]
