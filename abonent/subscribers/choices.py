from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet


class SubscriberKind(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    BUSINESS = "business", _("Business")


class SubscriberStatus(ChoiceSet):
    ACTIVE = "active", _("Active"), "success"
    SUSPENDED = "suspended", _("Suspended"), "warning"
    BLOCKED = "blocked", _("Blocked for debt"), "danger"
    DISCONNECTED = "disconnected", _("Disconnected"), "secondary"


class ServiceType(models.TextChoices):
    """The shipped service types, for code that names one (contracts map them to contract services).

    The service types themselves are the register (ServiceKind): fields, forms, filters and reports read it through
    subscribers.service_kinds, so a type the head adds is offered and shown with its name.
    """

    INTERNET = "internet", _("Internet")
    CATV = "catv", _("Cable TV")
    IPTV = "iptv", _("IPTV")
    BUNDLE = "bundle", _("Bundle")
    # Operators sell phone lines and mobile plans too: a phone-only customer is not cable TV.
    TELEPHONY = "telephony", _("Telephony")
    MOBILE = "mobile", _("Mobile")
    OTHER = "other", _("Other")


class UsagePeriod(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
