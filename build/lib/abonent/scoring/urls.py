from django.urls import path

from . import views

app_name = "scoring"

urlpatterns = [
    path("", views.RiskScoreListView.as_view(), name="riskscore_list"),
    path("hidden/", views.HiddenChurnListView.as_view(), name="hidden_list"),
    path("scores/<int:pk>/", views.RiskScoreDetailView.as_view(), name="riskscore_detail"),
    path("scores/<int:pk>/task/", views.CreateTaskView.as_view(), name="riskscore_task"),
    path("campaign/", views.CampaignView.as_view(), name="campaign"),
    path("evaluation/", views.EvaluationView.as_view(), name="evaluation"),
    path("models/", views.ScoringModelListView.as_view(), name="scoringmodel_list"),
    path("models/<int:pk>/", views.ScoringModelDetailView.as_view(), name="scoringmodel_detail"),
    path("runs/", views.ScoringRunListView.as_view(), name="scoringrun_list"),
    path("runs/start/", views.StartRunView.as_view(), name="scoringrun_start"),
    path("runs/<int:pk>/", views.ScoringRunDetailView.as_view(), name="scoringrun_detail"),
]
