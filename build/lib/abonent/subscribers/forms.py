from abonent.core.forms import RegisterForm

from .models import Tariff


class TariffForm(RegisterForm):
    class Meta:
        model = Tariff
        fields = ["code", "name", "service_type", "monthly_fee", "speed_mbps", "is_archived"]
