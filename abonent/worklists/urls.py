from django.urls import path

from abonent.core.urls import register_urls

from . import views

app_name = "worklists"

urlpatterns = [
    *register_urls("", views, "WorkItem"),
    path("my/", views.MyWorkView.as_view(), name="my_work"),
    path("hot/", views.HotListView.as_view(), name="hot"),
    path("warm/", views.WarmListView.as_view(), name="warm"),
    path("refresh/<slug:work_list>/", views.RefreshListView.as_view(), name="refresh"),
    path("<int:pk>/outcome/", views.RecordOutcomeView.as_view(), name="workitem_outcome"),
    *register_urls("campaigns", views, "Campaign", add=views.WinbackCampaignCreateView, name="campaign"),
]
