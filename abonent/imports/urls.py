from django.urls import path

from abonent.core.urls import register_urls

from . import views

app_name = "imports"

urlpatterns = [
    *register_urls("", views, "ImportRun"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("formats/", views.FormatsView.as_view(), name="formats"),
    path("templates/<slug:kind>.<slug:fmt>", views.TemplateDownloadView.as_view(), name="template"),
    path("<int:pk>/progress/", views.ImportRunProgressView.as_view(), name="importrun_progress"),
]
