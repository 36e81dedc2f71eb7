from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.subscribers.choices import ServiceType


class ContractService(models.TextChoices):
    """The service a contract covers; cable TV and IPTV are both "TV"."""

    INTERNET = "internet", _("Internet")
    TV = "tv", _("TV")
    BUNDLE = "bundle", _("Internet + TV")

    @classmethod
    def for_subscriber(cls, service_type: str) -> str:
        """The contract service of a subscriber's service type ("" when the subscriber has none)."""
        return {
            ServiceType.INTERNET: cls.INTERNET,
            ServiceType.CATV: cls.TV,
            ServiceType.IPTV: cls.TV,
            ServiceType.BUNDLE: cls.BUNDLE,
        }.get(service_type, "")

    @classmethod
    def service_types(cls, service: str) -> list[str]:
        """The subscriber service types a contract service covers."""
        return {
            cls.INTERNET: [ServiceType.INTERNET],
            cls.TV: [ServiceType.CATV, ServiceType.IPTV],
            cls.BUNDLE: [ServiceType.BUNDLE],
        }[service]


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    TERMINATED = "terminated", _("Terminated early")
    RENEWED = "renewed", _("Renewed")
    CANCELLED = "cancelled", _("Cancelled (not signed)")

    @classmethod
    def open_values(cls) -> list[str]:
        """A subscriber with a contract in one of these has a contract and is not offered another."""
        return [cls.DRAFT, cls.SIGNED, cls.ACTIVE]

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {
            "draft": "secondary",
            "signed": "info",
            "active": "success",
            "ended": "dark",
            "terminated": "danger",
            "renewed": "primary",
            "cancelled": "light",
        }


class AgitationAnswer(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    THINKING = "thinking", _("Will think")

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {"accepted": "success", "declined": "danger", "thinking": "warning"}


class AgitationChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("Office visit")
    RETENTION = "retention", _("Retention step of a disconnection request")
    OTHER = "other", _("Other")
