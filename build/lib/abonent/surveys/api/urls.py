from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "surveys-api"

router = DefaultRouter()
router.register("surveys", views.SurveyViewSet)
router.register("questions", views.QuestionViewSet)
router.register("invitations", views.InvitationViewSet)
router.register("responses", views.ResponseViewSet)

urlpatterns = [path("nps/", views.NpsReportApiView.as_view(), name="nps"), *router.urls]
