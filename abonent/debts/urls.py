from abonent.core.urls import register_urls

from . import views

app_name = "debts"

urlpatterns = register_urls("promises", views, "PromiseToPay")
