"""States of the retention processes (seed 001, section 3), each with its badge colours, and the kinds of forms."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TariffChangeStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPLIED = "applied", _("Applied")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {"requested": "primary", "applied": "success", "cancelled": "secondary"}


class RecalculationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CREDITED = "credited", _("Credited")

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {"requested": "primary", "approved": "info", "rejected": "secondary", "credited": "success"}


class RepairStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {"open": "primary", "in_progress": "warning", "resolved": "success", "cancelled": "secondary"}


class ClaimStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_WORK = "in_work", _("In work")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", _("Rejected")

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {"registered": "primary", "in_work": "warning", "answered": "success", "rejected": "secondary"}


class RelocationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    COVERAGE_CHECKED = "coverage_checked", _("Coverage checked")
    SCHEDULED = "scheduled", _("Connection scheduled")
    CONNECTED = "connected", _("Connected")
    IMPOSSIBLE = "impossible", _("Impossible")

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {
            "requested": "primary",
            "coverage_checked": "info",
            "scheduled": "warning",
            "connected": "success",
            "impossible": "secondary",
        }


class Coverage(models.TextChoices):
    YES = "yes", _("Covered")
    NO = "no", _("Not covered")
    SURVEY = "survey", _("Needs a site survey")


class ReactivationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {"requested": "primary", "done": "success", "cancelled": "secondary"}


class SuspensionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {"planned": "primary", "active": "warning", "ended": "success", "cancelled": "secondary"}


class EquipmentReturnStatus(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    RETURNED = "returned", _("Returned")
    WRITTEN_OFF = "written_off", _("Written off")

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {"expected": "primary", "returned": "success", "written_off": "danger"}


class BonusCardStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    ACTIVATED = "activated", _("Activated")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {"issued": "primary", "activated": "success", "cancelled": "secondary"}


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
