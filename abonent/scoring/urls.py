from django.urls import path

from abonent.core.urls import register_urls

from . import views

app_name = "scoring"

urlpatterns = [
    # The scores' list is the app's start page; a score's card sits under scores/.
    *register_urls("", list=views.RiskScoreListView),
    *register_urls("scores", detail=views.RiskScoreDetailView),
    path("hidden/", views.HiddenChurnListView.as_view(), name="hidden_list"),
    path("scores/<int:pk>/task/", views.CreateTaskView.as_view(), name="riskscore_task"),
    path("campaign/", views.CampaignView.as_view(), name="campaign"),
    path("evaluation/", views.EvaluationView.as_view(), name="evaluation"),
    path("track-record/", views.TrackRecordView.as_view(), name="track_record"),
    *register_urls("models", views, "ScoringModel"),
    *register_urls("runs", views, "ScoringRun"),
    path("runs/start/", views.StartRunView.as_view(), name="scoringrun_start"),
]
