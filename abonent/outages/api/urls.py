from abonent.core.registers import register_api_urls

from ..views import outages

app_name = "outages-api"

urlpatterns = register_api_urls(outages)
