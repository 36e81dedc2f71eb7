from django.urls import path

from abonent.core.urls import register_urls

from . import views

app_name = "surveys"

urlpatterns = [
    *register_urls("", views, "Survey"),
    *register_urls("questions", views, "Question"),
    *register_urls("invitations", views, "Invitation"),
    path("invitations/batch/", views.InvitationBatchView.as_view(), name="invitation_batch"),
    path("invitations/<int:invitation>/answer/", views.StaffAnswerView.as_view(), name="invitation_answer"),
    *register_urls("responses", views, "Response", add=views.StaffAnswerView),
    path("nps/", views.NpsReportView.as_view(), name="nps"),
    path("r/<str:token>/", views.public_answer, name="public_answer"),
]
