from django.urls import path

from . import views

app_name = "ownership"

urlpatterns = [
    path("my/", views.MyWorkView.as_view(), name="my_work"),
    path("requests/<int:pk>/hand-over/", views.HandOverView.as_view(), name="hand_over"),
    *views.rules.urls(),
]
