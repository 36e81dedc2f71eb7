from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.SurveyListView.as_view(), name="survey_list"),
    path("add/", views.SurveyEditView.as_view(), name="survey_add"),
    path("<int:pk>/", views.SurveyDetailView.as_view(), name="survey_detail"),
    path("<int:pk>/edit/", views.SurveyEditView.as_view(), name="survey_edit"),
    path("questions/", views.QuestionListView.as_view(), name="question_list"),
    path("questions/add/", views.QuestionEditView.as_view(), name="question_add"),
    path("questions/<int:pk>/", views.QuestionDetailView.as_view(), name="question_detail"),
    path("questions/<int:pk>/edit/", views.QuestionEditView.as_view(), name="question_edit"),
    path("invitations/", views.InvitationListView.as_view(), name="invitation_list"),
    path("invitations/batch/", views.InvitationBatchView.as_view(), name="invitation_batch"),
    path("invitations/<int:pk>/", views.InvitationDetailView.as_view(), name="invitation_detail"),
    path("invitations/<int:invitation>/answer/", views.StaffAnswerView.as_view(), name="invitation_answer"),
    path("responses/", views.ResponseListView.as_view(), name="response_list"),
    path("responses/add/", views.StaffAnswerView.as_view(), name="response_add"),
    path("responses/<int:pk>/", views.ResponseDetailView.as_view(), name="response_detail"),
    path("nps/", views.NpsReportView.as_view(), name="nps"),
    path("r/<str:token>/", views.public_answer, name="public_answer"),
]
