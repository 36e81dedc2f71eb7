from abonent.core.registers import register_api_urls

from ..views import exemptions, promises

app_name = "debts-api"

urlpatterns = register_api_urls(promises, exemptions)
