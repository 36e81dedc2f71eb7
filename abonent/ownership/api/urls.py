from django.urls import path

from abonent.core.registers import register_api_urls

from ..views import rules
from . import views

app_name = "ownership-api"

urlpatterns = [
    path("my-work/", views.MyWorkAPIView.as_view(), name="my_work"),
    path("requests/<int:pk>/hand-over/", views.HandOverAPIView.as_view(), name="hand_over"),
    *register_api_urls(rules),
]
