from django.urls import path

from . import views

app_name = "worklists"

urlpatterns = [
    path("", views.WorkItemListView.as_view(), name="workitem_list"),
    path("my/", views.MyWorkView.as_view(), name="my_work"),
    path("hot/", views.HotListView.as_view(), name="hot"),
    path("warm/", views.WarmListView.as_view(), name="warm"),
    path("refresh/<slug:work_list>/", views.RefreshListView.as_view(), name="refresh"),
    path("add/", views.WorkItemCreateView.as_view(), name="workitem_add"),
    path("<int:pk>/", views.WorkItemDetailView.as_view(), name="workitem_detail"),
    path("<int:pk>/edit/", views.WorkItemEditView.as_view(), name="workitem_edit"),
    path("<int:pk>/outcome/", views.RecordOutcomeView.as_view(), name="workitem_outcome"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/add/", views.WinbackCampaignCreateView.as_view(), name="campaign_add"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
]
