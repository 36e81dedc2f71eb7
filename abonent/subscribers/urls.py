from abonent.core.urls import register_urls

from . import views

app_name = "subscribers"

urlpatterns = [
    *register_urls("", views, "Subscriber"),
    *register_urls("tariffs", views, "Tariff"),
    *register_urls("service-kinds", views, "ServiceKind"),
    *register_urls("payments", views, "Payment"),
    *register_urls("segments", views, "SavedSegment"),
]
