from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet
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


class ContractStatus(ChoiceSet):
    DRAFT = "draft", _("Draft"), "secondary"
    SIGNED = "signed", _("Signed"), "info"
    ACTIVE = "active", _("Active"), "success"
    ENDED = "ended", _("Ended"), "dark"
    TERMINATED = "terminated", _("Terminated early"), "danger"
    RENEWED = "renewed", _("Renewed"), "primary"
    CANCELLED = "cancelled", _("Cancelled (not signed)"), "light"

    @classmethod
    def open_values(cls) -> list[str]:
        """A subscriber with a contract in one of these has a contract and is not offered another."""
        return [cls.DRAFT, cls.SIGNED, cls.ACTIVE]


class AgitationAnswer(ChoiceSet):
    ACCEPTED = "accepted", _("Accepted"), "success"
    DECLINED = "declined", _("Declined"), "danger"
    THINKING = "thinking", _("Will think"), "warning"


class AgitationChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("Office visit")
    RETENTION = "retention", _("Retention step of a disconnection request")
    OTHER = "other", _("Other")
