"""States of the retention processes (seed 001, section 3), each with its badge colours, and the kinds of forms."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet


class TariffChangeStatus(ChoiceSet):
    REQUESTED = "requested", _("Requested"), "primary"
    APPLIED = "applied", _("Applied"), "success"
    CANCELLED = "cancelled", _("Cancelled"), "secondary"


class RecalculationStatus(ChoiceSet):
    REQUESTED = "requested", _("Requested"), "primary"
    APPROVED = "approved", _("Approved"), "info"
    REJECTED = "rejected", _("Rejected"), "secondary"
    CREDITED = "credited", _("Credited"), "success"


class RepairStatus(ChoiceSet):
    OPEN = "open", _("Open"), "primary"
    IN_PROGRESS = "in_progress", _("In progress"), "warning"
    RESOLVED = "resolved", _("Resolved"), "success"
    CANCELLED = "cancelled", _("Cancelled"), "secondary"


class ClaimStatus(ChoiceSet):
    REGISTERED = "registered", _("Registered"), "primary"
    IN_WORK = "in_work", _("In work"), "warning"
    ANSWERED = "answered", _("Answered"), "success"
    REJECTED = "rejected", _("Rejected"), "secondary"


class RelocationStatus(ChoiceSet):
    REQUESTED = "requested", _("Requested"), "primary"
    COVERAGE_CHECKED = "coverage_checked", _("Coverage checked"), "info"
    SCHEDULED = "scheduled", _("Connection scheduled"), "warning"
    CONNECTED = "connected", _("Connected"), "success"
    IMPOSSIBLE = "impossible", _("Impossible"), "secondary"


class Coverage(models.TextChoices):
    YES = "yes", _("Covered")
    NO = "no", _("Not covered")
    SURVEY = "survey", _("Needs a site survey")


class ReactivationStatus(ChoiceSet):
    REQUESTED = "requested", _("Requested"), "primary"
    DONE = "done", _("Done"), "success"
    CANCELLED = "cancelled", _("Cancelled"), "secondary"


class SuspensionStatus(ChoiceSet):
    PLANNED = "planned", _("Planned"), "primary"
    ACTIVE = "active", _("Active"), "warning"
    ENDED = "ended", _("Ended"), "success"
    CANCELLED = "cancelled", _("Cancelled"), "secondary"


class EquipmentReturnStatus(ChoiceSet):
    EXPECTED = "expected", _("Expected"), "primary"
    RETURNED = "returned", _("Returned"), "success"
    WRITTEN_OFF = "written_off", _("Written off"), "danger"


class BonusCardStatus(ChoiceSet):
    ISSUED = "issued", _("Issued"), "primary"
    ACTIVATED = "activated", _("Activated"), "success"
    CANCELLED = "cancelled", _("Cancelled"), "secondary"


class FormKind(models.TextChoices):
    """The application forms of seed 001, 4.4.1–4.4.15."""

    DISCONNECTION = "disconnection", _("Disconnection of services")
    BENEFIT = "benefit", _("Granting a benefit")
    RECALCULATION = "recalculation", _("Recalculation")
    SUSPENSION = "suspension", _("Temporary suspension of services")
    RESUMPTION = "resumption", _("Resumption of services")
    TARIFF_CHANGE = "tariff_change", _("Tariff change")
    TERMINATION = "termination", _("Termination of the contract")
    REREGISTER_ADDRESS = "reregister_address", _("Re-registration to another address")
    REREGISTER_PERSON = "reregister_person", _("Re-registration to another person")
    PAYMENT_TRANSFER = "payment_transfer", _("Transfer of an erroneous payment")
    PAYMENT_REFUND = "payment_refund", _("Refund of an erroneous payment")
    PERSONAL_DATA = "personal_data", _("Change of personal data")
    PARTIAL_SUSPENSION = "partial_suspension", _("Temporary suspension of part of the services")
    ADVANCE_REFUND = "advance_refund", _("Refund of advance payments")
    CLAIM = "claim", _("Claim")
