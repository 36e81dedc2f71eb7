from django.urls import path

from . import views

app_name = "retention"


def register(prefix: str, name: str, list_view, detail_view, edit_view=None) -> list:
    patterns = [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{name}_detail"),
    ]
    if edit_view is not None:
        patterns += [
            path(f"{prefix}/add/", edit_view.as_view(), name=f"{name}_add"),
            path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(), name=f"{name}_edit"),
        ]
    return patterns


urlpatterns = [
    path("matrix/", views.MatrixView.as_view(), name="matrix"),
    *register("measures", "measure", views.MeasureListView, views.MeasureDetailView, views.MeasureEditView),
    *register(
        "matrix-entries",
        "matrixentry",
        views.MatrixEntryListView,
        views.MatrixEntryDetailView,
        views.MatrixEntryEditView,
    ),
    *register("offers", "retentionoffer", views.RetentionOfferListView, views.RetentionOfferDetailView),
    path("offers/<int:pk>/answer/", views.AnswerOfferView.as_view(), name="retentionoffer_answer"),
    *register(
        "holdout",
        "holdoutpolicy",
        views.HoldoutPolicyListView,
        views.HoldoutPolicyDetailView,
        views.HoldoutPolicyEditView,
    ),
    path("holdout/assignments/", views.RetentionAssignmentListView.as_view(), name="retentionassignment_list"),
    *register(
        "plans",
        "retentionplan",
        views.RetentionPlanListView,
        views.RetentionPlanDetailView,
        views.RetentionPlanEditView,
    ),
    *register(
        "bonus-schemes",
        "bonusscheme",
        views.BonusSchemeListView,
        views.BonusSchemeDetailView,
        views.BonusSchemeEditView,
    ),
    path("requests/<int:pk>/offer/", views.RecordOfferView.as_view(), name="request_offer"),
    path("requests/<int:pk>/control/", views.RecordControlView.as_view(), name="request_control"),
    path("effectiveness/", views.EffectivenessView.as_view(), name="effectiveness"),
    path("economics/", views.EconomicsView.as_view(), name="economics"),
    path("bonuses/", views.BonusView.as_view(), name="bonuses"),
]
