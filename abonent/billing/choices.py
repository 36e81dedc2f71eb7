"""The kinds and states of a billing action.

Every kind billing is asked to carry out is declared here, those of the receivables too (block, unblock, terminate,
warn): an app that decides one calls `billing.actions.enqueue(kind=...)` and needs no edit of this app, and the
export's codes stay one closed list billing can rely on (docs/billing/outbox.md).
"""

from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet


class ActionKind(ChoiceSet):
    TARIFF_CHANGE = "tariff_change", _("Tariff change"), "primary"
    SUSPEND = "suspend", _("Suspension"), "warning"
    RESUME = "resume", _("End of suspension"), "info"
    RECALCULATION = "recalculation", _("Recalculation"), "info"
    REACTIVATE = "reactivate", _("Reactivation"), "success"
    BLOCK = "block", _("Block"), "danger"
    UNBLOCK = "unblock", _("Unblock"), "success"
    TERMINATE = "terminate", _("Termination"), "dark"
    WARN = "warn", _("Warning before blocking"), "secondary"


class ActionState(ChoiceSet):
    PENDING = "pending", _("Pending"), "warning"
    SENT = "sent", _("Sent"), "info"
    CONFIRMED = "confirmed", _("Confirmed"), "success"
    REJECTED = "rejected", _("Rejected"), "danger"
    CANCELLED = "cancelled", _("Cancelled"), "secondary"


class SentVia(ChoiceSet):
    FILE = "file", _("File"), "secondary"
    API = "api", _("API"), "secondary"
    WEBHOOK = "webhook", _("Webhook"), "secondary"
    PAGE = "page", _("Marked on the page"), "secondary"
