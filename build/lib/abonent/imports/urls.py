from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.ImportRunListView.as_view(), name="importrun_list"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("formats/", views.FormatsView.as_view(), name="formats"),
    path("templates/<slug:kind>.<slug:fmt>", views.TemplateDownloadView.as_view(), name="template"),
    path("<int:pk>/", views.ImportRunDetailView.as_view(), name="importrun_detail"),
    path("<int:pk>/progress/", views.ImportRunProgressView.as_view(), name="importrun_progress"),
]
