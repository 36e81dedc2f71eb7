from django.urls import path

from abonent.core.urls import register_urls

from . import views

app_name = "retention"


urlpatterns = [
    path("matrix/", views.MatrixView.as_view(), name="matrix"),
    *register_urls("measures", views, "Measure"),
    *register_urls("matrix-entries", views, "MatrixEntry"),
    *register_urls("offers", views, "RetentionOffer"),
    path("offers/<int:pk>/answer/", views.AnswerOfferView.as_view(), name="retentionoffer_answer"),
    *register_urls("holdout", views, "HoldoutPolicy"),
    *register_urls("holdout/assignments", list=views.RetentionAssignmentListView),
    *register_urls("plans", views, "RetentionPlan"),
    *register_urls("bonus-schemes", views, "BonusScheme"),
    path("requests/<int:pk>/offer/", views.RecordOfferView.as_view(), name="request_offer"),
    path("requests/<int:pk>/control/", views.RecordControlView.as_view(), name="request_control"),
    path("effectiveness/", views.EffectivenessView.as_view(), name="effectiveness"),
    path("economics/", views.EconomicsView.as_view(), name="economics"),
    path("bonuses/", views.BonusView.as_view(), name="bonuses"),
]
