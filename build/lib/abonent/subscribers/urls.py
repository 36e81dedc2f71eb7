from django.urls import path

from . import views

app_name = "subscribers"

urlpatterns = [
    path("", views.SubscriberListView.as_view(), name="subscriber_list"),
    path("<int:pk>/", views.SubscriberDetailView.as_view(), name="subscriber_detail"),
    path("tariffs/", views.TariffListView.as_view(), name="tariff_list"),
    path("tariffs/add/", views.TariffEditView.as_view(), name="tariff_add"),
    path("tariffs/<int:pk>/", views.TariffDetailView.as_view(), name="tariff_detail"),
    path("tariffs/<int:pk>/edit/", views.TariffEditView.as_view(), name="tariff_edit"),
    path("payments/", views.PaymentListView.as_view(), name="payment_list"),
]
